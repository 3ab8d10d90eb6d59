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


def test_restricted_to_keys(inventory):
    found = find_abbreviations("Pt with PE and RA", inventory, keys={"pe"})
    assert [m.short for m in found] == ["PE"]
