"""Session 18 (deidname18): the names session 17's review found lost, and the edges of a found
name across writers. Sentences written for these tests (invented names); each behaviour has
look-alikes that must stay as they were."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier
from meddx.deid._lexicon import lexicon
from meddx.deid._name_edges import name_edges
from meddx.deid._name_spelling import name_spelled


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _names(deid: Deidentifier, text: str) -> list[str]:
    return [text[s.start:s.end] for s in deid.detect(text) if s.label == "NAME"]


# -- the review leftovers ------------------------------------------------------------------

MODAL_FIRST_NAMES = [
    # a first name that is also a modal, after a title, before a surname
    ("Dr. Will Smith saw pt today.", ["Will Smith"]),
    ("dr will kowalski at bedside", ["will kowalski"]),
    ("DR WILL KOWALSKI AT BEDSIDE", ["WILL KOWALSKI"]),
    ("Dr. Will Kowalski", ["Will Kowalski"]),
    # look-alikes: "will" the modal after a title
    ("dr will see pt in am", []),
    ("Dr. will see pt in am", []),
    ("Dr. Will see pt in am", []),
    ("DR WILL CALL BACK", []),
    ("Dr will call back", []),
    ("Dr. Will follow up tomorrow.", []),
]


INITIALS_AFTER_VERBS = [
    # an initial after a verb whose object is a person begins the name
    ("consulted j. okafor", ["j. okafor"]),
    ("Consulted J. Okafor", ["J. Okafor"]),
    ("paged m. diaz re: K", ["m. diaz"]),
    ("pt updated, called j. okafor at 1400", ["j. okafor"]),
    ("cards fellow m. diaz", ["m. diaz"]),
    # after another word the letter is no initial
    ("vitamin d. okafor", ["okafor"]),
    ("plan b. jones", ["jones"]),
]


UNLISTED_BEFORE_NOTIFIED = [
    ("Adwoa (rn aware of plan).", ["Adwoa"]),
    ("Pt seen with Adwoa (rn aware of plan).", ["Adwoa"]),
    ("Kwame aware of plan.", ["Kwame"]),
    # a drug or a service before "(rn aware": still given up
    ("Nexterone (rn aware of plan).", []),
    ("Nsgy aware.", []),
    ("Ozempic (rn aware).", []),
]


@pytest.mark.parametrize("word, ok", [
    ("Adwoa", True), ("Kwame", True), ("Abena", True), ("Chiamaka", True),
    ("Nexterone", False),  # a drug stem ending (-one) and an "x"
    ("Nsgy", False),       # no vowel: a service's abbreviation
    ("Ozempic", False), ("Neurosurg", False), ("Praxbind", False), ("Nimbex", False),
    ("NSGY", False), ("Al", False),
])
def test_name_spelled(word: str, ok: bool) -> None:
    assert name_spelled(word) is ok


# -- the edges of a found name -------------------------------------------------------------

EDGES_FOUND = [
    ("whitney osterhaus, rn, ccm  ext 4-3381", ["whitney osterhaus"]),
    ("pt: dakota shifflett  19m  mrn 44", ["dakota shifflett"]),
    ("PT: DAKOTA SHIFFLETT  19M", ["DAKOTA SHIFFLETT"]),
    ("dtr june paskowitz (hcp) called.", ["june paskowitz"]),
    ("pt jimmy lee caudle 52 m, newly on insulin", ["jimmy lee caudle"]),
    ("ordering: chen, warren md", ["chen, warren"]),
    ("ORDERING: CHEN, WARREN MD", ["CHEN, WARREN"]),
    ("patient: otis kettle   acct# 974-28-45", ["otis kettle"]),
    ("patient: junior mouse      dob: 03/03/1950", ["junior mouse"]),
    ("nursing note: maddox, dawn (7p-7a). neuro: a&ox3", ["maddox, dawn"]),
    ("present: dr. e. varga (attending), carys oduya-finch rn, sw", ["e. varga", "carys oduya-finch"]),
    ("dtr tammy and son in law rick in at 1100.", ["tammy", "rick"]),
    ("daughter in law maria called.", ["maria"]),
    ("walker from the supply store. b. strand rn cm", ["b. strand"]),
    ("plan reviewed with son by phone. l. pugh, rn, mds coordinator", ["l. pugh"]),
    ("given to kim o. rn at 1400", ["kim o."]),
    ("wife june knows dnr discussed.", ["june"]),
    ("dtr april aware of plan.", ["april"]),
    ("mr. mouse is a 79-year-old retired farmer.", ["mouse"]),
    ("hope pa aware. haldol x1.", ["hope"]),
    ("mike sw aware. esi 2.", ["mike"]),
]


EDGES_LOOK_ALIKES = [
    ("seen in ed smith at bedside", []),
    ("mri brain kowalski protocol", []),
    ("smith, will follow md", []),
    ("patient: alert and oriented", []),
    ("patient: stable, no distress", []),
    ("assessment: smith, stable (improving)", []),
    ("son in law at bedside.", []), ("daughter in law will call back.", []),
    ("SON IN LAW CALLED.", []),
    ("son june 2019 visit.", []), ("son may visit tomorrow.", []),
    ("since june pt has had falls.", []),
    ("mild mr. trace tr.", []), ("mod mr. no ms.", []), ("mr. stable overnight.", []),
    ("mr mouse is a 79-year-old retired farmer.", []),
    ("child-pugh, md", []), ("pod rn aware.", []), ("night rn aware.", []),
    ("charge rn notified.", []),
    ("primary rn aware of plan.", []), ("bedside rn aware.", []), ("team sw following.", []),
]


@pytest.mark.parametrize("text, names", [
    *MODAL_FIRST_NAMES, *INITIALS_AFTER_VERBS, *UNLISTED_BEFORE_NOTIFIED, *EDGES_FOUND,
    *EDGES_LOOK_ALIKES,
])
def test_names(deid: Deidentifier, text: str, names: list[str]) -> None:
    """Each table's sentences get exactly these NAME spans."""
    assert _names(deid, text) == names


def test_month_first_name_only_after_relation() -> None:
    """A month joins a found surname after a relation ("dtr june paskowitz"), not after
    another cue ("in june kowalski ...")."""
    lex = lexicon()
    text = "dtr june paskowitz called"
    start = text.index("paskowitz")
    assert name_edges(text, [(start, start + 9, 0.8)], lex) == [(4, start + 9, 0.8)]
    text = "seen in june kowalski"
    start = text.index("kowalski")
    assert name_edges(text, [(start, start + 8, 0.8)], lex) == [(start, start + 8, 0.8)]


@pytest.mark.parametrize("text", [
    " " * 20_000, "mary " * 7_000, "Boston " * 7_000, "dr will " * 5_000,
    "patient: " + "kettle " * 5_000, "smith, " * 7_000 + "md", "j. " * 7_000 + "okafor",
    # a found name, then a long run of blanks: the edges' patterns read each blank once
    "ordering: chen, warren" + " " * 20_000 + "x", "given to kim o." + " " * 20_000 + "x",
    "nursing note: maddox, dawn" + " " * 20_000 + "x", "patient: otis" + " " * 20_000 + "x",
])
def test_long_repeated_inputs_are_fast(deid: Deidentifier, text: str) -> None:
    t0 = time.perf_counter()
    deid.detect(text)
    assert time.perf_counter() - t0 < 20  # linear: under 2 s each on a busy machine


@pytest.mark.parametrize("text, word", [
    ("family is from Puerto Rico.", "Rico"),   # a country's words: no first name and surname
    ("moved here from costa rica", "rica"),
])
def test_no_first_name_joins(text: str, word: str) -> None:
    start = text.index(word)
    span = (start, start + len(word), 0.8)
    assert name_edges(text, [span], lexicon()) == [span]
