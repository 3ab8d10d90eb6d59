"""The crf detector's place settings (session 17, branch crf17): ``place_threshold`` (a
threshold of its own for HOSPITAL and LOCATION tokens) and ``low_places`` (an unsure place run
that touches no sure token stands alone only with a facility head word or as a listed town).
Tags and marginals are given by hand, so these tests read no model."""

from __future__ import annotations

import re

import pytest

from meddx.deid import CrfDetector
from meddx.deid._crf import _runs, crf_decode
from meddx.deid._crf_places import LOW_FLOOR, low_place_runs


def _tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^\W_]+", text)]


def _spans(text, tags, probs, **kw):
    spans = crf_decode(_tokens(text), tags, probs, text, 0.8, **kw)
    return [(text[s.start:s.end], s.label) for s in spans]


def _low(text, tags, probs, sure=None):
    tokens = _tokens(text)
    sure = sure or [False] * len(tokens)
    return [(text[r[0]:r[1]], r[2]) for r in low_place_runs(text, tokens, tags, probs, sure, 0.8)]


TEXT = "Moved from Brookhaven Clinic to us"
TAGS = ["O", "O", "B-HOSPITAL", "I-HOSPITAL", "O", "O"]
PROBS = [0.0, 0.0, 0.6, 0.7, 0.0, 0.0]


def test_off_by_default():
    assert CrfDetector.__init__.__kwdefaults__["low_places"] is False
    assert CrfDetector.__init__.__kwdefaults__["place_threshold"] is None
    assert _spans(TEXT, TAGS, PROBS) == []


def test_an_unsure_run_ending_in_a_facility_word_stands_alone():
    assert _spans(TEXT, TAGS, PROBS, low_places=True) == [("Brookhaven Clinic", "HOSPITAL")]


def test_an_unsure_run_without_a_head_word_or_listed_town_stays_out():
    text = "Has a Stryker Triathlon knee"
    tags = ["O", "O", "B-HOSPITAL", "I-HOSPITAL", "O"]
    assert _low(text, tags, [0, 0, 0.7, 0.7, 0]) == []


def test_a_listed_town_stands_alone_but_not_one_that_is_a_common_word():
    assert _low("Lives in Harwich now", ["O", "O", "B-LOCATION", "O"],
                [0, 0, 0.6, 0]) == [("Harwich", "LOCATION")]
    assert _low("Lives in Hope now", ["O", "O", "B-LOCATION", "O"], [0, 0, 0.6, 0]) == []


def test_a_run_that_touches_a_sure_token_is_left_to_place_tail():
    sure = [False, False, True, False, False, False]
    assert _low(TEXT, TAGS, PROBS, sure) == []
    sure = [False, False, False, False, True, False]
    assert _low(TEXT, TAGS, PROBS, sure) == []


def test_trailing_numbers_and_function_words_are_left_out():
    text = "Seen at Lakeside Clinic at 1300"
    tags = ["O", "O", "B-HOSPITAL", "I-HOSPITAL", "I-HOSPITAL", "I-HOSPITAL"]
    assert _low(text, tags, [0, 0, 0.6, 0.6, 0.6, 0.6]) == [("Lakeside Clinic", "HOSPITAL")]


@pytest.mark.parametrize("probs", [
    [0, 0, LOW_FLOOR - 0.01, 0.7, 0, 0],  # one token under the floor: the run is cut there
    [0, 0, 0.6, 0.8, 0, 0],  # a sure token: the confident path's, not a low run
])
def test_floor_and_threshold_bound_the_band(probs):
    assert _low(TEXT, TAGS, probs) != [("Brookhaven Clinic", "HOSPITAL")]


def test_a_line_break_ends_a_run_and_a_type_change_too():
    assert _low("Zorbex\nClinic today", ["B-HOSPITAL", "I-HOSPITAL", "O"],
                [0.6, 0.6, 0]) == []
    # "Zorbex" is no listed town, and "Clinic" alone names no facility
    assert _low("Zorbex Clinic today", ["B-LOCATION", "I-HOSPITAL", "O"], [0.6, 0.6, 0]) == []
    assert _low("Zorbex Clinic today", ["B-HOSPITAL", "I-HOSPITAL", "O"], [0.6, 0.6, 0]) == [
        ("Zorbex Clinic", "HOSPITAL")]


def test_low_runs_come_in_text_order_with_the_sure_ones():
    text = "Dr Lee sent her from Brookhaven Clinic on Monday"
    tags = ["O", "B-NAME", "O", "O", "O", "B-HOSPITAL", "I-HOSPITAL", "O", "B-DATE"]
    probs = [0, 0.95, 0, 0, 0, 0.6, 0.6, 0, 0.9]
    runs = _runs(_tokens(text), tags, probs, 0.8, text, low_places=True)
    assert [(text[r[0]:r[1]], r[2]) for r in runs] == [
        ("Lee", "NAME"), ("Brookhaven Clinic", "HOSPITAL"), ("Monday", "DATE")]


def test_place_threshold_applies_to_places_only():
    text = "Dr Lee at Mercy today"
    tags = ["O", "B-NAME", "O", "B-HOSPITAL", "O"]
    probs = [0, 0.85, 0, 0.85, 0]
    assert _spans(text, tags, probs) == [("Lee", "NAME"), ("Mercy", "HOSPITAL")]
    assert _spans(text, tags, probs, place_threshold=0.9) == [("Lee", "NAME")]
    assert _spans(text, tags, [0, 0.85, 0, 0.75, 0], place_threshold=0.7) == [
        ("Lee", "NAME"), ("Mercy", "HOSPITAL")]


def test_place_threshold_bounds_the_tail_too():
    # the tail takes I- place tokens under the place threshold after a sure place token
    text = "from Covenant Care today"
    tags = ["O", "B-HOSPITAL", "I-HOSPITAL", "O"]
    probs = [0, 0.95, 0.85, 0]
    assert _spans(text, tags, probs, place_threshold=0.9) == [("Covenant Care", "HOSPITAL")]


def test_the_detector_passes_its_settings_on():
    det = CrfDetector(low_places=True, place_threshold=0.9)
    assert det.low_places is True and det.place_threshold == 0.9
    text = "Pt came from the Brookhaven clinic on Monday with her daughter."
    assert all(s.end <= len(text) for s in det.detect(text))
