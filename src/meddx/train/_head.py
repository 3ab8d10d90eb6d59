"""The fast path: a linear head on cached embeddings of a frozen encoder.

Class imbalance is handled here with class weights or with imbalanced-learn resamplers,
including SMOTE, which synthesises minority examples in embedding space.
"""

from __future__ import annotations

import numpy as np

from meddx.errors import ConfigError, require
from meddx.models import LinearHead
from meddx.settings import ImbalanceConfig

__all__ = ["fit_head"]


def _resample(X, y, cfg: ImbalanceConfig, seed: int, multilabel: bool):
    if cfg.strategy not in ("oversample", "undersample", "smote"):
        return X, y
    if multilabel:
        raise ConfigError(
            f"train.imbalance.strategy '{cfg.strategy}' supports single-label tasks only; "
            "use class_weight for multilabel"
        )
    imblearn = require("imblearn", "train")
    if cfg.strategy == "oversample":
        sampler = imblearn.over_sampling.RandomOverSampler(random_state=seed)
    elif cfg.strategy == "undersample":
        sampler = imblearn.under_sampling.RandomUnderSampler(random_state=seed)
    else:
        smallest = int(np.bincount(y).min())
        if smallest < 2:
            raise ConfigError("SMOTE needs at least 2 training examples in every class")
        sampler = imblearn.over_sampling.SMOTE(random_state=seed, k_neighbors=min(5, smallest - 1))
    return sampler.fit_resample(X, y)


def fit_head(
    X: np.ndarray,
    y: np.ndarray,
    *,
    n_classes: int,
    C: float,
    imbalance: ImbalanceConfig,
    seed: int,
    class_weight: np.ndarray | None = None,
    sample_weight: np.ndarray | None = None,
) -> LinearHead:
    """Fit an L2-regularised logistic-regression head.

    ``class_weight`` (one weight per class) is used when ``imbalance.strategy`` is
    'class_weight'; it comes from :func:`meddx.train.class_weights`. ``sample_weight`` (one
    per row, e.g. fairness reweighting) multiplies it; single-label tasks only, and not with
    the imbalance resamplers, which would misalign it.
    """
    from sklearn.linear_model import LogisticRegression

    if imbalance.strategy == "focal":
        raise ConfigError("train.imbalance.strategy 'focal' needs model.mode full or lora")
    multilabel = y.ndim == 2
    if sample_weight is not None and (multilabel or imbalance.strategy in
                                      ("oversample", "undersample", "smote")):
        raise ConfigError(
            "sample weights (fairness.mitigation 'reweighting') need a single-label task and "
            f"cannot be combined with train.imbalance.strategy '{imbalance.strategy}'")
    X, y = _resample(X, y, imbalance, seed, multilabel)
    weight_mode = "balanced" if imbalance.strategy == "class_weight" else None
    if multilabel:
        W = np.zeros((n_classes, X.shape[1]))
        b = np.zeros(n_classes)
        for j in range(n_classes):
            col = y[:, j]
            if col.min() == col.max():  # label never (or always) present in training data
                b[j] = 20.0 if col[0] == 1 else -20.0
                continue
            lr = LogisticRegression(C=C, max_iter=2000, class_weight=weight_mode,
                                    random_state=seed).fit(X, col)
            W[j], b[j] = lr.coef_[0], lr.intercept_[0]
        return LinearHead(W, b, True)
    lr = LogisticRegression(C=C, max_iter=3000, random_state=seed)
    sw = None
    if class_weight is not None and imbalance.strategy == "class_weight":
        sw = np.asarray(class_weight, dtype=float)[y]
    if sample_weight is not None:
        sw = np.asarray(sample_weight, dtype=float) * (1.0 if sw is None else sw)
    lr.fit(X, y, sample_weight=sw)
    W = np.zeros((n_classes, X.shape[1]))
    b = np.zeros(n_classes)
    classes = lr.classes_.astype(int)
    if len(classes) == 2 and lr.coef_.shape[0] == 1:
        W[classes[1]], b[classes[1]] = lr.coef_[0], lr.intercept_[0]
    else:
        W[classes], b[classes] = lr.coef_, lr.intercept_
    missing = sorted(set(range(n_classes)) - set(classes.tolist()))
    b[missing] = -1e4  # a class absent from training data is never predicted
    return LinearHead(W, b, False)
