"""Session 23, branch deidfp23: false alarms on ICU text by classes (services and units as
places, equipment and eponyms as names or places, score fractions as dates, ordinary words as
names), and the real PHI of the same shapes that must stay found. Every sentence is written
here (none is copied from a writer group)."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered, grows_near_linearly, touched


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _cases(text: str) -> list[str]:
    return [text, text.lower(), text.upper()]


# -- the false alarms: no span touches the word ----------------------------------------------
FALSE = [
    # a clinic or unit named by its service, and the bare clinical word it must not spread to
    ("Pt follows at anticoag clinic monthly. Will resume anticoag after the drain is out.",
     "anticoag clinic"),
    ("Pt follows at anticoag clinic monthly. Will resume anticoag after the drain is out.",
     "anticoag after"),
    ("Home IV abx arranged; vanc troughs weekly through OPAT clinic until 6 wks done.",
     "OPAT clinic"),
    ("Tube feeds tolerated. Will review weight at outpt RD visit in 2 wks.", "outpt RD"),
    # equipment, formulas, operations named after people or places
    ("MTP activated, blood warmed and given via Belmont at 500 ml/min.", "Belmont"),
    ("Vent changed to Hamilton C6 for the transport to CT.", "Hamilton"),
    ("LVAD (HeartMate 3) speed 5400, flow 4.6, no alarms.", "HeartMate"),
    ("Insulin titrated per Glucommander overnight; BG 140-180.", "Glucommander"),
    ("Stood at Sara Stedy x3 with assist of 1, tolerated well.", "Stedy"),
    ("Home PD cycler (Baxter Amia) set up by the renal RN.", "Baxter Amia"),
    ("Burn resuscitation per Parkland, LR at 900 ml/hr, UOP goal 30.", "Parkland"),
    ("POD 2 s/p Ivor Lewis esophagectomy, NGT to LIWS.", "Ivor Lewis"),
    ("INR goal 2.5-3.5 for mech St Jude MVR placed in 2011.", "St Jude"),
    # a fraction after a score or a strength (fix round: inputs that fail on base)
    ("AM-PAC 6 CLICKS: 12/24, recommend SNF.", "12/24"),
    ("LUE: 1/5 proximal, 0/5 distal.", "1/5"),
    ("SLP: diet advanced to IDDSI 6/2, aspiration precautions.", "6/2"),
    ("PHQ-2 negative. PC-PTSD-5: 3/5, referred to psychology.", "3/5"),
    ("SLP: diet advanced to IDDSI 7/2, aspiration precautions.", "7/2"),
    # ordinary words and roles as names
    ("Perfusionist at bedside for the ECMO circuit check at 0200.", "Perfusionist"),
    ("Pt instructed to call RN for chest pain or SOB.", "call"),
]


@pytest.mark.parametrize(("text", "word"), FALSE)
def test_false_alarm_dropped(deid: Deidentifier, text: str, word: str) -> None:
    assert not touched(deid, text, word), (text, word)


@pytest.mark.parametrize(("text", "word"), FALSE)
def test_false_alarm_dropped_in_other_cases(deid: Deidentifier, text: str, word: str) -> None:
    for variant, w in ((text.lower(), word.lower()), (text.upper(), word.upper())):
        assert not touched(deid, variant, w), (variant, w)


# -- real PHI of the same shapes: still found, as written, in lower case and in capitals -----
KEPT = [
    ("Pt seen by Dr Belmont in clinic last week.", "Belmont"),
    ("Spoke with Mr Hamilton, the pt's son, by phone.", "Hamilton"),
    ("Pt lives in Hamilton with her sister.", "Hamilton"),
    ("Transferred to Parkland Memorial for a higher level of care.", "Parkland"),
    ("Discussed plan with Dr Stedy from cardiology.", "Stedy"),
    ("Last seen in clinic on 12/24 per family.", "12/24"),
    ("Pt works at Humana as a claims processor.", "Humana"),
    # a date after a score that already has its value, a date after a score out of 30
    ("MoCA 21/30 (10/14), will repeat at the next visit.", "10/14"),
    ("She scored 26/30 on MoCA 4/29 in the memory clinic.", "4/29"),
    ("Report given to Mark Bell RN at 0700.", "Mark Bell"),
    # fix round: the review's losses (base finds each in all three cases)
    ("Records obtained from OSH; per Parkland ICU pt was intubated x2 days.", "Parkland ICU"),
    ("Pt came through Belmont ER before transfer.", "Belmont"),
    ("Arrived via Belmont FD ambulance from home.", "Belmont"),
    pytest.param("Via Belmont, pt was sent to us for ECMO.", "Belmont", marks=pytest.mark.xfail(
        strict=True, reason="session 23's crf refit (V4) scores Belmont 0.83-0.87 here (V3 "
                            "0.996-0.998), under its 0.9 threshold; only the crf found it: a known "
                            "loss of the refit (docs/benchmarks.md)")),
    ("Pt came through Parkland ED before transfer here.", "Parkland"),
    ("Spoke with Ivor Lewis, pt's son, by phone.", "Ivor Lewis"),
    ("Emergency contact is Ivor Lewis (brother) 555-201-3344.", "Ivor Lewis"),
    ("Pt's son Ivor Lewis is the HCP.", "Ivor Lewis"),
    ("Seen by Stedy, NP in cardiology clinic.", "Stedy"),
    ("PCP Stedy in Belmont follows her.", "Stedy"),
    ("PCP Stedy in Belmont follows her.", "Belmont"),
    ("Interpreter Cyracom Garcia assisted.", "Garcia"),
    ("Wife prefers that Dr Hamilton call her.", "Hamilton"),
    ("Wife Hamilton at bedside, updated on plan.", "Hamilton"),
    ("Pt followed by Belmont Cardiology through anticoag clinic.", "Belmont Cardiology"),
    ("Pt followed by Hamilton Cardiology through OPAT clinic.", "Hamilton Cardiology"),
    ("Pt seen at Parkland through wound clinic last year.", "Parkland"),
    ("Pt transferred from Hamilton General to MICU for pressors.", "Hamilton General"),
    ("Follows at Belmont Anticoagulation Clinic for INR checks.", "Belmont"),
    ("Daughter Thora at bedside, updated on plan.", "Thora"),
    ("Spoke with Page RN on 4 West re the transfer.", "Page"),
    ("Follows at Bay Cardiology for AF.", "Bay Cardiology"),
    ("Vent weaned, extubated 12/24 without issue.", "12/24"),
    ("GCS 15, intubated 12/24 for airway protection.", "12/24"),
    ("PHQ-9 done 12/24, score 14.", "12/24"),
    ("Screened 12/24 by SW for SDOH needs.", "12/24"),
    ("Home CPAP started 12/24 per sleep med.", "12/24"),
    ("Vent settings changed 1/5 after ABG.", "1/5"),
    ("Braden screen done 12/24 by wound RN.", "12/24"),
    ("Mobility: OOB to chair 12/24 with PT.", "12/24"),
    ("Fell at home on 1/5 hip pain since then.", "1/5"),
    ("Admitted 2/5 b/l PNA, treated with abx.", "2/5"),
    ("Symptoms since 1/5, worse with exertion.", "1/5"),
]
#: Found by base as written and in capitals only (not in lower case): kept in those two.
KEPT_NOT_LOWER = [
    ("Per Parkland, CT head negative and pt was discharged.", "Parkland"),
    ("Report given to Mark Border at 0700.", "Mark Border"),
    # a numbered route is a road, not respiratory therapy
    ("Rear-ended on RT 9 near Belfast, airbags deployed.", "RT 9"),
]


@pytest.mark.parametrize(("text", "word"), KEPT)
def test_real_phi_kept(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word), text


@pytest.mark.parametrize(("text", "word"), KEPT)
def test_real_phi_kept_in_capitals(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text.upper(), word.upper()), text.upper()


@pytest.mark.parametrize(("text", "word"), KEPT)
def test_real_phi_kept_in_lower_case(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text.lower(), word.lower()), text.lower()


@pytest.mark.parametrize(("text", "word"), KEPT_NOT_LOWER)
def test_real_phi_kept_as_written_and_in_capitals(deid: Deidentifier, text: str,
                                                  word: str) -> None:
    assert covered(deid, text, word), text
    assert covered(deid, text.upper(), word.upper()), text.upper()


@pytest.mark.parametrize("unit", ["Dr Hamilton set the Hamilton C6 vent. ",
                                  "Follows at OPAT clinic via Belmont infuser. "])
def test_equipment_filter_near_linear(deid: Deidentifier, unit: str) -> None:
    """Each name or place span is checked against the equipment mentions near it only (sorted
    ranges and bisect): 4x the text costs about 4x the time (the review measured 10.8x)."""
    assert grows_near_linearly(deid, unit, 1000, 4000, factor=7)
