"""Abbreviation detection: the short forms found (spans into the input) and the words left alone."""

from __future__ import annotations

import pytest

from meddx.text import find_abbreviations

CASES = [
    # (text, expected (written short form, key) in order)
    ("Pt s/p CABG.", [("Pt", "pt"), ("s/p", "s/p"), ("CABG", "cabg")]),
    ("P.E. unremarkable", [("P.E.", "pe")]),
    ("c/o n/v since am", [("c/o", "c/o"), ("n/v", "n/v")]),
    ("pt's wife at bedside", [("pt", "pt")]),
    ("CTA negative for PE.", [("CTA", "cta"), ("PE", "pe")]),
    ("multiple PEs seen", [("PE", "pe")]),
    ("no BM x3 days", [("BM", "bm"), ("x3", "x3")]),
    ("Severe AS on echo", [("AS", "as")]),
    ("Renal US showed no hydronephrosis", [("US", "us")]),
    ("Taken to the OR today", [("OR", "or")]),
    ("PT/INR normal", [("PT", "pt"), ("INR", "inr")]),
    ("endoscopic US and CT", [("US", "us"), ("CT", "ct")]),
    ("the US showed gallstones", [("US", "us")]),
    ("sats 98% on RA", [("sats", "sats"), ("RA", "ra")]),
]

# "IT" in capitals inside mixed-case text is a short form wherever it stands in the sentence;
# the pronoun ("it", "It"), information technology and all-capitals lines are left alone.
IT_FOUND = [
    "Methotrexate 12 mg IT on day 1.",
    "Received IT chemo with the LP.",
    "Patient tolerated IT cytarabine well.",
    "Left ovarian IT, grade 2.",
    "IT methotrexate given with LP today.",
    "Plan: IT dosing per protocol, recheck CSF.",
]
IT_LEFT_ALONE = [
    "It is what it is.",
    "Called IT about the printer in room 4.",
    "The IT department reset her portal password.",
    "IT was notified of the outage.",
    "Says IT'S worse at night.",
    "PATIENT STATES IT HURTS WHEN SHE WALKS.",
    "HISTORY OF PRESENT ILLNESS: IT STARTED TWO DAYS AGO",
    "Pain started 2 days ago; it is worse at night.",
]

NEGATIVES = [
    # (text, short forms that must NOT be found)
    ("Such as fever or chills.", {"as", "or"}),
    ("HISTORY AS FOLLOWS: PATIENT SEEN", {"as"}),
    ("Chest pain OR dyspnea at rest", {"or"}),
    ("She moved to the US in 2010.", {"us"}),
    ("Born in the U.S., lives with us.", {"us"}),
    ("the US population ages", {"us"}),
    ("trials from the US and Europe", {"us"}),
    ("It is what it is.", {"it", "is"}),
    ("Give it to him.", {"it"}),
    ("He went home. Pain is better.", {"he", "is"}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_detects_short_forms(inventory, text, expected):
    found = find_abbreviations(text, inventory)
    assert [(m.short, m.key) for m in found] == expected
    for m in found:
        assert text[m.start:m.end] == m.short


@pytest.mark.parametrize(("text", "absent"), NEGATIVES)
def test_leaves_ordinary_words_alone(inventory, text, absent):
    keys = {m.key for m in find_abbreviations(text, inventory)}
    assert not keys & absent


@pytest.mark.parametrize("text", IT_FOUND)
def test_it_in_capitals_mid_sentence_is_a_short_form(inventory, text):
    found = [m for m in find_abbreviations(text, inventory) if m.key == "it"]
    assert [text[m.start:m.end] for m in found] == ["IT"]


@pytest.mark.parametrize("text", IT_LEFT_ALONE)
def test_it_the_word_and_it_the_department_left_alone(inventory, text):
    assert not find_abbreviations(text, inventory, keys={"it"})


def test_restricted_to_keys(inventory):
    found = find_abbreviations("Pt with PE and RA", inventory, keys={"pe"})
    assert [m.short for m in found] == ["PE"]
