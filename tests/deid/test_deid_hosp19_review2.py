"""Second review of deidhosp19 (session 19), fixed by the lead: PHI the base found that the fix
round still lost (ALL-CAPS adjective-like towns after other move words, case-less wards above
floor 20 after a bracket or comma, a longer place after a residence verb)."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.mark.parametrize(("text", "part"), [
    ("D/C TO WHEELING.", "WHEELING"),
    ("DISCHARGED TO WHEELING FOR REHAB", "WHEELING"),
    ("XFER TO BOUNTIFUL", "BOUNTIFUL"),
    ("FROM IMPERIAL.", "IMPERIAL"),
    ("PT IS FROM CENTRAL.", "CENTRAL"),
    ("TRANSFERRING TO CENTENNIAL TODAY", "CENTENNIAL"),
    ("pt moved (lunder 21) for tele.", "lunder 21"),
    ("(charge, whitcombe 26)", "whitcombe 26"),
    ("brother lives in holiday island.", "holiday island"),
    ("husband came from walker lake.", "walker lake"),
])
def test_the_base_finds_stay_found(text, part):
    assert covered(Deidentifier(), text, part)


@pytest.mark.parametrize("text", ["RETURNED TO NORMAL", "HR BACK TO NORMAL", "(AHI 48)",
                                  "son in spring will visit"])
def test_the_fixed_false_spans_stay_fixed(text):
    assert Deidentifier().detect(text) == []
