"""The third batch of cue rows (session 8): the rows parse, every sense has a prior and cues,
and lowercase units after a number are detected. Each new sense picked from its context:
``CASES`` of test_abbrev_cues.py."""

from __future__ import annotations

import pytest

from meddx.text import load_inventory

THIRD = ("mac gtt cap ett sl vt lt sc fx hct tlc aa cc disp inh supp bc cea diff ap om tr cns "
         "lad ag bms ct hc ng tm co des lac mm psa tv nc nph scc ino mds sr lm sm bl bpm uc "
         "pvr pnd tbi ip").split()


def test_rows_parse_with_priors_and_cues_for_every_sense():
    book = load_inventory().cues
    for key in THIRD:
        names = book.senses.get(key, [])
        assert len(names) >= 2, key
        assert set(book.priors[key]) == {n.lower() for n in names} or \
            len(book.priors[key]) == len(names), key
        cued = {c.sense for c in book.cues[key]}
        assert len(cued) == len(names), (key, names, cued)


def test_the_candidates_are_the_listed_senses(inventory):
    gtt = {inventory.senses["gtt"][i].name for i in inventory.candidates("gtt")}
    assert gtt == {"continuous infusion", "gutta", "glucose tolerance test"}
    ap = inventory.sense("ap", "anteroposterior")  # an alias merged into the listed sense
    assert ap is not None and ap.name == "anterior posterior"


@pytest.mark.parametrize(("text", "short", "found"), [
    ("Gave 500 cc NS.", "cc", True),
    ("Pupils 3 mm, reactive.", "mm", True),
    ("Ferritin 8 ng/mL.", "ng", True),
    ("cc: Dr. Adams, clinic file.", "cc", False),  # carbon copy, not after a number
    ("mm, pt says the pain is better.", "mm", False),
    ("ng tube? no: the note spells it out.", "ng", False),
])
def test_lowercase_units_after_a_number(inventory, text, short, found):
    from meddx.text import find_abbreviations

    shorts = [m.short for m in find_abbreviations(text, inventory)]
    assert (short in shorts) is found
