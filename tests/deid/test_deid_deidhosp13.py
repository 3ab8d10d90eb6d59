"""Session 13, deidhosp13: facility names and hospital initials after a cue of place in notes
typed in lower case (the case view), and a weekday before a month/day that ends a sentence or
ends a sentence ("fri 12/5."). Synthetic sentences only."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid._case_view import case_view
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _view_word(text: str, word: str) -> str:
    view = case_view(text)
    assert view is not None
    i = text.index(word)
    return view[i : i + len(word)]


@pytest.mark.parametrize(("text", "value"), [
    ("pt has a counselor at meadow community care since may, doing well.",
     "meadow community care"),  # common words only
    ("transferred from pine county general for nstemi, on heparin gtt.",
     "pine county general"),  # was "pine county", a LOCATION
    ("wife reports he was d/c to cobble hill rehab last winter after the fall.",
     "cobble hill rehab"),
])
def test_lower_case_cued_facility_names(deid, text, value):
    assert _view_word(text, value).istitle()
    assert covered(deid, text, value, "HOSPITAL")


@pytest.mark.parametrize(("text", "words"), [
    ("plan d/c to acute rehab once cleared by pt, labs in am.", "acute rehab"),
    ("she lives at memory care unit, daughter visits daily.", "memory care"),
    ("records requested from outside hospital, cxr clear today.", "outside hospital"),
    ("was seen at night clinic for refill, bp stable.", "night clinic"),
    ("labs drawn at bedside lab at 0600, k 3.9, mg 2.0.", "bedside lab"),
])
def test_lower_case_cued_kinds_of_care_stay(deid, text, words):
    view = case_view(text)
    i = text.index(words)
    assert view is None or not view[i : i + len(words)].strip("\x00").istitle()
    assert not any(s.label == "HOSPITAL" and s.start <= i < s.end for s in deid.detect(text))


@pytest.mark.parametrize(("text", "value"), [
    ("pt transferred to qvh for cath, groin site clean overnight.", "qvh"),
    ("seen at the va for ptsd, stable on sertraline per wife.", "va"),
    ("records faxed from kmh last week, echo ef 40%, no change.", "kmh"),
])
def test_lower_case_cued_hospital_initials(deid, text, value):
    assert _view_word(text, value).isupper()
    assert covered(deid, text, value, "HOSPITAL")


@pytest.mark.parametrize(("text", "value"), [
    ("transferred from osh overnight, hemodynamically stable on arrival.", "osh"),
    ("pt transferred to mh for eval, sitter at bedside overnight.", "mh"),
    ("sent to the ed from clinic for chest pain, troponin neg x2.", "ed"),
])
def test_lower_case_generic_initials_stay(deid, text, value):
    i = text.index(value)
    assert not any(s.label == "HOSPITAL" and s.start <= i < s.end for s in deid.detect(text))


@pytest.mark.parametrize(("text", "day", "date"), [
    ("plan: swallow eval fri 12/5.", "fri", "12/5"),
    ("rescheduled for thurs 2/13. last inr was 2.4.", "thurs", "2/13"),
    ("admitted: tues 3/4.   discharged: home\nattending on call.", "tues", "3/4"),
    ("MRI set for Wednesday 12/5/24.", "Wednesday", "12/5/24"),
    ("Plan: swallow eval Fri 12/5.", "Fri", "12/5"),
])
def test_weekday_before_a_date(deid, text, day, date):
    assert covered(deid, text, day, "DATE") and covered(deid, text, date, "DATE")


@pytest.mark.parametrize(("text", "word"), [
    # "sat" / "sun" may be a saturation before a fraction or oxygen words; "sat 11/29" (a day
    # over 12 after a month) is a date with its weekday since session 14 (deiddate14)
    ("noted sat 3/4 L NC. wound rn to see.", "sat"),
    ("wed 2.5/5 mg taper, clarify with pharmacy.", "wed"),
    ("gave fri 1/2 tab at bedtime.", "fri"),
])
def test_weekday_without_a_date_stays(deid, text, word):
    assert not covered(deid, text, word, "DATE")
