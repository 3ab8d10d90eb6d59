"""The crf detector's guards of session 19 (branch crf19).

A span that is one common or clinical word said three times or more ("word " x 10, which the
bundled tagger read as one LOCATION: tidy18's walk) is dropped; a place said over and over
stays. Spans are given by hand (no model read) except where the bundled model is the point."""

from __future__ import annotations

import time

import pytest

from meddx.deid import CrfDetector, Deidentifier
from meddx.deid._crf_guard import crf_allowed
from meddx.deid._span import Span


def _allowed(text: str, label: str = "LOCATION", score: float = 0.99) -> bool:
    return crf_allowed(text, Span(0, len(text.rstrip()), label, "crf", score))


@pytest.mark.parametrize("text", ["word " * 10, "Word " * 3, "WORD WORD WORD", "word, word, word",
                                  "word " * 5000, "data data data", "will will will"])
def test_one_common_word_over_and_over_is_no_place(text):
    assert not _allowed(text)
    assert not _allowed(text, "HOSPITAL")


@pytest.mark.parametrize("text", [
    "Boston Boston Boston",  # a listed town, no common word: still masked
    "Zorbax Zorbax Zorbax",  # an unknown word, no common word
    "Walla Walla",  # twice: a name
    "word word town",  # not one word
    "Word Lake",
])
def test_a_place_said_over_and_over_stays(text):
    assert _allowed(text)


def test_the_bundled_model_tags_no_run_of_word():
    detector = CrfDetector()
    assert detector.detect("word " * 10) == []
    assert detector.detect("word " * 1000) == []
    assert [s.label for s in detector.detect("Boston " * 10)] == ["LOCATION"]


def test_deidentify_leaves_a_run_of_word():
    text = "word " * 200
    assert Deidentifier().deidentify(text).text == text


def test_a_long_run_stays_fast():
    for text in ("word " * 20_000, " " * 20_000 + "word"):
        t0 = time.process_time()
        _allowed(text)
        assert time.process_time() - t0 < 1.0


# -- a lower-case HOSPITAL span with no head word does not propagate -------------------------------
@pytest.mark.parametrize(("text", "value", "label", "propagates"), [
    ("pts of the gila river indian community (gric)", "gila river indian community", "HOSPITAL",
     False),  # no head word, lower case: its initials are not redacted elsewhere
    ("seen at lahey clinic", "lahey clinic", "HOSPITAL", True),  # "clinic": a head word
    ("from brightwater services", "brightwater services", "HOSPITAL", True),  # an org head word
    ("the Gila River Indian Community (GRIC)", "Gila River Indian Community", "HOSPITAL", True),
    ("the gila river indian community", "gila river indian community", "LOCATION", True),
    ("back to noble", "noble", "HOSPITAL", False),  # common words only: as before
])
def test_lower_case_hospital_without_a_head_is_read_in_context(text, value, label, propagates):
    from meddx.deid._crf_guard import crf_propagates

    start = text.index(value)
    span = Span(start, start + len(value), label, "crf", 0.95)
    assert crf_propagates(text, span) is propagates
