"""Pharmacies, visiting nurses, transport companies, outside imaging, wards after a move,
practices in any case, short employers, towns after residence cues, foreign cities and a
town after a facility name (``_place_cues``). Sentences written for these tests in the
styles of discharge summaries, radiology, pharmacy, home-health, social-work and nursing
notes; none comes from a note set. Each rule has positives and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered as _covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()



# (sentence, the words that must be tagged, the label they must carry or None for any label)
POSITIVES = [
    # pharmacies: chains, with "pharmacy" and the branch's street
    ("Preferred pharmacy: Walgreens on Main St.", "Walgreens on Main St", "HOSPITAL"),
    ("Meds filled at CVS pharmacy on Elm.", "CVS pharmacy", "HOSPITAL"),
    ("Preferred pharmacy: CVS", "CVS", "HOSPITAL"),
    ("pt's meds filled at walgreens on washington st", "walgreens", "HOSPITAL"),
    ("Picked up rx at Rite Aid yesterday.", "Rite Aid", "HOSPITAL"),
    ("He works at Walmart as a greeter.", "Walmart", "LOCATION"),
    ("Pt reports he uses the Stop & Shop pharmacy in Canton.", "Stop & Shop pharmacy", "HOSPITAL"),
    ("pt's pharmacy is the cvs on main st", "cvs on main st", "HOSPITAL"),
    # visiting nurses
    ("VNA of Cape Cod to follow for wound care.", "VNA of Cape Cod", "HOSPITAL"),
    ("Services: VNA of Greater Lowell", "VNA of Greater Lowell", "HOSPITAL"),
    ("Discharged home with services from Visiting Nurse Association of Boston.",
     "Visiting Nurse Association of Boston", "HOSPITAL"),
    # transport companies: EMS and air-medical services are facilities of care (session 10,
    # deidhosp10's brief; _facility_context types them HOSPITAL)
    ("Brought in via Lifeline Ambulance.", "Lifeline Ambulance", "HOSPITAL"),
    ("Flown in by Boston MedFlight from the scene.", "Boston MedFlight", "HOSPITAL"),
    ("ambulance: Fallon Ambulance, arrived 14:10", "Fallon Ambulance", "HOSPITAL"),
    ("Transport via chair van, company Castleford Medi-Van (555-0195)", "Castleford Medi-Van", None),
    # outside imaging
    ("COMPARISON: Outside CT from Lahey dated 1/4.", "Lahey", "HOSPITAL"),
    ("Comparison is made to outside MRI from Beth Israel dated 4/2/18.", "Beth Israel", "HOSPITAL"),
    # wards after a move, on a stay, or ending a header line
    ("Admitted to Blake 7 under Dr. Jones.", "Blake 7", "HOSPITAL"),
    ("Transferred to Ellison 12 for telemetry.", "Ellison 12", "HOSPITAL"),
    ("Brief ICU stay on Finch 4 for pressors.", "Finch 4", "HOSPITAL"),
    ("SW Assessment - Finch 4\nMet with pt.", "Finch 4", "HOSPITAL"),
    ("BMC Marsh 2\nDischarge summary", "Marsh 2", "HOSPITAL"),
    # practices and institutes, in any case
    ("Follows with tidewater cardiology associates for her afib.",
     "tidewater cardiology associates", "HOSPITAL"),
    ("PCP is at Valley Medical Group.", "Valley Medical Group", "HOSPITAL"),
    ("ems brought pt from maple court assisted living", "maple court assisted living", "HOSPITAL"),
    ("Home services: Century Home Health Care", "Century Home Health Care", "HOSPITAL"),
    ("PCP: Dr. Rao, Kenmore Family Practice", "Kenmore Family Practice", "HOSPITAL"),
    ("admitted from surgical institute of reading after a fall", "surgical institute of reading",
     "HOSPITAL"),
    ("NPN: admitted from Our Community Hospital on 6/12", "Our Community Hospital", "HOSPITAL"),
    # short employers
    ("He retired from GE in 2010.", "GE", "LOCATION"),
    ("He retired from IBM last year.", "IBM", "LOCATION"),
    ("He drives for UPS.", "UPS", "LOCATION"),
    ("son works at fidelity in boston", "fidelity", "LOCATION"),
    ("He works at stop and shop as a cashier.", "stop and shop", "LOCATION"),
    # towns after residence cues, in any case
    ("Lives in salem with his daughter.", "salem", "LOCATION"),
    ("lives in Hope with wife.", "Hope", "LOCATION"),
    ("Lives with wife in a 2-family house in revere, 2nd floor.", "revere", "LOCATION"),
    # foreign cities: with their country, or hyphenated
    ("Returned from a trip to Lima, Peru last week.", "Lima", "LOCATION"),
    ("She immigrated from Port-au-Prince in 2005.", "Port-au-Prince", "LOCATION"),
    # "PA-C" after a name is a credential, not Pennsylvania; "Erie, PA" stays a town
    ("Assistant: Tomasz Wicek, PA-C", "Tomasz Wicek", "NAME"),
    ("moved from Erie, PA in 2010", "Erie", "LOCATION"),
    # a town after a facility name, no comma
    ("Discharged to Spaulding Rehab Hospital Cape Cod for PT.", "Cape Cod", "LOCATION"),
]

# (sentence, a word that must stay untagged)
NEGATIVES = [
    ("CVS: RRR, no murmurs. Rx: continue metoprolol.", "CVS"),
    ("cvs done at 11 weeks, normal karyotype", "cvs"),
    ("Target INR 2-3. Refill warfarin.", "Target"),
    ("Via ambulance from home.", "ambulance"),
    ("Patient Transport called for 2 pm.", "Transport"),
    ("Private Ambulance booked.", "Private"),
    ("Basic Life Support Ambulance called.", "Basic"),
    ("Outpatient Pharmacy: refill sent.", "Outpatient"),
    ("Hospital Pharmacy notified.", "Hospital"),
    ("He drives for a living.", "living"),
    ("He works at night in boston.", "night"),
    ("She works at a bank in Quincy.", "bank"),
    ("cvs done, no pharmacy issues", "cvs"),
    ("Comparison: CXR from 2/3/2019.", "CXR"),
    ("Comparison: films from the ED earlier today.", "ED"),
    ("Outside images from OSH reviewed.", "OSH"),
    ("LIVES IN DUNMORE FALLS, CT.\nADMITTED 19 MAY FROM GUH WITH UROSEPSIS.", "UROSEPSIS"),
    ("Transferred to MICU for pressors.", "MICU"),
    ("Sent to Cath 2 for PCI.", "Cath"),
    ("Transferred to Stepdown 4 overnight.", "Stepdown"),
    ("MRI from Radiology reviewed.", "Radiology"),
    ("Outside CT from Tuesday reviewed.", "Tuesday"),
    ("She worked for EMS as a medic.", "EMS"),
    ("Returned from Vacation, Florida.", "Vacation"),
    ("Traveled to Europe, Asia.", "Europe"),
    ("Transferred to 4 West for monitoring.", "West"),
    ("Transferred to Bed 12.", "Bed"),
    ("Moved to Room 12 for isolation.", "Room"),
    ("Transferred to Level 2 nursery.", "Level"),
    ("Started on Day 4 of abx.", "Day"),
    ("Discharged to home with home care.", "care"),
    ("daughter looking into assisted living options", "daughter"),
    ("family prefers assisted living over snf", "family"),
    ("Needs Home Health Care.", "Needs"),
    ("UK infusions were performed by standard catheter-directed infusion techniques.", "standard"),
    ("He works at night and on weekends.", "night"),
    ("He works at home.", "home"),
    ("Retired from the army.", "army"),
    ("He works in the ER at night.", "ER"),
    ("Lives in Massachusetts with his son.", "Massachusetts"),
    ("Lives with wife in a 2-family house.", "house"),
    ("He was born in Mexico.", "Mexico"),
    ("Returned from Mexico, where she had diarrhea.", "Mexico"),
    ("Recently came from New Hampshire, Maine.", "Hampshire"),
    ("Hope to extubate tomorrow.", "Hope"),
    ("As reported in New England Journal of Medicine.", "England"),
    ("Insurance: Medicare and Medicaid.", "Medicare"),
    ("Positive Murphy sign, Babinski negative.", "Murphy"),
    ("Admitted from home with SOB.", "home"),
    ("PMH: HTN, DM2.", "PMH"),
]


@pytest.mark.parametrize(("text", "word", "label"), POSITIVES)
def test_tagged(deid: Deidentifier, text: str, word: str, label: str | None) -> None:
    assert _covered(deid, text, word, label), (text, word, label)


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_left(deid: Deidentifier, text: str, word: str) -> None:
    i = text.index(word)
    assert not any(s.start < i + len(word) and i < s.end for s in deid.detect(text)), (text, word)
