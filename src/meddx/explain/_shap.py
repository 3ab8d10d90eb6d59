"""SHAP values of words (``shap.Explainer`` with a text masker; the partition algorithm).

Any classifier works: the model is only called through ``predict_proba`` on masked notes.
Masked words are deleted, as in occlusion and the faithfulness test. ``max_evals`` caps the
model calls per note; word values add up to ``p(note) - p(all words deleted)``. Words an
encoder never reads (cut off by its window) form one feature per run and score 0.
"""

from __future__ import annotations

import numpy as np

from meddx.errors import ConfigError, require
from meddx.explain._base import Explainer, Explanation, register_explainer
from meddx.explain._torch import visible_words
from meddx.explain._words import split_words

__all__ = ["ShapExplainer"]


class _FeatureTokenizer:
    """The minimal tokenizer shap's Text masker needs. On the note itself its "tokens" are the
    given features (character spans); on any other string, its words."""

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self.text = text
        self.spans = spans

    def __call__(self, s: str, return_offsets_mapping: bool = True, **_):
        spans = self.spans if s == self.text else [(w.start, w.end) for w in split_words(s)]
        return {"input_ids": list(range(1, len(spans) + 1)), "offset_mapping": list(spans)}


def _features(words, seen) -> list[list[int]]:
    """One feature per word the model reads; each run of unread words is a single feature."""
    features: list[list[int]] = []
    for i in range(len(words)):
        if seen[i] or not features or seen[features[-1][-1]]:
            features.append([i])
        else:
            features[-1].append(i)
    return features


@register_explainer
class ShapExplainer(Explainer):
    """Partition SHAP over words with at most ``max_evals`` model calls per note."""

    name = "shap"

    def __init__(self, *, max_evals: int = 200, batch_size: int = 64, seed: int = 0) -> None:
        if max_evals < 4:
            raise ConfigError(f"shap max_evals must be at least 4; got {max_evals}")
        self.max_evals = max_evals
        self.batch_size = batch_size
        self.seed = seed

    def _explain_one(self, classifier, text: str, target: int, probability: float) -> Explanation:
        shap = require("shap", "explain")
        words = split_words(text)
        if not words:
            return self._make(classifier, words, [], target, probability, info={"evals": 0})
        seen = visible_words(classifier, text, words)
        features = _features(words, seen)
        spans = [(words[f[0]].start, words[f[-1]].end) for f in features]
        masker = shap.maskers.Text(_FeatureTokenizer(text, spans), mask_token="...",
                                   collapse_mask_token=True)
        masker.mask_token = ""  # delete masked words instead of writing "..." in their place

        def predict(batch) -> np.ndarray:
            return np.asarray(classifier.predict_proba([str(t) for t in batch]), dtype=np.float64)

        explainer = shap.Explainer(predict, masker, output_names=list(classifier.labels),
                                   seed=self.seed)
        evals = max(self.max_evals, 4)
        result = explainer([text], max_evals=evals, batch_size=self.batch_size, silent=True)
        values = np.asarray(result.values[0], dtype=np.float64)
        values = values[:, target] if values.ndim == 2 else values
        scores = np.zeros(len(words))
        unread = 0.0
        for f, v in zip(features, values, strict=True):
            if seen[f[0]]:
                scores[f[0]] = v
            else:
                unread += float(v)
        base = np.asarray(result.base_values[0], dtype=np.float64)
        return self._make(classifier, words, scores, target, probability, seen,
                          info={"max_evals": self.max_evals, "unread_words_value": unread,
                                "p_all_deleted": float(np.atleast_1d(base)[target])})
