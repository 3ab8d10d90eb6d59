"""Class-imbalance tools: class weights, a weighted sampler, and how each strategy acts.

Each ``train.imbalance.strategy`` (registered in ``meddx.settings.IMBALANCE_STRATEGIES``, where
the config checks what it needs) registers how it acts in training in :data:`IMBALANCE_FITS`:
an :class:`ImbalanceFit` whose hooks resample the frozen head's rows, draw fine-tuning batches
or give the fine-tuning loss. Class weights come from :func:`class_weights` for every strategy
whose ``class_weights`` property is set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from meddx._registry import Registry
from meddx.errors import ConfigError, require
from meddx.settings import ImbalanceConfig
from meddx.train._losses import make_loss

__all__ = ["IMBALANCE_FITS", "ImbalanceFit", "class_weights", "imbalance_fit",
           "register_imbalance_fit", "sample_weights"]


@dataclass(frozen=True)
class ImbalanceFit:
    """How one imbalance strategy acts in training; a hook left None changes nothing there.

    ``resample(X, y, seed) -> (X, y)``: the rows the frozen head is fitted on (single-label);
    ``sampler(y, labels, seed) -> dict``: the fine-tuning batch sampler (``weights``,
    ``num_samples``, ``replacement``, ``seed``);
    ``loss(task, weights, settings, label_smoothing) -> loss``: the fine-tuning loss (see
    :func:`meddx.train._losses.make_loss`); cross-entropy when None.
    """

    resample: Callable[[np.ndarray, np.ndarray, int], tuple[np.ndarray, np.ndarray]] | None = None
    sampler: Callable[[np.ndarray, list[str], int], dict] | None = None
    loss: Callable[[str, object, ImbalanceConfig, float], Callable] | None = None


IMBALANCE_FITS: Registry[ImbalanceFit] = Registry("class-imbalance fit")


def register_imbalance_fit(name: str, fit: ImbalanceFit) -> ImbalanceFit:
    """Register how the strategy ``name`` (in ``meddx.settings.IMBALANCE_STRATEGIES``) trains."""
    return IMBALANCE_FITS.register(name, fit)


def imbalance_fit(cfg: ImbalanceConfig) -> ImbalanceFit:
    """The fit of the configured strategy."""
    return IMBALANCE_FITS.get(cfg.strategy)


def check_class_weights(cfg: ImbalanceConfig, labels: list[str]) -> None:
    """A ConfigError when ``train.imbalance.class_weights`` names a label the data lacks
    (``meddx.pipeline.train_run`` calls it before the run folder exists)."""
    if isinstance(cfg.class_weights, dict):
        unknown = sorted(set(cfg.class_weights) - set(labels))
        if unknown:
            raise ConfigError(
                f"train.imbalance.class_weights names unknown label '{unknown[0]}'; "
                f"labels are: {', '.join(labels)}"
            )


def class_weights(y: np.ndarray, labels: list[str], cfg: ImbalanceConfig) -> np.ndarray:
    """One weight per class: 'balanced' (n / (k * count_k)) or the user's mapping, where a
    label left out weighs 1."""
    k = len(labels)
    if isinstance(cfg.class_weights, dict):
        check_class_weights(cfg, labels)
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


def _imblearn(make: Callable[[object, np.ndarray, int], object]):
    """A head resampler from an imbalanced-learn sampler ``make(imblearn, y, seed)``."""
    def resample(X: np.ndarray, y: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
        imblearn = require("imblearn", "train")
        return make(imblearn, y, seed).fit_resample(X, y)
    return resample


def _smote(imblearn, y: np.ndarray, seed: int):
    smallest = int(np.bincount(y).min())
    if smallest < 2:
        raise ConfigError("SMOTE needs at least 2 training examples in every class")
    return imblearn.over_sampling.SMOTE(random_state=seed, k_neighbors=min(5, smallest - 1))


def _balanced_sampler(*, replacement: bool):
    """Every class equally likely: as many draws as notes (oversample), or k x the smallest
    class's count without replacement (undersample)."""
    def sampler(y: np.ndarray, labels: list[str], seed: int) -> dict:
        n = len(y) if replacement else \
            int(len(labels) * np.bincount(y, minlength=len(labels)).min())
        return {"weights": sample_weights(y, labels), "num_samples": max(n, 1),
                "replacement": replacement, "seed": seed}
    return sampler


def _focal(task: str, weights, cfg: ImbalanceConfig, label_smoothing: float):
    return make_loss(task=task, weights=weights, label_smoothing=label_smoothing,
                     focal_gamma=cfg.focal_gamma)


for _name, _fit in (
    ("none", ImbalanceFit()),
    ("class_weight", ImbalanceFit()),  # class weights only (the strategy's property)
    ("focal", ImbalanceFit(loss=_focal)),
    ("oversample", ImbalanceFit(
        resample=_imblearn(lambda m, y, seed: m.over_sampling.RandomOverSampler(random_state=seed)),
        sampler=_balanced_sampler(replacement=True))),
    ("undersample", ImbalanceFit(
        resample=_imblearn(lambda m, y, seed: m.under_sampling.RandomUnderSampler(
            random_state=seed)),
        sampler=_balanced_sampler(replacement=False))),
    ("smote", ImbalanceFit(resample=_imblearn(_smote))),
):
    register_imbalance_fit(_name, _fit)
