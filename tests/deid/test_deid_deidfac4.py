"""Generic clinics (``_generic_clinics``) and hospital initials with no place cue
(``_initials``). Sentences written for these tests in several note styles (mixed case, lower
case, ALL CAPS); none comes from a note set. Each rule has positives and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid._generic_clinics import generic_clinic
from meddx.deid._lexicon import lexicon
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


GENERIC = ["Heart Failure Clinic", "Wound Care Clinic", "SLEEP CLINIC", "Foot and Ankle Clinic",
           "Anticoagulation Clinic", "Wound Care Center", "Memory Disorders Clinic",
           "Pain Clinic", "Urgent Care Center"]
NAMED = ["Lahey Clinic", "Sacred Heart Clinic", "Mercy Wound Care Center", "Cleveland Clinic",
         "Mayo Clinic", "Care Center", "Lakeview Sleep Clinic", "Heart Failure Hospital"]


@pytest.mark.parametrize("name", GENERIC)
def test_generic_clinic_names(name):
    assert generic_clinic(name, lexicon())


@pytest.mark.parametrize("name", NAMED)
def test_named_clinics_are_not_generic(name):
    assert not generic_clinic(name, lexicon())


@pytest.mark.parametrize(("text", "word"), [
    ("She is followed in our Heart Failure Clinic and was admitted twice.", "Heart Failure"),
    ("dsg changed per Wound Care Clinic orders.", "Wound Care"),
    ("PT TO F/U WITH HEART FAILURE CLINIC IN 1 WK.", "HEART FAILURE"),
    ("also saw podiatry at Foot and Ankle Clinic last wk.", "Foot"),
    ("INR checked at Anticoagulation Clinic today, 2.4.", "Anticoagulation"),
])
def test_generic_clinics_untagged(deid, text, word):
    assert not covered(deid, text, word)


@pytest.mark.parametrize(("text", "word"), [
    ("She was seen at Lahey Clinic for her back.", "Lahey"),
    ("wound care at Mercy Wound Care Center twice a week", "Mercy"),
    ("f/u at Lakeview Sleep Clinic next month", "Lakeview"),
])
def test_named_clinics_tagged(deid, text, word):
    assert covered(deid, text, word, "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("He was seen d/w BIDMC pulmonary last spring.", "BIDMC"),
    ("Echo per SJMC showed EF 30%.", "SJMC"),
    ("CALLED NSMC FOR RECORDS, NONE AVAILABLE.", "NSMC"),
    ("d/c summary faxed to LGH this am", "LGH"),
    ("transported emergent to Melrose-Wakefield per family; MWH notified via radio.", "MWH"),
    ("Seen at Newton-Wellesley last year; NWH labs normal.", "NWH"),
])
def test_hospital_initials_without_place_cue(deid, text, word):
    assert covered(deid, text, word, "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("per RHC PCWP 20, CI 2.1", "RHC"),
    ("d/w LVH on echo, will start ARB", "LVH"),
    ("per PMH of HTN and DM", "PMH"),
    ("CALLED ICU RN RE: BP", "ICU"),
    ("per ICH protocol, SBP < 140", "ICH"),
    ("Seen at Newton-Wellesley; NW quadrant clear.", "NW"),
    ("paged MICU fellow re: K 5.9", "MICU"),
])
def test_clinical_letters_after_report_words_untagged(deid, text, word):
    assert not covered(deid, text, word, "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("HEMODIALYSIS RUN SHEET  DaVita Lynn   Chair 7", "DaVita Lynn"),
    ("Draw at: Quest Diagnostics or LabCorp PSC. Fasting 10 h.", "Quest Diagnostics"),
    ("Draw at: Quest Diagnostics or LabCorp PSC. Fasting 10 h.", "LabCorp"),
    ("Rite Aid called about the refill.", "Rite Aid"),
    ("Copy results to: Dr Feldstein, Holy Family Endocrinology.", "Holy Family"),
    ("records requested from Lahey Urology", "Lahey"),
])
def test_chains_in_their_spelling_and_names_before_a_department(deid, text, word):
    assert covered(deid, text, word, "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("Goals: End Of Life Care Discussion held with family.", "Life Care"),
    ("Discussed Life Care options with daughter.", "Life Care"),
    ("On a quest for answers; pt and wife are kindred spirits.", "quest"),
    ("General Surgery consulted for SBO.", "General"),
    ("Pediatric Endocrinology follow-up in 3 months.", "Pediatric"),
])
def test_chain_and_department_look_alikes_untagged(deid, text, word):
    assert not covered(deid, text, word, "HOSPITAL")


@pytest.mark.parametrize("text", [
    "resident was TRANSFERRED TO FLOR lounge for bingo",
    "pt xfer to flooor via w/c, tolerated",
    "TRANSFERRED TO UINT 5 AT 1400",
])
def test_typo_of_a_destination_untagged(deid, text):
    assert not any(s.label == "HOSPITAL" for s in deid.detect(text))


@pytest.mark.parametrize(("text", "word"), [
    ("TRANSFERRED TO FLORA MEMORIAL FOR REHAB", "FLORA"),
    ("pt transferred to Bournewood for psych", "Bournewood"),
])
def test_facilities_after_transfer_still_tagged(deid, text, word):
    assert covered(deid, text, word, "HOSPITAL")


def test_name_with_its_town_after_of(deid):
    text = "SURGICAL PATHOLOGY REQUISITION\nslides from Pathology Associates of Newburyport reviewed"
    spans = [(s.label, text[s.start:s.end]) for s in deid.detect(text)]
    assert ("HOSPITAL", "Pathology Associates of Newburyport") in spans
    assert not covered(deid, text, "PATHOLOGY")  # the header's word is no short form of it


def test_state_after_of_is_no_town_of_the_name():
    from meddx.deid._orgs import _of_town

    text = "Cardiology Associates of Texas; Wingate of Haverhill"
    assert _of_town(text, len("Cardiology Associates"), lexicon()) == len("Cardiology Associates")
    end = text.index(" of Haverhill")
    assert text[:_of_town(text, end, lexicon())].endswith("of Haverhill")
