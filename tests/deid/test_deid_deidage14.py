"""Session 14, deidage14: the case view still reads the stretch around a name that another rule
already found as written, when that stretch holds a digit the name's case vouches for ("pt
agnes pettibone, 97,"), and adds only what is not that name. Synthetic sentences only."""

from __future__ import annotations

import re

from meddx.deid import Span
from meddx.deid._case_view import case_view, case_view_spans

_TEXT = ("pt agnes pettibone, 97, seen today for follow up of her chf.\n"
         "vitals stable overnight, no acute events noted by the nursing staff today.\n")


class _Cased:
    """A detector that reads letter case: a title-case name and the age after it."""

    name = "rules"

    def detect(self, text: str) -> list[Span]:
        out = []
        for m in re.finditer(r"([A-Z][a-z]+ [A-Z][a-z]+), (\d+)\b", text):
            out.append(Span(m.start(1), m.end(1), "NAME", self.name))
            out.append(Span(m.start(2), m.end(2), "AGE", self.name))
        return out


def _name(text: str, value: str) -> Span:
    i = text.index(value)
    return Span(i, i + len(value), "NAME", "names")


def test_found_name_keeps_its_window_when_a_digit_is_beside_it() -> None:
    view = case_view(_TEXT, [_name(_TEXT, "agnes pettibone")])
    assert view is not None and "Agnes Pettibone, 97," in view


def test_view_adds_the_age_but_not_the_name_found_as_written() -> None:
    got = case_view_spans(_TEXT, [_Cased()], [_name(_TEXT, "agnes pettibone")])
    assert [(_TEXT[s.start:s.end], s.label) for s in got] == [("97", "AGE")]


def test_no_digit_beside_a_found_name_gives_no_view() -> None:
    text = _TEXT.replace(", 97,", ", an elderly lady,")
    assert case_view(text, [_name(text, "agnes pettibone")]) is None


def test_digit_already_found_gives_no_view() -> None:
    i = _TEXT.index("97")
    found = [_name(_TEXT, "agnes pettibone"), Span(i, i + 2, "AGE", "rules")]
    assert case_view(_TEXT, found) is None
