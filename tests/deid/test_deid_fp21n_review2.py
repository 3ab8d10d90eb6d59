"""Second review of deidfp21n (session 21, lead): PHI its guards dropped, found again; the false
spans the guards were written for stay gone."""

import pytest

from meddx.deid import Deidentifier

FOUND = [
    ("All goals met 3/9, d/c from PT.", "3/9"),
    ("All STGs met 3/9.", "3/9"),
    ("GOALS MET 3/9, D/C HOME.", "3/9"),
    ("Goals achieved 3/7. Pt d/c.", "3/7"),
    ("On 3/4 goals met, pt discharged.", "3/4"),
    ("By 3/8 goals met today", "3/8"),
    ("Signed.\nPAGE MD 0700", "PAGE"),
    ("Note by:\nPAGE NP 3/14/26", "PAGE"),
    ("Dictated by:\nCALL MD 3/14/2026 10:15", "CALL"),
    ("Discussed with Ready to arrange f/u.", "Ready"),
    ("Spoke with Eager to update family.", "Eager"),
    ("Mother (1912) died of TB.", "1912"),
    ("Widowed (1919).", "1919"),
    ("Signed: PRIOR", "PRIOR"),
    ("Seen by: PRIOR", "PRIOR"),
    ("Specimen 2 (ref 120-455)", "120-455"),
    ("Claim #3 (ref 554-881)", "554-881"),
    ("Discussed with Kostitis RN.", "Kostitis"),
    ("-- Manolitis RN", "Manolitis"),
]
GONE = ["Goals: 3/4 met", "GOALS MET: 2/3", "3/4 goals met", "CALL MD IF SBP <90",
        "recheck post (1900)", "phenytoin 7.8 (ref 10-20)", "Na 132 (ref 135-145)"]


@pytest.fixture(scope="module")
def deid():
    return Deidentifier()


@pytest.mark.parametrize(("text", "phi"), FOUND)
def test_phi_found(deid, text, phi):
    assert any(phi in text[s.start:s.end] for s in deid.detect(text))


@pytest.mark.parametrize("text", GONE)
def test_look_alike_untagged(deid, text):
    assert deid.detect(text) == []
