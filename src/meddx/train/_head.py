"""The fast path: a linear head on cached embeddings of a frozen encoder.

Class imbalance is handled here with class weights or with the strategy's resampler
(``meddx.train.IMBALANCE_FITS``: imbalanced-learn's, including SMOTE, which synthesises minority
examples in embedding space).
"""

from __future__ import annotations

import numpy as np

from meddx.errors import ConfigError
from meddx.models import LinearHead
from meddx.settings import IMBALANCE_STRATEGIES, ImbalanceConfig
from meddx.train._imbalance import imbalance_fit

__all__ = ["fit_head"]


def _resample(X, y, cfg: ImbalanceConfig, seed: int, multilabel: bool):
    """The rows the head is fitted on: the strategy's resampler's, or ``X, y`` as they are."""
    resample = imbalance_fit(cfg).resample
    if resample is None:
        return X, y
    if multilabel:
        raise ConfigError(
            f"train.imbalance.strategy '{cfg.strategy}' supports single-label tasks only; "
            "use class_weight for multilabel"
        )
    return resample(X, y, seed)


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

    ``class_weight`` (one weight per class) is used when the ``imbalance.strategy`` reads class
    weights ('class_weight'); it comes from :func:`meddx.train.class_weights`. ``sample_weight`` (one
    per row, e.g. fairness reweighting) multiplies it; single-label tasks only, and not with
    the imbalance resamplers, which would misalign it.
    """
    from sklearn.linear_model import LogisticRegression

    strategy = IMBALANCE_STRATEGIES.get(imbalance.strategy)
    if strategy.loss:
        raise ConfigError(f"train.imbalance.strategy '{imbalance.strategy}' needs model.mode "
                          "full or lora")
    multilabel = y.ndim == 2
    if sample_weight is not None and (multilabel or strategy.resamples):
        raise ConfigError(
            "sample weights (fairness.mitigation 'reweighting') need a single-label task and "
            f"cannot be combined with train.imbalance.strategy '{imbalance.strategy}'")
    X, y = _resample(X, y, imbalance, seed, multilabel)
    weight_mode = "balanced" if strategy.class_weights else None
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
    if class_weight is not None and strategy.class_weights:
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
