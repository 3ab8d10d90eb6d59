"""Session 10, deidorg10: well-known organisations from the bundled lexicon
(``meddx.deid._organisation_names``, ``resources/organisations.txt``). Positives and look-alikes
for each family of forms."""

from __future__ import annotations

from importlib import resources

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _lines() -> list[str]:
    path = resources.files("meddx.deid").joinpath("resources", "organisations.txt")
    return [ln for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


def test_lexicon_sorted_lower_unique():
    lines = _lines()
    assert all(ln == ln.lower() == ln.strip() for ln in lines)
    names = [ln.removesuffix("|cue") for ln in lines]
    assert names == sorted(names)
    assert len(names) == len(set(names))
    assert 400 <= len(names) <= 800


def test_lexicon_keeps_out_pharmacies_and_drug_makers():
    names = {ln.removesuffix("|cue") for ln in _lines()}
    assert not names & {"cvs", "walgreens", "rite aid", "pfizer", "merck", "resmed"}


@pytest.mark.parametrize(("text", "word"), [
    # uncued: distinctive names, multi-word in any case, one word capitalised or ALL CAPS
    ("Pt retired from Raytheon after 30 yrs.", "Raytheon"),
    ("SON WORKS AT HOME DEPOT IN SEEKONK.", "HOME DEPOT"),
    ("daughter is a nurse's aide, husband at bank of america", "bank of america"),
    ("MAIL CARRIER FOR USPS X 20 YRS", "USPS"),
    ("O2 via Lincare 2 L NC.", "Lincare"),
    ("Wintering at a Holiday Inn Express in Naples.", "Holiday Inn Express"),
    ("sophomore at bridgewater state university, lives in dorm", "bridgewater state university"),
    ("Barista at Trader Joe's and Starbucks.", "Trader Joe's"),
    ("Barista at Trader Joe's and Starbucks.", "Starbucks"),
    ("Comp claim through Liberty Mutual.", "Liberty Mutual"),
    ("worked the line at General Electric in Lynn", "General Electric"),
    # cued: common words, names, towns, abbreviations
    ("Pt works at Target as a cashier.", "Target"),
    ("laid off from ford in 2008", "ford"),
    ("Grad student at BU, lives in Allston.", "BU"),
    ("Employer: Verizon", "Verizon"),
    ("She attends Northeastern.", "Northeastern"),
    ("manager at the Marriott downtown", "Marriott"),
    ("Husband drives for UPS.", "UPS"),
    ("works part time at Apple in the mall", "Apple"),
    ("Junior at the University of Michigan, home for break.", "University of Michigan"),
])
def test_organisation_names(deid, text, word):
    assert covered(deid, text, word, "LOCATION")


@pytest.mark.parametrize(("text", "word"), [
    ("Lives near the Walmart on Rt 9, walks there daily.", "Walmart"),
    ("Walmart's pharmacy closed", "Walmart"),
])
def test_chains_with_pharmacies_covered(deid, text, word):
    # the care-brand rule may call a chain with a pharmacy HOSPITAL; either way it is covered
    assert covered(deid, text, word)


@pytest.mark.parametrize(("text", "word"), [
    ("Titrate to target MAP > 65.", "target"),
    ("Target SpO2 88-92%.", "Target"),
    ("Apple juice with meds.", "Apple"),
    ("Seen by Dr. Ford in clinic.", "Ford"),
    ("Duke criteria met for endocarditis.", "Duke"),
    ("Pt has ups and downs with mood.", "ups"),
    ("UPS AND DOWNS WITH BP OVERNIGHT.", "UPS"),
    ("walmart shopping bag of meds brought in", "walmart"),
    ("Wendy's husband called.", "Wendy"),
    ("Shell vial culture sent.", "Shell"),
    ("Pfizer vaccine given 2021.", "Pfizer"),
    ("Chase the K with 20 mEq.", "Chase"),
    ("scored by the Duke University Severity of Illness Scale", "Duke University"),
    ("a survey of the University of Connecticut Oral Pathology Biopsy Service", "University of Connecticut"),
])
def test_look_alikes_not_organisations(deid, text, word):
    assert not covered(deid, text, word, "LOCATION")
