"""Occlusion by word deletion, and :func:`top_tokens`, the fast call the prediction service
uses to show why a note got its label.

A word's score is the drop of the target's probability when the word is deleted. Works for any
classifier: it only calls ``predict_proba``. Words the model never reads (cut off by an
encoder's window) are not deleted and score 0. Notes with more content words than ``max_evals``
have them deleted in contiguous groups, each word getting its group's drop shared equally.
"""

from __future__ import annotations

import numpy as np

from meddx.errors import ConfigError
from meddx.explain._base import (
    Explainer,
    Explanation,
    make_explainer,
    register_explainer,
    resolve_targets,
)
from meddx.explain._torch import visible_words
from meddx.explain._words import delete_words, is_content, split_words

__all__ = ["OcclusionExplainer", "top_tokens"]


@register_explainer
class OcclusionExplainer(Explainer):
    """Delete each content word (or group of words) and measure the probability drop."""

    name = "occlusion"

    def __init__(self, *, max_evals: int = 128, batch_size: int = 64) -> None:
        if max_evals < 1:
            raise ConfigError(f"occlusion max_evals must be at least 1; got {max_evals}")
        self.max_evals = max_evals
        self.batch_size = batch_size

    def explain(self, classifier, texts: list[str], *, target: str | int | None = None
                ) -> list[Explanation]:
        texts = [str(t) for t in texts]
        if not texts:
            return []
        proba = np.asarray(classifier.predict_proba(texts), dtype=np.float64)
        targets = resolve_targets(classifier, proba, target)
        plans, variants = [], []
        for text in texts:  # every deletion of every note goes into one batched call
            words = split_words(text)
            seen = visible_words(classifier, text, words)
            groups = self._groups([i for i, w in enumerate(words) if is_content(w.text) and seen[i]])
            plans.append((words, groups, len(variants), seen))
            variants.extend(delete_words(text, words, g) for g in groups)
        deleted = _predict(classifier, variants, self.batch_size)
        out = []
        for i, (words, groups, first, seen) in enumerate(plans):
            t = targets[i]
            scores = np.zeros(len(words))
            for j, g in enumerate(groups):
                scores[g] = (proba[i, t] - deleted[first + j, t]) / len(g)
            out.append(self._make(classifier, words, scores, t, float(proba[i, t]), seen,
                                  info={"evals": len(groups)}))
        return out

    def _explain_one(self, classifier, text: str, target: int, probability: float) -> Explanation:
        return self.explain(classifier, [text], target=target)[0]

    def _groups(self, content: list[int]) -> list[list[int]]:
        if not content:
            return []
        n = min(len(content), self.max_evals)
        return [list(part) for part in np.array_split(np.asarray(content), n) if len(part)]


def _predict(classifier, texts: list[str], batch_size: int) -> np.ndarray:
    if not texts:
        return np.zeros((0, len(classifier.labels)))
    parts = [np.asarray(classifier.predict_proba(texts[i:i + batch_size]), dtype=np.float64)
             for i in range(0, len(texts), batch_size)]
    return np.concatenate(parts, axis=0)


def top_tokens(classifier, texts: list[str], k: int = 5, method: str = "occlusion", *,
               target: str | int | None = None, **params) -> list[list[tuple[str, float, int, int]]]:
    """The ``k`` words that most support each note's predicted class (or ``target``):
    ``[(word, score, start, end), ...]`` per text, offsets into that text.

    ``method`` is "occlusion" (any model; one batched ``predict_proba`` call) or "ig" (fine-tuned
    encoders; ``n_steps`` defaults to 16 here for speed). Extra ``params`` go to the method.
    """
    allowed = ("occlusion", "ig")
    if method not in allowed:
        raise ConfigError(f"top_tokens method must be one of {', '.join(allowed)}; got '{method}'")
    if k < 1:
        raise ConfigError(f"top_tokens k must be at least 1; got {k}")
    if method == "ig":
        params.setdefault("n_steps", 16)
    explainer = make_explainer(method, **params)
    return [e.top(k) for e in explainer.explain(classifier, texts, target=target)]
