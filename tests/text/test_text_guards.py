"""Normalisation with guards: every step keeps negation, laterality, abbreviations, drugs, doses."""

from __future__ import annotations

import pytest

from meddx.errors import ConfigError
from meddx.text import PrepConfig, normalize, normalize_all, prep_steps
from meddx.text._guards import normalize_units, stem

UNITS = [
    ("10mg daily", "10 mg daily"),
    ("5.5ml IV", "5.5 ml IV"),
    ("BP 120/80, HR 80bpm", "BP 120/80, HR 80 bpm"),
    ("x3 days, T4 and B12", "x3 days, T4 and B12"),
    ("98% on RA", "98% on RA"),
]


@pytest.mark.parametrize(("text", "expected"), UNITS)
def test_units(text, expected):
    assert normalize_units(text) == expected


GUARDED = [
    # (text, words that must survive every step unchanged)
    ("no chest pain", ["no"]),
    ("Patient denies fevers and was not febrile", ["denies", "not"]),
    ("without edema in the left legs", ["without", "left"]),
    ("right-sided weakness, bilateral crackles", ["right", "bilateral"]),
    ("started lisinopril and metoprolol doses", ["lisinopril", "metoprolol"]),
    ("pt's PE workup was negative", ["pt", "PE", "negative"]),
    ("given 10 mg twice", ["10 mg"]),
]
STEPS = [
    {"stem": True},
    {"lemmatize": True},
    {"units": True},
    {"units": True, "stem": True, "lowercase": False},
]


@pytest.mark.parametrize("step", STEPS, ids=lambda s: "+".join(s))
@pytest.mark.parametrize(("text", "kept"), GUARDED)
def test_guard_keeps_words_under_every_step(step, text, kept):
    out = normalize(text, PrepConfig(**step))
    for word in kept:
        assert word in out, (step, out)


def test_steps_do_change_unguarded_words():
    assert stem("fevers treated", []) == "fever treat"
    out = normalize_all(["Patients were treated"], PrepConfig(lemmatize=True))[0]
    assert out == "patient be treat"


def test_without_guard_negation_is_still_a_word_but_laterality_may_change():
    out = normalize("left lungs", PrepConfig(lemmatize=True, guard=False))
    assert out.split()[0] == "leave"  # why the guard exists


@pytest.mark.parametrize(("values", "message"), [
    ({"abbreviations": "annotate", "remove_brackets": True}, "remove_brackets"),
    ({"lemmatize": True, "stem": True}, "choose one"),
])
def test_impossible_prep_is_one_line(values, message):
    from meddx.config import load_config

    with pytest.raises(ConfigError) as err:
        load_config(overrides={"prep": values})
    assert message in str(err.value) and "prep" in str(err.value)
    assert "\n" not in str(err.value)


def test_prep_steps_recorded():
    steps = prep_steps(PrepConfig(units=True, stem=True, abbreviations="expand"))
    assert steps[0].startswith("abbreviations: expand")
    assert any("stem" in s and "guarded" in s for s in steps)


@pytest.mark.parametrize(("prep", "expected"), [
    ({"lowercase": True}, "tokenizer is cased"),
    ({"stem": True}, "prep.stem is on for a pretrained subword model"),
    ({"lemmatize": True}, "prep.lemmatize is on"),
    ({}, None),
])
def test_warns_when_a_step_contradicts_the_tokenizer(prep, expected):
    from types import SimpleNamespace

    from meddx.config import load_config
    from meddx.train._fit import _check_lowercase

    cfg = load_config(overrides={"prep": prep})
    notes: list[str] = []
    _check_lowercase(cfg, SimpleNamespace(do_lower_case=False), notes)
    if expected is None:
        assert notes == []
    else:
        assert len(notes) == 1 and expected in notes[0]
