"""Session 24 (deidcaps24): false alarms that appear only because a line is typed in capitals.

* the places detector read "NEW"/"OLD"/"UPPER"/... before a word no dictionary knows as a town
  ("NEW STATLOCK", "OLD STERNOTOMY SCAR", "UPPER DENTITION"): in capitals only after a place
  preposition or a home field ("FROM NEW CARLOW", "HOME: OLD TRESCOTT");
* the names detector read "MISS" in capitals as a title ("TO MISS WORK"), two common words
  after a determiner as a first name and surname ("A LONG CASE", "HIS NUMBERS LOOK"), and the
  care pairs "CHIN TUCK" and "PAT DRY" as names;
* a common word in capitals before a town's service read as the town ("S/P HOUSE FIRE",
  a listed town stays: "REVERE FIRE", "ORANGE POLICE"), and "CAVOATRIAL
  JUNCTION" (anatomy, now in the medical list) as a place.

Each false alarm is tested in capitals (found on base: these fail there), as written and in
lower case (not found before or after); each must-keep row in the cases where base finds it.
Every input is invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import touched, words_covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# (as written, the false part): the line in capitals is the line upper-cased
_FALSE = [
    ("Drain secured with new Statlock, site clean.", "new Statlock"),
    ("Trach ties changed to new Velcro holder, 1 finger fits under.", "new Velcro"),
    ("Back at 1600 with new perc drain RLQ, draining purulent.", "new perc"),
    ("Skin: intact except old sternotomy scar.", "old sternotomy"),
    ("CV: SR 90s, new holosystolic murmur. BP 110s/60s.", "new holosystolic"),
    ("He didn't want to miss work at the garage.", "work"),
    ("Doesn't want to miss school this week.", "school"),
    ("He had a long case (7 hrs) with an EBL of 900.", "long case"),
    ("Pt is a young guy, 36, quite scared.", "young guy"),
    ("Wants to know what his numbers look like tonight.", "numbers look"),
    ("Thin liquids with chin tuck; ate about a third.", "chin tuck"),
    ("Chin tuck with thin cup sips: no penetration.", "Chin tuck"),
    ("Cleanse w/ NS, pat dry, apply barrier cream.", "pat dry"),
    ("Intubated for airway protection s/p house fire, smoke inhalation.", "house"),
    ("28% TBSA flame (house fire), inhalation injury.", "house"),
    ("CXR: tip at cavoatrial junction, no PTX.", "cavoatrial junction"),
    ("Post CXR: tip at the cavoatrial junction, no PTX.", "cavoatrial junction"),
]


def _case(text: str, part: str, case: str) -> tuple[str, str]:
    if case == "upper":
        return text.upper(), part.upper()
    if case == "lower":
        return text.lower(), part.lower()
    return text, part


@pytest.mark.parametrize(("text", "part"), _FALSE)
@pytest.mark.parametrize("case", ["upper", "written", "lower"])
def test_capitals_alone_make_no_phi(deid: Deidentifier, text: str, part: str, case: str) -> None:
    text, part = _case(text, part, case)
    assert not touched(deid, text, part), [text[s.start:s.end] for s in deid.detect(text)]


# real PHI in the same shapes: (text as written, the PHI); the cases where base finds it
_KEEP = [
    ("Pt lives in New Carlow with wife.", "New Carlow", "uwl"),
    ("Transferred from New Carlow this am.", "New Carlow", "uwl"),
    ("Daughter moved to New Carlow last year.", "New Carlow", "uwl"),
    ("Daughter in New Carlow will visit Sat.", "New Carlow", "uwl"),
    ("Family drove up from New Carlow, 3 hr.", "New Carlow", "uwl"),
    ("Pt is from Lower Brackett, lives alone.", "Lower Brackett", "uwl"),
    ("Works at the mill in Old Trescott.", "Old Trescott", "uwl"),
    ("Home: Old Trescott. Lives with son.", "Old Trescott", "uw"),
    ("Going home to New Carlow tomorrow.", "New Carlow", "uwl"),
    ("Resident of New Carlow.", "New Carlow", "uwl"),
    ("Pt from the New Carlow area.", "New Carlow", "uw"),
    ("New Carlow resident, lives alone.", "New Carlow", "uw"),
    ("Pt, a New Carlow native, retired.", "New Carlow", "uw"),
    ("Hometown New Carlow.", "New Carlow", "uw"),
    ("Family in Old Trescott and New Carlow.", "New Carlow", "uw"),
    ("Lives with wife, New Carlow.", "New Carlow", "uw"),
    ("New Carlow police brought pt.", "New Carlow", "uw"),
    ("Daughter (New Carlow) called.", "New Carlow", "uwl"),
    ("Pt lives in New Haven with wife.", "New Haven", "uwl"),
    ("Miss Okonkwo at bedside.", "Okonkwo", "uwl"),
    ("Miss Rose at bedside.", "Rose", "uw"),
    ("Miss Brown called for an update.", "Brown", "uw"),
    ("The Pat Walker family visited.", "Pat Walker", "uw"),
    ("His wife Rose Long at bedside.", "Rose Long", "uwl"),
    ("Her daughter Hope Long called.", "Hope Long", "uwl"),
    ("Told her Rose Long would call back.", "Rose Long", "uw"),
    ("Son said that Pat Walker will visit.", "Pat Walker", "uw"),
    ("HCP is Pat Walker, aware of plan.", "Pat Walker", "uw"),
    ("Family meeting with Rose Long and Pat Walker.", "Rose Long", "uw"),
    ("Spoke with Chin Tuck, pt's son.", "Chin Tuck", "uwl"),
    ("Daughter Pat Dry called.", "Pat Dry", "uwl"),
    ("Revere Fire brought pt in.", "Revere", "uw"),
    ("Quincy Fire on scene.", "Quincy", "uw"),
    ("Medford EMS brought pt.", "Medford", "uw"),
    ("Orange Police found him.", "Orange", "uw"),
    ("Social: house fire in Lakeport, pt's dog died.", "Lakeport", "uw"),
]


@pytest.mark.parametrize(("text", "phi", "cases"), _KEEP)
@pytest.mark.parametrize("case", ["upper", "written", "lower"])
def test_real_phi_in_those_shapes_stays(deid: Deidentifier, text: str, phi: str, cases: str,
                                        case: str) -> None:
    if case[0] not in cases:
        pytest.skip("base does not find it in this case either")
    text, phi = _case(text, phi, case)
    assert words_covered(deid, text, phi), [text[s.start:s.end] for s in deid.detect(text)]


# Fix round (review of deidcaps24, findings 1-5): every PHI input of the review, in the cases
# where base finds it. On 17a94d15 the capitals runs of 46 of them lost PHI or narrowed a span
# ("MISS CHURCH AT BEDSIDE", "DISCHARGE TO NEW PALTZ", "A FRANK HILL CALLED", "CHIN TUCK CALLED,
# SON", "HOPE FIRE BROUGHT PT IN"). Every input is invented.
_REVIEW_KEEP = [
    ("Pt lives in New Hope with his wife.", "New Hope", "uwl"),
    ("Transfer from Old Town ED for STEMI.", "Old Town", "w"),
    ("Resident of Great Falls, retired rancher.", "Great Falls", "uwl"),
    ("Family drove from Little Rock overnight.", "Little Rock", "uwl"),
    ("Lives in Upper Darby with daughter.", "Upper Darby", "uwl"),
    ("Transferred to Little Rock for ECMO eval.", "Little Rock", "uwl"),
    ("Pt lives in New Paltz with wife.", "New Paltz", "uwl"),
    ("Transfer from Old Saybrook ED.", "Old Saybrook", "uwl"),
    ("Resident of New Paltz.", "New Paltz", "uwl"),
    ("Resident of Old Saybrook, widowed.", "Old Saybrook", "uwl"),
    ("Transferred to New Paltz rehab tomorrow.", "New Paltz", "uwl"),
    ("Plan: discharge to New Paltz with VNA.", "New Paltz", "uw"),
    ("Returning to Old Saybrook once stable.", "Old Saybrook", "uwl"),
    ("MVC on Rt 9, New Paltz, restrained driver.", "New Paltz", "uw"),
    ("BIB EMS after fall at home, Old Saybrook.", "Old Saybrook", "uwl"),
    ("PCP Dr Adeyemi, New Paltz.", "New Paltz", "uw"),
    ("Sister (Old Saybrook) updated by phone.", "Old Saybrook", "uwl"),
    ("Daughter is in Great Barrington, will visit Sat.", "Great Barrington", "uwl"),
    ("Son drives up from Lower Burrell on weekends.", "Lower Burrell", "uwl"),
    ("Family lives outside New Paltz.", "New Paltz", "uwl"),
    ("Works at the post office in Old Forge.", "Old Forge", "w"),
    ("New Paltz Rescue brought pt in.", "New Paltz", "uw"),
    ("Old Saybrook Ambulance on scene at 0240.", "Old Saybrook", "uw"),
    ("Pt originally from New Ulm, moved here 2019.", "New Ulm", "uwl"),
    ("Born and raised in New Glarus.", "New Glarus", "uwl"),
    ("Visiting from New Ipswich for the holidays.", "New Ipswich", "uwl"),
    ("Wife staying at hotel near Old Saybrook.", "Old Saybrook", "uwl"),
    ("Lives 2 hrs away in New Paltz.", "New Paltz", "uwl"),
    ("OSH: New Paltz.", "New Paltz", "uwl"),
    ("Outside hospital - New Paltz - sent records.", "New Paltz", "uw"),
    ("Transfer from OSH in Old Saybrook.", "Old Saybrook", "uwl"),
    ("Pt from New Carlow, lives alone.", "New Carlow", "uwl"),
    ("Pt is a New Carlow native.", "New Carlow", "uw"),
    ("Lives with wife in a house in New Carlow.", "New Carlow", "uwl"),
    ("Moving back to New Carlow after rehab.", "New Carlow", "uw"),
    ("Headed to New Carlow to stay with son.", "New Carlow", "uw"),
    ("Son lives in Boston, daughter New Carlow.", "New Carlow", "uw"),
    ("Transported to Old Trescott Memorial.", "Old Trescott", "uwl"),
    ("Accident: New Carlow, MA, route 2.", "New Carlow", "uw"),
    ("Residence:\nNew Paltz", "New Paltz", "uw"),
    ("Town: Old Saybrook", "Old Saybrook", "uw"),
    ("City/town: New Paltz", "New Paltz", "uw"),
    ("Hometown - Old Saybrook", "Old Saybrook", "uw"),
    ("EMERGENCY CONTACT: daughter, New Paltz", "New Paltz", "uw"),
    ("Great Falls Fire on scene at 0300.", "Great Falls", "uw"),
    ("Little Rock Fire transported pt.", "Little Rock", "uwl"),
    ("New Hope EMS brought him in.", "New Hope", "uwl"),
    ("Sioux Falls Police brought pt.", "Sioux Falls", "uwl"),
    ("Grand Rapids EMS on scene.", "Grand Rapids", "uwl"),
    ("Battle Creek Police at bedside.", "Battle Creek", "uw"),
    ("Fall River Fire extricated pt.", "Fall River", "uwl"),
    ("Long Beach Fire transported pt.", "Long Beach", "uw"),
    ("Coral Springs Fire rescue brought pt.", "Coral Springs", "uwl"),
    ("Cedar Rapids Police on scene.", "Cedar Rapids", "uw"),
    ("Hope Fire brought pt in.", "Hope", "uw"),
    ("Globe Fire transported from scene.", "Globe", "w"),
    ("Harmony EMS brought pt.", "Harmony", "w"),
    ("Delta Ambulance on scene.", "Delta", "uwl"),
    ("Concord Fire on scene.", "Concord", "uw"),
    ("Warren Police found pt.", "Warren", "uw"),
    ("Miss Jones at bedside.", "Jones", "uwl"),
    ("Miss Jones called for update.", "Jones", "uwl"),
    ("Miss Church at bedside, updated.", "Church", "uw"),
    ("Miss Booth (daughter) called.", "Booth", "uwl"),
    ("Spoke with Miss Arroyo re plan.", "Arroyo", "uw"),
    ("Miss Bullock visited today.", "Bullock", "uw"),
    ("Miss Barrios at bedside.", "Barrios", "uw"),
    ("Miss House, pt's niece, called.", "House", "uw"),
    ("Visitor: Miss Bloom.", "Bloom", "uw"),
    ("Per Miss Arias, pt ate breakfast.", "Arias", "uw"),
    ("Called Miss Bird, no answer.", "Bird", "uw"),
    ("Pat House at bedside.", "Pat House", "uw"),
    ("Pat House called, updated.", "Pat House", "uw"),
    ("Visitor Pat House, brother.", "Pat House", "uw"),
    ("Frank Hill called for update.", "Frank Hill", "uw"),
    ("Frank Hill at bedside.", "Frank Hill", "uw"),
    ("Hope Green visited this pm.", "Hope Green", "uw"),
    ("Hope Green at bedside, updated on plan.", "Hope Green", "uw"),
    ("Spoke with May White, pt's sister.", "May White", "uw"),
    ("HCP: Hope Green.", "Hope Green", "uw"),
    ("NOK: Frank Hill (son).", "Frank Hill", "uwl"),
    ("A Frank Hill called asking about pt, not on the list.", "Frank Hill", "uw"),
    ("A Hope Green from VNA called.", "Hope Green", "uw"),
    ("Visitor: a Pat House, says she is a friend.", "Pat House", "uw"),
    ("Bed A Rose Long, bed B Frank Hill.", "Rose Long", "uw"),
    ("Left VM on the Hope Green cell.", "Hope Green", "w"),
    ("This Frank Hill guy called 3 times.", "Frank Hill", "uw"),
    ("Some Mark Long called for pt, no code given.", "Mark Long", "uw"),
    ("Spoke to his Frank Hill, a neighbor.", "Frank Hill", "uw"),
    ("Called the Frank Hill number on file.", "Frank Hill", "uw"),
    ("Pt's girlfriend, a Grace Hill, at bedside.", "Grace Hill", "uw"),
    ("Chin Tuck called, son.", "Chin Tuck", "uw"),
    ("Pat Dry at bedside, wife.", "Pat Dry", "uw"),
    ("Address: 14 Elm St\nNew Paltz", "New Paltz", "uw"),
    ("Transferred from:\nOld Saybrook ED", "Old Saybrook", "uw"),
    ("Pt was at a wedding in New Paltz when he collapsed.", "New Paltz", "uwl"),
    ("Son coming from New Paltz tonight, ETA 2200.", "New Paltz", "uwl"),
    ("New Paltz PD notified of the fall.", "New Paltz", "uw"),
    ("Lives alone. Town - New Paltz.", "New Paltz", "uw"),
    ("Pt goes to church in Old Saybrook.", "Old Saybrook", "uwl"),
    ("Went to New Paltz for the weekend, fell.", "New Paltz", "uw"),
    ("Daughter (lives New Paltz) is HCP.", "New Paltz", "uw"),
    ("Dispo: home to Old Saybrook with VNA.", "Old Saybrook", "uwl"),
    ("Drives a bus for Old Saybrook schools.", "Old Saybrook", "uwl"),
    ("Pt works in Old Saybrook as a plumber.", "Old Saybrook", "uwl"),
    ("Pt will miss Church's visit today.", "Church", "u"),
    ("Wife wants to talk with Miss Church, the SW.", "Church", "uw"),
    ("Miss Church (SW) to see pt.", "Church", "uwl"),
    ("Miss Bird RN reports pt stable.", "Bird", "uwl"),
    ("Message from Miss Arroyo: call back.", "Arroyo", "uw"),
    ("Miss Stone, sister, at bedside.", "Stone", "uw"),
    ("Spoke with Miss Hill.", "Hill", "uw"),
    ("Spoke with Miss Frost, daughter.", "Frost", "uw"),
    ("Miss Snow at bedside, updated.", "Snow", "uw"),
    ("Miss Meadows called.", "Meadows", "uw"),
    ("Bath Fire brought pt in after the fall.", "Bath", "w"),
    ("Beacon Police found pt on the sidewalk.", "Beacon", "w"),
    ("Mystic Fire on scene at 0300.", "Mystic", "w"),
    ("Aspen Ambulance transported pt.", "Aspen", "w"),
    ("Galena EMS brought pt.", "Galena", "w"),
    ("Madras Police brought pt.", "Madras", "w"),
    ("Chase Rescue extricated pt.", "Chase", "uw"),
    ("Miller Fire on scene.", "Miller", "uw"),
]


@pytest.mark.parametrize(("text", "phi", "cases"), _REVIEW_KEEP)
@pytest.mark.parametrize("case", ["upper", "written", "lower"])
def test_review_phi_kept_as_on_base(deid: Deidentifier, text: str, phi: str, cases: str,
                                    case: str) -> None:
    if case[0] not in cases:
        pytest.skip("base does not find it in this case either")
    text, phi = _case(text, phi, case)
    assert words_covered(deid, text, phi), [text[s.start:s.end] for s in deid.detect(text)]


# The review's false alarms that base tags in capitals and the narrowed rules still remove: no
# span at all, in any case.
_REVIEW_FALSE = [
    "RN aware of new Statlock, drain secured.",
    "Great toe wound: cleanse, pat dry, apply Mepilex.",
    "Chin tuck, small sips; SLP to follow.",
    "Pt worried he will miss work; wife to call his boss.",
    "He is a young man, anxious, his numbers look better.",
    "S/P house fire, smoke inhalation, carboxy 12.",
    "Tip at old sternotomy wires.",
    "Don't want to miss dinner with family.",
]


@pytest.mark.parametrize("text", _REVIEW_FALSE)
@pytest.mark.parametrize("case", ["upper", "written", "lower"])
def test_review_false_alarms_stay_gone(deid: Deidentifier, text: str, case: str) -> None:
    text, _ = _case(text, text, case)
    assert not deid.detect(text), [text[s.start:s.end] for s in deid.detect(text)]
