"""Leakage-safe, deterministic train/validation/test splits.

Rows are joined into groups that must stay together: all notes of one patient, and all
copies of one text. Groups are then dealt to the splits greedily so that each split's label
counts track its target fraction (stratification), largest groups first, ties broken by a
seeded shuffle. The same data and seed give the same split.
"""

from __future__ import annotations

import numpy as np

from meddx.data._corpus import Corpus
from meddx.data._settings import SplitConfig
from meddx.errors import ConfigError, DataError

__all__ = ["SPLITS", "make_splits"]

SPLITS = ("train", "validation", "test")
_ALIASES = {
    "train": "train", "training": "train",
    "validation": "validation", "valid": "validation", "val": "validation", "dev": "validation",
    "test": "test", "testing": "test", "eval": "test",
}


def make_splits(corpus: Corpus, cfg: SplitConfig) -> dict[str, np.ndarray]:
    """Return sorted row indices of each split."""
    if cfg.column:
        return _predefined(corpus, cfg)
    fractions = {"train": cfg.train, "validation": cfg.validation, "test": cfg.test}
    active = [s for s in SPLITS if fractions[s] > 0]
    _check_class_sizes(corpus, len(active))
    groups = _groups(corpus)
    return _assign(corpus, groups, {s: fractions[s] for s in active}, cfg.seed)


def _predefined(corpus: Corpus, cfg: SplitConfig) -> dict[str, np.ndarray]:
    if corpus.split_values is None:
        raise ConfigError("data.split.column is set but the corpus was built without it")
    named: dict[str, list[int]] = {s: [] for s in SPLITS}
    for i, value in enumerate(corpus.split_values):
        split = _ALIASES.get(value.strip().lower())
        if split is None:
            raise DataError(
                f"unknown split value '{value}'; use train, validation or test",
                file=corpus.source, row=corpus.rows[i], column=cfg.column,
            )
        named[split].append(i)
    if not named["train"] or not named["test"]:
        raise DataError(
            "the split column must mark some rows 'train' and some 'test'",
            file=corpus.source, column=cfg.column,
        )
    out = {s: np.array(v, dtype=np.int64) for s, v in named.items()}
    if len(out["validation"]) == 0 and cfg.validation > 0:
        # Carve validation out of train, grouped and stratified like a drawn split.
        train = corpus.subset(out["train"])
        share = cfg.validation / (cfg.train + cfg.validation)
        inner = _assign(train, _groups(train), {"train": 1 - share, "validation": share}, cfg.seed)
        out["validation"] = out["train"][inner["validation"]]
        out["train"] = out["train"][inner["train"]]
    return out


def _check_class_sizes(corpus: Corpus, n_splits: int) -> None:
    for label, count in corpus.label_counts().items():
        if 0 < count < n_splits:
            removed = corpus.dropped_duplicates.get(label, 0)
            dedup = (f" (de-duplication left {count} of its {count + removed} rows: "
                     f"{removed} repeated an earlier text; see data.duplicates)" if removed else "")
            raise DataError(
                f"label '{label}' has {count} example(s){dedup} but {n_splits} splits need at "
                f"least {n_splits}; add examples, merge the label into another, or remove it",
                file=corpus.source,
            )


def _groups(corpus: Corpus) -> list[list[int]]:
    """Union of rows sharing a patient id or an identical text."""
    parent = list(range(len(corpus)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join_by(keys: list[str]) -> None:
        first: dict[str, int] = {}
        for i, key in enumerate(keys):
            if key == "":
                continue
            if key in first:
                a, b = find(i), find(first[key])
                if a != b:
                    parent[a] = b
            else:
                first[key] = i

    if corpus.patients is not None:
        join_by(corpus.patients)
    join_by([t.strip() for t in corpus.texts])
    members: dict[int, list[int]] = {}
    for i in range(len(corpus)):
        members.setdefault(find(i), []).append(i)
    return list(members.values())


def _assign(
    corpus: Corpus, groups: list[list[int]], fractions: dict[str, float], seed: int
) -> dict[str, np.ndarray]:
    names = list(fractions)
    frac = np.array([fractions[s] for s in names], dtype=float)
    frac = frac / frac.sum()
    k = len(corpus.labels)
    onehot = corpus.y if corpus.multilabel else np.eye(k, dtype=np.int64)[corpus.y]
    # Rows without any label (multilabel) still count towards split sizes.
    weight = np.concatenate([onehot, np.ones((len(corpus), 1), dtype=np.int64)], axis=1)
    target = np.outer(frac, weight.sum(axis=0)).astype(float)
    current = np.zeros_like(target)

    rng = np.random.default_rng(seed)
    order = rng.permutation(len(groups))
    order = sorted(order, key=lambda g: -len(groups[g]))  # stable: ties keep the shuffle
    assigned: dict[str, list[int]] = {s: [] for s in names}
    for g in order:
        rows = groups[g]
        need = weight[rows].sum(axis=0).astype(float)
        # Deficit of each split on the labels this group carries, relative to target.
        deficit = ((target - current) * (need > 0)).sum(axis=1) / np.maximum(
            (target * (need > 0)).sum(axis=1), 1e-9
        )
        best = int(np.argmax(deficit))
        current[best] += need
        assigned[names[best]].extend(rows)
    out = {s: np.array(sorted(v), dtype=np.int64) for s, v in assigned.items()}
    for s in SPLITS:
        out.setdefault(s, np.array([], dtype=np.int64))
    return out
