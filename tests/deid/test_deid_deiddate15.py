"""Session 15, branch deiddate15: what the default detectors do with product and device
numbers (the policy in README "De-identification"), and the date, age, id and phone forms
of that session. Every example is invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier, RulesDetector
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


#: A product's lot number names a batch given to many patients: not PHI, in any of the ways a
#: vaccine or implant record writes it.
LOTS = [
    ("Tdap given L deltoid, lot #4471093, VIS given", "4471093"),
    ("Lot number: 4471093, expiration 12/2027", "4471093"),
    ("Lot and expiration: 8812734 12/27", "8812734"),
    ("lot no. 66120931 from pharmacy", "66120931"),
    ("PPD placed R forearm, lot 1C22B, read in 48h", "1C22B"),
    ("knee implant, LOT 64211893, size 5", "64211893"),
]


@pytest.mark.parametrize(("text", "word"), LOTS)
def test_lot_numbers_are_not_phi(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


#: A device's serial number is (HIPAA's "device identifiers and serial numbers").
SERIALS = [
    ("Pacemaker interrogated, serial # PJN4471093, battery ok", "PJN4471093"),
    ("ICD S/N 7751234 model D314TRG", "7751234"),
    ("insulin pump serial number 55123987 checked", "55123987"),
    ("generator SN 4471093 interrogated", "4471093"),
]


@pytest.mark.parametrize(("text", "word"), SERIALS)
def test_device_serials_are_phi(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word)


def test_lot_before_its_expiry_is_no_id() -> None:
    """The rules leave a lot number after "LOT/EXP:" (the learned tagger may still join it to
    the expiry date that follows, which costs no PHI)."""
    text = "LOT/EXP: 5530218 / 12/2027"
    assert not [s for s in RulesDetector().detect(text) if s.start <= text.index("5530218") < s.end]


def test_lot_beside_serial(deid: Deidentifier) -> None:
    text = "Lead serial # LFJ2290441; lot 7781023 of the introducer kit"
    assert covered(deid, text, "LFJ2290441")
    assert not covered(deid, text, "7781023")


#: Forms found since session 15 (each made up; none copied from a note set).
FOUND = [
    ("HIV dx 2066, on ART since", "2066", "DATE"),  # a date-shifted year no clock can read
    ("CKD 3a (onset 2071), follows with renal", "2071", "DATE"),
    ("latent TB treated 2015 with rifampin", "2015", "DATE"),
    ("colonoscopy due 2027 but he never went", "2027", "DATE"),
    ("similar episode 2019 settled with NG decompression", "2019", "DATE"),
    ("summer of 2067 she moved in", "2067", "DATE"),
    ("daughter reachable at (617) 555-\n0142 after work", "0142", "PHONE"),
    ("call niece at 413-555-\n0199. Will update", "413-555-\n0199", "PHONE"),
    ("night rn note 1900-0700 sun 5/9\nneuro intact", "sun 5/9", "DATE"),
    ("study window 09-mar to 23-mar, in window", "09-mar", "DATE"),
    ("study window 09-mar to 23-mar, in window", "23-mar", "DATE"),
    ("blood unit #s e0412 25 118320, e0412 25 118321 hung", "e0412 25 118320", "ACCOUNT"),
    ("re: her aunt rosalind quarles, 94 y. lives alone", "94", "AGE"),
    ("Kim Ode   DOB 02/11/1950   MRN WPMC 31-44082", "WPMC 31-44082", "MRN"),
    ("DOB 03/02/1961      MRN: KLB 20417", "KLB 20417", "MRN"),
    ("PATIENT: DOE, J\nHOSPITAL #: RGH 224-019\n", "RGH 224-019", "MRN"),
    ("NAME: ROE, ANNA      MR: 004417203      ADM: 02/02/2020", "004417203", "MRN"),
    ("on clopidogrel, needs DAPT to at least 9/68. No elective surgery", "9/68", "DATE"),
    ("AVA 0.7 cm2 on the Feb echo, declines TAVR", "Feb", "DATE"),
    ("Last stress test October normal per wife.", "October", "DATE"),
    ("dilated eye exam Jun 66 at the VA, no retinopathy", "Jun 66", "DATE"),
    ("FLOWSHEET\n        2/7     2/8     2/9     2/11\nWBC", "2/8", "DATE"),
    ("Abscess drained 2/6. Afebrile since", "2/6", "DATE"),
    ("Return 5/4 for staple removal.", "5/4", "DATE"),
    ("Arrive 0530 6/8 at main entrance, NPO", "6/8", "DATE"),
    ("G1P1, seen 6 wk after SVD 2/5, doing well", "2/5", "DATE"),
    ("Pap 5/14/21 NILM, HPV neg", "5/14/21", "DATE"),  # a smear in title case, no pressure
    ("QUALITY NOTE FILED #66-0912-31. MANAGER AWARE", "66-0912-31", "ACCOUNT"),
    ("COUNTY EMS RUN # 68-00412  02/11/68", "68-00412", "ACCOUNT"),
    ("PAGE to 5528 from 4E re pt in rm 12", "5528", "PHONE"),
    ("Okafor, Ben   Enc E-5510293   DOS 1/2/2066", "E-5510293", "ACCOUNT"),
    ("Carta de seguimiento, 3 de abril de 2066", "3 de abril de 2066", "DATE"),
    ("completó quimioterapia el 19 de enero", "19 de enero", "DATE"),
    ("severe AS (ava 0.7 cm2 on the\nfeb echo), declines tavr", "feb", "DATE"),
    ("mrs ode, an 89-year-old (turned 91 last\napril) here with", "91", "AGE"),
    ("callback 413-555-0187x231 after 5", "413-555-0187x231", "PHONE"),
    ("from the unit dial 9-413-555-0187 for an outside line", "9-413-555-0187", "PHONE"),
    ("son's cell (413)\n555-0187, call after 6", "(413)\n555-0187", "PHONE"),
    ("last seen in clinic 4/\n22/2066 for a refill", "4/\n22/2066", "DATE"),
]


@pytest.mark.parametrize(("text", "word", "label"), FOUND)
def test_forms_found(deid: Deidentifier, text: str, word: str, label: str) -> None:
    assert covered(deid, text, word, label)


#: Look-alikes left alone.
LEFT = [
    ("NPO until 2000 then clear liquids", "2000"),  # a clock time after "until"
    ("next vanc dose due 2030", "2030"),
    ("BIMS 12/15, needs extensive assist", "12/15"),  # a score out of its scale's maximum
    ("GCS: 14/15 on arrival", "14/15"),
    ("MoCA score 26/30 today", "26/30"),
    ("Mild proptosis, CAS 2/7. TSH low", "2/7"),
    ("Tdap given today. Lot numbers in MAR.", "MAR"),  # the medication administration record
    ("MR: 2+ to 3+, TR mild", "2+"),  # mitral regurgitation, no record number
    ("sat 3/4 L NC, comfortable", "3/4"),  # a saturation, not Saturday
    ("strength 5/5 5/5 5/5 throughout", "5/5"),  # a row that does not rise
    ("at 2200 1/2 tab given for sleep", "1/2"),
    ("Dec 40 percent from baseline", "Dec 40"),
    ("May 50 patients enrol", "May 50"),
    ("PAP 42/20/28 on the swan", "42/20"),  # a pulmonary artery pressure
    ("worked shift #0700-1900 on 4W", "0700-1900"),
    ("lot #12-3456-78 exp soon", "12-3456-78"),
    ("bed turned 90 this shift for pressure relief", "90"),
    ("may echo be repeated?", "may"),
    ("goal INR 2-3; values 9-10 today", "9-10"),
    ("BP 120/\n80 HR 88", "120/\n80"),  # a pressure broken at the slash, no year
]


@pytest.mark.parametrize(("text", "word"), LEFT)
def test_look_alikes_left(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


def test_scale_word_before_a_date() -> None:
    """A date after a scale's name stays a date when its day is no scale maximum."""
    text = "MMSE 6/19 was 22"
    assert [s for s in RulesDetector().detect(text) if text[s.start:s.end] == "6/19"]
