"""bench/deid_crash_fuzz.py: fragments and the count of raising detector calls."""

from __future__ import annotations

import random

from tests._support.round3 import BENCH
from tests._support.scripts import load_script

fz = load_script("deid_crash_fuzz", BENCH / "deid_crash_fuzz.py")


def test_fragments_are_runs_of_the_text():
    text = "one two three four five six seven eight nine ten"
    for frag in fz.fragments([text], 5, random.Random(1)):
        assert frag and frag in text


def test_a_raising_detector_is_counted_by_place_and_a_clean_one_is_not():
    def bad(t):
        if "x" in t.lower():
            raise IndexError("list index out of range")
        return []

    runs, raised, places = fz.fuzz(["ax", "b"], bad)
    assert (runs, raised) == (6, 3)
    assert [k[0] for k in places] == ["IndexError"]
    assert fz.fuzz(["ax", "b"], lambda t: [])[1] == 0
