"""Names, facilities and locations in real-style notes: table-driven, exact spans, with
negatives alongside (issue 14). Every example is invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier

_TYPES = ("NAME", "HOSPITAL", "LOCATION")


def _found(text: str) -> set[tuple[str, str]]:
    spans = Deidentifier(detectors=["rules", "names", "places"]).detect(text)
    return {(text[s.start:s.end], s.label) for s in spans if s.label in _TYPES}


CRASHES = [
    ("Hospice referral - Linden Hill Hospice intake", {("Linden Hill Hospice", "HOSPITAL")}),
    ("to - Mercy Hospital today", {("Mercy Hospital", "HOSPITAL")}),
    ("pt d/c - - Hospital", set()),
    ("- Hospital", set()),
]


@pytest.mark.parametrize(("text", "expected"), CRASHES, ids=[t for t, _ in CRASHES])
def test_a_stand_alone_hyphen_before_a_facility_does_not_crash(text, expected):
    assert _found(text) == expected
