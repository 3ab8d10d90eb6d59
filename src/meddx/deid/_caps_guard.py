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

Session 27 (deidcaps27): such a place is dropped outright unless a cue still vouches for it
(:func:`meddx.deid._caps_cues.caps_cued`: a cue of place, a facility name's shape, a place in
brackets after a kept place); what a cue keeps stays as before (non-propagating). "MASS GENERAL"
or "REVERE" after "at" / "from" / "in" are kept that way. Names of ordinary words in capitals
are not suspected (doing so cost pooled validation recall; docs/benchmarks.md, session 27).

Spans of the crf (which was trained with case copies and reads no capitals alone) and of
other labels are kept as they are.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from meddx.deid._caps_cues import caps_cued, kept_ends
from meddx.deid._case_words import WORD, is_proper_word
from meddx.deid._span import Span

__all__ = ["caps_guard"]

_LABELS = frozenset(("HOSPITAL", "LOCATION"))


class _Lines:
    """Where the line of a span starts and ends, by bisection in the note's newlines (found
    once, on the first question): a search from each span of a long line of capitals to the
    line's ends was quadratic (session 28, lin28)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines: list[int] | None = None

    def start(self, pos: int) -> int:
        """Just after the last newline before ``pos`` (0 where there is none)."""
        nl = self._index()
        k = bisect_left(nl, pos)
        return nl[k - 1] + 1 if k else 0

    def bounds(self, span: Span) -> tuple[int, int]:
        """The start of the line of ``span.start`` and the first newline from ``span.end``
        (or the end of the text)."""
        nl = self._index()
        k = bisect_left(nl, span.end)
        return self.start(span.start), nl[k] if k < len(nl) else len(self.text)

    def _index(self) -> list[int]:
        if self._newlines is None:
            text, nl, i = self.text, [], self.text.find("\n")
            while i >= 0:
                nl.append(i)
                i = text.find("\n", i + 1)
            self._newlines = nl
        return self._newlines


def _suspect(text: str, span: Span, upper_lines: dict[tuple[int, int], bool], lines: _Lines) -> bool:
    if span.label not in _LABELS or span.source == "crf":
        return False
    value = text[span.start:span.end]
    if not value.isupper():
        return False
    bounds = lines.bounds(span)
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
    non-propagating (module docstring); ``detectors``: those that found ``spans``; the one
    named by a suspect span's ``source`` reads its line again lower-cased."""
    upper_lines: dict[tuple[int, int], bool] = {}
    lines = _Lines(text)
    suspects = [s for s in spans if s.propagate and _suspect(text, s, upper_lines, lines)]
    if not suspects:
        return spans
    confirmed: set[Span] = set()
    by_line: dict[tuple[int, int], list[Span]] = {}
    for s in suspects:
        by_line.setdefault(lines.bounds(s), []).append(s)
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
    ends = kept_ends([s for s in spans if s not in local])
    cued = {s for s in local if caps_cued(text, s, ends, lines.start(s.start))}
    return [replace(s, propagate=False) if s in local else s
            for s in spans if s not in local or s in cued]
