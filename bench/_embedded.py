"""The demo corpus as the frozen-encoder benchmarks see it: loaded, de-identified and split as
``meddx train`` does, then embedded once with the run's encoder (cached on disk by content
hash, so several benchmarks and reruns pay for the encoder once)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Embedded:
    cfg: object
    labels: list[str]
    task: str
    parts: dict  # split name -> Corpus
    X: dict  # split name -> embeddings
    embed_seconds: float


def demo_splits(config: str, data: str, overrides: dict | None = None, *, quiet: bool = True):
    """(config, corpus, parts): loaded, de-identified and split as ``meddx train`` does."""
    from meddx.config import load_config
    from meddx.data import load_corpus, make_splits
    from meddx.deid import deidentify_corpus

    cfg = load_config(config, {"data": {"path": data}, "model": {"mode": "frozen"},
                               **(overrides or {})})
    corpus = load_corpus(cfg.data)
    deidentify_corpus(corpus, cfg.deid, quiet=quiet)
    splits = make_splits(corpus, cfg.data.split)
    return cfg, corpus, {name: corpus.subset(idx) for name, idx in splits.items()}


def embedded_splits(config: str, data: str, cache: str, *, quiet: bool = True) -> Embedded:
    import time

    from meddx.models import FrozenEncoderClassifier

    cfg, corpus, parts = demo_splits(config, data, quiet=quiet)
    clf = FrozenEncoderClassifier(labels=corpus.labels, task=corpus.task, prep=cfg.prep,
                                  model=cfg.model.name, pooling=cfg.model.pooling,
                                  cache_dir=Path(cache))
    Path(cache).mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    X = {name: np.asarray(clf.embed(p.texts, quiet=quiet, label=f"embedding {name}"))
         for name, p in parts.items()}
    return Embedded(cfg, corpus.labels, corpus.task, parts, X, time.monotonic() - started)


def lr_head(cfg, X_train, y_train, X_val, y_val, labels, task):
    """The non-private head of ``meddx train`` (mode frozen): logistic regression, C picked
    on validation macro-F1 from the same grid."""
    from sklearn.metrics import f1_score

    from meddx.train import HEAD_C_GRID, fit_head

    best = None
    for C in HEAD_C_GRID:
        head = fit_head(X_train, y_train, n_classes=len(labels), C=C,
                        imbalance=cfg.train.imbalance, seed=cfg.train.seed)
        score = f1_score(y_val, head.predict_proba(X_val).argmax(1), average="macro")
        if best is None or score > best[0]:
            best = (score, C, head)
    return best[2], best[1]
