"""Session 15 (deidname15): one staff-credential list for the name rules, and compounds of
common words ("Walk-in 45M") that no census rule takes for a name. Sentences written for
these tests (invented names); each behaviour has look-alikes that must stay as they were."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid import _shape_names
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
