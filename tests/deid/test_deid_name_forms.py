"""Names in note forms the earlier rules missed (``_form_names``, and the session-7 round-2
additions to ``_names``, ``_name_cues`` and ``_cued_names``): roles before lower-case surnames
that are words, common-word first names before unknown surnames, one-letter names after "Dr",
"miss" in lower case, header "DOE, JANE", operative and transfer-form cues, sign-out lines,
possessives, nicknames, typists' initials, consult letters, clinical abbreviations used as
initials before a staff credential. Sentences written for these tests; each rule has
look-alikes that must stay untagged."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _names(deid: Deidentifier, text: str) -> list[str]:
    return [text[s.start:s.end] for s in deid.detect(text) if s.label == "NAME"]


def _tagged(deid: Deidentifier, text: str, word: str) -> bool:
    i = text.index(word)
    return any(s.start <= i and i + len(word) <= s.end and s.label == "NAME"
               for s in deid.detect(text))


POSITIVES = [
    # a role, then a listed surname that is also a word
    ("pa smith aware of labs", "smith"),
    ("attending: smith, will follow", "smith"),
    ("np brown notified of K 5.9", "brown"),
    ("sw rice updated re: placement", "rice"),
    # a first name that is also a word, then an unknown surname
    ("Bob O'Neil at bedside this am", "O'Neil"),
    ("Faith O'Brien aware of plan", "Faith"),
    ("Grace Odhiambo at bedside", "Odhiambo"),
    # one-letter names after Dr
    ("paged dr x re: BP", "x"),
    ("Dr. Q aware, no new orders", "Q"),
    ("I was present for the key portions with Dr. O.", "O"),
    # "miss" in lower case before a surname no dictionary knows
    ("miss patel ambulating in hall", "patel"),
    # header "SURNAME, FIRST" where the surname is a clinical abbreviation
    ("Patient: DOE, JANE A", "DOE"),
    ("Name: DOE, JOHN\nDOB: 1/2/1950", "JOHN"),
    # operative notes and transfer forms
    ("Surgeon: Mercer\nAssistant: Wicek\nAnesthesia: Dr. Huang", "Wicek"),
    ("Scrub: Kelsey Tran\nCirculator: J. Alvarez RN", "Kelsey Tran"),
    ("Resp party: Donna Keller (daughter) 555-1212", "Donna Keller"),
    # sign-out and census lines
    ("1. Smith, John 72M CHF - f/u K", "Smith, John"),
    ("2. Okafor, Chidi 55F PNA - abx day 3", "Okafor, Chidi"),
    ("Lopez, 64F s/p CABG, doing well", "Lopez"),
    ("Bed 4: Haddad, Amira 45F", "Haddad, Amira"),
    # possessives and nicknames
    ("Maria's daughter called for update", "Maria"),
    ('goes by "Sonny"', "Sonny"),
    ("prefers to be called 'Bea'", "Bea"),
    ('nephew robert "bobby" lacasse in town', "lacasse"),
    ('son Harold Jr. ("Hal") lives out of state', "Hal"),
    # dictated notes and consult letters
    ("D: 03/14/2019 15:22  T: 03/15/2019 08:10 jmk", "jmk"),
    ("priyanka ramaswamy-cole md / prc", "prc"),
    ("Thank you for asking me to see Agnieszka Wolny, a 78 year old", "Agnieszka Wolny"),
    ("thank you for allowing us to participate in the care of Ruth Abara.", "Ruth Abara"),
    ("A. tran, RRT", "A. tran"),
    ("Pt seen with PA-C Rourke", "Rourke"),
    # clinical abbreviations as initials before a staff credential
    ("dm pca aware.", "dm"),
    ("Ordered by LR LICSW.", "LR"),
    ("LR LICSW following for dispo.", "LR"),
]

NEGATIVES = [
    "pa aware of labs", "pa pressures elevated", "np white count up", "attending: present",
    "resident: on call", "pa green light to d/c", "rn hung LR bolus",
    "Will Zosyn help?", "Hope Zyvox works", "May Xeljanz",
    "dr x 2", "dr x-ray", "dr b/c", "Dr. appointment tomorrow",
    "miss doses", "did not miss work", "pt may miss dialysis",
    "Patient: CHF, HTN", "1. CHF, 72M", "Admit, 64F", "HPI: 72M with CHF", "Plan, 72 yo",
    "2. Cardiology, 3M", "Neuro 4M",
    "Parkinson's daughter", "Today's son", "Mom's sister", "Patient's daughter", "Pt's wife",
    "Alzheimer's son", "Crohn's father",
    'an earlier ("Barts") phantom', "treated in specialist centers.",
    "pt goes by wheelchair", 'known as "the Rock"', 'pt "NPO" after MN', "pt prefers 'Rx'",
    "Assistant: none", "Anesthesia: General", "Anesthesia: MAC", "Witness: RN",
    "Assisted by: PA", "assisted by PT to chair", "performed by IR", "Responsible party: self",
    "Guarantor: same",
    "T: 03/15/2019 08:10 mg", "mg/dl", "asked us to see the patient",
    "in the care of your patient", "referral of Cardiology", "A. fib, RN aware",
    "PD RN changed inner cannula.", "IV RN here.", "NG RN placed.", "HD RN aware.",
    "to ICU RN", "seen by PT RN", "called by ED RN", "EP NP aware.",
    "Foley draining clear", "MD aware", "pt will call back", "Grace period for insurance",
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_name_in_form_is_tagged(deid: Deidentifier, text: str, word: str) -> None:
    assert _tagged(deid, text, word), (text, word, _names(deid, text))


@pytest.mark.parametrize("text", NEGATIVES)
def test_look_alike_is_not_a_name(deid: Deidentifier, text: str) -> None:
    assert _names(deid, text) == [], (text, _names(deid, text))


def test_verb_after_lower_case_name_is_left_out(deid: Deidentifier) -> None:
    assert _names(deid, "mr white ambulating in hall") == ["white"]
    assert _names(deid, "son jake harding called") == ["jake harding"]
