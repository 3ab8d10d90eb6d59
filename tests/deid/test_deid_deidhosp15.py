"""Session 15, deidhosp15: home-care and treatment-centre heads after a place name, and the
second half of a paired facility name ("... and Nursing") after a facility (``_facility_tails``).
Synthetic sentences written for these tests; positives and look-alikes, as written and lower case."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid._facility_tails import facility_tail_spans
from meddx.deid._span import Span


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _tails(text: str, name: str, label: str) -> list[tuple[str, str]]:
    start = text.index(name)
    got = facility_tail_spans(text, [Span(start, start + len(name), label, "places", 0.8)])
    return [(text[s.start:s.end], s.label) for s in got]


@pytest.mark.parametrize(("text", "name", "head"), [
    ("referred to Tamworth Home Care for wound care", "Tamworth", " Home Care"),
    ("discharged home with Larchmere VNA.", "Larchmere", " VNA"),
    ("intake at Pruett Recovery\nCenter on Monday", "Pruett", " Recovery\nCenter"),
    ("follow-up at Quillan Behavioral Health Services", "Quillan", " Behavioral Health Services"),
    ("Verdane Visiting Nurses will see her", "Verdane", " Visiting Nurses"),
])
@pytest.mark.parametrize("case", ["as-written", "lower"])
def test_home_care_heads_after_a_place(text, name, head, case):
    if case == "lower":
        text, name, head = text.lower(), name.lower(), head.lower()
    for label in ("HOSPITAL", "LOCATION"):
        assert _tails(text, name, label) == [(name + head, "HOSPITAL")]


@pytest.mark.parametrize("case", ["as-written", "lower"])
def test_paired_half_after_a_facility_only(case):
    text = "d/c to Oakhurst Rehabilitation and Nursing tomorrow"
    name = "Oakhurst Rehabilitation"
    if case == "lower":
        text, name = text.lower(), name.lower()
    assert _tails(text, name, "HOSPITAL") == [(name + " and nursing" if case == "lower"
                                               else name + " and Nursing", "HOSPITAL")]
    # a town is not a facility's first half: "lives in Oakhurst and nursing visits weekly"
    town = "lives in Oakhurst and nursing visits weekly"
    assert _tails(town, "Oakhurst", "LOCATION") == []


@pytest.mark.parametrize("text", [
    "Boston\nHome care notes reviewed",  # a capital opens the next line: a new line
    "lives in Boston, home care twice weekly",  # a comma: the head is not the name's
    "Boston homecare agency",  # one word, no head
    "from Boston and Rehab later",  # "and" after a town: no pair
])
def test_lookalikes_take_no_head(text):
    assert _tails(text, "Boston", "LOCATION") == []


def test_span_ending_on_a_connector_takes_no_head():
    text = "she lives in reno and home care was arranged"
    start = text.index("reno and")
    got = facility_tail_spans(text, [Span(start, start + len("reno and"), "LOCATION", "places", 0.8)])
    assert got == []


@pytest.mark.parametrize("text", [
    "Requesting facility: Blue Ridge Recovery Center, intake by phone",
    "Disposition: home with Person County VNA.",
])
def test_detector_finds_the_whole_facility_in_lower_case(deid, text):
    for t in (text, text.lower()):
        spans = [(t[s.start:s.end], s.label) for s in deid.detect(t) if s.label == "HOSPITAL"]
        whole = t[t.index(":") + 2:].split(",")[0].rstrip(".").replace("home with ", "")
        assert (whole, "HOSPITAL") in spans
