"""Session 15 (deidname15): one staff-credential list for the name rules, and compounds of
common words ("Walk-in 45M") that no census rule takes for a name. Sentences written for
these tests (invented names); each behaviour has look-alikes that must stay as they were."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier, _shape_names
from meddx.deid._form_names import form_names, word_compound
from meddx.deid._lexicon import lexicon
from meddx.deid._name_words import CREDENTIALS, STAFF_CREDENTIALS


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _names(deid: Deidentifier, text: str) -> list[str]:
    return [text[s.start:s.end] for s in deid.detect(text) if s.label == "NAME"]


def test_one_staff_credential_list() -> None:
    # the shape rules read the shared list (capitals and lower case), no list of their own
    assert {w.lower() for w in _shape_names._STAFF} == set(STAFF_CREDENTIALS)
    assert {"pct", "cma"} <= STAFF_CREDENTIALS  # the two the shape rules' own list had
    assert {"pa", "pta", "mdiv"} <= STAFF_CREDENTIALS - CREDENTIALS


@pytest.mark.parametrize("text, name", [
    ("line flushed. RN jw / PCT ka", "ka"),
    ("Vitals taken, CMA tb", "tb"),
    ("Dressing changed this am per WOCN rk.", "rk"),
    ("Triage RN BJ", "BJ"),
])
def test_initials_beside_a_staff_credential(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _names(deid, text)


@pytest.mark.parametrize("text", [
    "Spoke with bedside RN now.",
    "Paged RN msg.",
    "Discussed with PCT today.",
    "Family moved here from PA ok",
])
def test_no_initials_after_a_credential(deid: Deidentifier, text: str) -> None:
    assert _names(deid, text) == []


@pytest.mark.parametrize("text", [
    "Walk-in 45M",
    "Walk-in 45M with cough x3 days.",
    "WALK-IN 45M",
    "walk-in 45m",
    "Drop-in 72F for BP check",
    "Follow-up 62 F, doing well",
    "2. Step-down 80M s/p CABG",
])
def test_compound_sign_before_an_age_is_no_name(deid: Deidentifier, text: str) -> None:
    assert _names(deid, text) == []


@pytest.mark.parametrize("text, name", [
    ("Smith-Jones, 45F", "Smith-Jones"),
    ("Amber-Lynn 30F here for f/u", "Amber-Lynn"),
    ("1. Okafor, Chidi 55F PNA", "Okafor, Chidi"),
])
def test_census_names_still_found(text: str, name: str) -> None:
    lex = lexicon()
    assert name in [text[s:e] for s, e in form_names(text, text.lower(), lex)]


def test_word_compound() -> None:
    lex = lexicon()
    assert word_compound("Walk-in", lex) and word_compound("follow-up", lex)
    assert not word_compound("Amber-Lynn", lex) and not word_compound("Smith-Jones", lex)
    assert not word_compound("Walker", lex)


# --- _name_rows: lower-case names before ", <credential>", board rows, therapists' sign-offs

@pytest.mark.parametrize("text, name", [
    ("attending: marco pestle, md.", "marco pestle"),  # a common surname after a first name
    ("phoned by: rosalind spindle, rn, discharge desk", "rosalind spindle"),
    ("neb given.\nd. pham, rrt", "d. pham"),
    ("pain controlled, see mar. qwx, rn.", "qwx"),  # initials that spell no word
    ("pcp: halvard okonkwo-reyes, md", "halvard okonkwo-reyes"),
    ("ROOM 7  TEMBO, K       CHF         ADMIT", "TEMBO, K"),
    ("rm 9  o'shea, p       fall        ct head", "o'shea, p"),
    ("612 | Adebayo-Ruiz, L  | UTI         | home", "Adebayo-Ruiz, L"),
    ("Plan: stairs. \u2014K. Brannigan-Osei, PT", "K. Brannigan-Osei"),
    ("gait belt used.\n-- tomek w, pt", "tomek w"),
])
def test_row_names_found(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _names(deid, text)


@pytest.mark.parametrize("text", [
    "blood drawn, rn aware",  # "blood" is a listed surname and an English word
    "pt seen, md aware",
    "per primary team, md",
    "ok per pharmacy, rn",
    "meds given per night shift, rn",
    "report to oncoming, rn",
    "discussed w/ resident, md",
    "plan per renal, md",
    "all questions answered, rn",
    "discussed with icu, rn",
    "BED 4  Sodium, K    recheck",
    "Ambulated 200 ft. - tolerated well, PT",
    "1. Pt is a 45M, PT to see",
])
def test_row_names_look_alikes(deid: Deidentifier, text: str) -> None:
    assert _names(deid, text) == []


@pytest.mark.parametrize("text", [
    "f/u: cardiology md dr. vanterpool to see in 1 wk.",  # a title after "md", no initials
    "clinic 2 weeks after d/c.\nr. wojcik, md   pager",
])
def test_no_title_or_slash_taken(deid: Deidentifier, text: str) -> None:
    names = _names(deid, text)
    assert "dr" not in names and not any("\n" in n or n.startswith("c.") for n in names)


# --- _name_ctx.title_word_name: an English word after "dr" in lower case, where a name ends

@pytest.mark.parametrize("text, name", [
    ("dictated by: dr. thimble  signed: dr thimble 11/17/2024", "thimble"),
    ("requested by: dr. ladle (hospitalist)", "ladle"),
    ("asks for updates from dr. spindle.\na/p: improving", "spindle"),
    ("dr trowel aware of labs", "trowel"),
])
def test_english_word_after_dr_in_lower_case(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _names(deid, text)


@pytest.mark.parametrize("text", [
    "called dr office.",
    "dr appt tomorrow",
    "per dr. on call",
    "dr orders followed",
    "seen by dr today",
    "dr. visit 2/3",
    "dr consult pending",
    "echo 12/24 ef 30%, mr moderate. seen by cardiology",  # "mr": mitral regurgitation
    "pt wants to see dr again.",
])
def test_no_name_after_dr_in_lower_case(deid: Deidentifier, text: str) -> None:
    assert _names(deid, text) == []


# --- _shift_note_names: a hand-off to or from a colleague by a name no list knows

@pytest.mark.parametrize("text, name", [
    ("report given to yuliska.", "yuliska"),
    ("Report given to Yuliska at 1900.", "Yuliska"),
    ("report received from ngozika, pt resting.", "ngozika"),
    ("will hand off to yuliska.", "yuliska"),
])
def test_hand_off_names(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _names(deid, text)


@pytest.mark.parametrize("text", [
    "report given to oncoming rn",
    "report to pacu at 1400",
    "report from radiology pending",
    "report from family at bedside",
    "report to floor given",
    "report from the ed",
])
def test_hand_off_look_alikes(deid: Deidentifier, text: str) -> None:
    assert _names(deid, text) == []


# --- _names: "Jr." after a name in any case, "Sr." with its period

@pytest.mark.parametrize("text, name", [
    ("wife carmela, sons tobias and emilio jr. family meeting held", "emilio jr."),
    ("son rufus jr., dtr annika", "rufus jr."),
    ("patient name: okonjo, bernard sr.            mrn: 0042", "okonjo, bernard sr."),
])
def test_suffix_after_a_name(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _names(deid, text)


def test_no_sinus_rhythm_suffix(deid: Deidentifier) -> None:
    text = "seen by dr jones sr 80s on tele"  # "sr" without a period: a sinus rhythm
    assert _names(deid, text) == ["jones"]
