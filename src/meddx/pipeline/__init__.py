"""The pipeline: the one place that composes the stages into what a user runs.

* :func:`train_run`: data → de-identification → preparation → fit → evaluation beside the
  baseline → calibration → audit → monitoring reference → registry, written to a run directory
  (``meddx train``);
* :func:`evaluate_run`: a finished run scored on another labelled file (``meddx evaluate``);
* :func:`retrain` and :func:`read_feedback_set`: a candidate trained on the champion's data
  plus clinicians' corrected labels, compared with the champion (``meddx retrain``);
* :func:`compare_runs` and :func:`gate`: a candidate against the champion, overall and per
  subgroup; :func:`promote` moves the registry's ``champion`` alias, refusing a worse candidate
  (``meddx registry promote``).

The stages below never import this package; the command line and the service sit above it.
"""

from meddx.pipeline._compare import COMPARISON_FILE, compare_runs, gate
from meddx.pipeline._evaluate import evaluate_run
from meddx.pipeline._promote import PromotionRefused, promote
from meddx.pipeline._retrain import read_feedback_set, retrain
from meddx.pipeline._train import RunResult, train_run

__all__ = [
    "COMPARISON_FILE",
    "PromotionRefused",
    "RunResult",
    "compare_runs",
    "evaluate_run",
    "gate",
    "promote",
    "read_feedback_set",
    "retrain",
    "train_run",
]
