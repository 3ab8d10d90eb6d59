"""Reference models for the calibrated membership attack on a frozen-encoder head.

Each reference model is a logistic-regression head (``meddx.train.fit_head``) fitted on a random
half of a reference pool that holds neither the attacked members nor the non-members; their
mean probabilities give each note's loss under models that never saw it (Watson et al. 2022,
"On the importance of difficulty calibration in membership inference attacks").
"""

from __future__ import annotations

import numpy as np

__all__ = ["reference_probabilities"]


def reference_probabilities(X_pool: np.ndarray, y_pool: np.ndarray, X_eval: list[np.ndarray], *,
                            n_classes: int, k: int = 4, C: float = 1.0,
                            seed: int = 0) -> list[np.ndarray]:
    """The mean over ``k`` reference heads of the probabilities of each array in ``X_eval``."""
    from meddx.settings import ImbalanceConfig
    from meddx.train import fit_head

    rng = np.random.default_rng(seed)
    sums = [np.zeros((len(X), n_classes)) for X in X_eval]
    for i in range(k):
        half = rng.permutation(len(X_pool))[: max(2, len(X_pool) // 2)]
        head = fit_head(X_pool[half], y_pool[half], n_classes=n_classes, C=C,
                        imbalance=ImbalanceConfig(), seed=seed + i)
        for s, X in zip(sums, X_eval, strict=True):
            s += head.predict_proba(X)
    return [s / k for s in sums]
