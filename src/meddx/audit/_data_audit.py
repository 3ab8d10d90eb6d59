"""Data audit for the data card: who is in the data, with which labels, and can the text
itself tell the groups apart?

For every group column:

* ``missing``: rows whose group value is missing (they form the group ``(missing)``);
* ``representation``: rows and share per group;
* ``label_prevalence``: share of each label within each group (multilabel: share of rows
  carrying the label), beside the overall share;
* ``proxy``: how well the text predicts the group, as the cross-validated AUROC of a TF-IDF
  (word 1-2 grams) + logistic-regression classifier (binary groups: AUROC of the second group;
  more groups: macro one-vs-rest), on rows with a known group, stratified ``folds``-fold.
  ``flagged`` when the AUROC exceeds ``proxy_auroc`` (config ``fairness.proxy_auroc``): a
  model trained on this text can pick up the group even if the group column is never given to
  it, so "we did not use sex" does not make it group-blind.

Nothing here holds note text: only counts, shares and AUROCs.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from meddx.errors import DataError

__all__ = ["data_audit"]

log = logging.getLogger("meddx")

MISSING = "(missing)"


def _values(column: pd.Series) -> list[str]:
    from meddx.data import is_missing, label_str

    return [MISSING if is_missing(v) else label_str(v) for v in column.tolist()]


def _prevalence(y: np.ndarray, labels: list[str], rows: np.ndarray) -> dict[str, float]:
    if y.ndim == 2:
        share = y[rows].mean(axis=0) if rows.any() else np.zeros(len(labels))
    else:
        share = np.bincount(y[rows], minlength=len(labels)) / max(1, int(rows.sum()))
    return {lab: round(float(s), 4) for lab, s in zip(labels, share, strict=True)}


def _proxy(texts: list[str], values: list[str], *, folds: int, seed: int,
           threshold: float) -> dict[str, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    keep = np.array([v != MISSING for v in values])
    g = np.array(values, dtype=object)[keep]
    names, counts = np.unique(g.astype(str), return_counts=True)
    usable = names[counts >= folds]
    out: dict[str, Any] = {"method": f"TF-IDF word 1-2 grams + logistic regression, {folds}-fold "
                                     "cross-validated AUROC", "threshold": threshold}
    if len(usable) < 2:
        return {**out, "auroc": None, "flagged": False,
                "note": f"fewer than 2 groups with at least {folds} rows"}
    rows = np.flatnonzero(keep)[np.isin(g.astype(str), usable)]
    target = np.array(values, dtype=object)[rows].astype(str)
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                          LogisticRegression(max_iter=2000, C=1.0))
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    proba = cross_val_predict(model, [texts[i] for i in rows], target, cv=cv,
                              method="predict_proba")
    classes = np.unique(target)
    if len(classes) == 2:
        auroc = roc_auc_score(target == classes[1], proba[:, 1])
    else:
        auroc = roc_auc_score(target, proba, multi_class="ovr", average="macro", labels=classes)
    dropped = sorted(set(names.tolist()) - set(usable.tolist()))
    return {**out, "auroc": round(float(auroc), 4), "flagged": bool(auroc > threshold),
            "n": int(len(rows)), "groups": [str(c) for c in classes],
            **({"groups_too_small": dropped} if dropped else {})}


def data_audit(texts: Sequence[str], y: np.ndarray, labels: Sequence[str], groups: pd.DataFrame,
               columns: Sequence[str], *, proxy_auroc: float = 0.65, folds: int = 5,
               seed: int = 0) -> dict[str, Any]:
    """The ``data_audit`` entry of the data card, one block per column of ``columns``."""
    labels = [str(lab) for lab in labels]
    y = np.asarray(y)
    out: dict[str, Any] = {"n": len(texts), "overall_label_prevalence":
                           _prevalence(y, labels, np.ones(len(texts), dtype=bool))}
    for col in columns:
        if groups is None or col not in groups.columns:
            have = ", ".join(map(str, [] if groups is None else groups.columns)) or "(none)"
            raise DataError(f"group column '{col}' was not loaded; loaded group columns are: "
                            f"{have}", column=col)
        values = _values(groups[col])
        keys, counts = np.unique(np.array(values, dtype=object).astype(str), return_counts=True)
        arr = np.array(values, dtype=object)
        block: dict[str, Any] = {
            "missing": int(sum(v == MISSING for v in values)),
            "representation": {str(k): {"n": int(c), "share": round(c / len(values), 4)}
                               for k, c in zip(keys, counts, strict=True)},
            "label_prevalence": {str(k): _prevalence(y, labels, arr == k) for k in keys},
        }
        block["proxy"] = _proxy(list(texts), values, folds=folds, seed=seed, threshold=proxy_auroc)
        if block["proxy"]["flagged"]:
            log.warning("data audit: the text predicts '%s' with cross-validated AUROC %.3f "
                        "(> %.2f): the text is a proxy for this group", col,
                        block["proxy"]["auroc"], proxy_auroc)
        out[col] = block
    return out
