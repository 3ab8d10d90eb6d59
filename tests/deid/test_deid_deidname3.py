"""Names in context (session 8, branch deidname3; ``_name_context`` and small additions to
``_names``, ``_name_cues``, ``_cued_names``, ``_form_names``, ``_propagate``): common-word first
names told by an apposition, a cue or a person's verb ("Will (pt's grandson)", "per Will",
"Rose called"), names in brackets after a group word ("family (kathleen, sean)"), writers' and
typists' initials in odd places ("--kmc", "TR/mk", "CF:rjh", "Transcribed by: lmb"), initials
after "d/w", lower-case O' surnames, "MS" as a title after a cue, "spoke w/", lower-case
sign-out lines, a signature "/s/ A. Gomez". Sentences written for these tests; each rule has
look-alikes that must stay untagged."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


POSITIVES = [
    # apposition: a bracket or comma and a relation or role
    ("Per Will (pt's grandson, lives with her) she fell.", "Will"),
    ("spoke with faith (pt's partner) at length", "faith"),
    ("per will, charge rn, pt moving to bed 7", "will"),
    ("Mark, pt's son, called at noon.", "Mark"),
    ("if issues call sam (night senior) or me", "sam"),
    ("Okonjo (pt's nephew) at bs", "Okonjo"),
    ("Hope (her sister) is the HCP.", "Hope"),
    # a group word, then names in brackets
    ("family (kathleen, sean) at bs", "kathleen"),
    ("family (kathleen, sean) at bs", "sean"),
    ("SENT BY STAFF (CHERYL). DTR EN ROUTE.", "CHERYL"),
    ("sons (Robert and Daniel) updated", "Daniel"),
    # a cue, then a capitalised first name that is also a word
    ("per Will, ok to hold tube feeds", "Will"),
    ("called Rose to update re: plan", "Rose"),
    ("pt's sponsor \"Buddy\" from AA visited", "Buddy"),
    # a capitalised first name that is also a word, before a person's verb
    ("Rose called this am re: her father.", "Rose"),
    ("Dawn at bedside, updated on plan.", "Dawn"),
    ("Later Grace visited with the kids.", "Grace"),
    # a writer's or typist's initials
    ("plan: cont to monitor.\nkmc", "kmc"),
    ("Will f/u in am.\n--kmc", "kmc"),
    ("lm for pt.\n-- abh", "abh"),
    ("Called back at 4:15 pm.\nTR/mk", "TR"),
    ("Called back at 4:15 pm.\nTR/mk", "mk"),
    ("DICTATED BY: ORLA KEANE, PA-C\nCF:rjh  D: 08/15/2022", "rjh"),
    ("Transcribed by: lmb  D: 02/27/2024", "lmb"),
    ("if issues page me.\n- el-amin", "el-amin"),
    # initials after "d/w", "per"
    ("- d/w JT (pharmacy) re vanc troughs", "JT"),
    ("per KR, ok to extubate.", "KR"),
    # lower-case O' surnames
    ("pt o'shaughnessy remains intubated", "o'shaughnessy"),
    # "MS" after a cue, "ms" before a person's verb
    ("HX PER ALF NURSE MS OYELARAN. GCS 15.", "OYELARAN"),
    ("ms lee called back re: results", "lee"),
    # "spoke w/"
    ("spoke w/ Faith at bedside, questions answered.", "Faith"),
    # a sign-out line in lower case
    ("bed 12 - hollis, 58M ams/etoh w/d", "hollis"),
    ("bed 14 - ramirez-oyola 72F septic shock", "ramirez-oyola"),
    # a signature with an initial
    ("Agree.\n/s/ A. Gomez, MD", "A. Gomez"),
    # a person's state after a name found elsewhere in the note
    ("pt's wife June at bs. June tearful, states he would not want this.", "June tearful"),
    ("circulator Dawn and scrub tech Marco counted.", "Dawn"),
    ("Returned call to Rose, no answer, lvm.", "Rose"),
    ("Patient Name: JOHNSON, WILL\nDOB: 1/2/1950", "WILL"),
    ("Pt: Moss, Hope (DOB 3/3/1960)", "Hope"),
    ("Author: Smith, Will, MD", "Will"),
    ("CM: TERESA X4421", "TERESA"),
    ("NEURO INTACT. GRACE AT BS ALL SHIFT.", "GRACE"),
    ("TERESA CALLED RE: DISCHARGE.", "TERESA"),
    ("Reason: pt's son Will requesting refill", "Will"),
    ("Nkechi called re: meds.", "Nkechi"),
    ("Transport: ALS ground, crew Boudreaux/Landry.", "Landry"),
    ("Later Oluwaseun visited with the kids.", "Oluwaseun"),
    ("PT'S DTR ROSE CALLED. ADVISED ED. ROSE AGREEABLE.", "ROSE AGREEABLE"),
    ("RN: mk", "mk"),
    ("PER DR O'MALLEY OK TO EXTUBATE.", "O'MALLEY"),
    ("Fam mtg w/ wife Rose, dtr Faith, son Will.", "Will"),
    ("updated wife (Rose) and son (Will)", "Will"),
    ("kathy in to see pt, aware of labs.", "kathy"),
    ("d/w carol (charge) re: bed", "carol"),
    ("MICU team (Drs. Shah/Kaplan) aware.", "Kaplan"),
    ("husband-Jorge at bs", "Jorge"),
    ("DTR-MARISOL AT BS", "MARISOL"),
    ("Attending: Marcus Okafor\nCosigned for M. Okafor", "M. Okafor"),
    ("Seen with Dr. Priya Raman. Plan reviewed with P. Raman today.", "P. Raman"),
]

NEGATIVES = [
    ("temp rose to 38.4 at 0300, will call ho.", "rose"),
    ("Will continue abx (per ID) and reassess.", "Will"),
    ("Will (if needed) call renal.", "Will"),
    ("Mark the site, (per protocol) before surgery.", "Mark"),
    ("faith-based support requested", "faith"),
    ("Lungs clear, son at bedside.", "clear"),
    ("family (wife and 2 sons) at bedside", "wife"),
    ("team (ICU) aware.", "ICU"),
    ("family (none present)", "none"),
    ("Grace period for the supplemental plan ends soon.", "Grace"),
    ("Pt anxious re: hospital bill, gave number.", "bill"),
    ("Gray matter and white matter signal normal.", "Gray"),
    ("Coughing brown sputum.", "brown"),
    ("Hope to extubate tomorrow.", "Hope"),
    ("per Protocol, hold heparin", "Protocol"),
    ("Cont current care.\nnkda", "nkda"),
    ("Plan as above.\nprn", "prn"),
    ("BP stable.\n--ok", "ok"),
    ("- cont abx", "cont"),
    ("d/w ID re abx", "ID"),
    ("d/w CN re bed", "CN"),
    ("d/w HO, ok to give", "HO"),
    ("called MD, aware", "MD"),
    ("per RN, pt slept well", "RN"),
    ("back at 5 o'clock", "o'clock"),
    ("pt with MS OPTIC NEURITIS", "OPTIC"),
    ("hx of MS, HTN", "HTN"),
    ("BP/hr stable", "hr"),
    ("Rose up from chair and felt pressure.", "Rose"),
    ("Will call back in am.", "Will"),
    ("Joy of eating has returned.", "Joy"),
    ("bed 12 - cont ciwa, 58M", "cont"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_names_found(deid: Deidentifier, text: str, word: str) -> None:
    if word in ("June tearful", "ROSE AGREEABLE"):  # the second occurrence
        i = text.rindex(word.split()[0])
        assert any(s.start <= i < s.end and s.label == "NAME" for s in deid.detect(text))
        return
    assert covered(deid, text, word, "NAME")


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_look_alikes_left(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


MORE_NEGATIVES = [
    ("per CXR, no effusion", "CXR"),
    ("d/w CTS re timing", "CTS"),
    ("per OSH, pt got abx", "OSH"),
    ("pt with MS Tecfidera held", "Tecfidera"),
    ("dpoa (son) aware", "dpoa"),
    ("neutrophils incubated with Candida in serum", "Candida"),
    ("Family called, updated.", "Family"),
    ("Charge aware of bed need.", "Charge"),
    ("RN: mk", "RN"),
    ("PER DR O'MALLEY OK TO EXTUBATE.", "OK"),
    ("Pt: CHF, HTN, DM", "HTN"),
    ("Bill to insurance submitted.", "Bill"),
    ("Dawn of new symptoms yesterday.", "Dawn"),
    ("this virus, called UIR, was not able to induce tumors", "UIR"),
    ("d/w NNP re feeds", "NNP"),
    ("son will call back tonight.", "will"),
    ("son-in-law at bs", "law"),
    ("mother-baby unit", "baby"),
    ("pt in to see GI today", "pt"),
    ("Drs. office/clinic notified", "office"),
    ("pa ramirez-lopez at bs. rn to take pt.", "bs"),
    ("DR GOMEZ HOLD LASIX.", "HOLD"),
    ("TEMP ROSE AT 0300 TO 38.9.", "ROSE"),
    ("son Will bring clothes tomorrow", "Will"),
    ("Pateint called out for help.", "Pateint"),
    ("Daugther at bedside, updated.", "Daugther"),
    ("Kardex updated.", "Kardex"),
    ("per rn Tylenol/Motrin alternating", "Motrin"),
    ("staff Day/Night shift report", "Night"),
    ("Hyperosmolar states.\nThe composition of the fluid", "Hyperosmolar"),
    ("Nexterone (rn aware of rate change)", "Nexterone"),
    ("Propofol, charge rn, and rt at bs", "Propofol"),
    ("WILL CALL HO IF UO LOW. WILL AT BEDSIDE?", "CALL"),
    ("DR SMITH AWARE OF K.", "AWARE"),
    ("wound 3 cm deep, cm Tanner notified", "deep"),
]


@pytest.mark.parametrize(("text", "word"), MORE_NEGATIVES)
def test_more_look_alikes_left(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


def test_offsets_hold_when_lower_case_changes_the_length(deid: Deidentifier) -> None:
    """"\u0130" (dotted capital I) lower-cases to two characters: the rules that read the
    lower-cased text fall back to the text itself and spans still point at the name."""
    text = "\u0130stanbul trip. Per Will (pt's grandson) she fell."
    assert covered(deid, text, "Will", "NAME")
