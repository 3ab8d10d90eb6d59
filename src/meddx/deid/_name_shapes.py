"""The line shapes that tell a patient's name with no cue word, built once for text as written
and once for lines typed all in lower case (session 17, branch tidydeid17).

``_shape_names`` reads a census line ("611 Quarrington 84M"), a record's patient line after
its date and a header's date then the name in text as written, and asks each name word for a
capital; ``_lower_shapes`` reads the same shapes in lower-case lines, where each name word
must be a listed name or a word no list knows. The shapes are the same; :func:`line_shapes`
builds both, the case rule a parameter (the lower-case reading also takes a tab as a column
gap, an initial in any letter, "f/u" after a record's name and its label in lower case
only), and :func:`census_spans` runs the census reading with each module's word test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from meddx.deid._lexicon import Lexicon

__all__ = ["CENSUS", "LETTER_CLASS", "LineShapes", "WORD", "census_spans", "line_shapes"]

LETTER_CLASS = _L = r"[^\W\d_]"  # a letter, accented ones too ("Castañeda", "Pål")
WORD = rf"{_L}(?:{_L}|['\u2019-](?={_L}))*"
# The name before an age: what opens it, then one to four words (a comma after the first).
CENSUS = re.compile(
    rf"(?:(?P<num>(?:^|(?<=[ \t]))(?:(?i:bed|rm|room|hall)[ \t]*)?\d{{1,4}}[A-Za-z]?[ \t]*[.):-]?[ \t]*)"
    rf"|^[ \t]*(?:[-*#\u2022][ \t]*)?|(?<=[ \t]{{2}})|(?<=\t)|(?<=[ \t][-\u2013])[ \t]+|(?<=:)[ \t]+)"
    rf"(?P<name>{WORD}(?:[ \t]*,[ \t]*{WORD}(?:[ \t]+{_L}\.?(?![\w]))?|(?:[ \t]{WORD}){{1,3}})?)"
    rf"[ \t]*(?:,|[ \t][-\u2013])?[ \t]*$", re.MULTILINE)


class LineShapes(NamedTuple):
    """An age with a sex ("84M", "88 yo f"), a record's patient line after "Record date: ..."
    (group ``name``) and a header's date then the name (group ``name``)."""

    age_sex: re.Pattern[str]
    record_head: re.Pattern[str]
    date_then_name: re.Pattern[str]


def line_shapes(lower: bool) -> LineShapes:
    """The shapes for text as written (``lower`` false) or for lines all in lower case."""
    sex = "[mf]" if lower else "[MF]"
    tab = r"|\t" if lower else ""  # a tab alone is a column gap in the lower-case reading
    label = "(?:" if lower else "(?i:"  # a lower-case line's label is in lower case
    initial = _L if lower else "[A-Z]"
    follow_up = r"|[ \t]+f/u\b" if lower else ""  # "quackenbush f/u"
    gap = " " if lower else r"[ \t]"
    return LineShapes(
        re.compile(rf"(?<![\w/.:-])(\d{{1,3}})[ \t]?(?:{sex}|(?:y/?o|yo|y\.o\.)[ \t]?{sex})(?![\w/])"),
        re.compile(
            rf"{label}record[ \t]+date|rec[ \t]+date|visit[ \t]+date)[ \t]*:?[ \t]*[\d/.-]+[ \t]*\n[ \t]*"
            rf"(?P<name>{WORD}(?:[ \t]*,[ \t]*{WORD}|(?:[ \t]{WORD}){{1,3}}|[ \t]{initial}\.?(?![\w]))?)"
            rf"(?=[ \t]*(?:$|[ \t]-[ \t]|,[ \t]*\d{follow_up}))", re.MULTILINE),
        re.compile(
            rf"\d{{1,2}}/\d{{1,2}}/\d{{2,4}}(?:[ \t]+-[ \t]+|[ \t]{{2,}}{tab})"
            rf"(?P<name>{WORD}(?:{gap}{WORD}){{1,2}})(?=[ \t]*,|[ \t]{{2,}}|[ \t]+-[ \t]{tab})"))


#: (text, age match, census match, the name's words as (start, end) in group ``name``, the
#: lexicon) -> the index of the first word of the longest run of name words that ends at the
#: age (len(words): none)
NameRun = Callable[[str, re.Match[str], re.Match[str], list[tuple[int, int]], Lexicon], int]


def census_spans(text: str, lex: Lexicon, age_sex: re.Pattern[str], name_run: NameRun,
                 age_ok: Callable[[str, re.Match[str]], bool] | None = None) -> list[tuple[int, int]]:
    """(start, end) of the name before each age with a sex (at most 110, and ``age_ok``: on a
    line the reader reads) on a census or header line: the words ``name_run`` takes, a comma
    form whole or not at all ("Admit, Lopez 64F")."""
    out = []
    for a in age_sex.finditer(text):
        if int(a.group(1)) > 110 or age_ok is not None and not age_ok(text, a):
            continue
        start = max(text.rfind("\n", 0, a.start()) + 1, a.start() - 80)
        m = CENSUS.search(text, start, a.start())
        if m is None:
            continue
        words = [(w.start(), w.end()) for w in re.finditer(WORD, m.group("name"))]
        first = name_run(text, a, m, words, lex)
        if first == len(words) or first > 0 and "," in m.group("name"):
            continue
        out.append((m.start("name") + words[first][0], m.start("name") + words[-1][1]))
    return out
