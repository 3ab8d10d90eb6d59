"""Session 21, branch deidfp21n: false spans of the name guard and the date, year, phone and
id patterns on PHI-sparse clinical text, both ways. Every sentence is invented for this file:
in GONE the word was tagged before the change and is not now; in KEPT a real PHI of the same
shape is still found (as written, in lower case and in capitals where the shape allows)."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _cases(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Each row as written, in lower case and in capitals."""
    out = []
    for text, word, label in rows:
        out += [(text, word, label), (text.lower(), word.lower(), label),
                (text.upper(), word.upper(), label)]
    return out


GONE = _cases([
    # a clinical coinage: a clinical or English word with a verb or adjective ending
    ("Pedal pulses: L DP/PT dopplerable, foot warm.", "dopplerable", "NAME"),
    ("Pt: proned x 2 sessions, tolerated well.", "proned", "NAME"),
    ("Insulin pen - wife demo'd technique back.", "demo'd", "NAME"),
    # an adjective taking an infinitive; one English word right after "to"
    ("Peak flow 210. Pt able to speak in full sentences.", "able", "NAME"),
    ("Report phoned to intake RN at 1500.", "intake", "NAME"),
    ("Pain service to adjust PCA basal rate.", "adjust", "NAME"),
    # goals and test items counted; a clock after a phone call; a bracketed 19:00;
    # a lab's reference range; a run of ribs after a side
    ("Goals: 2/3 met, transfers goal partly met.", "2/3", "DATE"),
    ("Home safety eval done.\nGOALS MET: 3/4.", "3/4", "DATE"),
    ("Reassessed today: 3/4 goals met.", "3/4", "DATE"),
    ("Scanning task: found 5/12 targets on the left.", "5/12", "DATE"),
    ("Report given by phone 1130 to floor RN.", "1130", "PHONE"),
    ("Repeat lytes 4 hr post (1900): K 3.9.", "1900", "DATE"),
    ("Valproate level 38 (ref 50-100), dose up.", "50-100", "ACCOUNT"),
    ("S/P MVC, R PTX, L 4-7 RIB FX.", "4-7", "DATE"),
    # an instruction to call the doctor; pressures after a BiPAP word
    ("If INR >4.5\nCall MD, hold warfarin.", "Call", "NAME"),
    ("BiPAP note: placed on 14/6, FiO2 40%.", "14/6", "DATE"),
    ("LINES/DRAINS: 2 MEDIASTINAL CT REMOVED THIS AM.", "2 MEDIASTINAL CT", "ADDRESS"),
    # an adverb of time ending its clause after a role; a clinic word before a credential
    ("WOUND PACKED BY RN PRIOR, PREMEDICATED.", "PRIOR", "NAME"),
    ("DINNER.\nOUTPT RD REFERRAL TO DM EDUCATION", "OUTPT", "NAME"),
    # a staff credential alone where a name could stand
    ("Tolerating TF at goal. Will follow weekly. -- RD", "RD", "NAME"),
    ("FAMILY VISITED AT 0100, UPDATED BY NNP.\nPLAN: CONT HFOV.", "NNP", "NAME"),
])


#: The crf's look-alikes, as written only (the tagger reads context and case).
CRF_GONE = [
    ("Started 1055. Vanc + zosyn given 1110/1115.\nSource: likely urinary", "1110/1115", "DATE"),
    ('ACCESSED WITH 20G 3/4" HUBER NEEDLE USING STERILE TECHNIQUE', '3/4"', "DATE"),
    ("GU: FOLEY, UOP 60-100/HR.\nMS: R LE IN KNEE IMMOBILIZER, CSM INTACT", "R LE", "NAME"),
    ("MS: R LE ex-fix pin sites clean, dressed.", "R LE", "NAME"),
]


@pytest.mark.parametrize(("text", "word", "label"), CRF_GONE)
def test_crf_false_span_gone(deid: Deidentifier, text: str, word: str, label: str) -> None:
    assert not covered(deid, text, word, label)


def test_crf_guard_shapes() -> None:
    """The crf guard alone: clock pairs, sizes in inches and a side with a limb go; years,
    dates and a surname after an initial stay."""
    from meddx.deid._crf_guard import crf_allowed
    from meddx.deid._span import Span

    def allowed(text: str, word: str, label: str) -> bool:
        i = text.index(word)
        return crf_allowed(text, Span(i, i + len(word), label, "crf", 0.999))

    assert not allowed("given 1110/1115.", "1110/1115", "DATE")
    assert not allowed('20G 3/4" needle', '3/4"', "DATE")
    assert not allowed("ms: r le in immobilizer", "r le", "NAME")
    assert allowed("in 2019/2020 she", "2019/2020", "DATE")
    assert allowed("seen 3/14 in clinic", "3/14", "DATE")
    assert allowed("Seen by R. Le today", "R. Le", "NAME")


@pytest.mark.parametrize(("text", "word", "label"), GONE)
def test_false_span_gone(deid: Deidentifier, text: str, word: str, label: str) -> None:
    assert not covered(deid, text, word, label)


KEPT = [
    # names of the same shapes stay names: a census name after "to", a name after a title,
    # "-ed" and "-able" names no census list has
    ("Report given to Hope RN at 0700.", "Hope", "NAME"),
    ("REPORT GIVEN TO HOPE RN AT 0700.", "HOPE", "NAME"),
    ("Report given to odalys pt", "odalys", "NAME"),
    ("Dr. Able to see pt in am.", "Able", "NAME"),
    ("Called by daughter Mable at 1400.", "Mable", "NAME"),
    ("-- FAREED", "FAREED", "NAME"),
    ("-- NAVEED", "NAVEED", "NAME"),
    ("Spoke with Fareed (son) by phone.", "Fareed", "NAME"),
    ("Wife Rose able to stay overnight.", "Rose", "NAME"),
    # dates of the same shapes stay dates
    ("Goals reviewed on 3/4 with pt.", "3/4", "DATE"),
    ("On 3/4 met with daughter re: dc plan.", "3/4", "DATE"),
    ("Seen in clinic 3/12, targets for BP reviewed.", "3/12", "DATE"),
    ("Fall on 3/4. Goals: ambulate 50 ft.", "3/4", "DATE"),
    ("Goal: 3/14 dc home with VNA.", "3/14", "DATE"),
    ("D/C goal: 3/4 home with son.", "3/4", "DATE"),
    ("s/p fall 4-7 rib fx L", "4-7", "DATE"),
    ("fell on 4-7, rib fx", "4-7", "DATE"),
    ("Born 1918 in Ohio, now 107.", "1918", "DATE"),
    ("CABG (1998), PCI 2011.", "1998", "DATE"),
    # numbers of the same shapes stay numbers
    ("Phone: 4471 (unit desk)", "4471", "PHONE"),
    ("Reached by phone #2231", "2231", "PHONE"),
    ("Call back at 617-555-0142 by phone.", "617-555-0142", "PHONE"),
    ("Referral ref 4471-22 sent to agency.", "4471-22", "ACCOUNT"),
    ("(ref 2231-4471)", "2231-4471", "ACCOUNT"),
    ("Seen by Page MD today.", "Page", "NAME"),
    ("Wound packed by RN Prior, premedicated.", "Prior", "NAME"),
    ("Seen by Dr. Prior.", "Prior", "NAME"),
    ("Family meeting with daughter Brown 30 min", "Brown", "NAME"),
    ("Called SW re: Odalys", "Odalys", "NAME"),
    ("report given to temperance rn.", "temperance", "NAME"),
    ("REPORT GIVEN TO TEMPERANCE RN.", "TEMPERANCE", "NAME"),
    ("Note by Odalys Quintero, RD", "Odalys Quintero", "NAME"),
    ("Seen by RD Odalys today.", "Odalys", "NAME"),
    ("SPOKE WITH CALL, RN", "CALL", "NAME"),
    ("Report to Dr. Call MD", "Call", "NAME"),
    ("Lives at 1955 Elm Ct, Salem.", "1955 Elm Ct", "ADDRESS"),
    ("Lives at 12 Anterior Way", "12 Anterior Way", "ADDRESS"),
    ("Seen on 14/6 in clinic.", "14/6", "DATE"),
]


@pytest.mark.parametrize(("text", "word", "label"), KEPT)
def test_real_phi_kept(deid: Deidentifier, text: str, word: str, label: str) -> None:
    assert covered(deid, text, word, label)


def test_name_guard_words_in_phrase() -> None:
    """The last guard of the names detector alone, on spans a name rule might take."""
    from meddx.deid._lexicon import lexicon
    from meddx.deid._name_clinical import drop_clinical_names

    lex = lexicon()

    def kept(text: str, word: str) -> bool:
        i = text.index(word)
        return bool(drop_clinical_names(text, [(i, i + len(word), 0.8)], lex))

    assert not kept("mom to\nupdate rn if worse", "update")
    assert not kept("PT UNABLE TO STAND", "UNABLE")
    assert not kept("pt willing to try cpap", "willing")
    assert not kept("R DP/PT DOPPLERABLE", "DOPPLERABLE")
    assert not kept("NSGY NP: hemicraniectomy discussed", "hemicraniectomy")
    assert not kept("-- TRACHEOSTOMY", "TRACHEOSTOMY")
    assert kept("Seen by Dr. Hemicraniectomy", "Hemicraniectomy")  # a title keeps it
    assert kept("report given to Hope RN", "Hope")  # a census name after "to"
    assert kept("report to odalys pt", "odalys")  # no English word
    assert kept("Dr. Able to see pt", "Able")  # a title before the adjective
    assert not kept("IF INR >4.5\nCALL MD", "CALL")
    assert not kept("- PAGE NP FOR HR > 130", "PAGE")
    assert kept("Seen by Page MD today", "Page")  # not at a clause's start
    assert kept("-- HAMED", "HAMED") and kept("-- FAREED", "FAREED")  # no "-d" coinage


def test_new_guards_are_linear(deid: Deidentifier) -> None:
    """The new checks read windows of fixed size: long repeated inputs stay fast."""
    for text in (" " * 20_000 + "able to", "Boston " * 7_000, "to " * 7_000 + "intake RN",
                 "Goals: 3/4 met " * 2_000, "by phone 1130 " * 2_000, "(1900) " * 3_000,
                 "(ref 10-20) " * 2_000, "L 4-7 rib fx " * 2_000, "dopplerable " * 5_000):
        t0 = time.perf_counter()
        deid.detect(text)
        assert time.perf_counter() - t0 < 20.0
