"""Names after a verb of communication or hand-off, double initials, aides' roles, typists,
relatives named "Will"/"May" between commas, a flowsheet time before "dr.", and a town after a
title that is a person (session 10, branch deidname10; ``_verb_names``). Sentences written for
these tests; each family has look-alikes that must stay untagged."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


POSITIVES = [
    # a communication or hand-off verb, then a bare surname or first name, any case
    ("paged matthews (resp) for abg.", "matthews"),
    ("D/W NGUYEN (NIGHT FLOAT) RE K 3.1.", "NGUYEN"),
    ("d/w Okafor, will start abx.", "Okafor"),
    ("discussed w/ gutierrez re: dispo.", "gutierrez"),
    ("per abernathy ok to extubate.", "abernathy"),
    ("called kowalski re: K 3.2.", "kowalski"),
    ("covering for Sato this weekend.", "Sato"),
    ("sign out given to Patel.", "Patel"),
    ("d/w halvorsen and lindstrom re: plan.", "lindstrom"),
    ("d/w farouk (pulm fellow) overnight.", "farouk"),
    ("d/w fred re plan.", "fred"),  # a listed name that ends like an inflected word
    ("Kelly aware of K.", "Kelly"),
    # a team's members in brackets
    ("micu sign out, nf ravi -> day team (steph / jon)", "steph"),
    ("team (Okafor, Lindqvist, Sato) at bedside.", "Lindqvist"),
    # a covering role, then a lower-case name
    ("micu sign out, nf ravi -> day team", "ravi"),
    # a sign-out's bed line, then the patient's surname
    ("bed 3 delacroix - vent, sedated", "delacroix"),
    ("rm 4: o'hara 72f, gib", "o'hara"),
    ("BED 9 KOWALSKI - CHF", "KOWALSKI"),
    # a word, then an aide's role in brackets
    ("0530 LABS DRAWN BY TASHA (PCT).", "TASHA"),
    ("labs drawn by tasha (pct).", "tasha"),
    # a sign-out's header: from one clinician to another
    ("SIGNOUT 12/4 from Patel to Kim", "Patel"),
    # a flowsheet time before a lower-case title
    ("1100 dr. lee at bedside, aware of UO.", "lee"),
    ("0930 dr mcgrath notified of BP.", "mcgrath"),
    # double initials, then a surname
    ("Resident: TJ Okafor", "Okafor"),
    ("Nurse: AJ Kowalski", "Kowalski"),
    # an aide's role in capitals, then a first name
    ("MA Shelby roomed the patient.", "Shelby"),
    ("CMA jess took vitals.", "jess"),
    # typists' initials after "transcribed"/"dictated" without "by"
    ("Dictated by: H. Castellanos / transcribed kmj", "kmj"),
    # a relative's name that is also a modal, between commas or in brackets
    ("Son, Will, called this am.", "Will"),
    ("husband (Will) at bedside.", "Will"),
    ("daughter, May, at bedside.", "May"),
    # a staff member told of something, at a clause's start
    ("Okafor aware of K 3.1.", "Okafor"),
    ("K 5.9, Lindqvist notified, no new orders.", "Lindqvist"),
    ("kowalczyk aware, will come see pt.", "kowalczyk"),
    ("NGUYEN MADE AWARE.", "NGUYEN"),
    # a covering role, then a name in brackets
    ("S/O TO NIGHT FLOAT (MCGRATH).", "MCGRATH"),
    ("cross-cover (diaz) aware of K.", "diaz"),
]

NEGATIVES = [
    ("d/w renal, will dialyze.", "renal"),
    ("d/w pt and family at bedside.", "family"),
    ("D/W PHARMACY RE DOSING.", "PHARMACY"),
    ("d/w nsgy re: drain.", "nsgy"),
    ("D/W NSGY, NO CHANGES.", "NSGY"),
    ("d/w tox re ingestion.", "tox"),
    ("d/w Hospitalist, agrees.", "Hospitalist"),
    ("d/w nocturnist re: K.", "nocturnist"),
    ("signed out to nightfloat.", "nightfloat"),
    ("per protocol, hold tube feeds.", "protocol"),
    ("per uptodate, dose adjust.", "uptodate"),
    ("called back at 1400.", "back"),
    ("paged cards fellow re trop.", "cards"),
    ("covering for nights this week.", "nights"),
    ("notified rapid response.", "rapid"),
    ("2 dr lee", "lee"),
    ("190 ms. Thus no change.", "Thus"),
    ("CT Chest negative. ED Course unremarkable.", "Chest"),
    ("MS Contin 15 mg po bid.", "Contin"),
    ("dictated but not read.", "but"),
    ("transcribed not reviewed.", "not"),
    ("son, will call back tomorrow.", "will"),
    ("night float (nf) aware.", "nf"),
    ("d/w nsgy (spine) re drain.", "nsgy"),
    ("d/w reportedly improved", "reportedly"),
    ("D/W TEAM (MICU) RE PLAN.", "MICU"),
    ("primary team (surgery) aware.", "surgery"),
    ("nf aware. nf eval pending.", "eval"),
    ("bed 2 bath - done", "bath"),
    ("IV access by IV team (tech).", "team"),
    ("safety (sitter) at bedside.", "safety"),
    ("bath (cna) done.", "bath"),
    ("report from ED to floor", "floor"),
    ("handoff from day to night shift", "day"),
    ("room 12 air, no o2", "air"),
    ("rm 3 isolation - contact", "isolation"),
    ("bed 10 vent - ac", "vent"),
    ("rm 2 stable - no changes", "stable"),
    ("MD aware. Team aware. Cards aware. Hospitalist aware.", "Team"),
    ("Charge aware. Nsgy aware.", "Nsgy"),
    ("NIGHT FLOAT AWARE. RESIDENT MADE AWARE.", "FLOAT"),
    ("security notified. house sup notified.", "sup"),
    ("Pharmacy aware, will send.", "Pharmacy"),
    ("PCP notified. Hospice aware.", "Hospice"),
    ("Foley to gravity. Babinski neg. Swan in place. Gram stain neg.", "Foley"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_names_found(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word, "NAME"), (text, word)


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_look_alikes_untouched(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word), (text, word)


@pytest.mark.parametrize(("text", "word"), [
    ("Discussed with Dr. Waverly, agrees.", "Waverly"),
    ("Seen by Dr. Austin in clinic.", "Austin"),
    ("granddaughter Brooklyn visited.", "Brooklyn"),
])
def test_title_town_is_a_name(deid: Deidentifier, text: str, word: str) -> None:
    """A town's name right after a personal title is the person's (label NAME)."""
    assert covered(deid, text, word, "NAME"), (text, word)
    assert not any(s.label in ("LOCATION", "HOSPITAL") for s in deid.detect(text))


def test_state_code_ma_is_no_aide(deid: Deidentifier) -> None:
    """The state code in ", MA": "Shelby county" after it is a place (a county), not an aide."""
    text = "Boston, MA Shelby county."
    assert not covered(deid, text, "Shelby", "NAME")


def test_titled_person_elsewhere_in_the_note(deid: Deidentifier) -> None:
    """ "Dr. Waverly" is a person: the place label leaves the title's span."""
    text = "Seen by Dr. Waverly today. Waverly aware of K."
    first = [s for s in deid.detect(text) if s.start == text.index("Waverly")]
    assert first and first[0].label == "NAME"


def test_a_town_stays_a_town(deid: Deidentifier) -> None:
    text = "Moved from Austin last year. Dr. Austin saw pt."
    first = [s for s in deid.detect(text) if s.start == text.index("Austin")]
    assert first and first[0].label == "LOCATION"


def test_column_gap_after_title_keeps_the_place(deid: Deidentifier) -> None:
    """ "Dr. Tolliver   Marlow Radiology": the relabel pass still splits name and place."""
    text = "Attending: Dr. Tolliver   Marlow Radiology, 5367601608"
    spans = {text[s.start:s.end]: s.label for s in deid.detect(text)}
    assert spans.get("Tolliver") == "NAME"
    assert spans.get("Marlow Radiology") == "HOSPITAL"
