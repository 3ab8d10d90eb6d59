"""The data card: what went into a run, in numbers (never note text)."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from meddx.data._corpus import Corpus
from meddx.data._settings import DataConfig

__all__ = ["content_hash", "data_card"]


def content_hash(corpus: Corpus) -> str:
    """SHA-256 over the sorted (text, labels) pairs actually used: order-independent."""
    if corpus.multilabel:
        labs = ["|".join(corpus.labels[j] for j in np.flatnonzero(r)) for r in corpus.y]
    else:
        labs = [corpus.labels[j] for j in corpus.y]
    h = hashlib.sha256()
    for text, lab in sorted(zip(corpus.texts, labs, strict=True)):
        h.update(text.encode("utf-8"))
        h.update(b"\x1f")
        h.update(lab.encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()


def _length_stats(texts: list[str]) -> dict[str, float]:
    if not texts:
        return {}
    chars = np.array([len(t) for t in texts])
    words = np.array([len(t.split()) for t in texts])
    return {
        "chars_mean": round(float(chars.mean()), 1),
        "chars_median": float(np.median(chars)),
        "chars_p95": float(np.percentile(chars, 95)),
        "chars_max": int(chars.max()),
        "words_mean": round(float(words.mean()), 1),
        "words_median": float(np.median(words)),
        "words_p95": float(np.percentile(words, 95)),
        "words_max": int(words.max()),
    }


_DUPLICATE_POLICY = {
    "drop_conflicting": "identical texts with the same labels keep one copy; every copy of a "
    "text whose copies carry different labels is dropped, since no single label is right",
    "keep_first": "identical texts keep their first copy, whatever its label",
    "keep_all": "identical texts are all kept; they always share one split",
}


def _shared_across_splits(keys: list[str], splits: dict[str, np.ndarray]) -> int:
    """How many distinct keys (patients, texts) occur in more than one split."""
    seen: dict[str, set[str]] = {}
    for name, idx in splits.items():
        for i in idx:
            seen.setdefault(keys[int(i)], set()).add(name)
    return sum(1 for where in seen.values() if len(where) > 1)


def data_card(
    corpus: Corpus, splits: dict[str, np.ndarray], cfg: DataConfig, **extra: Any
) -> dict[str, Any]:
    """A JSON-serialisable summary of the dataset and its splits."""
    per_split = {
        name: {"n": int(len(idx)), "labels": corpus.label_counts(idx)}
        for name, idx in splits.items()
    }
    lengths = {
        name: _length_stats([corpus.texts[i] for i in idx]) for name, idx in splits.items()
    }
    n_patients = len(set(corpus.patients)) if corpus.patients is not None else None
    card: dict[str, Any] = {
        "source": corpus.source,
        "file_sha256": corpus.file_sha256,
        "content_sha256": content_hash(corpus),
        "task": corpus.task,
        "labels": corpus.labels,
        "n_rows_used": len(corpus),
        "n_rows_dropped": int(sum(corpus.dropped.values())),
        "dropped_by_reason": dict(sorted(corpus.dropped.items())),
        "duplicates_policy": cfg.duplicates,
        "duplicates_policy_text": _DUPLICATE_POLICY[cfg.duplicates],
        "n_patients": n_patients,
        "split_grouping": "patient and identical text" if corpus.patients is not None
        else "identical text",
        "splits": per_split,
        "leakage": {
            "texts_in_several_splits": _shared_across_splits(
                [t.strip() for t in corpus.texts], splits),
            "patients_in_several_splits": _shared_across_splits(corpus.patients, splits)
            if corpus.patients is not None else None,
        },
        "text_length": lengths,
    }
    if corpus.groups is not None:
        card["group_columns"] = {
            col: {str(k): int(v) for k, v in corpus.groups[col].value_counts(dropna=False).items()}
            for col in corpus.groups.columns
        }
    card.update(extra)
    return card
