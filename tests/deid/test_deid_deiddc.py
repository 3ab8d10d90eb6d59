"""Dictated and typed physician documents (session 9, branch deiddc): discharge summaries,
H&Ps, consult, operative, transfer and death summaries. Their histories cite outside
facilities, clinicians and years ("seen at Lakeview in 2017 by Dr. Oduya", "sleeve gastrectomy
2016", "3 prior admissions (McLean 2016, Arbour 2018)"), their openers give a town ("71 yo M
from Patten"). Sentences written for these tests in those styles; none comes from a note set.
Each rule has positives and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered as _covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# (sentence, the words that must be tagged; any label: coverage is what redaction needs)
POSITIVES = [
    # years after a procedure named by its suffix or its surgeon, "s/p ...", "until"
    ("PSH: prior sleeve gastrectomy 2016 (Catholic Medical Center).", "2016"),
    ("S/P LAPAROSCOPIC NISSEN FUNDOPLICATION 2015 AT OUTSIDE HOSPITAL", "2015"),
    ("L hip hemiarthroplasty 2011 at Charlton by Dr. Baptista.", "2011"),
    ("metastatic pancreatic ca s/p Whipple 2021, on gemcitabine", "2021"),
    ("s/p lap band revision 2019, now with dysphagia", "2019"),
    ("s/p total thyroidectomy 2003, on levothyroxine", "2003"),
    ("sleep study at Elliot Hospital 2014 showed severe OSA", "2014"),
    ("h/o left colectomy 1998 for diverticulitis", "1998"),
    # a facility in a citation slot
    ("EUS at Bayview on 3/2 showed a 2.8 cm mass.", "Bayview"),
    ("L hip hemiarthroplasty 2011 at Charlton by Dr. Baptista.", "Charlton"),
    ("MANOMETRY AT KINGSBRIDGE 5/2018 SHOWED A SLIPPED WRAP.", "KINGSBRIDGE"),
    ("lumpectomy and xrt at Dana-Farber (dr rosenblum), then letrozole", "Dana-Farber"),
    ("Echo at Pocasset Heart in March showed EF 60%.", "Pocasset Heart"),
    ("She had a TIA worked up at Marlowe General in 2019.", "Marlowe General"),
    ("real estate agent at Coldwell Banker in Saugus; married", "Coldwell Banker"),
    # a facility beside a clinician in brackets
    ("s/p Whipple 2021 (Dr. Iyer, Johns Hopkins), gemcitabine", "Johns Hopkins"),
    ("cataract surgery (Hollis Eye Associates, Dr. Kwan) last year", "Hollis Eye Associates"),
    # admissions listed with their years
    ("3 prior admissions (McLean 2016, Arbour 2018, McLean 2020).", "Arbour"),
    ("3 prior admissions (McLean 2016, Arbour 2018, McLean 2020).", "2018"),
    ("Prior hospitalizations: (Baystate 2012; Mercy 2015).", "Baystate"),
    # a town after an age and a sex
    ("Brief course: 71 yo M from Patten who presented with chest pressure.", "Patten"),
    ("History: 83F from Montpelier brought in by her husband.", "Montpelier"),
    ("HPI: a 64-year-old woman from Dorchester with melena.", "Dorchester"),
    ("CC: 58 YO M FROM PRESQUE VILLE WITH SOB", "PRESQUE VILLE"),
    # facility names: a pair of services, a head "of" a name, a residence "at" a town
    ("resident of Oak Hollow Nursing and Rehabilitation, admitted from the ED",
     "Oak Hollow Nursing and Rehabilitation"),
    ("Cardiology referral placed (Harwell Heart & Vascular, 203-555-0188).", "Harwell Heart & Vascular"),
    ("To: Hospice of the Eastern Shore inpatient unit, Salisbury, MD", "Hospice of the Eastern Shore"),
    ("To: Maplewood at Brewster skilled nursing, accepting MD Dr. Underhill", "Maplewood at Brewster"),
    ("HOME CARE OF BRISTOL COUNTY TO START MONDAY", "HOME CARE OF BRISTOL COUNTY"),
    ("Westbrook Rheumatology\n41 Elm Terrace, Worcester, MA 01609", "Westbrook Rheumatology"),
    # a listed hospital written without its hyphen; a home-infusion chain
    ("Prior cath 2019 at Yale New Haven clean per report.", "Yale New Haven"),
    ("OPAT via Option Care if discharged on cefazolin.", "Option Care"),
    # dates followed by a time; a town after an organisation
    ("f/u urology dr fonseca 3/4 10am", "3/4"),
    ("Body released to Lindqvist & Sons Funeral Home, Gardner.", "Gardner"),
]

# (sentence, a word that must stay untagged)
NEGATIVES = [
    ("gastrectomy 2000 mL output overnight", "2000"),
    ("echocardiogram 2000 showed no effusion", "2000"),
    ("s/p fall at 2015 found on floor", "2015"),
    ("heparin held until 2000 then resumed", "2000"),
    ("s/p thoracentesis 1500 ml removed", "1500"),
    ("Mercy Hospital 2014 beds were full", "2014"),
    ("seen at home on 3/2 by the VNA", "home"),
    ("He was back at Baseline on 3/2 per family.", "Baseline"),
    ("seen at Dr. Lee's office on 3/2", "Lee's office"),
    ("Seen by Cardiology (Dr. Lee, Cardiology) today.", "Cardiology) today"),
    ("Prior work (Smith 2016, Jones 2018) showed benefit.", "Smith"),
    ("a 64-year-old woman from home with cough", "home"),
    ("71 yo M from the ED with chest pain", "ED"),
    ("pain at Rest on exertion and at night", "Rest"),
    ("4/4 bcx MSSA; TEE 3/2 with vegetation", "4/4"),
    ("ANESTHESIA: GETA. Divided with GIA stapler.", "GETA"),
    ("ANESTHESIA: GETA. Divided with GIA stapler.", "GIA"),
    ("Bravo pH study positive, DeMeester 48.", "DeMeester"),
    ("referred to CT Quitline; nicotine patch", "Quitline"),
    ("Hinchey III; Hartmann procedure; Bookwalter retractor", "Hartmann"),
    ("Hunt and Hess grade II, Fisher grade 3 SAH", "Fisher"),
    ("Rancho Los Amigos level VII at discharge", "Rancho Los Amigos"),
    ("Skilled Nursing and Rehabilitation is recommended.", "Skilled Nursing"),
    ("see the Heart and Vascular Center for stress test", "Heart and Vascular"),
    ("the hospice of her own choosing", "hospice"),
    ("HOME CARE OF BRISTOL COUNTY TO START MONDAY", "START"),
    ("BOOKWALTER RETRACTOR PLACED; YASARGIL CLIP; Allis clamps", "BOOKWALTER"),
    ("aneurysm clipped with a 7 mm Yasargil clip; Mayfield pins", "Yasargil"),
    ("Mayfield pins applied; Hasson trocar", "Mayfield"),
    ("1/2 tab po bid; 3/4 of the dose", "3/4"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_dictated_note_phi_found(deid: Deidentifier, text: str, word: str) -> None:
    assert _covered(deid, text, word), word


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_dictated_note_look_alikes_stay(deid: Deidentifier, text: str, word: str) -> None:
    assert not _covered(deid, text, word), word


def test_admission_list_only_after_an_admission_word(deid: Deidentifier) -> None:
    """The same "(Name YEAR, Name YEAR)" form is a literature citation without the cue."""
    cited = "Prior work (Halvard 2016, Ostrander 2018) showed benefit."
    listed = "Prior admissions (Halvard 2016, Ostrander 2018) for mania."
    assert not _covered(deid, cited, "2016")
    assert _covered(deid, listed, "Halvard") and _covered(deid, listed, "2016")
