"""The third batch of cue rows (session 8): the block holds exactly the batch's short forms, every
sense has a prior and cue rows of its own, the candidates are the listed senses (with the senses
the rows added and the aliases they merged), and lowercase units after a number are detected
with their exact span. Each new sense picked from its context: ``CASES`` of test_abbrev_cues.py."""

from __future__ import annotations

from importlib import resources

import pytest

from meddx.text import find_abbreviations

THIRD = ("mac gtt cap ett sl vt lt sc fx hct tlc aa cc disp inh supp bc cea diff ap om tr cns "
         "lad ag bms ct hc ng tm co des lac mm psa tv nc nph scc ino mds sr lm sm bl bpm uc "
         "pvr pnd tbi ip").split()
START = "# ---- Added for a third batch of short forms (session 8"
END = "# ---- Added for the remaining candidates (session 9"


def test_the_block_holds_exactly_the_batch():
    text = (resources.files("meddx.text") / "resources" / "abbrev_cues.tsv").read_text("utf-8")
    block = text[text.index(START):text.index(END)]
    keys = [ln.split("\t", 1)[0] for ln in block.splitlines() if ln and not ln.startswith("#")]
    assert len(THIRD) == len(set(THIRD)) == 51
    assert set(keys) == set(THIRD)


@pytest.mark.parametrize("key", THIRD)
def test_every_sense_has_a_prior_and_cue_rows_of_its_own(inventory, key):
    book = inventory.cues
    senses = {c.sense for c in book.cues[key]}
    assert len(senses) == len(book.senses[key]) >= 2
    assert set(book.priors[key]) == senses
    assert all(w > 0 for w in book.priors[key].values())


def test_the_candidates_are_the_listed_senses(inventory):
    for key in THIRD:
        got = {inventory.senses[key][i].name.lower() for i in inventory.candidates(key)}
        assert got == {n.lower() for n in inventory.cues.senses[key]}, key
    gtt = {inventory.senses["gtt"][i].name for i in inventory.candidates("gtt")}
    assert gtt == {"continuous infusion", "gutta", "glucose tolerance test"}
    ap = inventory.sense("ap", "anteroposterior")  # an alias merged into the listed sense
    assert ap is not None and ap.name == "anterior posterior"
    # senses the inventory lacks, added by the rows
    for key, name in (("gtt", "continuous infusion"), ("ct", "chest tube"),
                      ("uc", "uterine contractions")):
        assert inventory.sense(key, name).sources == {"cues"}, (key, name)


@pytest.mark.parametrize(("text", "short", "start"), [
    ("Gave 500 cc NS.", "cc", 9),
    ("Pupils 3 mm, reactive.", "mm", 9),
    ("Ferritin 8 ng/mL.", "ng", 11),
    ("Drain put out 40cc overnight? no: 40 cc.", "cc", 37),  # "40cc" is one token, not cc
    ("CC: chest pain.", "CC", 0),  # capitals: a short form wherever it stands
])
def test_lowercase_units_after_a_number(inventory, text, short, start):
    got = [(m.start, m.end, m.key) for m in find_abbreviations(text, inventory)
           if m.key == short.lower()]
    assert got == [(start, start + len(short), short.lower())]


@pytest.mark.parametrize("text", [
    "cc: Dr. Adams, clinic file.",  # carbon copy, not after a number
    "mm, pt says the pain is better.",
    "ng tube? no: the note spells it out.",
    "the mm of the note and the cc list",
])
def test_lowercase_units_elsewhere_are_words(inventory, text):
    assert not find_abbreviations(text, inventory, keys={"cc", "mm", "ng"})
