"""Facility names built around "at" (session 18, deidhosp18).

US senior-living, assisted-living and nursing facilities are very often named "The <Oaks> at
<Place>": a landscape or building word in the plural (or a few set singulars such as "Terrace",
"Manor", "Landing") and "at" before the place's name ("the arbors at fairhaven", "The Willows at
Meadow Creek"). Discharge and case-management notes write them after "snf at", "d/c to", "bed
offer from", in any case and often wrapped after "at". Without the shape, only the place after
"at" was found (a LOCATION), which leaves the facility's own word uncovered.

:func:`at_name_spans` tags "<word> at <name>" as one HOSPITAL span when "the" comes before the
word (the article is left out of the span, as annotators do). The name after "at" is one to three
words: it stops at a function word ("when", "in", "for"), a time word ("next", "today"), a month
or weekday name ("march 3" stays a DATE), a first name, a digit, punctuation or a second line
break; a line break is read only right after "at" (the name wrapped). The first word must look
like a name ("the woods at approximately 0300" is no facility; review of deidhosp18).

:func:`children_spans`: US children's and women's hospitals are named "Children's Hospital of
<place>", "Children's Hospital <place>", "Women's Hospital of <place>" ("Children's Hospital of
Orange County", "childrens hospital los angeles"). The places detector found "Hospital of
Wisconsin" as written (the possessive before it left uncovered) and nothing in lower case. One
HOSPITAL span runs from "children's" / "women's" over the head ("hospital(s)", "medical center",
"healthcare", "health"), an optional "of" / "for", and one to three words of a place's name:
the first a state, a town, or a word that is no common or clinical word (capitalised in a note
that is not all in one case), the next ones the same or a place word ("county", "valley").
"children's hospital" with no name after it ("transfer to a children's hospital") is no span.

Both shapes are naming conventions of US facilities, not a surface of one writer's notes; they
are cheap (one ``finditer`` each per note, and only when the text holds " at" / "children" or
"women").
"""

from __future__ import annotations

import re

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import CALENDAR_WORDS, Lexicon
from meddx.deid._patterns_days import HOLIDAY_WORDS, SEASON_WORDS, holiday_read_as_date
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["AT_NAME_WORDS", "at_name_spans", "children_spans"]

#: the words that open "The <word> at <place>" facility names
AT_NAME_WORDS = frozenset(
    "arbors oaks pines willows gardens meadows woods terrace terraces villas village villages "
    "heights commons residences residence landing glen courtyard courtyards manor lakes springs "
    "cottages crossing crossings orchards palms cedars maples elms birches groves highlands "
    "shores bluffs hills pointe preserve fountains lodge summit waterford".split())

_AT_NAME = re.compile(
    r"(?i)(?<![\w'])the[ \t]+(" + "|".join(sorted(AT_NAME_WORDS)) + r")[ \t]+at"
    r"(?:[ \t]+|[ \t]*\n[ \t]*)(?=[A-Za-z])")
#: one word of the name after "at" (letters, an inner apostrophe, hyphen or a "St." period)
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*\.?")
_NAME_PAIR = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[ \t]+[A-Za-z][A-Za-z'\u2019-]*")
#: words that end the name after "at": time words and others a writer puts right after it
_STOP = frozenset(
    "next today tomorrow tonight soon later pending once per near bed beds vs versus "
    "week weeks month months day days yesterday night nights noon midnight dawn dusk sunset "
    "sunrise morning evening afternoon home work school times time least last first all rest "
    "risk baseline".split())
#: words that go on after the first word of an at-name ("meadow creek", "rose hill")
_AT_TAILS = frozenset(
    "creek hill hills ridge brook park grove point bay lake lakes valley woods wood glen "
    "falls springs crossing landing square heights pond harbor village green run trail "
    "meadow meadows farm farms estates view vista".split())


_CHILDREN = re.compile(
    r"(?i)(?<![\w'\u2019])(?:children|women)(?:['\u2019]s|s)?[ \t]+"
    r"(?:hospitals?|medical[ \t]+center|healthcare|health)"
    r"(?:[ \t]+(?:of|for)(?![\w'\u2019]))?[ \t]+(?=[A-Za-z])")
#: words that go on a place's name after its first word ("orange county", "fox valley")
_PLACE_TAILS = frozenset(
    "county city valley bay island islands lake lakes river park beach springs falls hills "
    "heights coast shore shores mountain mountains harbor point".split())


def at_name_spans(text: str, lex: Lexicon) -> list[Span]:
    """HOSPITAL spans for "the <word> at <name>" (see the module docstring)."""
    if " at" not in text and "\tat" not in text and " AT" not in text and " At" not in text:
        return []
    cased = not (text.islower() or text.isupper())
    out = []
    for m in _AT_NAME.finditer(text):
        end = _name_end(text, m.end(), lex, cased)
        if end > m.end():
            out.append(Span(m.start(1), end, "HOSPITAL", "places", 0.85))
    return out


def _town(key: str, lex: Lexicon) -> bool:
    return key in lex.states or key in lex.cities or key in gazetteer().towns


def _named(word: str, key: str, lex: Lexicon, cased: bool) -> bool:
    """A state, a town, or a word that is no common or clinical word (capitalised in a note
    that is not all in one case)."""
    return (_town(key, lex)
            or not (key in lex.common_words or lex.is_medical(key) or cased and word[0].islower()))


def _tail_after(text: str, end: int) -> bool:
    """Whether a place tail ("lake", "ridge", ...) follows the word ending at ``end``: "the gardens
    at christmas lake" is a name; "the oaks at parkside christmas dinner" is a date after one
    (second review of deidleft19, finding 3)."""
    nxt = _NAME_WORD.match(text, end + 1) if text[end:end + 1] in " \t" else None
    return nxt is not None and nxt.group().lower() in _AT_TAILS


def _name_end(text: str, pos: int, lex: Lexicon, cased: bool) -> int:
    """Where the one to three words of the name starting at ``pos`` end (``pos`` if none): the
    first word named (:func:`_named`) or followed by a place word ("meadow creek"), the next ones
    named or place words; a month, a weekday or a first name ends it ("woods at approximately",
    "the oaks at parkside march 3", "the pines at dunmore john smith": review of deidhosp18)."""
    end = pos
    for i in range(3):
        w = _NAME_WORD.match(text, pos)
        if w is None:
            break
        key = w.group().lower().rstrip(".").replace("\u2019", "'").removesuffix("'s")
        # a month or weekday (the lexicon's CALENDAR_WORDS) starts a date after the name, never
        # part of it ("the oaks at parkside march 3": review of deidhosp18, the DATE must survive)
        if key in FUNCTION_WORDS or key in _STOP or key in CALENDAR_WORDS or i > 0 and (
                key in HOLIDAY_WORDS or key in SEASON_WORDS) and (
                holiday_read_as_date(text, w.end())
                or key in HOLIDAY_WORDS and not _tail_after(text, w.end())):
            break  # ... and a holiday or a season after the name's first word ("the oaks at parkside
            # christmas eve / dinner", session 19 and its second review, finding 3); as the first
            # word it stays in it ("the gardens at spring", "the gardens at christmas": reviews)
        if i == 0:
            nxt = _NAME_WORD.match(text, w.end() + 1) if text[w.end():w.end() + 1] in " \t" else None
            tail = nxt is not None and nxt.group().lower() in _AT_TAILS
            person = key in lex.first_names and not (tail or _town(key, lex))
            if person or not (tail or _named(w.group(), key, lex, cased)):
                break
        elif key not in _AT_TAILS and (key in lex.first_names or not _named(w.group(), key, lex, cased)):
            break
        end = w.end() if not w.group().endswith(".") or key in ("st", "mt", "ft") else w.end() - 1
        if end < w.end():
            break  # a sentence ends on this word
        gap = re.match(r"[ \t]+", text[end:end + 8])
        if gap is None:
            break
        pos = end + gap.end()
    return end


def children_spans(text: str, lex: Lexicon) -> list[Span]:
    """HOSPITAL spans for "Children's Hospital of <place>" (see the module docstring)."""
    low = text.lower()
    if "children" not in low and "women" not in low:
        return []
    cased = not (text.islower() or text.isupper())  # capitals tell a name only in mixed case
    out = []
    for m in _CHILDREN.finditer(text):
        end = _place_end(text, m.end(), lex, cased)
        if end > m.end():
            out.append(Span(m.start(), end, "HOSPITAL", "places", 0.85))
    return out


def _place_end(text: str, pos: int, lex: Lexicon, cased: bool) -> int:
    """Where the one to three words of a place's name starting at ``pos`` end (``pos`` if none)."""
    end = pos
    for i in range(3):
        w = _NAME_WORD.match(text, pos)
        if w is None or w.group().endswith("."):
            break
        word = w.group()
        key = word.lower()
        pair = _NAME_PAIR.match(text, pos)
        two = re.sub(r"[ \t]+", " ", pair.group().lower()) if pair is not None else ""
        if two in lex.cities:
            w, key = pair, two  # a town of two words ("los angeles", "el paso"): taken whole
        elif key in FUNCTION_WORDS or key in _STOP:
            break
        named = _named(word, key, lex, cased)
        if not named and not (i > 0 and key in _PLACE_TAILS):
            break
        end = w.end()
        gap = re.match(r"[ \t]+", text[end:end + 8])
        if gap is None:
            break
        pos = end + gap.end()
    return end
