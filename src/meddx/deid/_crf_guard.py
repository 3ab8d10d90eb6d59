"""The ``crf`` detector's precision guard and its place beside the rules (session 11, crfdefault).

Made a default detector, the CRF tagger runs on every note; what it adds must be PHI the
rules missed, never a retyping of what they found nor a look-alike. Two checks:

* :func:`crf_allowed`, on each span it predicts, after the ``ner`` guard
  (:func:`meddx.deid._ner_guard.allowed`):

  - a DATE that is a bare year ("until 1995", "CT 2015"): Safe Harbor keeps years;
  - a NAME with a digit or a slash ("Tue/Thu"), or a single lower-case word that is a common
    English word ("wife will and son", "2 dr lee"): a name in lower case is kept only where
    it is no English word;
  - a HOSPITAL or LOCATION of at most two words, each a common English or clinical word and
    none in the place lists, with no other token but a number ("Trauma Bay", "East Wing",
    "Town Hall", "PCP office", "7 West"): rooms, wards and generic places. A longer
    facility name of common words ("Sunrise of Elm Grove") stays.

* :func:`outside_rules`, on one note's spans of every detector, before the merge: a CRF span
  gives way to the other detectors' spans it overlaps: only its characters outside them are
  kept (as separate spans, cut at the rule spans, trimmed to letters and digits). The rules'
  spans keep their own label, source and boundaries, so the consistency pass (parts of
  names, facility short forms) reads them as before, and a CRF span never joins a hospital
  and the town after it into one span of one type.
"""

from __future__ import annotations

import re

from meddx.deid._ner_guard import _MONTH_WORD, allowed
from meddx.deid._place_words import COUNTRIES
from meddx.deid._span import Span

__all__ = ["CRF_SOURCE", "crf_allowed", "outside_rules"]

#: ``Span.source`` of the ``crf`` detector's spans (its registered name)
CRF_SOURCE = "crf"
_PLACE_LABELS = frozenset({"HOSPITAL", "LOCATION"})
_NAME_LIKE = _PLACE_LABELS | {"NAME"}
_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGITS = re.compile(r"\d+")
#: least mean P(not O) of a one-word NAME that no name list holds ("Tecfidera" 0.91)
_UNLISTED_SCORE = 0.97


def _place_lists() -> tuple[frozenset[str], ...]:
    from meddx.deid._gazetteer import gazetteer
    from meddx.deid._lexicon import lexicon

    lex, gaz = lexicon(), gazetteer()
    return lex.cities, gaz.towns, frozenset(lex.states)


def _plain(word: str) -> bool:
    """A common English or clinical word (whether or not a name list also holds it)."""
    from meddx.deid._lexicon import lexicon

    lex = lexicon()
    return word.lower() in lex.common_words or lex.is_medical(word)


def _listed_name(word: str) -> bool:
    from meddx.deid._gazetteer import gazetteer
    from meddx.deid._lexicon import lexicon

    lex, low = lexicon(), word.lower()
    return low in lex.first_names or low in lex.last_names or low in gazetteer().surnames


def crf_allowed(text: str, span: Span) -> bool:
    """False for a CRF span that reads as a look-alike (module docstring)."""
    if not allowed(text, span):
        return False
    value = text[span.start:span.end]
    if span.label in _NAME_LIKE and " ".join(_WORD.findall(value.lower())) in COUNTRIES:
        return False  # a country is larger than a state: no PHI
    if span.label == "DATE":
        digits = _DIGITS.findall(value)
        return not (len(digits) == 1 and _YEAR.fullmatch(digits[0])
                    and not _MONTH_WORD.search(value))
    if span.label == "NAME":
        if "/" in value or any(c.isdigit() for c in value):
            return False
        words = _WORD.findall(value)
        if len(words) == 1 and (_plain(words[0]) or not _listed_name(words[0])
                                and span.score < _UNLISTED_SCORE):
            return False
        return True
    if span.label in _PLACE_LABELS:
        tokens = _TOKEN.findall(value)
        words = [t for t in tokens if not t.isdigit()]
        if len(words) != len(tokens) and len(tokens) - len(words) > 1:
            return True
        if not words or not all(_plain(w) for w in words):
            return True
        if len(words) > 2 and not value.islower():
            return True  # "Sunrise of Elm Grove"; "rural health center" is generic
        low = " ".join(w.lower() for w in words)  # "Elm Grove" is a town, "West" is no PHI
        return len(words) == 2 and any(low in names for names in _place_lists())
    return True


def outside_rules(text: str, spans: list[Span]) -> list[Span]:
    """One note's spans with each CRF span cut to its characters that no other detector's
    span covers, each piece trimmed to its first and last letter or digit (module
    docstring); spans of other sources are returned as they are."""
    if not any(s.source == CRF_SOURCE for s in spans):
        return spans
    others = [s for s in spans if s.source != CRF_SOURCE]
    out = list(others)
    for s in spans:
        if s.source != CRF_SOURCE:
            continue
        cover = sorted((o.start, o.end) for o in others if o.start < s.end and s.start < o.end)
        if not cover:
            out.append(s)
            continue
        start = s.start
        for a, b in [*cover, (s.end, s.end)]:
            if a > start:
                found = [m.span() for m in _TOKEN.finditer(text, start, min(a, s.end))]
                if found:
                    out.append(Span(found[0][0], found[-1][1], s.label, s.source, s.score,
                                    s.propagate))
            start = max(start, b)
    return out
