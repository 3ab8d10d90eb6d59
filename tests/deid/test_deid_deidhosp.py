"""Facility names written in passing (``_facility_mentions``): "at the VA", saints' possessives,
short names before a department, listed names after "at"/"from", lists, named institutes,
residences before a kind of care, and a facility named again. Sentences written for these tests
in several note styles (mixed case, lower case, ALL CAPS); none comes from a note set. Each rule
has positives and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


POSITIVES = [
    # "the VA" / "the U" after a preposition
    ("Wife states he usually goes to the va for his meds.", "va"),
    ("Had a colonoscopy at the VA several years ago.", "VA"),
    ("Records requested from the V.A. in writing.", "V.A."),
    ("Son asks if she can come to the U for ortho instead.", "U"),
    # saints' possessives, any case
    ("PT ADMITTED FROM ST JOE'S VIA AMBULANCE.", "ST JOE'S"),
    ("Called St. V's admitting, pt is on 5W.", "St. V's"),
    ("prior echo at st e's shows ef 35%", "st e's"),
    ("Transferred from Saint Mike's for higher level of care.", "Saint Mike's"),
    # short names before a department or service
    ("She underwent cath in Presby's cath lab with DES to the LAD.", "Presby"),
    ("Pt states he had a bad time at Good Shepherd step-down last year.", "Good Shepherd"),
    ("If febrile call Thunderbird micro for the sensitivities.", "Thunderbird"),
    ("SW to call Gosnold intake in the morning.", "Gosnold"),
    ("He left Valleywise behavioral AMA last week.", "Valleywise"),
    ("Has been at Community Bridges detox twice this year.", "Community Bridges"),
    ("per mercy icu rn pt had pea arrest", "mercy"),
    ("Presby ED called back with the troponin.", "Presby"),
    # a listed short name after "at" / "from", no cue
    ("Holter from Lahey showed brief runs of AF.", "Lahey"),
    ("He is s/p Whipple at Mayo, now readmitted for a leak.", "Mayo"),
    # lists after a facility
    ("Referrals sent to Spaulding, Encompass Braintree, and Whittier for acute rehab.", "Whittier"),
    ("hx bipolar, was inpt at butler hospital x2 and bradley as a teen.", "bradley"),
    # named institutes
    ("Follow up at Barrow Neurological Institute in 2 weeks.", "Barrow Neurological Institute"),
    ("Seen at the Huntsman Cancer Institute for a second opinion.", "Huntsman Cancer Institute"),
    # a residence's name before a kind of care
    ("previously at cedar crest rehab, d/c'd home in spring.", "cedar crest"),
    ("ADMITTED FROM MAPLE GROVE SNF WITH FEVER.", "MAPLE GROVE"),
    # a facility named again
    ("Discharged to Sunrise of Elm Grove Assisted Living; the niece prefers Sunrise.", "Sunrise"),
    ("Follow up at Barrow Neurological Institute. Family likes Barrow a lot.", "Barrow"),
    ("Discharged from Advocate Good Shepherd. He did not like Good Shepherd.", "Good Shepherd"),
    # initials that are also clinical abbreviations (resources/hospital_initials.txt)
    ("PT ADMITTED FROM CHOP FOR ADULT CONGENITAL F/U.", "CHOP"),
    ("Pt transferred from MCV yesterday for ECMO.", "MCV"),
    ("Records from UVA reviewed; seen at UVA ED last week.", "UVA"),
    ("She was seen at MSK for her sarcoma.", "MSK"),
    # chains added to care_brands.txt
    ("Infusion center: Option Care will resume home ertapenem.", "Option Care"),
    ("Urgent care visits at MedExpress x2 for UTI.", "MedExpress"),
    ("Backup list: Marina Bay, Golden Living Quincy.", "Golden Living"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_facility_mentions_found(deid, text, word):
    i = text.rindex(word)  # a facility named again: its last mention
    assert any(s.start <= i and i + len(word) <= s.end for s in deid.detect(text))


NEGATIVES = [
    ("The VA was 20/40 OD and 20/60 OS.", "VA"),
    ("There was a decrease in the VA of the left eye.", "VA"),
    ("Improved to the VA of 20/25 after the drops.", "VA"),
    ("Trip to the U.S. planned next month.", "U.S."),
    ("Taking St. John's wort for mood.", "John's"),
    ("Transferred to Neuro ICU after the bleed.", "Neuro"),
    ("Called the Cardiology clinic for an appointment.", "Cardiology"),
    ("Foley cath removed this morning.", "Foley"),
    ("MCV 82, RDW 14.1, plt 210.", "MCV"),
    ("Skin damage from UVA exposure noted.", "UVA"),
    ("Trended from MCV of 80 to 101.", "MCV"),
    ("MSK: no edema. Transferred to MSK exam table.", "MSK"),
    ("lac to forehead, sent to ED for repair.", "lac"),
    ("Cardiac ICU team at bedside.", "Cardiac"),
    ("Daughter called (by phone from Atlanta) about the plan.", "Atlanta"),
    ("Chair held at Kestrel Dialysis Center (Route 114, Wendham) on Tu/Th.", "Wendham"),
    ("Trauma ICU bed requested.", "Trauma"),
    ("Outpt psych at the clinic next week.", "Outpt"),
    ("Referred to Pediatric Cardiology for the murmur.", "Pediatric"),
    ("RN Barb ICU charge nurse aware.", "ICU"),
    ("Brought to the Mayo stand for the instruments.", "Mayo"),
    ("Referral to Sunrise of Elm Grove; she watched the sunrise today.", "sunrise"),
    ("She wants to go home to her house near the grove.", "grove"),
    ("Not a candidate for the home hospital program.", "hospital"),
    ("Discussed hospice and nursing home options in general.", "nursing"),
    ("The outside hospital ED sent images.", "outside"),
]


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_facility_look_alikes_left(deid, text, word):
    assert not covered(deid, text, word, "HOSPITAL")

