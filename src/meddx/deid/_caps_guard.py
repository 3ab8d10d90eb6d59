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

Spans of the crf (which was trained with case copies and reads no capitals alone) and of
other labels are kept as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from meddx.deid._case_view import case_view
from meddx.deid._case_words import TITLES, WORD, is_proper_word
from meddx.deid._lexicon import lexicon
from meddx.deid._span import Span

__all__ = ["caps_guard"]

_LABELS = frozenset(("HOSPITAL", "LOCATION", "NAME"))
#: months that are first names too (the lexicon lists them as months only)
_MONTH_NAMES = frozenset(("april", "may", "june", "august"))
#: titles that cue a name without their period ("DR BATH", "MRS KING"; not "MR", "MS")
_BARE = frozenset(("dr", "drs", "mrs"))
#: a title just before a span: "DR ", "REV. ", "MR. " (its period, if any, in group 2)
_BEFORE = re.compile(r"\b(" + "|".join(sorted(TITLES)) + r")(\.)? ?\Z", re.IGNORECASE)


def _suspect(text: str, span: Span) -> bool:
    if span.label not in _LABELS or span.source == "crf":
        return False
    value = text[span.start:span.end]
    if not value.isupper():
        return False
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    line = text[start:end if end >= 0 else len(text)]
    if not line.isupper():
        return False
    words = [w.lower() for w in WORD.findall(value)]
    # a name may hold a listed first name or surname that is a common word too ("ROSE
    # LONG", "MAY"); a word in no list may be a rare surname ("ZELDRA'S SON")
    if any(is_proper_word(w) for w in words):
        return False
    if span.label != "NAME":
        return True
    # a name of clinical words alone ("NL RV", "RRT RN", "L IJ"); not one of common words
    # that a writer may bear ("ROSE LONG", "MAY", "BUD")
    lex = lexicon()
    return not any(_listed_name(w) or (len(w) > 1 and not lex.is_medical(w)) for w in words) \
        and any(len(w) > 1 for w in words)


def _listed_name(w: str) -> bool:
    """Whether ``w`` is a listed first name or surname, clinical word or not ("ANA", "FOLEY",
    "MALLORY"), or a month that is a first name too ("TO MAY RN")."""
    lex = lexicon()
    return w in _MONTH_NAMES or w in lex.first_names or w in lex.last_names


def _signed(text: str, span: Span) -> bool:
    """Whether the NAME ``span`` is told by more than its capitals: initials of up to three
    letters that end their line (a signature, a flowsheet row: "-- RN KEV", "... 98  HB"), or
    a name after a title ("REV. DUKES", "DR BATH"; "MR" and "MS" with their period only: "MILD
    MR. NL RV" is a valve) that holds a word which is no clinical abbreviation or term."""
    words = WORD.findall(text[span.start:span.end])
    end = text.find("\n", span.end)
    lex = lexicon()
    if all(len(w) <= 3 and w.lower() not in lex.common_words for w in words) and not text[
            span.end:end if end >= 0 else len(text)].strip():
        return True
    before = _BEFORE.search(text, max(0, span.start - 8), span.start)
    if before is None or (before.group(1).lower() not in _BARE and not before.group(2)):
        return False
    return any(not lex.is_medical(w.lower()) for w in words)


def _shouted(text: str) -> bool:
    """Whether ``text`` is typed in capitals: under 5 % of its cased letters in lower case."""
    lower = sum(1 for c in text if c.islower())
    return lower < 0.05 * (lower + sum(1 for c in text if c.isupper()))


def caps_guard(text: str, spans: list[Span], detectors: Sequence) -> list[Span]:
    """``spans`` with the HOSPITAL and LOCATION spans that only capitals vouch for made
    non-propagating and such NAME spans dropped (module docstring); ``detectors``: those that found ``spans``; the one
    named by a suspect span's ``source`` reads its line again lower-cased."""
    suspects = [s for s in spans if s.propagate and _suspect(text, s)]
    if not suspects:
        return spans
    confirmed: set[Span] = set()
    by_line: dict[tuple[int, int], list[Span]] = {}
    for s in suspects:
        start = text.rfind("\n", 0, s.start) + 1
        end = text.find("\n", s.end)
        by_line.setdefault((start, end if end >= 0 else len(text)), []).append(s)
    for (start, end), group in by_line.items():
        lowered = text[start:end].lower()
        if len(lowered) != end - start:  # a letter whose lower case has another length
            confirmed.update(group)
            continue
        sources = {s.source for s in group}
        found = [(x.start + start, x.end + start, x.label) for det in detectors
                 if getattr(det, "name", None) in sources for x in det.detect(lowered)]
        names = [s for s in group if s.label == "NAME"]
        if names and (view := case_view(text[start:end])) is not None:
            # a name is read in the case view too, as a writer in mixed case would type the
            # line ("PATIENT: HOPE WINTERS" -> "patient: Hope Winters"): either reading vouches
            found += [(x.start + start, x.end + start, x.label) for det in detectors
                      if getattr(det, "name", None) in sources for x in det.detect(view)]
        for s in group:
            if any(a < s.end and s.start < b and lab == s.label for a, b, lab in found):
                confirmed.add(s)
    local = set(suspects) - confirmed
    if not local:
        return spans
    # a name that only capitals vouch for is dropped; a facility or place is kept where read
    # in a note typed in capitals; a line in capitals within a note in mixed case is a header
    # or a field that its writer chose to type so ("ATTENDING: ...")
    gone = {s for s in local if s.label == "NAME" and not _signed(text, s)} if _shouted(
        text) else set()
    return [replace(s, propagate=False) if s in local and s.label != "NAME" else s
            for s in spans if s not in gone]
