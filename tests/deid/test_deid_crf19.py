"""The crf detector's guard of session 19 (branch crf19), with the review's fixes.

A span not labelled NAME that is one common or clinical word said four times or more, with
whitespace alone between the repeats ("word " x 10, which the bundled tagger read as one
LOCATION: tidy18's walk), is dropped; a place said over and over, a list with punctuation and a
name stay. The lower-case HOSPITAL propagation guard of this branch was removed (review: later
mentions of a facility lost words): facilities propagate as on the base. Spans are given by
hand (no model read) except where the bundled model is the point."""

from __future__ import annotations

import time

import pytest

from meddx.deid import CrfDetector, DeidConfig, Deidentifier, deidentify_texts
from meddx.deid._crf_guard import crf_allowed, crf_propagates
from meddx.deid._span import Span


def _allowed(text: str, label: str = "LOCATION", score: float = 0.99) -> bool:
    return crf_allowed(text, Span(0, len(text.rstrip()), label, "crf", score))


@pytest.mark.parametrize("text", ["word " * 10, "Word " * 4, "WORD WORD WORD WORD",
                                  "word\nword\tword  word", "word " * 5000, "data data data data",
                                  "will will will will"])
def test_one_common_word_over_and_over_is_no_place(text):
    assert not _allowed(text)
    assert not _allowed(text, "HOSPITAL")


@pytest.mark.parametrize("text", [
    "Boston Boston Boston Boston",  # a listed town, no common word: still masked
    "Zorbax Zorbax Zorbax Zorbax",  # an unknown word, no common word
    "Walla Walla",  # twice: a name
    "rose rose rose",  # three times: may be a name said three times
    "rose, rose, rose, rose",  # punctuation between the repeats: a list
    "hope. hope hope hope",
    "word word word town",  # not one word
    "Word Lake",
])
def test_a_place_said_over_and_over_stays(text):
    assert _allowed(text)


def test_a_name_said_over_and_over_stays():
    assert _allowed("rose rose rose rose", "NAME")
    assert _allowed("Grace Grace Grace Grace Grace", "NAME")


def test_the_bundled_model_tags_no_run_of_word():
    detector = CrfDetector()
    assert detector.detect("word " * 10) == []
    assert detector.detect("word " * 1000) == []
    # one place span (the refit of session 22 types it HOSPITAL, the model before LOCATION)
    assert [s.label for s in detector.detect("Boston " * 10)] in (["LOCATION"], ["HOSPITAL"])


def test_deidentify_leaves_a_run_of_word():
    text = "word " * 200
    assert Deidentifier().deidentify(text).text == text
    assert "LOCATION" not in deidentify_texts(["word " * 10], DeidConfig(enabled=True))[0][0]


def test_a_long_run_stays_fast():
    for text in ("word " * 20_000, " " * 20_000 + "word"):
        t0 = time.process_time()
        _allowed(text)
        assert time.process_time() - t0 < 1.0


# -- the review's inputs: masked as on the base (79fd0ce5) ----------------------------------------
@pytest.mark.parametrize(("notes", "expected"), [
    (["family: rose, rose, rose at bedside."], ["family: [NAME] at bedside."]),
    # session 29 (deidrec29): "lives in" reads the town alone in a line with no case, so the
    # crf's span over "hope. hope hope" (the base's) gives way to "hope"
    (["lives in hope. hope hope."], ["lives in [LOCATION]. hope hope."]),
    (["Attorney at Brown Brown Brown, PC, called."], ["Attorney at [LOCATION], PC, called."]),
    (["pt was at addison gilbert for 3 days. addison gilbert aware."],
     ["pt was at [HOSPITAL] for 3 days. [HOSPITAL] aware."]),
    (["pt was at addison\ngilbert for 3 days. addison\ngilbert aware."],
     ["pt was at [HOSPITAL] for 3 days. [HOSPITAL] aware."]),
    (["pt was at oakwood of saugus for 3 days. oakwood of saugus aware."],
     ["pt was at [HOSPITAL] for 3 days. [HOSPITAL] aware."]),
    (["pt was at alliance of west roxbury for 3 days. awr aware."],
     ["pt was at [HOSPITAL] for 3 days. [HOSPITAL] aware."]),
    (["pt was at addison gilbert for 3 days.", "addison gilbert aware."],
     ["pt was at [HOSPITAL] for 3 days.", "[HOSPITAL] aware."]),
    # session 26: a facility's short form ("awr") stays in the note that names the facility
    # unless deid.facility_forms_across_notes (test below)
    (["pt was at alliance of west roxbury for 3 days.", "awr aware.",
      "alliance of west roxbury aware."],
     ["pt was at [HOSPITAL] for 3 days.", "awr aware.", "[HOSPITAL] aware."]),
])
def test_review_inputs_are_masked_as_on_the_base(notes, expected):
    assert deidentify_texts(notes, DeidConfig(enabled=True))[0] == expected


def test_short_forms_across_notes_when_asked():
    notes = ["pt was at alliance of west roxbury for 3 days.", "awr aware.",
             "alliance of west roxbury aware."]
    cfg = DeidConfig(enabled=True, facility_forms_across_notes=True)
    assert deidentify_texts(notes, cfg)[0] == [
        "pt was at [HOSPITAL] for 3 days.", "[HOSPITAL] aware.", "[HOSPITAL] aware."]


@pytest.mark.parametrize(("text", "value", "propagates"), [
    ("pt was at addison gilbert for 3 days.", "addison gilbert", True),  # lower, no head word
    ("pts of the gila river indian community (gric)", "gila river indian community", True),
    ("seen at lahey clinic", "lahey clinic", True),
    ("back to noble", "noble", False),  # common words only: a reading in context, as on the base
])
def test_lower_case_hospital_propagates_as_on_the_base(text, value, propagates):
    start = text.index(value)
    assert crf_propagates(text, Span(start, start + len(value), "HOSPITAL", "crf", 0.95)) is propagates
