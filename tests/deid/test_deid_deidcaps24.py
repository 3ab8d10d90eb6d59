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
    ("Needs new endocrinologist.", "new endocrinologist"),
    ("Brought photos of their new grandbaby.", "new grandbaby"),
    ("Full ROM, upper dentition crowned.", "upper dentition"),
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
