"""Training stage: fit a model, evaluate it beside the baseline, write the run directory
(:mod:`meddx.runs`)."""

from meddx.train._imbalance import class_weights, sample_weights
from meddx.train._prompt_compare import compare_templates
from meddx.train._run import RunResult, train_run

__all__ = [
    "RunResult",
    "class_weights",
    "compare_templates",
    "sample_weights",
    "train_run",
]
