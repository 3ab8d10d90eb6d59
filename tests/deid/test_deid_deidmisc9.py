"""Forms that earlier session-9 branches left undone (session 9, branch deidmisc9): state
agencies by initials or name, schools named without "School", relatives called Will, credentials
the name lists lacked (IBCLC, DNP ...), and the ECG confirmer's code. Sentences written for these
tests; none comes from a note set. Each rule has positives and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered as _covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# (sentence, the words that must be tagged, the label)
POSITIVES = [
    # state agencies by initials, beside an agency cue
    ("Mother reports an open case with DCF since spring.", "DCF", "LOCATION"),
    ("DCF caseworker to visit the home this week.", "DCF", "LOCATION"),
    ("Foster placement through DCFS; caseworker aware.", "DCFS", "LOCATION"),
    ("Also connected with DSS for guardianship paperwork.", "DSS", "LOCATION"),
    ("report filed with dcf by SW this am", "dcf", "LOCATION"),
    ("DDS service coordinator called re group home.", "DDS", "LOCATION"),
    ("DCYF involved, safety plan in place.", "DCYF", "LOCATION"),
    # state departments by name
    ("receives services through Dept of Developmental Services; coordinator aware",
     "Dept of Developmental Services", "LOCATION"),
    ("Department of Children and Families notified of discharge.",
     "Department of Children and Families", "LOCATION"),
    # (the label pass of deidlabel types a name ending in "Health" HOSPITAL; redaction is the same)
    ("REFERRED TO DEPT. OF MENTAL HEALTH FOR CASE MANAGEMENT", "DEPT. OF MENTAL HEALTH", None),
    # schools without "School"
    # (an older facility rule takes "Veterans Memorial" as HOSPITAL; the merged span keeps that label)
    ("Sibling attends Veterans Memorial Elementary in first grade.", "Veterans Memorial Elementary", None),
    ("Brother at Pine Ridge Middle, doing well.", "Pine Ridge Middle", "LOCATION"),
    ("Wife is a teacher at Oak Ridge High.", "Oak Ridge High", "LOCATION"),
    ("8th grader at Lincoln Junior High, plays soccer", "Lincoln Junior High", "LOCATION"),
    # military bases in capitals
    ("PT IS ACTIVE DUTY, PREVIOUSLY AT JOINT BASE LEWIS-MCCHORD.", "JOINT BASE LEWIS-MCCHORD", "LOCATION"),
    ("RETIRED, LAST AT PEASE AIR NATIONAL GUARD BASE", "PEASE AIR NATIONAL GUARD BASE", "LOCATION"),
    ("STATIONED AT WRIGHT-PATTERSON AFB", "WRIGHT-PATTERSON AFB", "LOCATION"),
    ("SON DEPLOYED FROM NAS JACKSONVILLE", "NAS JACKSONVILLE", "LOCATION"),
    # a relative called Will
    ("son will in to visit tonight with grandchildren", "will", "NAME"),
    ("SON WILL CALLED FROM BASE, UPDATED.", "WILL", "NAME"),
    ("husband Will at bedside overnight", "Will", "NAME"),
    # credentials the name lists lacked
    ("seen by lactation (Deb, IBCLC) yesterday, latch improved", "Deb", "NAME"),
    ("Rounded with Colleen Marsh, DNP, this am.", "Colleen Marsh", "NAME"),
    # the ECG confirmer's code
    ("Referred by: OSEI   Confirmed by DEMIRCI, KAAN MD (4417) on 11/14/2025", "4417", "ID"),
    ("Confirmed by Marguerite Lasalle, MD (1187) on 11/11/2025.", "1187", "ID"),
]

# (sentence, a word that must NOT be tagged)
NEGATIVES = [
    ("Meds: DSS 100 mg bid, senna 2 tabs qhs.", "DSS"),
    ("Bowel regimen: Colace (DSS) and senna, report if no BM.", "DSS"),
    ("Follow up with Dr. Amos Pike, DDS, for dental clearance.", "DDS"),
    ("DMH", "DMH"),
    ("DSS adult services worker aware.\nBowel regimen: DSS 100 mg bid.", "DSS"),
    ("Seen by Department of Medicine residents.", "Department of Medicine"),
    ("crackles at right middle lobe; at Right Middle lobe on CT", "Middle"),
    ("Patient is at Very High risk of falls.", "High"),
    ("She was an elementary school aide before retiring.", "elementary"),
    ("Elementary teaching on wound care given.", "Elementary"),
    ("ABG: PH 7.38 BASE EXCESS -2. BASELINE EKG NSR. BASE OF TONGUE CLEAR.", "BASE"),
    ("NEAR THE AIR BASE; WENT TO CAMP FOR WEEKEND", "CAMP"),
    ("son will call in am", "will"),
    ("the brother will at times refuse care", "will"),
    ("daughter will be in tomorrow", "will"),
    ("son will visit after work", "will"),
    ("Pt will continue to follow with cardiology", "will"),
    ("diagnosis confirmed by echo (2 views) and CT", "2"),
]


@pytest.mark.parametrize(("text", "word", "label"), POSITIVES)
def test_tagged(deid: Deidentifier, text: str, word: str, label: str | None) -> None:
    assert _covered(deid, text, word, label)


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_not_tagged(deid: Deidentifier, text: str, word: str) -> None:
    assert not _covered(deid, text, word)
