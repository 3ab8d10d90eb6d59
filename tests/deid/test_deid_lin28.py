"""Session 28 (lin28): a long line of facilities with their initials in brackets ("CALLED THE
BURN CLINIC (BC) FROM HARRIS HEALTH (HH). " pasted many times) was quadratic: each "(HH)"
added every "HH" of the note again, and the caps guard read each span's line and every kept
span. The indexes that replace those walks must answer as the walks did (compared here on
random inputs), and the long inputs must stay near-linear. Sentences written for these tests."""

from __future__ import annotations

import random

import pytest

from meddx.deid import Deidentifier
from meddx.deid._caps_cues import _NUMBERED, _bracketed, _numbered, kept_ends
from meddx.deid._caps_guard import _Lines
from meddx.deid._span import Span
from tests._support.deid import grows_near_linearly


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


@pytest.mark.parametrize("unit", [
    "CALLED THE BURN CLINIC (BC) FROM HARRIS HEALTH (HH). ",
    "SEEN AT MERCY HOSPITAL (MH). ",
    "NEXT CLINIC (NC) ",
    "Mercy Hospital (MH) ",
])
def test_bracketed_initials_on_one_long_line_stay_linear(deid: Deidentifier, unit: str) -> None:
    """4x the text costs about 4x the time; the base (9ae9f51f) took 15-20x on each."""
    assert grows_near_linearly(deid, unit, 100, 400, factor=7)


def test_each_defined_initials_tagged_once_per_use(deid: Deidentifier) -> None:
    text = "SEEN AT MERCY HOSPITAL (MH). " * 3 + "AT MH SHE HAD A CT."
    got = [(text[s.start:s.end], s.label) for s in deid.detect(text)]
    assert got == [("MERCY HOSPITAL", "HOSPITAL"), ("MH", "HOSPITAL")] * 3 + [("MH", "HOSPITAL")]


def _line(text: str, span: Span) -> tuple[int, int]:  # the walk _Lines replaced
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    return start, end if end >= 0 else len(text)


def test_lines_answer_as_the_walk() -> None:
    rng = random.Random(28)
    for _ in range(500):
        text = "".join(rng.choice("AB \n") for _ in range(rng.randrange(0, 40)))
        lines = _Lines(text)
        for _ in range(10):
            a = rng.randrange(0, len(text) + 1)
            span = Span(a, rng.randrange(a, len(text) + 1), "HOSPITAL")
            assert lines.bounds(span) == _line(text, span)
            assert lines.start(a) == text.rfind("\n", 0, a) + 1


def test_numbered_choice_read_as_the_whole_line() -> None:
    rng = random.Random(28)
    for _ in range(5000):
        text = "".join(rng.choice("12).( :;,\tAx\n") for _ in range(rng.randrange(0, 14)))
        start = rng.randrange(0, len(text) + 1)
        line = text.rfind("\n", 0, start) + 1
        want = _NUMBERED.search(text[line:start]) is not None
        assert _numbered(text, line, start) == want, (text, start)


def test_bracketed_answers_as_the_walk() -> None:
    rng = random.Random(28)
    for _ in range(2000):
        text = "".join(rng.choice("AB (") for _ in range(40))
        kept = []
        for _ in range(rng.randrange(0, 6)):
            a = rng.randrange(0, 40)
            kept.append(Span(a, rng.randrange(a, 41), rng.choice(("NAME", "HOSPITAL"))))
        ends = kept_ends(kept)
        for _ in range(10):
            a = rng.randrange(0, 40)
            s = Span(a, rng.randrange(a, 41), "HOSPITAL")
            walk = any(k.label != "NAME" and k.end <= s.start and s.start - k.end <= 8
                       and text[k.end:s.start].strip() == "(" for k in kept)
            assert _bracketed(text, s, ends) == walk
