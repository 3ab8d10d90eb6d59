"""When the service abstains, and the summary features it logs for each note.

A prediction is returned with ``abstain: true`` and one or more ``reasons``:

* ``low_confidence``: the calibrated top probability is below ``min_confidence``
  (multilabel: some class probability p has max(p, 1 - p) below it);
* ``no_known_tokens``: fewer than ``min_known_tokens`` of the note's words are in the run's
  TF-IDF vocabulary (the baseline's, or the model's when the model is the TF-IDF one), the
  simplest out-of-distribution sign: gibberish, another language, an empty template;
* ``too_long``: the note has more than ``max_length_factor`` times the characters of the longest
  training note in the data card.

The data card records no minimum length, so very short notes are judged by the vocabulary check
and by their confidence. Everything here works on de-identified text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["REASONS", "InputGuard"]

log = logging.getLogger("meddx")

REASONS = ("low_confidence", "no_known_tokens", "too_long")


@dataclass
class InputGuard:
    """Summary features and abstain reasons for de-identified notes of one run."""

    task: str
    min_confidence: float = 0.6
    min_known_tokens: int = 1
    max_length_factor: float | None = 4.0
    vocabulary: Any = None  # a container of known words (the TF-IDF vocabulary), or None
    words: Callable[[str], list[str]] | None = None  # the vectorizer's preprocessing + tokenizer
    max_train_chars: int | None = None

    @classmethod
    def from_run(cls, run, settings) -> InputGuard:
        from meddx.models import TfidfBaseline
        from meddx.text import normalize_all

        guard = cls(task=run.model.task, min_confidence=settings.min_confidence,
                    min_known_tokens=settings.min_known_tokens,
                    max_length_factor=settings.max_length_factor)
        tfidf = next((m for m in (run.model, run.baseline) if isinstance(m, TfidfBaseline)), None)
        if tfidf is not None:
            vec = tfidf.pipeline[0]
            pre, tok, prep = vec.build_preprocessor(), vec.build_tokenizer(), tfidf.prep
            guard.vocabulary = vec.vocabulary_
            guard.words = lambda text: tok(pre(normalize_all([text], prep)[0]))
        elif settings.min_known_tokens:
            log.warning("serve: the run has no TF-IDF baseline; the vocabulary check is off")
        card = _data_card(run.path)
        lengths = card.get("text_length", {}).get("train", {})
        if lengths.get("chars_max"):
            guard.max_train_chars = int(lengths["chars_max"])
        return guard

    def features(self, text: str) -> dict[str, Any]:
        """``n_chars``, ``n_tokens_approx`` (whitespace words), ``n_known_tokens`` and
        ``oov_rate`` (words not in the vocabulary; None without one)."""
        out: dict[str, Any] = {"n_chars": len(text), "n_tokens_approx": len(text.split()),
                               "n_known_tokens": None, "oov_rate": None}
        if self.vocabulary is not None and self.words is not None:
            words = self.words(text)
            known = sum(1 for w in words if w in self.vocabulary)
            out["n_known_tokens"] = known
            out["oov_rate"] = round(1.0 - known / len(words), 4) if words else 1.0
        return out

    def reasons(self, features: dict[str, Any], proba: np.ndarray) -> list[str]:
        """Why to abstain on one note (empty: don't)."""
        proba = np.asarray(proba, dtype=np.float64)
        if self.task == "multilabel":
            confidence = float(np.min(np.maximum(proba, 1.0 - proba)))
        else:
            confidence = float(np.max(proba))
        out = []
        if confidence < self.min_confidence:
            out.append("low_confidence")
        known = features.get("n_known_tokens")
        if self.min_known_tokens and known is not None and known < self.min_known_tokens:
            out.append("no_known_tokens")
        if (self.max_length_factor is not None and self.max_train_chars
                and features["n_chars"] > self.max_length_factor * self.max_train_chars):
            out.append("too_long")
        return out


def _data_card(run_path) -> dict:
    import json
    from pathlib import Path

    path = Path(run_path) / "data_card.json"
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except json.JSONDecodeError:
        log.warning("serve: %s is not valid JSON; the length check is off", path)
        return {}
