"""Top attributed tokens for the service: word occlusion, cheap enough to serve.

For each note, each distinct word (case-folded, at most ``max_words`` of them, common function
words skipped) is deleted everywhere in the note, and the drop of the model's probability of
the predicted class is its score, measured in log-odds (``logit(p) - logit(p_without)``) so
that it still ranks words when a confident model's probability saturates near 1. The model's
own probabilities are used, not the calibrated ones: a sharp calibrator (small temperature,
isotonic steps) would flatten every difference to 0. All variants of all notes are scored in
batches by the run's own classifier, so it works for every model kind (TF-IDF, frozen,
fine-tuned, LoRA) and costs ``1 + max_words`` predictions per note at most.

It is a stand-in behind one function, :func:`top_tokens`, until ``meddx.explain`` (Integrated
Gradients) is fast enough for serving. The texts it sees are already de-identified.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

__all__ = ["WORD_RE", "top_tokens"]

WORD_RE = re.compile(r"\w+(?:[-']\w+)*")
_SKIP = frozenset(
    "a an and are as at be been but by for from had has have he her his in is it its of on or "
    "she that the their there these they this those to was were which who with".split())
_BATCH = 256


def _variants(text: str, max_words: int) -> tuple[list[str], list[str]]:
    """The distinct words (first seen first) and the text without each of them."""
    spans = [(m.start(), m.end(), m.group().lower()) for m in WORD_RE.finditer(text)]
    words: list[str] = []
    for _, _, word in spans:
        if word not in _SKIP and word not in words:
            words.append(word)
            if len(words) == max_words:
                break
    variants = []
    for word in words:
        pieces, last = [], 0
        for start, end, w in spans:
            if w == word:
                pieces.append(text[last:start])
                last = end
        pieces.append(text[last:])
        variants.append(" ".join(" ".join(pieces).split()))
    return words, variants


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p) - np.log1p(-p)


def top_tokens(run, texts: list[str], *, k: int = 10, max_words: int = 64) -> list[list[dict[str, Any]]]:
    """Per text, up to ``k`` words whose deletion lowers the model's probability of its
    top class most, in log-odds: ``[{"token": word, "score": drop}, ...]``, best
    first; words whose deletion does not lower it are left out."""
    def score(batch: list[str]) -> np.ndarray:
        parts = [run.model.predict_proba(batch[i:i + _BATCH], quiet=True)
                 for i in range(0, len(batch), _BATCH)]
        return np.concatenate(parts).astype(np.float64)

    per_text = [_variants(t, max_words) for t in texts]
    scored = score(list(texts) + [v for _, variants in per_text for v in variants])
    base, scored = scored[:len(texts)], scored[len(texts):]
    out, offset = [], 0
    for row, (words, _) in zip(base, per_text, strict=True):
        cls = int(np.argmax(row))
        drops = _logit(row[cls]) - _logit(scored[offset:offset + len(words), cls])
        offset += len(words)
        order = np.argsort(-drops, kind="stable")[:k]
        out.append([{"token": words[i], "score": round(float(drops[i]), 6)}
                    for i in order if drops[i] > 0])
    return out
