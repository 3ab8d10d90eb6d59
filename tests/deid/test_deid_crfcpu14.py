"""Session 14 (branch deidcpu14): ``outside_rules`` orders its output the same way whether or
not a CRF span reaches it, so the crf's covered path leaves out every covered span (no
stand-in), and the merged output stays the same."""

from __future__ import annotations

import pytest

from meddx.deid._crf_guard import outside_rules
from meddx.deid._span import Span


def _full(spans: list[Span]) -> list[tuple]:
    return [(s.start, s.end, s.label, s.source, s.score, s.propagate) for s in spans]


def test_outside_rules_sorts_the_other_spans_with_or_without_crf_spans():
    text = "Seen by Dr. Mary Okafor at Mercy Hospital on 7/22/2019."
    date = Span(45, 54, "DATE", "rules", 0.9)
    name = Span(17, 23, "NAME", "names", 0.8)
    same_start = Span(17, 23, "NAME", "places", 0.8)  # a tie on start: given order kept
    hosp = Span(27, 41, "HOSPITAL", "places", 0.85)
    spans = [date, name, hosp, same_start]
    alone = outside_rules(text, spans)
    assert alone == [name, same_start, hosp, date]
    covered = Span(27, 32, "HOSPITAL", "crf", 0.9)  # inside the rules' span: adds nothing
    assert outside_rules(text, [*spans, covered]) == alone
    first = Span(12, 23, "NAME", "crf", 0.95)  # "Mary Okafor": "Mary" grows the rules' span
    grown = outside_rules(text, [first, *spans])
    assert [(s.start, s.end) for s in grown] == [(12, 23), (17, 23), (27, 41), (45, 54)]
    assert grown[0].source == "names" and grown[1] is same_start


@pytest.mark.parametrize("spans", [[], [Span(0, 4, "NAME", "rules")]])
def test_outside_rules_without_crf_spans_returns_a_new_list(spans):
    got = outside_rules("John", spans)
    assert got == spans and got is not spans
