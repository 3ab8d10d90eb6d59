"""Evaluation: metrics, calibration, bootstrap intervals and the HTML report.

Metrics and intervals need only numpy; :func:`write_report` needs the ``report`` extra
(matplotlib, jinja2), imported when it is called.
"""

from meddx.evaluate._blend import BLEND_WEIGHTS, BLENDS, BaselineBlend, blend_proba
from meddx.evaluate._bootstrap import DEFAULT_CI_METRICS, bootstrap_ci, evaluate
from meddx.evaluate._calibration import (
    brier_score,
    ece_1d,
    expected_calibration_error,
    reliability_curve,
)
from meddx.evaluate._calibration_check import calibration_sentence, ece_if_calibrated
from meddx.evaluate._calibrators import (
    CALIBRATORS,
    Calibrator,
    IsotonicCalibrator,
    PlattCalibrator,
    TemperatureScaling,
    calibrator_from_dict,
    infer_task,
)
from meddx.evaluate._calibrators_classwise import ClasswiseTopLabel, DirichletTopLabel
from meddx.evaluate._calibrators_linear import AutoCalibrator, DirichletCalibrator, VectorScaling
from meddx.evaluate._calibrators_toplabel import TopLabelCalibrator
from meddx.evaluate._compare import VERDICT_METRICS, paired_comparison
from meddx.evaluate._metrics import SCALAR_METRICS, binary_ranking, compute_metrics
from meddx.evaluate._plots import figure_png, new_figure
from meddx.evaluate._report import write_failure_report, write_report
from meddx.evaluate._report_audit import update_report_audit
from meddx.evaluate._report_slots import update_report_leak_scan
from meddx.evaluate._settings import EvalConfig
from meddx.evaluate._validate import check_inputs, check_int, check_unit_interval

__all__ = [
    "BLENDS",
    "BLEND_WEIGHTS",
    "CALIBRATORS",
    "DEFAULT_CI_METRICS",
    "SCALAR_METRICS",
    "VERDICT_METRICS",
    "AutoCalibrator",
    "BaselineBlend",
    "Calibrator",
    "ClasswiseTopLabel",
    "DirichletCalibrator",
    "DirichletTopLabel",
    "EvalConfig",
    "IsotonicCalibrator",
    "PlattCalibrator",
    "TemperatureScaling",
    "TopLabelCalibrator",
    "VectorScaling",
    "binary_ranking",
    "blend_proba",
    "bootstrap_ci",
    "brier_score",
    "calibration_sentence",
    "calibrator_from_dict",
    "check_inputs",
    "check_int",
    "check_unit_interval",
    "compute_metrics",
    "ece_1d",
    "ece_if_calibrated",
    "evaluate",
    "expected_calibration_error",
    "figure_png",
    "infer_task",
    "new_figure",
    "paired_comparison",
    "reliability_curve",
    "update_report_audit",
    "update_report_leak_scan",
    "write_failure_report",
    "write_report",
]
