"""Training stage: fit the configured model on the training split (validation for selection),
with class-imbalance handling and in-training fairness mitigation. :func:`meddx.pipeline.train_run`
composes it with the other stages into a run."""

from meddx.settings import ImbalanceConfig, TrainConfig
from meddx.train._causal_fit import check_causal
from meddx.train._fit import HEAD_C_GRID, Fitted, fit_model
from meddx.train._head import fit_head
from meddx.train._imbalance import class_weights, sample_weights
from meddx.train._mitigation import check_mitigation, threshold_mitigation
from meddx.train._prompt_compare import compare_templates

__all__ = [
    "HEAD_C_GRID",
    "Fitted",
    "ImbalanceConfig",
    "TrainConfig",
    "check_causal",
    "check_mitigation",
    "class_weights",
    "compare_templates",
    "fit_head",
    "fit_model",
    "sample_weights",
    "threshold_mitigation",
]
