"""Third review of deidleft19 (session 19), fixed by the lead: each case is PHI the base found
that the fix round lost (dates after study words before a noun, years of death after more kin
words, listed names before a dose word, -y/-ic surnames before "at bedside")."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.mark.parametrize(("text", "part"), [
    ("echo 6/97 images reviewed", "6/97"),
    ("ECHO 6/97 IMAGES REVIEWED", "6/97"),
    ("Echo 6/97 views limited", "6/97"),
    ("cath 5/96 images on disc", "5/96"),
    ("aunt (june d. 2000)", "2000"),
    ("cousin (june d. 2000)", "2000"),
    ("stepmother (june d. 2000)", "2000"),
    ("grandma (june d. 2000)", "2000"),
    ("husband's (june d. 2000)", "2000"),
    ("widow of (june d. 2000)", "2000"),
    ("nephew (lindqvist d. 2000)", "2000"),
    ("(Estelle d. 2000) daily", "Estelle"),
    ("(Herbert d. 2000) po", "2000"),
    ("mrs. goody at bedside", "goody"),
    ("mr. rustic at bedside", "rustic"),
    ("mrs. poultry at bedside", "poultry"),
])
def test_the_base_finds_stay_found(text, part):
    assert covered(Deidentifier(), text, part)


def test_the_fixed_false_spans_stay_fixed():
    assert Deidentifier().detect("biopsy 3/50 hpf") == []
    assert Deidentifier().detect("mr. alert at bedside") == []
