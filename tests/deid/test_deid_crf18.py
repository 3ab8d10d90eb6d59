"""The crf detector's ``place_band`` option (session 18, branch crf18): a place run read with
HOSPITAL and LOCATION tokens down to ``place_band`` is kept only when it ends on a facility or
organisation head word that another word names; it then replaces the sure runs it overlaps and
does not propagate. Tags and marginals are given by hand, so these tests read no model."""

from __future__ import annotations

import re
import time

import pytest

from meddx.deid import CrfDetector
from meddx.deid._crf import crf_decode
from meddx.deid._crf_places import banded_runs, named_place


def _tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^\W_]+", text)]


def _spans(text, tags, probs, **kw):
    spans = crf_decode(_tokens(text), tags, probs, text, 0.9, **kw)
    return [(text[s.start:s.end], s.label, s.propagate) for s in spans]


TEXT = "Moved from Brookhaven Dialysis to us"
TAGS = ["O", "O", "B-HOSPITAL", "I-HOSPITAL", "O", "O"]


def test_off_by_default():
    assert CrfDetector.__init__.__kwdefaults__["place_band"] is None
    assert _spans(TEXT, TAGS, [0, 0, 0.6, 0.7, 0, 0]) == []


@pytest.mark.parametrize(("text", "tags", "probs", "expected"), [
    # an unsure facility name with its head word: kept, not propagated
    (TEXT, TAGS, [0, 0, 0.6, 0.7, 0, 0], [("Brookhaven Dialysis", "HOSPITAL", False)]),
    # an unsure first word and a sure head word: the whole name replaces the sure word
    ("Sent to Kessler Rehab today", ["O", "O", "B-HOSPITAL", "I-HOSPITAL", "O"],
     [0, 0, 0.55, 0.95, 0], [("Kessler Rehab", "HOSPITAL", False)]),
    # a trailing time or function word is left out
    ("Seen at Lakeside Clinic at 1300", ["O", "O", "B-HOSPITAL"] + ["I-HOSPITAL"] * 3,
     [0, 0, 0.6, 0.6, 0.6, 0.6], [("Lakeside Clinic", "HOSPITAL", False)]),
    # an organisation head word as a LOCATION
    ("Works at Pellham Logistics nights", ["O", "O", "B-LOCATION", "I-LOCATION", "O"],
     [0, 0, 0.7, 0.6, 0], [("Pellham Logistics", "LOCATION", False)]),
])
def test_a_named_facility_in_the_band_is_kept(text, tags, probs, expected):
    assert _spans(text, tags, probs, place_band=0.5) == expected


@pytest.mark.parametrize(("text", "tags", "probs"), [
    # a town alone is not enough in the band (the abstracts' unsure places are towns)
    ("Outpatient clinics in Harwich were", ["O", "O", "O", "B-LOCATION", "O"],
     [0, 0, 0, 0.7, 0]),
    # no head word
    ("Has a Stryker Triathlon knee", ["O", "O", "B-HOSPITAL", "I-HOSPITAL", "O"],
     [0, 0, 0.7, 0.7, 0]),
    # a head word alone names nothing
    ("Back to clinic today", ["O", "O", "B-HOSPITAL", "O"], [0, 0, 0.7, 0]),
    # under the band's floor
    (TEXT, TAGS, [0, 0, 0.45, 0.7, 0, 0]),
    # a NAME is not a place
    ("Spoke with Dalby Clinic", ["O", "O", "B-NAME", "I-NAME"], [0, 0, 0.7, 0.7]),
])
def test_unnamed_or_unsure_runs_stay_out(text, tags, probs):
    assert _spans(text, tags, probs, place_band=0.5) == []


def test_a_sure_run_grown_over_its_unsure_tail_stays_the_tails():
    # place_tail's (session 16): the sure "Kessler" takes "Rehab"; the band changes nothing
    text = "Sent to Kessler Rehab today"
    tags = ["O", "O", "B-HOSPITAL", "I-HOSPITAL", "O"]
    probs = [0, 0, 0.95, 0.55, 0]
    assert _spans(text, tags, probs) == [("Kessler Rehab", "HOSPITAL", True)]
    assert _spans(text, tags, probs, place_band=0.5) == [("Kessler Rehab", "HOSPITAL", True)]


def test_a_sure_run_stays_as_it_was_when_the_band_run_names_nothing():
    text = "From the Mansfield Scientific registry"
    tags = ["O", "O", "B-LOCATION", "I-LOCATION", "O"]
    probs = [0, 0, 0.95, 0.6, 0]
    without = _spans(text, tags, probs)
    assert without == [("Mansfield", "LOCATION", True)]
    assert _spans(text, tags, probs, place_band=0.5) == without


def test_sure_names_are_untouched():
    text = "Dr Okafor from Brookhaven Dialysis"
    tags = ["O", "B-NAME", "O", "B-HOSPITAL", "I-HOSPITAL"]
    probs = [0, 0.97, 0, 0.6, 0.7]
    assert _spans(text, tags, probs, place_band=0.5) == [
        ("Okafor", "NAME", True), ("Brookhaven Dialysis", "HOSPITAL", False)]


def test_named_place_with_and_without_towns():
    text = "Lives in Harwich now"
    tokens = _tokens(text)
    assert named_place(text, tokens, 2, 3) == 3
    assert named_place(text, tokens, 2, 3, towns=False) == 0


def test_a_band_run_equal_to_a_sure_run_changes_nothing():
    text = "Sent to Kessler Rehab"
    tokens = _tokens(text)
    sure = [[8, 21, "HOSPITAL", [0.95, 0.6], 3]]
    band = [[8, 21, "HOSPITAL", [0.95, 0.6], 3]]
    assert banded_runs(text, tokens, sure, band, 0.9) is sure


def test_long_inputs_stay_fast():
    for text in (" " * 20_000 + "Clinic", "Boston " * 7_000):
        tokens = _tokens(text)
        tags = ["B-HOSPITAL"] + ["I-HOSPITAL"] * (len(tokens) - 1)
        probs = [0.6] * len(tokens)
        t0 = time.process_time()
        crf_decode(tokens, tags, probs, text, 0.9, place_band=0.5)
        assert time.process_time() - t0 < 2.0
