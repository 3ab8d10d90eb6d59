"""The second review of deiddate18 (session 18): a patient's year after "until" is kept even when
a study-like word ("used", "program") stands in the sentence; "by <year>" in general text and a
relative that is not the patient's are a field's years. Every sentence is invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


@pytest.mark.parametrize(("text", "year"), [
    ("She used heroin until 1995.", "1995"),
    ("she used heroin until 1995.", "1995"),
    ("SHE USED HEROIN UNTIL 1995.", "1995"),
    ("Hx: IVDU, she used heroin until 1995.", "1995"),
    ("Pt used crack until 2068.", "2068"),
    ("He was in a methadone program until 1992.", "1992"),
    ("HPI: He used heroin till 1991.", "1991"),
    ("She quit smoking by 1995.", "1995"),
    ("Her mother cared for him till 1994, then a group home.", "1994"),
])
def test_a_patients_year_after_until_or_by_is_kept(deid, text, year):
    assert covered(deid, text, year, "DATE")


@pytest.mark.parametrize("text", [
    "Smoking rates had fallen by 1985 in the UK.",
    "Quit rates doubled by 1995.",
    "Smoking was banned in hospitals by 1993.",
    "Mother-to-child transmission remained common until 1994.",
    "Sister chromatid exchange was not described until 1973.",
    "Husband-wife concordance was reported by 1982 in Japan.",
])
def test_a_fields_year_after_until_or_by_is_left(deid, text):
    assert not any(s.label == "DATE" for s in deid.detect(text))
