"""The linear head that the frozen-encoder and SetFit classifiers put on their embeddings.

:func:`meddx.train.fit_head` fits it; the classifiers save it as ``head.safetensors`` and load
it back here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["LinearHead"]


@dataclass
class LinearHead:
    """``softmax(X W^T + b)`` (single-label) or ``sigmoid(X W^T + b)`` (multilabel)."""

    weight: np.ndarray  # (k, d)
    bias: np.ndarray  # (k,)
    multilabel: bool

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        z = X.astype(np.float64) @ self.weight.T.astype(np.float64) + self.bias
        if self.multilabel:
            return 1.0 / (1.0 + np.exp(-z))
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)
