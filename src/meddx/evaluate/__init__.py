"""Evaluation: metrics, calibration, bootstrap intervals and the HTML report.

Metrics and intervals need only numpy; :func:`write_report` needs the ``report`` extra
(matplotlib, jinja2), imported when it is called.
"""

from meddx.evaluate._bootstrap import DEFAULT_CI_METRICS, bootstrap_ci, evaluate
from meddx.evaluate._calibration import (
    brier_score,
    expected_calibration_error,
    reliability_curve,
)
from meddx.evaluate._compare import VERDICT_METRICS, paired_comparison
from meddx.evaluate._metrics import SCALAR_METRICS, compute_metrics
from meddx.evaluate._report import write_failure_report, write_report
from meddx.evaluate._report_audit import update_report_audit
from meddx.evaluate._report_slots import update_report_leak_scan
from meddx.evaluate._run_eval import evaluate_run

__all__ = [
    "DEFAULT_CI_METRICS",
    "SCALAR_METRICS",
    "VERDICT_METRICS",
    "bootstrap_ci",
    "brier_score",
    "compute_metrics",
    "evaluate",
    "evaluate_run",
    "expected_calibration_error",
    "paired_comparison",
    "reliability_curve",
    "update_report_audit",
    "update_report_leak_scan",
    "write_failure_report",
    "write_report",
]
