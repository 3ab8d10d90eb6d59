"""Session 23, branch deidfp23: false alarms on ICU text by classes (services and units as
places, equipment and eponyms as names or places, score fractions as dates, ordinary words as
names), and the real PHI of the same shapes that must stay found. Every sentence is written
here (none is copied from a writer group)."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered, touched


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
    ("Transferred to NSICU from the OR overnight for q1h neuro checks.", "NSICU"),
    ("Family meeting held; hepatology to see in the morning re transplant listing.",
     "hepatology"),
    ("Pt expired at 0340. Postmortem care done, family at bedside.", "Postmortem care"),
    ("Mother does trach care at home; suction and ties changed by her.", "trach care"),
    ("Therapy recs: home with 24h supervision, rolling walker.", "recs"),
    # equipment, formulas, operations named after people or places
    ("MTP activated, blood warmed and given via Belmont at 500 ml/min.", "Belmont"),
    ("Vent changed to Hamilton C6 for the transport to CT.", "Hamilton"),
    ("LVAD (HeartMate 3) speed 5400, flow 4.6, no alarms.", "HeartMate"),
    ("Insulin titrated per Glucommander overnight; BG 140-180.", "Glucommander"),
    ("Stood at Sara Stedy x3 with assist of 1, tolerated well.", "Stedy"),
    ("Home PD cycler (Baxter Amia) set up by the renal RN.", "Baxter Amia"),
    ("Spanish interpreter via Cyracom iPad used for the consent.", "Cyracom"),
    ("Burn resuscitation per Parkland, LR at 900 ml/hr, UOP goal 30.", "Parkland"),
    ("C-spine not cleared, Miami J collar kept on.", "Miami"),
    ("POD 2 s/p Ivor Lewis esophagectomy, NGT to LIWS.", "Ivor Lewis"),
    ("INR goal 2.5-3.5 for mech St Jude MVR placed in 2011.", "St Jude"),
    # a fraction after a score, a strength or a machine setting
    ("AM-PAC 6 clicks: 15/24, recommend home with HHPT.", "15/24"),
    ("Strength: RUE 2/5 proximal, 4/5 distal grip.", "2/5"),
    ("PHQ-2 negative. PC-PTSD-5: 3/5, referred to psychology.", "3/5"),
    ("SLP: diet advanced to IDDSI 7/2, aspiration precautions.", "7/2"),
    ("Placed on BiPAP 12/6, FiO2 40%, tolerating mask.", "12/6"),
    ("Cap refill slow in 3rd/4th toes R foot, pulses dopplerable.", "3rd/4th"),
    # ordinary words, roles and documents as names
    ("Perfusionist at bedside for the ECMO circuit check at 0200.", "Perfusionist"),
    ("Next of kin listed on facesheet, confirmed with pt.", "facesheet"),
    ("Provided FMLA forms to the daughter for her employer.", "FMLA"),
    ("Husband slept in the recliner overnight, updated at 0600.", "slept"),
    ("Wife prefers phone updates in the evening.", "prefers"),
    ("Insulin teaching started; diabetes RN to follow tomorrow.", "diabetes"),
    ("Pt instructed to call RN for chest pain or SOB.", "call"),
    ("Pt A&Ox4, follows commands, MAE.", "Ox"),
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
    # a numbered route is a road, not respiratory therapy
    ("Rear-ended on RT 9 near Belfast, airbags deployed.", "RT 9"),
    ("Report given to Mark Bell RN at 0700.", "Mark Bell"),
]


@pytest.mark.parametrize(("text", "word"), KEPT)
def test_real_phi_kept(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word), text


@pytest.mark.parametrize(("text", "word"), KEPT)
def test_real_phi_kept_in_capitals(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text.upper(), word.upper()), text.upper()
