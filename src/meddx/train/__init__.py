"""Training stage: fit the configured model on the training split (validation for selection),
with class-imbalance handling and in-training fairness mitigation. :func:`meddx.pipeline.train_run`
composes it with the other stages into a run.

Each training mode's fit is registered in :data:`FITS` under the mode's key in
``meddx.models.MODES``; :func:`fit_model` dispatches through it. Importing this package registers
the built-in modes (``meddx.train._modes``, one module each)."""

import meddx.train._modes  # noqa: F401  (registers the built-in fits)
from meddx.settings import ImbalanceConfig, TrainConfig
from meddx.train._causal_fit import check_causal
from meddx.train._fit import FITS, FitContext, Fitted, fit_mode, fit_model, register_fit
from meddx.train._head import fit_head
from meddx.train._head_select import HEAD_C_GRID, select_head
from meddx.train._imbalance import class_weights, sample_weights
from meddx.train._mitigation import check_mitigation, threshold_mitigation
from meddx.train._prompt_compare import compare_templates

__all__ = [
    "FITS",
    "HEAD_C_GRID",
    "FitContext",
    "Fitted",
    "ImbalanceConfig",
    "TrainConfig",
    "check_causal",
    "check_mitigation",
    "class_weights",
    "compare_templates",
    "fit_head",
    "fit_mode",
    "fit_model",
    "register_fit",
    "sample_weights",
    "select_head",
    "threshold_mitigation",
]
