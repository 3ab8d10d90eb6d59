"""The training reference a window of production traffic is compared with.

``meddx train`` writes it at the end of a run, from the de-identified corpus it has in memory,
as ``RUN/monitor/reference.npz`` + ``reference.json``. For older runs :func:`build_reference`
recomputes it on demand (the corpus reloaded with the run's config, split and de-identified
the same way) and caches it there. It holds, without any text:

* ``train_features``: length in characters and approximate tokens (whitespace words) of up to
  ``max_texts`` training notes;
* ``validation_features``: the same plus the OOV rate, for up to ``max_texts`` validation notes.
  The OOV rate is taken on the validation split because the TF-IDF vocabulary was built from the
  training split, whose OOV rate is therefore biased low;
* ``validation_proba``: the model's calibrated probabilities on those validation notes;
* the group attributes (``data.group_columns``) of both sets of rows.

Features are defined as in the prediction log (``serve/_guard.py``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from meddx._io import atomic_write_bytes, atomic_write_json

__all__ = ["FEATURES", "Reference", "build_reference"]

log = logging.getLogger("meddx")

FEATURES = ("n_chars", "n_tokens_approx", "oov_rate")
_VERSION = 1


@dataclass
class Reference:
    """Summary features and probabilities of a run's training data (see the module docstring)."""

    labels: list[str]
    task: str
    train_features: np.ndarray  # (n, 2): n_chars, n_tokens_approx
    validation_features: np.ndarray  # (m, 3): n_chars, n_tokens_approx, oov_rate (nan: no vocabulary)
    validation_proba: np.ndarray  # (m, k)
    train_groups: dict[str, list[str]] = field(default_factory=dict)
    validation_groups: dict[str, list[str]] = field(default_factory=dict)
    threshold: float = 0.5  # multilabel decision threshold (eval.threshold)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def has_oov(self) -> bool:
        return bool(np.isfinite(self.validation_features[:, 2]).any())

    def save(self, folder: Path) -> None:
        import io

        buf = io.BytesIO()
        np.savez(buf, train_features=self.train_features,
                 validation_features=self.validation_features,
                 validation_proba=self.validation_proba)
        atomic_write_bytes(folder / "reference.npz", buf.getvalue())
        atomic_write_json(folder / "reference.json", {
            "version": _VERSION, "labels": self.labels, "task": self.task,
            "threshold": self.threshold, "train_groups": self.train_groups,
            "validation_groups": self.validation_groups, "info": self.info})

    @classmethod
    def load(cls, folder: Path) -> Reference | None:
        meta_path, arrays_path = folder / "reference.json", folder / "reference.npz"
        if not (meta_path.is_file() and arrays_path.is_file()):
            return None
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(arrays_path) as arrays:
                data = {k: arrays[k] for k in arrays.files}
        except (OSError, ValueError, json.JSONDecodeError):
            log.warning("monitor: the cached reference in %s is unreadable; recomputing", folder)
            return None
        if meta.get("version") != _VERSION:
            return None
        return cls(labels=meta["labels"], task=meta["task"], threshold=meta["threshold"],
                   train_groups=meta["train_groups"], validation_groups=meta["validation_groups"],
                   info=meta["info"], **data)


def build_reference(run_dir: str | Path, *, run=None, max_texts: int = 2000, refresh: bool = False,
                    seed: int = 0, corpus=None, splits=None) -> Reference:
    """The run's reference, from ``RUN/monitor/`` when cached there (and ``refresh`` is false),
    else computed from the run's data and cached. ``run``: an already loaded run (``load_run``);
    ``corpus`` and ``splits``: the run's de-identified corpus and its splits, when the caller
    has them (training does), else they are rebuilt from the run's config."""
    run_dir = Path(run_dir)
    folder = run_dir / "monitor"
    if not refresh:
        cached = Reference.load(folder)
        if cached is not None and cached.info.get("max_texts") == max_texts:
            return cached
    from meddx.audit import served_proba
    from meddx.data import make_splits
    from meddx.runs import load_run
    from meddx.serve import InputGuard, ServeSettings

    run = run or load_run(run_dir, with_baseline=True)
    if corpus is None or splits is None:
        corpus = run.corpus()
        splits = make_splits(corpus, run.config.data.split)
    rng = np.random.default_rng(seed)
    guard = InputGuard.from_run(run, ServeSettings(min_known_tokens=0))

    def rows(split: str) -> np.ndarray:
        idx = np.asarray(splits[split])
        return idx if len(idx) <= max_texts else np.sort(rng.choice(idx, max_texts, replace=False))

    def features(idx: np.ndarray) -> np.ndarray:
        out = []
        for i in idx:
            f = guard.features(corpus.texts[int(i)])
            out.append([f["n_chars"], f["n_tokens_approx"],
                        np.nan if f["oov_rate"] is None else f["oov_rate"]])
        return np.asarray(out, dtype=np.float64).reshape(-1, 3)

    def groups(idx: np.ndarray) -> dict[str, list[str]]:
        if corpus.groups is None:
            return {}
        return {str(c): [str(v) for v in corpus.groups[c].iloc[idx].tolist()]
                for c in corpus.groups.columns}

    train, val = rows("train"), rows("validation")
    texts = [corpus.texts[int(i)] for i in val]
    from meddx.runs import cached_proba

    raw = cached_proba(run.path, texts) if texts else None
    if raw is None and texts:
        raw = run.model.predict_proba(texts)
    proba = (served_proba(run, texts, proba=raw) if texts
             else np.zeros((0, len(corpus.labels))))
    ref = Reference(labels=list(run.model.labels), task=run.model.task,
                    train_features=features(train)[:, :2], validation_features=features(val),
                    # rounded as the service logs them (6 decimals)
                    validation_proba=np.round(np.asarray(proba, dtype=np.float64), 6),
                    train_groups=groups(train), validation_groups=groups(val),
                    threshold=float(run.config.eval.threshold),
                    info={"max_texts": max_texts, "n_train": int(len(train)),
                          "n_validation": int(len(val)), "dataset_sha256": corpus.file_sha256})
    ref.save(folder)
    log.info("monitor: reference of %d training and %d validation notes cached in %s",
             len(train), len(val), folder)
    return ref
