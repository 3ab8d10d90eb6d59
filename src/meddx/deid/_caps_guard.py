"""Facility and place spans that rest on capitals alone, on lines typed in ALL CAPS, are not
repeated elsewhere.

The cue-based detectors read a capitalised word before a facility or place word as a proper
noun: "Kestrel Clinic", "Heywood Hospital". On a line typed in capitals every word is
capitalised, so "NEXT CLINIC", "ACUTE REHAB", "WEEKLY LABS" or "SUPPORTIVE CARE" read as
facilities, and the consistency pass then redacts their short forms ("NEXT", "ACUTE") in
every note of the corpus. :func:`caps_guard` keeps such a HOSPITAL or LOCATION span where it
was read but makes it non-propagating (``Span.propagate`` False: no short forms, no other
occurrences) when

* it lies on an ALL-CAPS line and holds no lower-case letter;
* none of its words reads as a proper noun to the case view's lexicon test (a listed name or
  town that is no common word, or a word in no list: "HEYWOOD", "BIDMC", "OKONKWO");
* and the detector that found it does not find it in the line lower-cased, where only the
  lexicons and the cues speak ("mercy hospital" and "mass general" are found in lower case; "next clinic"
  is not).

Dropping them outright costs recall: "MASS GENERAL", "HARBOR HEALTH", "REVERE" or "BMC" are
found in capitals and not in lower case. What the guard stops is the multiplication: one
"NEXT CLINIC" no longer tags every "NEXT" of a corpus typed in capitals.

A NAME span of the names detector in capitals is held to the same test, and dropped where it
fails (session 23): in capitals every word is capitalised, so two common English words of which
one is also a first or last name ("LONG CASE", "YOUNG GUY", "MANY GOOD", "PAT DRY", "CHIN TUCK")
read as a name. In capitals the only evidence left is the word lists and the context, so such a
span is dropped when every word of it is a common word (no :func:`is_proper_word`), the word
before it is no cue (title, kin, role, "called", "patient": :data:`_CUED`), and the names
detector does not find it in the line lower-cased, where a cue still speaks ("son mark long
called", "dr young", "wife pat walker", "spoke with mark long" are found there).

A NAME span that opens its line is not dropped (its cue may end the line before). HOSPITAL
and LOCATION spans are only made non-propagating, as before: dropping the LOCATION ones of
common words ("HOUSE FIRE", "AT APEX") lost real towns in capitals that the lower-cased line
does not give ("FROM ANCHORAGE", "IN GRAPEVINE", "IN IMPERIAL": training groups, session 23).

Spans of the crf (which was trained with case copies and reads no capitals alone) and of
other labels are kept as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from meddx.deid._case_words import CUES, NAME_LABELS, TITLES, WORD, is_proper_word
from meddx.deid._span import Span

__all__ = ["caps_guard"]

_LABELS = frozenset(("HOSPITAL", "LOCATION"))
#: a NAME span of these detectors in capitals is dropped when nothing vouches for it
_NAME_SOURCES = frozenset(("names",))
#: the labels whose suspect spans are dropped (the rest are made non-propagating)
_DROPPED = frozenset(("NAME",))
#: what after a name vouches for a person ("GRACE AT BS", "AT BEDSIDE", "AWARE", "CALLED")
_AFTER = re.compile(r"\s+(?:at (?:bs|bedside)|aware|called|visited|notified|updated|present)\b"
                    r"|,\s*(?:rn|md|np|pa)\b(?![ \t]+\w)", re.IGNORECASE)  # "PRIOR, RN."
#: "and" or "or" between two names, at the end of the text before the second
_JOINED = re.compile(r",?\s+(?:and|or|&)\s+$", re.IGNORECASE)
#: a word before a name that vouches for it (a title, kin, a role, "called", a field label)
_CUED = CUES | NAME_LABELS | TITLES | frozenset(
    "called named dear baby dtr dau nurse rn chaplain pastor sw md np pa".split())


def _line(text: str, span: Span) -> tuple[int, int]:
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    return start, end if end >= 0 else len(text)


def _cued(text: str, span: Span, name_ends: set[int]) -> bool:
    """The word just before ``span`` (within 40 characters) vouches for a name, or ``span``
    is the second of two names joined by "and" or "or" ("DAUGHTERS TESS AND\nMALLORY": the
    lower-cased line alone no longer holds the cue)."""
    before = text[max(0, span.start - 40):span.start]
    words = WORD.findall(before)
    if words and words[-1].lower() in _CUED:
        return True
    joined = _JOINED.search(before)
    return joined is not None and span.start - len(before) + joined.start() in name_ends


def _typed_in_caps(text: str, span: Span) -> bool:
    """The line holds a word of three letters or more besides ``span`` (a line of a table,
    "4/1  0800  88  QZ", or a signature, "-IT", shows no typing in capitals)."""
    start, end = _line(text, span)  # read within 60 characters either side: bounded
    return any(len(w) > 2 for part in (text[max(start, span.start - 60):span.start],
                                       text[span.end:min(end, span.end + 60)])
               for w in WORD.findall(part))


def _suspect(text: str, span: Span, upper_lines: dict[tuple[int, int], bool],
             name_ends: set[int]) -> bool:
    if span.label == "NAME":
        if (span.source not in _NAME_SOURCES or _cued(text, span, name_ends)
                or _AFTER.match(text, span.end, min(len(text), span.end + 20))
                or not _typed_in_caps(text, span)):
            return False
    elif span.label not in _LABELS or span.source == "crf":
        return False
    value = text[span.start:span.end]
    if not value.isupper():
        return False
    bounds = _line(text, span)
    upper = upper_lines.get(bounds)
    if upper is None:  # each line read once (a long line of capitals with many spans: review
        upper = upper_lines[bounds] = text[bounds[0]:bounds[1]].isupper()  # of deidleft20, 6)
    if not upper:
        return False
    return not any(is_proper_word(w.lower()) for w in WORD.findall(value))


def _overlap_index(found: list[tuple[int, int, str]]) -> dict[str, tuple[list[int], list[int]]]:
    """Per label: the spans' starts in order and the largest end up to each (a span ``(a, b)``
    overlaps ``[s, e)`` with ``a < e`` and ``b > s``: the largest end among the starts before
    ``e`` answers it)."""
    out: dict[str, tuple[list[int], list[int]]] = {}
    for a, b, lab in sorted(found):
        starts, ends = out.setdefault(lab, ([], []))
        starts.append(a)
        ends.append(max(b, ends[-1]) if ends else b)
    return out


def _overlaps(index: dict[str, tuple[list[int], list[int]]], s: Span) -> bool:
    got = index.get(s.label)
    if got is None:
        return False
    k = bisect_left(got[0], s.end)
    return k > 0 and got[1][k - 1] > s.start


def caps_guard(text: str, spans: list[Span], detectors: Sequence) -> list[Span]:
    """``spans`` with the HOSPITAL and LOCATION spans that only capitals vouch for made
    non-propagating and such NAME spans dropped (module docstring); ``detectors``: those
    that found ``spans``; the one named by a suspect span's ``source`` reads its line again
    lower-cased."""
    upper_lines: dict[tuple[int, int], bool] = {}
    name_ends = {s.end for s in spans if s.label == "NAME"}
    suspects = [s for s in spans if s.propagate and _suspect(text, s, upper_lines, name_ends)]
    if not suspects:
        return spans
    confirmed: set[Span] = set()
    by_line: dict[tuple[int, int], list[Span]] = {}
    for s in suspects:
        by_line.setdefault(_line(text, s), []).append(s)
    for (start, end), group in by_line.items():
        lowered = text[start:end].lower()
        if len(lowered) != end - start:  # a letter whose lower case has another length
            confirmed.update(group)
            continue
        sources = {s.source for s in group}
        found = [(x.start + start, x.end + start, x.label) for det in detectors
                 if getattr(det, "name", None) in sources for x in det.detect(lowered)]
        index = _overlap_index(found)
        confirmed.update(s for s in group if _overlaps(index, s))
    local = set(suspects) - confirmed
    if not local:
        return spans
    # a name that opens its line may have its cue at the end of the line before ("SON\nMARK
    # LONG"), which the lower-cased line lacks: kept
    opens = {x for x in local if not WORD.search(text, text.rfind("\n", 0, x.start) + 1, x.start)}
    return [s if s not in local or (s in opens and s.label == "NAME")
            else replace(s, propagate=False)
            for s in spans if not (s in local and s.label in _DROPPED and s not in opens)]
