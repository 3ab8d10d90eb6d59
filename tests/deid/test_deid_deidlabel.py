"""Which label a PHI span gets (session 9, branch deidlabel, ``meddx.deid._labels``): a name
before a credential that is also a state code, a name after a title that a place rule ran past,
a name running into a date, organisations typed LOCATION and facilities HOSPITAL, and eponymous
diseases named after places. Sentences written for these tests; none comes from a note set.
Each rule has positives (the label must be right) and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _labels(deid: Deidentifier, text: str) -> dict[str, str]:
    return {text[s.start:s.end]: s.label for s in deid.detect(text)}


# (sentence, words, the label they must carry)
LABELLED = [
    # a person before a credential that is also a state code
    ("Reading physician: Desmond Achterberg, MD, FACC", "Desmond Achterberg", "NAME"),
    ("cc: Amara Quist, MD (PCP)", "Amara Quist", "NAME"),
    ("Dictated by: DR Underhill, MD  06/11/2016 0600", "Underhill", "NAME"),
    ("Resident: Jasper Oduya, MD PGY-3", "Jasper Oduya", "NAME"),
    ("SLP: Yvette Saint-Germain, MA, CCC-SLP, pager 4471", "Yvette Saint-Germain", "NAME"),
    ("AAA REPAIR 12/1. REPORT FROM TERESA RN.", "TERESA", "NAME"),
    # a person after a title that a facility rule ran past
    ("plan for trach/peg per dr. cheverton vs rehab at willowmere assisted living.",
     "cheverton", "NAME"),
    ("PLAN FOR TRACH/PEG PER DR TRAN VS REHAB AT HARBOR LIGHTS NURSING HOME.", "TRAN", "NAME"),
    ("Attending: Dr. Tolliver   Marlow Radiology, 5367601600", "Tolliver", "NAME"),
    ("Attending: Dr. Tolliver   Marlow Radiology, 5367601600", "Marlow Radiology", "HOSPITAL"),
    ("Patient: MULCAHY, AGNIESZKA   Unit No: 965-59-39", "MULCAHY, AGNIESZKA", "NAME"),
    # a name running into a date
    ("Electronically signed Dr. Maddox June 7, 2009", "Maddox", "NAME"),
    ("Electronically signed Dr. Maddox June 7, 2009", "June 7, 2009", "DATE"),
    # organisations are LOCATION, facilities HOSPITAL, towns LOCATION
    ("PT ATTENDS ST. FRANCIS XAVIER CHURCH, PASTOR VISITED.", "ST. FRANCIS XAVIER CHURCH",
     "LOCATION"),
    ("STAYING AT HARBORVIEW INN ON CANAL ST.", "HARBORVIEW INN", "LOCATION"),
    ("Pt is a vet tech at Pell River Animal Hospital.", "Pell River Animal Hospital",
     "HOSPITAL"),
    ("lived in North Platte until 2020, now in kearney", "North Platte", "LOCATION"),
    ("their dtr pat from nashua nh coming tomorrow", "nashua", "LOCATION"),
    ("SON ON WAY FROM HALIFAX, NOVA SCOTIA.", "HALIFAX", "LOCATION"),
]
# look-alikes: (sentence, words, the label they keep)
KEPT = [
    ("She lives in Baltimore, MD 21201 with her son.", "Baltimore", "LOCATION"),
    ("lives in Springfield, MA, USA", "Springfield", "LOCATION"),
    ("Transferred from Ridley Falls Medical Center on 3/4.", "Ridley Falls Medical Center",
     "HOSPITAL"),
    ("Seen by Dr. Lyme today.", "Lyme", "NAME"),
    ("transferred from Mercy in the am", "Mercy", "HOSPITAL"),
    ("TRANSFERRED FROM MERCY IN THE AM", "MERCY", "HOSPITAL"),
    ("transferred from mercy in am", "mercy", "HOSPITAL"),
]


def _label_of(deid: Deidentifier, text: str, words: str) -> str | None:
    i = text.index(words)
    hits = [s.label for s in deid.detect(text) if s.start <= i and i + len(words) <= s.end]
    return hits[0] if hits else None


@pytest.mark.parametrize(("text", "words", "label"), LABELLED + KEPT)
def test_label(deid: Deidentifier, text: str, words: str, label: str) -> None:
    assert _label_of(deid, text, words) == label


def test_a_town_alone_before_a_state_code_stays_a_place(deid: Deidentifier) -> None:
    text = "studied at the University of Pittsburgh (Pittsburgh, PA) during its first year"
    i = text.index("(Pittsburgh") + 1
    assert [s.label for s in deid.detect(text) if s.start <= i < s.end] == ["LOCATION"]


def test_a_split_name_keeps_the_place_and_drops_connecting_words(deid: Deidentifier) -> None:
    got = _labels(deid, "PLAN: FAMILY MEETING WITH DR AMES AND PALLIATIVE CARE.")
    assert got.get("AMES") == "NAME" and "DR" not in " ".join(got)
    got = _labels(deid, "per dr. cheverton vs rehab at willowmere assisted living.")
    assert "vs" not in " ".join(got)


@pytest.mark.parametrize("text", [
    "Rocky Mountain spotted fever was ruled out.",
    "Hx of Rocky Mountain spotted fever, treated with doxycycline.",
    "San Francisco syncope rule negative.",
    "St. Louis encephalitis ruled out.",
    "Lyme disease serologies pending.",
    "West Nile virus IgM negative.",
])
def test_eponymous_diseases_are_no_phi(deid: Deidentifier, text: str) -> None:
    assert deid.detect(text) == []


@pytest.mark.parametrize(("text", "word"), [
    ("Dr. Lyme disease clinic follow-up with Dr. Francisco next week.", "Francisco"),
    ("Seen by Dr. Rocky Mountain, spotted at the fair.", "Rocky"),
    ("son Francisco visited, syncope workup pending", "Francisco"),
])
def test_names_near_eponym_words_stay(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word)
