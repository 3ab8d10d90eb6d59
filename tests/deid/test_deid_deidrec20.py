"""Session 20, branch deidrec20: PHI that PHI-sparse unit notes write with little around it
(post-acute chains, care companies, towns in brackets, employers, bed offers, relatives' first
names, history years). Every input is an invented sentence; none comes from a note set. Each
family is tested both ways: the PHI found, a look-alike left."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier, RulesDetector
from meddx.deid._lexicon import lexicon
from meddx.deid._referral_places import referral_place_spans
from meddx.deid._relative_names import relative_names
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


FOUND = [
    # a listed post-acute chain after a discharge cue, as a choice or with a kind after it
    ("SW note: ltach referral sent by case mgmt\n(Kindred vs Vibra), son prefers the closer one.", "Vibra"),
    ("SW note: ltach referral sent by case mgmt\n(Kindred vs Vibra), son prefers the closer one.", "Kindred"),
    ("PLAN: DIET AS TOL, IRF REFERRAL (ENCOMPASS OR SNF), F/U IN AM.", "ENCOMPASS"),
    ("Dispo: rehab placement pending (Select Specialty or home w/ services).", "Select Specialty"),
    ("left the unit to lifecare of north texas (ltach) by stretcher at 1400", "lifecare of north texas"),
    # a care company by its tail; in lower case after a label
    ("Discussed with CM. Supplies from Redbud Home Infusion arrive tomorrow am.", "Redbud Home Infusion"),
    ("dme: quillan medical supply, delivered walker to room", "quillan medical supply"),
    # a town in brackets after a facility
    ("Arrived from Dawes Memorial Hospital (Chadron) by rotor wing at 0300.", "Chadron"),
    ("plan to return her to Sandhill (referring hospital, Ogallala) once stable", "Ogallala"),
    # an employer after a job, a coworker, a family firm
    ("Pt works as a janitor for Eastfield ISD and worries about missing shifts.", "Eastfield ISD"),
    ("pt is a night shift cook at quimby harbor seafood, no sick days", "quimby harbor seafood"),
    ("Obituary notice to Dunmore & Sons per family.", "Dunmore & Sons"),
    # a bed offer
    ("CM reports bed offer from Willow Crest likely for Monday.", "Willow Crest"),
    ("cm reports bed offer from birchwood manor likely for monday.", "birchwood manor"),
    # a hospital in apposition, a county's hospital by initials
    ("Infant remains at the delivering hospital, Cedar Valley Regional, 2 hrs away.",
     "Cedar Valley Regional"),
    ("Referral packet sent to Pocahontas County MC and two others.", "Pocahontas County MC"),
]

LEFT = [
    "Rehab goals: to encompass ADLs and transfers before dc.",
    "The review was designed to encompass every referral pattern.",
    "PT working with pt at bedside for transfers.",
    "pt works at home as a bookkeeper.",
    "needs home health for wound care after dc",
    "set up with vna home care for dressing changes",
    "nursing home placement discussed; bed offer from nursing home pending",
    "family: wife & sons at bedside, updated on plan",
    "Sent to the outside hospital, Regional, for cath.",
    "Patients at a nursing home had minimal medical equipment.",
    "PICC placed, CVS: S1S2 regular, no murmur.",
    "o2 2L nc, cvs stable, resp unlabored; hospice discussed",
    "Pt accepted by Dr Okafor in the MICU for further care.",
    "Daughter works for Dr Lindqvist as a receptionist.",
    # fix round (review findings 2-5): English words after a bare comma or colon, generic
    # facility kinds after an offer, a word in brackets after ED/ER, kin before "& sons"
    "Referral placed, select medical records attached.",
    "DME: walker, select medical equipment per PT.",
    "Hospice discussed, right at home with family is her wish.",
    "Dispo: SNF, promise hospital bed to be delivered.",
    "Hospice/select medical director to call.",
    "Placement, regency hospital of the past.",
    "Oxygen 2L, comfort keepers family at bedside.",
    "accepted at outpatient dialysis center tomorrow.",
    "accepted at dialysis center for chairs mwf.",
    "accepted to burn center.",
    "offer from hospice house pending.",
    "bed offer from assisted living village.",
    "Accepted to Red Team for admission.",
    "Accepted to Medicine Service for admission.",
    "(ED, Normal) labs reviewed.",
    "Came from OSH (ED, Reading) with chest pain.",
    "(ER, Bath) given.",
    "(facility, Story) per family.",
    "Pt lives w/ ex-wife & sons.",
    "lives with mother-in-law & sons.",
    "lives with Self & sons.",
    "Both & sons aware.",
]


NAMES_FOUND = [
    ("Visitors: sons Tobias, Emmett and\nWalker, updated on plan.", "Walker"),
    ("Visitors: sons Tobias, Emmett and\nWalker, updated on plan.", "Emmett"),
    ("visitors: daughters janet and mallory, updated on plan.", "mallory"),
    ("pt's wife's name is Odessa.", "Odessa"),
    ("late wife's name ruth - he keeps her photo at bedside", "ruth"),
    ("Perfusionist (Anouk) at bedside for the circuit change.", "Anouk"),
    ("spoke with the hcp (son darnell) about goals.", "darnell"),
]

NAMES_LEFT = [
    "RN (aware) of the plan; MD (notified) at 0300.",
    "Pt (Alert) and oriented, RT (PRN) treatments given.",
    "hcp (daughter present) agrees with plan",
    "sons will and can visit later this week",
    "family name and address confirmed",
    # fix round (review finding 6): family-history words in title case after a plural relative
    "Kids Asthma and Eczema.",
    "Siblings Alive and Well.",
    "Children Vaccinated and Healthy.",
]


YEARS_FOUND = [
    ("PSH: excision of the lipoma 2012, appy as child.", "2012"),
    ("umbilical hernia repair 2017 at an outside facility", "2017"),
    ("COPD, PFTs 2022 with FEV1 51% predicted", "2022"),
    ("s/p AVR (mechanical 25mm, 2011), on warfarin", "2011"),
    ("prior repair of the rotator cuff 2009", "2009"),
    ("OSA on sleep study 2018, uses cpap", "2018"),
    ("COVID 2022 with a short admission", "2022"),
]

YEARS_LEFT = [
    "lysis of adhesions 2000 mL irrigation used",
    "valve 23mm, 2019 mL out",
    "PFTs 2000 per schedule",
    "level of care 2021 reviewed",
    "wound repair 2019 mg",
    "cardiac output 23mm, 2019",
    "sleep study 2000 lights out",
    "pacemaker 2015 interrogation due",
    # fix round (review finding 1): evening clock times after the new cues
    "Removal of sutures 1945 per MD.",
    "removal of drain 1930.",
    "release of tourniquet 1952.",
    "Stress test 1930 today, NPO after midnight.",
    "covid 1930 swab sent.",
    "COVID 1905 result negative.",
    "Pacemaker 1940 rep at bedside.",
    "defibrillator 1955 shock delivered.",
    "PFT 1910 today.",
    "DEXA 1955 scheduled.",
    "Revision 1945 by ortho.",
    "Wound excision 1925 at bedside.",
    "BKA 1935 in OR.",
    "takedown 1905 OR.",
    "removal of foley 2010 tonight.",
    "release of restraints 2010.",
    "Sleep study 2020 tonight at lab.",
    "Wound excision 2010 at bedside.",
]


@pytest.mark.parametrize(("text", "word", "label"),
                         [(t, w, None) for t, w in FOUND] + [(t, w, "NAME") for t, w in NAMES_FOUND]
                         + [(t, w, "DATE") for t, w in YEARS_FOUND])
def test_phi_found(deid: Deidentifier, text: str, word: str, label: str | None) -> None:
    assert covered(deid, text, word, label)


def _places(text: str) -> list:
    return referral_place_spans(text, lexicon(), [])


def _names(text: str) -> list:
    return relative_names(text, text.lower(), lexicon())


def _dates(text: str) -> list:
    """The rules' dates (the crf, a separate detector, may read a number there too)."""
    return [s for s in RulesDetector().detect(text) if s.label == "DATE"]


@pytest.mark.parametrize(("rule", "text"), [(_places, t) for t in LEFT] + [(_names, t) for t in NAMES_LEFT]
                         + [(_dates, t) for t in YEARS_LEFT])
def test_look_alikes_left(rule, text: str) -> None:
    """The rules of this branch tag nothing in the look-alikes."""
    assert rule(text) == []


#: Review finding 7: the branch after a chain stops before a person's name or a verb.
BRANCH_ENDS = [
    ("Rehab referral: Encompass Health of Tulsa Brian Lott, contact.", "Encompass Health of Tulsa"),
    ("Rehab: consulate health care of Sarasota accepted.", "consulate health care of Sarasota"),
]


@pytest.mark.parametrize(("text", "span"), BRANCH_ENDS)
def test_branch_stops(text: str, span: str) -> None:
    assert [text[s.start:s.end] for s in _places(text)] == [span]


@pytest.mark.parametrize("text", [" " * 20000, "Boston " * 7000, "works as a " * 3000,
                                  "sons Al, " * 3000, "(referring hospital, " * 2000,
                                  "Kindred & " * 3000, "Ann County AH " * 3000])
def test_long_inputs_stay_fast(text: str) -> None:
    """No regex of these rules backtracks on long repeated inputs."""
    t0 = time.process_time()
    referral_place_spans(text, lexicon(), [])
    relative_names(text, text.lower(), lexicon())
    assert time.process_time() - t0 < 2.0
