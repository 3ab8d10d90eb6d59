"""Class-imbalance tools: class weights, focal loss and a weighted sampler."""

from __future__ import annotations

import numpy as np

from meddx.errors import ConfigError
from meddx.settings import ImbalanceConfig

__all__ = ["class_weights", "sample_weights"]


def class_weights(y: np.ndarray, labels: list[str], cfg: ImbalanceConfig) -> np.ndarray:
    """One weight per class: 'balanced' (n / (k * count_k)) or the user's mapping."""
    k = len(labels)
    if isinstance(cfg.class_weights, dict):
        unknown = sorted(set(cfg.class_weights) - set(labels))
        if unknown:
            raise ConfigError(
                f"train.imbalance.class_weights names unknown label '{unknown[0]}'; "
                f"labels are: {', '.join(labels)}"
            )
        return np.array([float(cfg.class_weights.get(lab, 1.0)) for lab in labels])
    counts = y.sum(axis=0) if y.ndim == 2 else np.bincount(y, minlength=k)
    counts = np.maximum(counts.astype(float), 1.0)
    if y.ndim == 2:  # multilabel: positive weight = negatives / positives per label
        return (len(y) - counts) / counts
    return len(y) / (k * counts)


def sample_weights(y: np.ndarray, labels: list[str]) -> np.ndarray:
    """Per-example weights that make every class equally likely to be drawn."""
    if y.ndim == 2:
        raise ConfigError(
            "train.imbalance.strategy oversample/undersample supports single-label tasks; "
            "use class_weight for multilabel"
        )
    counts = np.bincount(y, minlength=len(labels)).astype(float)
    return 1.0 / np.maximum(counts[y], 1.0)
