"""Review leftovers of session 10 (session 11, branch deidref11): the per-span ``propagate``
flag through the merge and the consistency passes, and the one reader of names after a talk
or hand-off cue (``_verb_names.talk_names``, which took in ``_gazetteer_names``). Sentences
written for these tests; each family has look-alikes that must stay untagged."""

from __future__ import annotations

import pytest

from meddx.deid import DeidConfig, Deidentifier, PhiRecorder, Span, deidentify_texts, merge_spans
from meddx.deid._lexicon import lexicon
from meddx.deid._verb_names import talk_names
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# -- the propagate flag ------------------------------------------------------------------------

def test_span_default_propagates_and_stays_slotted():
    s = Span(0, 4, "NAME")
    assert s.propagate is True
    assert not hasattr(s, "__dict__")  # slots: a span stays cheap
    with pytest.raises(AttributeError):
        s.propagate = False  # type: ignore[misc]  # frozen


@pytest.mark.parametrize(("a", "b", "expected"), [
    (True, True, True), (True, False, True), (False, True, True), (False, False, False),
])
def test_merge_propagates_if_any_part_does(a, b, expected):
    overlap = merge_spans([Span(0, 6, "HOSPITAL", "x", 0.7, a), Span(3, 9, "LOCATION", "y", 0.9, b)])
    touch = merge_spans([Span(0, 4, "NAME", "x", 0.7, a), Span(4, 8, "NAME", "y", 0.9, b)])
    assert [s.propagate for s in overlap] == [expected]
    assert [s.propagate for s in touch] == [expected]
    apart = merge_spans([Span(0, 4, "NAME", "x", 0.7, a), Span(6, 8, "NAME", "y", 0.9, b)])
    assert [s.propagate for s in apart] == [a, b]


def test_within_note_pass_skips_non_propagating_spans():
    deid = Deidentifier()
    text = "Seen by Kowalczyk. Kowalczyk aware."
    plain = deid._within_note(text, [Span(8, 17, "NAME")])
    assert [(s.start, s.end) for s in plain] == [(8, 17), (19, 28)]
    kept = deid._within_note(text, [Span(8, 17, "NAME", propagate=False)])
    assert [(s.start, s.end) for s in kept] == [(8, 17)]


def test_facility_part_read_in_context_is_not_repeated(deid):
    text = "from baystate noble for cath, then back to noble. noble gases normal."
    spans = deid.detect(text)
    back = text.index("noble.")
    assert any(s.start == back and s.label == "HOSPITAL" and not s.propagate for s in spans)
    assert not covered(deid, text, "noble gases")


def test_corpus_pass_skips_non_propagating_spans():
    texts = ["from baystate noble for cath, then back to noble.", "noble gases normal."]
    recorder = PhiRecorder()
    out, summary = deidentify_texts(texts, DeidConfig(), recorder=recorder)
    assert "noble gases" in out[1]  # the context-only reading stays in its note
    assert "back to noble" not in out[0]
    assert not recorder.locate("noble gases normal.")  # the leak scan does not flag it either


# -- names after a talk or hand-off cue: one reader ---------------------------------------------

TALK_POSITIVES = [
    # census surnames (the longer list) after any cue, any case; no follower needed
    ("d/w quattlebaum re plan, agrees.", "quattlebaum"),
    ("per Tidwell continue abx", "Tidwell"),
    ("notified QUATTLEBAUM", "QUATTLEBAUM"),
    ("Seen with Tidwell today.", "Tidwell"),
    ("spoke w/ pennebaker about dispo.", "pennebaker"),
    ("Covering: Abernathy -> Szczepanik", "Szczepanik"),
    ("Covering: Abernathy -> Szczepanik", "Abernathy"),
    ("per kowalski's note, continue abx", "kowalski"),
    # listed names and title-case words after strong cues, with a person's follower
    ("d/w Okafor, will start abx.", "Okafor"),
    ("discussed with Okafor, agrees.", "Okafor"),
    ("d/w halvorsen and lindstrom re: plan.", "lindstrom"),
    ("called kowalski re: K 3.2.", "kowalski"),
    ("signed out to jen at 1900.", "jen"),
    ("D/W NGUYEN (NIGHT FLOAT) RE K 3.1.", "NGUYEN"),
]

TALK_LOOK_ALIKES = [
    ("per protocol, d/w pharmacy and paged ortho.", "protocol"),
    ("per protocol, d/w pharmacy and paged ortho.", "pharmacy"),
    ("per protocol, d/w pharmacy and paged ortho.", "ortho"),
    ("d/w pt and family re goals.", "family"),
    ("seen with family at bedside.", "family"),
    ("called back, no answer.", "back"),
    ("d/w Hospitalist re plan.", "Hospitalist"),
    ("D/W TOX RE LEVEL.", "TOX"),
    ("covering for nights this week.", "nights"),
    ("per Epic, last dose 0800.", "Epic"),
    ("per CXR no effusion.", "CXR"),
    ("spoke to renal re: HD.", "renal"),
    ("d/w Okafor.com support", "Okafor"),
]


def _talk(text: str) -> list[str]:
    return [text[a:b] for a, b in talk_names(text, text.lower(), lexicon())]


@pytest.mark.parametrize(("text", "word"), TALK_POSITIVES)
def test_talk_names_positives(deid, text, word):
    assert word in _talk(text)
    assert covered(deid, text, word)


@pytest.mark.parametrize(("text", "word"), TALK_LOOK_ALIKES)
def test_talk_names_look_alikes(text, word):
    assert word not in _talk(text)


def test_talk_names_span_leaves_the_possessive_out():
    text = "per kowalski's note"
    assert talk_names(text, text.lower(), lexicon()) == [(4, 12)]


def test_one_talk_reader():
    import importlib.util

    assert importlib.util.find_spec("meddx.deid._gazetteer_names") is None
