"""The third review of session 15: dates the session's fixes had dropped, and a quadratic
ward pattern (synthetic sentences)."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier


def _dates(text: str) -> list[str]:
    return [text[s.start:s.end] for s in Deidentifier(detectors=["rules"]).detect(text)
            if s.label == "DATE"]


@pytest.mark.parametrize(("text", "date"), [
    ("Echo 3/4 normal EF", "3/4"),
    ("Colonoscopy 2/3 normal.", "2/3"),
    ("Admitted 1/2 h after fall", "1/2"),
    ("MRI 3/8 way", "3/8"),
])
def test_a_month_day_before_a_plain_word_stays_a_date(text, date):
    assert date in _dates(text)


@pytest.mark.parametrize(("text", "date"), [
    ("Titer 1/80 positive. CABG 1/98.", "1/98"),
    ("ANA negative; CABG 4/97", "4/97"),
    ("PS 10. s/p MI 6/98", "6/98"),
    ("PEEP 5 FiO2 40%, s/p CABG 5/99", "5/99"),
])
def test_a_lab_word_in_an_earlier_clause_does_not_hide_a_history_date(text, date):
    assert date in _dates(text)


@pytest.mark.parametrize(("text", "year"), [
    ("lived in 2018, out of state", "2018"),
    ("retired in 2016 and out of work", "2016"),
    ("Worked in 2015 out west", "2015"),
])
def test_out_without_an_amount_is_not_intake_and_output(text, year):
    assert year in _dates(text)


@pytest.mark.parametrize("text", ["I/O: in 2075, out 1800", "Delivery 1/2 hour later",
                                  "Lasix given 0800 1/2 dose", "Titers rose until 1/64"])
def test_the_fixed_false_positives_stay_fixed(text):
    assert _dates(text) == []


def test_ward_pattern_is_linear_on_a_long_run_of_blanks():
    deid = Deidentifier(detectors=["places"])
    start = time.perf_counter()
    deid.detect("a" + " " * 40000 + "MA 02114")
    assert time.perf_counter() - start < 5.0
