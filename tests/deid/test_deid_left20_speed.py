"""Session 20 (deidleft20): the slow paths of the de-identifier. The faster code must give the
answers of the code it replaced (compared here with a plain walk on random inputs), and long
repeated inputs must stay near-linear. Sentences written for these tests."""

from __future__ import annotations

import random

import pytest

from meddx.deid import Deidentifier
from meddx.deid._caps_guard import _overlap_index, _overlaps
from meddx.deid._caps_town_cues import CapitalLines as _CapitalLines
from meddx.deid._deidentifier import _marked
from meddx.deid._facility_parts import extra_or_relabel, facility_part_spans
from meddx.deid._span import Span, merge_spans
from meddx.deid._span_index import SpanIndex
from tests._support.deid import grows_near_linearly


def _random_spans(rng: random.Random, n: int, sort: bool) -> list[Span]:
    spans = []
    for _ in range(n):
        a = rng.randrange(0, 200)
        spans.append(Span(a, a + rng.randrange(0, 25), "NAME"))
    return sorted(spans, key=lambda s: s.start) if sort else spans


@pytest.mark.parametrize("sort", [True, False])
def test_span_index_answers_as_the_walk(sort: bool) -> None:
    rng = random.Random(20)
    for _ in range(300):
        spans = _random_spans(rng, rng.randrange(0, 12), sort)
        index = SpanIndex(spans)
        for _ in range(40):
            a = rng.randrange(-5, 230)
            b = a + rng.randrange(0, 30)
            assert index.overlaps(a, b) == any(s.start < b and a < s.end for s in spans)
            assert index.cover(a, b) == next(
                (i for i, s in enumerate(spans) if s.start <= a and b <= s.end), None)


def test_span_index_on_merged_spans() -> None:
    spans = merge_spans([Span(0, 5, "NAME"), Span(10, 20, "HOSPITAL"), Span(30, 31, "DATE")])
    index = SpanIndex(spans)
    assert index.cover(12, 15) == 1 and index.cover(4, 11) is None and index.cover(30, 31) == 2
    assert index.overlaps(19, 25) and not index.overlaps(20, 30) and not index.overlaps(5, 10)


def test_marked_marks_as_slice_assignment() -> None:
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randrange(0, 60)
        ranges = [(a, a + rng.randrange(-2, 20)) for a in (rng.randrange(0, 60)
                                                          for _ in range(rng.randrange(0, 8)))]
        ranges = [(a, b) for a, b in ranges if a <= b <= n]  # spans lie inside their note
        want = bytearray(n)
        for a, b in ranges:
            want[a:b] = b"\x01" * (b - a)
        assert _marked(n, ranges) == want


def test_caps_guard_overlap_index_answers_as_the_walk() -> None:
    """The caps guard's confirm step (fix round, review of deidleft20, finding 6): the index
    answers as the plain walk over every re-found span."""
    rng = random.Random(20)
    for _ in range(2000):
        found = []
        for _ in range(rng.randint(0, 8)):
            a = rng.randint(0, 60)
            found.append((a, a + rng.randint(0, 12), rng.choice(("HOSPITAL", "LOCATION"))))
        index = _overlap_index(found)
        for _ in range(10):
            a = rng.randint(0, 70)
            s = Span(a, a + rng.randint(1, 12), rng.choice(("HOSPITAL", "LOCATION")), "places", 0.75)
            walk = any(x < s.end and s.start < y and lab == s.label for x, y, lab in found)
            assert _overlaps(index, s) == walk


def test_capital_lines_answer_per_line() -> None:
    text = "PT FROM BOSTON\nlives in Boston\n\nSEEN IN SALEM\nx"
    lines = _CapitalLines(text)
    for at in range(len(text)):  # in text order, as the pass asks
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        line = text[start:end if end >= 0 else len(text)]
        assert lines.at(at) == (line.upper() == line)
    again = _CapitalLines(text)  # out of order too
    assert again.at(40) and not again.at(20) and again.at(3)


def test_extra_or_relabel_with_and_without_index() -> None:
    text = "Seen at Lahey Clinic. Back to Lahey today. Dr. Lahey saw him. Lahey RN called."
    spans = [Span(8, 20, "HOSPITAL", "places", 0.8), Span(47, 52, "NAME", "names", 0.8)]
    low = text.lower()
    for index in (None, SpanIndex(spans)):
        extra: list[Span] = []
        relabel: dict[int, Span] = {}
        a = low.find("lahey")
        while a >= 0:
            extra_or_relabel(text, spans, a, a + 5, True, True, extra, relabel, index=index)
            a = low.find("lahey", a + 5)
        assert [text[s.start:s.end] for s in extra] == ["Lahey", "Lahey"]
        assert [s.start for s in extra] == [text.index("Back to") + 8, text.index("Lahey RN")]
        assert relabel == {}  # "Dr. Lahey" stays a person


def test_facility_parts_on_many_mentions() -> None:
    unit = "Seen at Lahey Clinic today. Back to Lahey next week. "
    text = unit * 300
    spans = [Span(i * len(unit) + 8, i * len(unit) + 20, "HOSPITAL", "places", 0.8) for i in range(300)]
    out = facility_part_spans(text, spans)
    assert len([s for s in out if text[s.start:s.end] == "Lahey"]) == 300  # each "back to Lahey"


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


@pytest.mark.slow
@pytest.mark.parametrize("unit, small, big", [
    ("Seen at Lahey Clinic today. Back to Lahey next week. ", 500, 2000),  # quadratic before
    ("BOSTON ", 7000, 28000),
    ("mary ", 7000, 28000),  # the re-cased runs: quadratic before
])
def test_long_repeated_inputs_stay_linear(deid: Deidentifier, unit: str, small: int, big: int) -> None:
    assert grows_near_linearly(deid, unit, small, big, factor=7)
