"""Names after a relation word or "pt" (``_name_kin``, session 14): the surname after a first
name (also across a line wrap, also when the surname is a medical word), a lone surname after
"pt" before "(", ",", "pod"; the kin abbreviations "hus", "gf", "bf"; "son will will visit"
(``_kin_modal_names``). Sentences written for these tests (invented names); look-alikes that
must stay untagged come with each rule."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid._lexicon import lexicon
from meddx.deid._name_kin import kin_names


@pytest.fixture(scope="module")
def name_spans():
    """The NAME spans (start, end) of the default de-identifier on a text."""
    deid = Deidentifier()
    return lambda text: [(s.start, s.end) for s in deid.detect(text) if s.label == "NAME"]


def _covered(spans: list[tuple[int, int]], text: str, word: str) -> bool:
    """Every letter or digit of ``word`` (its first occurrence) lies in one of ``spans``."""
    i = text.index(word)
    return all(any(a <= k < b for a, b in spans) for k in range(i, i + len(word)) if text[k].isalnum())


POSITIVES = [
    # relation or pt, first name, surname (a medical word, an unlisted word, a line wrap)
    ("pt's brother tobias parkinson in from out of state.", "tobias parkinson"),
    ("son quang ng wants a call for any changes.", "quang ng"),
    ("family mtg w/ wife marta\nbellefleur and son; palliative aware.", "marta\nbellefleur"),
    ("neuro floor: pt harold parkinson (no relation).", "harold parkinson"),
    ("DTR GLADYS ORTEGA CALLED FOR UPDATE", "GLADYS ORTEGA"),
    # pt and a lone surname before "(", ",", ")", "pod", a digit
    ("pt ortega pod#2, ngt out.", "ortega"),
    ("pt quarshie (rm 510) s/p lap chole.", "quarshie"),
    ("rm 7 (pt zendaya, 6 yo, dka)", "zendaya"),
    ("tele note: rm 531 pt (okonkwo-baptiste) 9 beat run vt", "okonkwo-baptiste"),
    # a listed given name after "pt surname,": the whole name, its initial too
    ("micu npn 0700-1900\npt quarshie, ana mrn 00-48-27-19", "quarshie, ana"),
    ("received 06:55\npatient rossi, carla m   mrn hv0023381", "rossi, carla m"),
    # a hyphenated surname broken after its hyphen
    ("plan ok - dr halvorsen-\nwade ok if counts allow.", "halvorsen-\nwade"),
    ("pt's pcp dr o'rourke-\nbates sent update via portal", "o'rourke-\nbates"),
    # an age after "pt first surname": the name and the age both (through the case view)
    ("visit, 3/14. pt agnes pettibone, 97, methodist, lifelong", "agnes pettibone"),
    # kin abbreviations
    ("hus tom aware of plan.", "tom"),
    ("gf kayla here overnight.", "kayla"),
    ("bf dmitri called, updated.", "dmitri"),
    # a modal name before the modal
    ("per her, son will will visit after work.", "will"),
]

LOOK_ALIKES = [
    ("pt states pain 4/10, tolerating diet.", "states"),
    ("son at bedside, wife aware of plan.", "aware"),
    ("pt afebrile, ambulating with walker.", "afebrile"),
    ("pt tolerated diet (full liquids).", "tolerated"),
    ("sis will call back tomorrow.", "will"),
    ("son will visit after work.", "will"),
    ("pt ambulating in hall, pain controlled.", "ambulating"),
    ("wife mary states pt slept well.", "states"),
    ("son bill parkinson's disease hx per chart.", "parkinson"),
    ("pt smith ambulating in hall.", "ambulating"),
    ("pt lasix (40 mg) given, pt npo, 2 units.", "lasix"),
    ("gf diet ordered, bf x3 overnight.", "diet"),
    ("pt nauseous, zofran given.", "nauseous"),
    ("patient ascertainment, and a risk per patient treatment-year, were low.", "ascertainment"),
    ("a risk per patient treatment-year, half of them", "treatment-year"),
    ("seen by dr follow-\nup in 2 wk, pt post-\nop day 2.", "up"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_kin_names_found(name_spans, text: str, word: str) -> None:
    assert _covered(name_spans(text), text, word)


@pytest.mark.parametrize(("text", "word"), LOOK_ALIKES)
def test_kin_look_alikes_stay(name_spans, text: str, word: str) -> None:
    assert not any(word in text[a:b] for a, b in name_spans(text))


def test_kin_names_spans_are_exact() -> None:
    text = "pt's brother tobias parkinson in; pt ortega pod#2."
    got = {text[s:e] for s, e in kin_names(text, text.lower(), lexicon())}
    assert got == {"tobias parkinson", "ortega"}


def test_kin_names_empty_without_cue() -> None:
    text = "tobias parkinson in from out of state. ortega pod#2."
    assert kin_names(text, text.lower(), lexicon()) == []


def test_kin_names_pt_refuses_english_words() -> None:
    text = "pt bill, 4 units. pt states, pod 2. pt nauseous (zofran)."
    assert kin_names(text, text.lower(), lexicon()) == []


@pytest.mark.parametrize("text", ["visit, 3/14. pt agnes pettibone, 97, methodist, lifelong",
                                  "22 1130\npt fiona macallister (91), pod 6 l hip orif."])
def test_kin_names_keep_the_age_after_a_name(text: str) -> None:
    ages = [text[s.start:s.end] for s in Deidentifier().detect(text) if s.label == "AGE"]
    assert ages in (["97"], ["91"])
