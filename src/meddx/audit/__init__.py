"""Audit stage: is the model's confidence trustworthy, and does it work for every group?

* calibration: :class:`TemperatureScaling` (default), :class:`TopLabelCalibrator` (the top
  label's confidence, argmax kept), :class:`VectorScaling`,
  :class:`DirichletCalibrator`, :class:`IsotonicCalibrator`, :class:`PlattCalibrator` and
  :class:`AutoCalibrator` (chooses by cross-validated NLL on validation, among calibrators
  that lose no held-out accuracy or macro-F1) (registry
  :data:`CALIBRATORS`), fitted on the validation split,
  saved as JSON; :func:`fit_calibrator_for_run` and :func:`apply_calibration` for a run;
  :func:`served_proba` (the blend with the baseline, ``eval.blend``, then the calibrator:
  what ``meddx predict`` and ``meddx serve`` return);
* thresholds: :func:`select_threshold` (F1, Youden's J, or a target sensitivity);
* fairness: :class:`FairnessAuditor` (fairlearn ``MetricFrame``, needs
  ``pip install 'meddx[audit]'``) with bootstrap intervals and a verdict per gap;
* :func:`data_audit`: representation, label prevalence, missing values and text proxies per
  group column (the data card's ``data_audit``);
* :func:`audit_run` (``meddx audit RUN``) writes ``audit.json`` and, with
  :func:`write_model_card`, ``model_card.md``;
* mitigation: :func:`reweighting_weights` (reweighing by group x label),
  :func:`group_balanced_indices` (group-balanced oversampling), :class:`ThresholdMitigator`
  (fairlearn's ``ThresholdOptimizer`` on validation probabilities, binary tasks),
  :class:`GroupOffsetMitigator` (multiclass: per-group class offsets on log-probabilities
  equalising TPR) and
  :func:`compare_mitigations` (macro-F1 and every gap, before and after);
* :func:`synthetic_biased_notes` and :func:`synthetic_biased_scores`: data with a known
  injected bias, for tests and benchmarks.

Adversarial debiasing lives in training (``meddx.train._adversarial``); its predictions
go into :func:`compare_mitigations` like any other method's.
"""

from meddx.audit._calibrate import (
    apply_calibration,
    calibration_report,
    calibration_summary,
    fit_calibrator_for_run,
    load_blend,
    load_calibrator,
    served_proba,
    served_transform,
)
from meddx.audit._data_audit import data_audit
from meddx.audit._fairness import FairnessAuditor, check_single_row_groups, fairness_audit
from meddx.audit._gaps import GAP_METRICS
from meddx.audit._gaps_overall import OVERALL_GAP_METRICS
from meddx.audit._mitigate import (
    CONSTRAINTS,
    ThresholdMitigator,
    compare_mitigations,
    group_balanced_indices,
    group_balanced_weights,
    group_keys,
    reweighting_weights,
)
from meddx.audit._mitigate_multiclass import GroupOffsetMitigator
from meddx.audit._model_card import write_model_card
from meddx.audit._run_audit import audit_run
from meddx.audit._synthetic import synthetic_biased_notes, synthetic_biased_scores
from meddx.audit._thresholds import select_threshold, select_thresholds
from meddx.evaluate import (  # the calibrators live with evaluation; re-exported for the audit
    CALIBRATORS,
    AutoCalibrator,
    Calibrator,
    DirichletCalibrator,
    IsotonicCalibrator,
    PlattCalibrator,
    TemperatureScaling,
    TopLabelCalibrator,
    VectorScaling,
    calibrator_from_dict,
)
from meddx.settings import FairnessConfig

__all__ = [
    "CALIBRATORS",
    "CONSTRAINTS",
    "GAP_METRICS",
    "OVERALL_GAP_METRICS",
    "AutoCalibrator",
    "Calibrator",
    "DirichletCalibrator",
    "FairnessAuditor",
    "FairnessConfig",
    "GroupOffsetMitigator",
    "IsotonicCalibrator",
    "PlattCalibrator",
    "TemperatureScaling",
    "ThresholdMitigator",
    "TopLabelCalibrator",
    "VectorScaling",
    "apply_calibration",
    "audit_run",
    "calibration_report",
    "calibration_summary",
    "calibrator_from_dict",
    "check_single_row_groups",
    "compare_mitigations",
    "data_audit",
    "fairness_audit",
    "fit_calibrator_for_run",
    "group_balanced_indices",
    "group_balanced_weights",
    "group_keys",
    "load_blend",
    "load_calibrator",
    "reweighting_weights",
    "select_threshold",
    "select_thresholds",
    "served_proba",
    "served_transform",
    "synthetic_biased_notes",
    "synthetic_biased_scores",
    "write_model_card",
]
