"""Rationales that quote only retrieved text.

A generated rationale is checked sentence by sentence: a sentence (or a "quoted" part of it) is
kept only if it appears word for word in a retrieved passage, and what is kept is the passage's
own text, with the passage's source id. When nothing survives, the extractive rationale takes
the retrieved sentences that share the most words with the note and the predicted diagnosis.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from meddx.models import bm25_tokens

__all__ = ["Quote", "extractive_quotes", "sentences", "verified_quotes"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9])|\n+")
_QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")
_CITATION = re.compile(r"\s*\[[^\]]{1,80}\]")
MIN_WORDS = 5


@dataclass(frozen=True)
class Quote:
    """A verbatim piece of a retrieved passage and the passage's source id."""

    text: str
    source_id: str


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _find(fragment: str, passages: list[Any]) -> Quote | None:
    """The passage text matching ``fragment`` word for word (case and spacing aside)."""
    words = fragment.split()
    if len(words) < MIN_WORDS:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), flags=re.IGNORECASE)
    for p in passages:
        match = pattern.search(p.text)
        if match:
            return Quote(match.group(0), p.source_id)
    return None


def verified_quotes(generated: str, passages: list[Any]) -> list[Quote]:
    """The parts of ``generated`` that quote a passage verbatim (at least five words each)."""
    out: list[Quote] = []
    for sentence in sentences(generated):
        sentence = _CITATION.sub("", sentence).strip()
        quoted = _QUOTED.findall(sentence)
        candidates = quoted or [sentence]
        for cand in candidates:
            cand = cand.strip().strip("-*•>\"'“” ").rstrip(".;:,")
            quote = _find(cand, passages)
            if quote is not None and quote not in out:
                out.append(quote)
    return out


def extractive_quotes(note: str, answer: str, passages: list[Any], *, label: str | None = None,
                      n: int = 2) -> list[Quote]:
    """The ``n`` retrieved sentences sharing the most words with the note and the diagnosis
    (passages labelled with the predicted diagnosis first, when they carry labels)."""
    wanted = set(bm25_tokens(note)) | set(bm25_tokens(answer))
    scored = []
    for rank, p in enumerate(passages):
        agrees = label is not None and str((p.metadata or {}).get("label")) == str(label)
        for i, s in enumerate(sentences(p.text)):
            tokens = set(bm25_tokens(s))
            if len(s.split()) < 3 or not tokens:
                continue
            overlap = len(tokens & wanted) / math.sqrt(len(tokens))
            scored.append((-int(agrees), -overlap, rank, i, Quote(s, p.source_id)))
    scored.sort(key=lambda t: t[:4])
    return [q for *_, q in scored[:n]]
