"""Session 18 (deidname18): the names session 17's review found lost, and the edges of a found
name across writers. Sentences written for these tests (invented names); each behaviour has
look-alikes that must stay as they were."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier
from meddx.deid._lexicon import lexicon
from meddx.deid._name_edges import name_edges


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
    ("vitamin d. okafor", ["okafor"]),  # lost by session 22's refit, found again by session 23's
    ("plan b. jones", ["jones"]),
]


UNLISTED_BEFORE_NOTIFIED = [
    ("Kwame aware of plan.", ["Kwame"]),
    # a drug or a service before "(rn aware": given up (session 18's spelling test, which kept
    # "Adwoa (rn aware of plan).", also kept brand drugs: removed after the review)
    ("Nexterone (rn aware of plan).", []),
    ("Nsgy aware.", []),
    ("Ozempic (rn aware).", []),
]


# -- the review of session 18 (invented inputs of /work/wt/tasks/deidname18_review.md) ---

#: finding 1: a surname after "son in law" / a relation + a month-word first name is masked whole
KIN_SURNAMES = [
    ("son in law tom brown at bedside, updated on plan.", "tom brown"),
    ("daughter in law mary bell called for update", "mary bell"),
    ("son in law mike rose at bedside", "mike rose"),
    ("mother june gray at bedside", "june gray"),
    ("dtr june caudle brown md", "june caudle brown"),
    ("son in law hope whitney   acct# 123", "hope whitney"),
    ("son in law puerto grace md", "puerto grace"),
    ("wife april green called", "april green"),
    ("spoke with son in law tom brown via phone", "tom brown"),
    ("Son in law Tom Brown at bedside", "Tom Brown"),
    ("son tom brown at bedside", "tom brown"),
    ("son in law hope graves will call", "hope graves"),
]


@pytest.mark.parametrize("text, name", KIN_SURNAMES)
def test_kin_surname_masked_whole(deid: Deidentifier, text: str, name: str) -> None:
    start = text.index(name)
    spans = [s for s in deid.detect(text) if s.label == "NAME"]
    assert any(s.start <= start and s.end >= start + len(name) for s in spans), spans


#: finding 2: an adjective after a lower-case dotted title is no surname
@pytest.mark.parametrize("text", [
    "mr. alert and oriented x3. pt remains alert, follows commands.",
    "mr. calm and cooperative", "mrs. quiet and withdrawn", "ms. independent with adls",
    "mrs. happy with care", "mr. hungry, tolerating diet", "mr. angry at staff",
    "mrs. upset with wait", "ms. lethargic, arousable",
])
def test_no_adjective_after_dotted_title(deid: Deidentifier, text: str) -> None:
    assert _names(deid, text) == []


def test_dotted_title_word_name_kept(deid: Deidentifier) -> None:
    assert _names(deid, "mr. mouse is a 79-year-old man") == ["mouse"]


#: finding 3: brand drugs before "(rn aware)." are no names, nor propagated through the note
@pytest.mark.parametrize("drug", [
    "Entyvio", "Keytruda", "Tecfidera", "Ocrevus", "Briviact", "Vimpat", "Onfi", "Banzel",
    "Fycompa", "Aptiom", "Nuplazid", "Ingrezza", "Austedo", "Skyrizi", "Trikafta", "Kerendia",
    "Veltassa", "Lokelma", "Sensipar", "Venofer",
])
def test_brand_drug_before_rn_aware(deid: Deidentifier, drug: str) -> None:
    assert _names(deid, f"{drug} (rn aware).") == []


#: findings 4 and 5: "Dr. Will <verb>", an unknown lower-case abbreviation before "sw"
@pytest.mark.parametrize("text", [
    "Dr. Will Call back. We will call back the family.", "Dr. Will Call in the morning.",
    "Dr. Will Hunt for records.", "outpt sw following",
    # second review: punctuation or a capital after the verb is no name's end either
    "Dr. Will Call.", "Dr. Will Call at 3 pm", "Dr. Will Call Daughter. We will call back.",
])
def test_no_modal_verb_or_abbreviation_name(deid: Deidentifier, text: str) -> None:
    assert _names(deid, text) == []


@pytest.mark.parametrize("text, name", [
    ("Dr. Will Smith saw the patient.", "Will Smith"), ("hope pa aware", "hope"),
])
def test_modal_and_lower_staff_names_kept(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _names(deid, text)


def test_brand_drug_not_propagated(deid: Deidentifier) -> None:
    text = "Tecfidera (rn aware). Continue Tecfidera daily, next dose Tecfidera 240 mg."
    assert _names(deid, text) == []


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


@pytest.mark.parametrize("head, unit, n, tail", [
    ("", " ", 5_000, ""), ("", "mary ", 1_750, ""), ("", "Boston ", 1_750, ""),
    ("", "dr will ", 1_250, ""), ("patient: ", "kettle ", 1_250, ""), ("", "smith, ", 1_750, "md"),
    ("", "j. ", 1_750, "okafor"),
    # a found name, then a long run of blanks: the edges' patterns read each blank once
    ("ordering: chen, warren", " ", 5_000, "x"), ("given to kim o.", " ", 5_000, "x"),
    ("nursing note: maddox, dawn", " ", 5_000, "x"), ("patient: otis", " ", 5_000, "x"),
    ("", "son in law ", 750, ""), ("", "mr. ", 1_250, ""),
])
def test_long_repeated_inputs_are_fast(deid: Deidentifier, head: str, unit: str, n: int,
                                       tail: str) -> None:
    """Linear: four times the input takes well under 16 times as long (a quadratic rule would);
    the best of two runs each, and a small floor for the noise of a busy machine."""
    def best(k: int) -> float:
        text = head + unit * k + tail
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            deid.detect(text)
            times.append(time.perf_counter() - t0)
        return min(times)

    deid.detect(head + unit + tail)  # warm the lexicon and the models
    base, big = best(n), best(4 * n)
    assert big < 8 * base + 0.2, (base, big)


@pytest.mark.parametrize("text, word", [
    ("family is from Puerto Rico.", "Rico"),   # a country's words: no first name and surname
    ("moved here from costa rica", "rica"),
])
def test_no_first_name_joins(text: str, word: str) -> None:
    start = text.index(word)
    span = (start, start + len(word), 0.8)
    assert name_edges(text, [span], lexicon()) == [span]
