"""Session 16 tidy: years after "moved in ... and out" (synthetic sentences)."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier


def _dates(text: str, detectors=("rules",)) -> list[str]:
    return [text[s.start:s.end] for s in Deidentifier(detectors=list(detectors)).detect(text)
            if s.label == "DATE"]


# "moved in 2019 and out 2020" is a move in and a move out, not intake and output: both years.
@pytest.mark.parametrize("text", [
    "Pt moved in 2019 and out 2020.",
    "Moved in 2019 and out 2020 after the divorce.",
    "She moved in 2019, out 2020.",
    "moving in 2019 and out 2020",
    "Moved back in 2019 and out 2020.",
])
def test_moved_in_and_out_marks_both_years(text):
    assert _dates(text) == ["2019", "2020"]


def test_moved_in_and_out_with_the_default_detectors():
    default = ("rules", "names", "places", "crf")
    assert _dates("Pt moved in 2019 and out 2020.", default) == ["2019", "2020"]


@pytest.mark.parametrize("text", [
    "I/O: in 2075, out 1800",
    "in 1200 / out 900",
    "Total in 2020 and out 1950 today.",
    "I/O in 2030, out 1975 since midnight.",
    "moved to chair. in 2000 out 1500",
])
def test_intake_and_output_stays_no_date(text):
    assert _dates(text) == []
