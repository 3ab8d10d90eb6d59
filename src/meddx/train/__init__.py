"""Training stage: fit the configured model on the training split (validation for selection),
with class-imbalance handling and in-training fairness mitigation. :func:`meddx.pipeline.train_run`
composes it with the other stages into a run.

Each training mode's fit is registered in :data:`FITS` under the mode's key in
``meddx.models.MODES``; :func:`fit_model` dispatches through it. Likewise each
``fairness.mitigation`` (:data:`MITIGATIONS`, what the config checks) acts through its
:class:`MitigationFit` in :data:`MITIGATION_FITS`, and each ``train.imbalance.strategy``
(:data:`IMBALANCE_STRATEGIES`) through its :class:`ImbalanceFit` in :data:`IMBALANCE_FITS`.
Importing this package registers the built-in modes (``meddx.train._modes``, one module each)."""

import meddx.train._modes  # noqa: F401  (registers the built-in fits)
from meddx.settings import (
    IMBALANCE_STRATEGIES,
    MITIGATIONS,
    ImbalanceConfig,
    ImbalanceStrategy,
    Mitigation,
    TrainConfig,
    register_imbalance_strategy,
    register_mitigation,
)
from meddx.train._causal_fit import check_causal
from meddx.train._finetune import peak_learning_rate
from meddx.train._fit import FITS, FitContext, Fitted, fit_mode, fit_model, register_fit
from meddx.train._head import fit_head
from meddx.train._head_select import HEAD_C_GRID, select_head
from meddx.train._imbalance import (
    IMBALANCE_FITS,
    ImbalanceFit,
    check_class_weights,
    class_weights,
    register_imbalance_fit,
    sample_weights,
)
from meddx.train._mitigation import (
    MITIGATION_FITS,
    MitigationFit,
    check_mitigation,
    group_values,
    post_mitigation,
    register_mitigation_fit,
    threshold_mitigation,
)
from meddx.train._precision import check_precision, native_bf16, resolve_precision
from meddx.train._prompt_compare import compare_templates

__all__ = [
    "FITS",
    "HEAD_C_GRID",
    "IMBALANCE_FITS",
    "IMBALANCE_STRATEGIES",
    "MITIGATIONS",
    "MITIGATION_FITS",
    "FitContext",
    "Fitted",
    "ImbalanceConfig",
    "ImbalanceFit",
    "ImbalanceStrategy",
    "Mitigation",
    "MitigationFit",
    "TrainConfig",
    "check_causal",
    "check_class_weights",
    "check_mitigation",
    "check_precision",
    "class_weights",
    "compare_templates",
    "fit_head",
    "fit_mode",
    "fit_model",
    "group_values",
    "native_bf16",
    "peak_learning_rate",
    "post_mitigation",
    "register_fit",
    "register_imbalance_fit",
    "register_imbalance_strategy",
    "register_mitigation",
    "register_mitigation_fit",
    "resolve_precision",
    "sample_weights",
    "select_head",
    "threshold_mitigation",
]
