"""Calibration of a run: fit on its validation split, report before/after, save, apply.

``fit_calibrator_for_run`` writes ``model/calibration.json``; ``apply_calibration`` reads it
back at prediction time (and is a no-op for a model without one).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np

from meddx._io import atomic_write_json
from meddx.errors import ModelError
from meddx.evaluate import CALIBRATORS, Calibrator, calibrator_from_dict

__all__ = [
    "CALIBRATION_FILE",
    "apply_calibration",
    "calibration_report",
    "calibration_summary",
    "fit_calibrator_for_run",
    "load_calibrator",
]

log = logging.getLogger("meddx")

CALIBRATION_FILE = "calibration.json"


def _nll(y: np.ndarray, p: np.ndarray, task: str) -> float:
    p = np.clip(p, 1e-12, 1.0 - 1e-12)
    if task == "multilabel":
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))
    return float(-np.mean(np.log(p[np.arange(len(y)), y])))


def calibration_report(y: Any, before: Any, after: Any, *, task: str, n_bins: int = 15,
                       curves: bool = True) -> dict[str, Any]:
    """ECE, Brier score and negative log-likelihood before and after calibration.

    Uses :func:`meddx.evaluate.expected_calibration_error`, :func:`~meddx.evaluate.brier_score`
    and, with ``curves``, :func:`~meddx.evaluate.reliability_curve` (``reliability_before`` and
    ``reliability_after``, for plotting).
    """
    from meddx.evaluate import brier_score, expected_calibration_error, reliability_curve

    y = np.asarray(y)
    out: dict[str, Any] = {"n": int(len(y))}
    for name, p in (("before", before), ("after", after)):
        p = np.asarray(p, dtype=np.float64)
        out[f"ece_{name}"] = expected_calibration_error(y, p, task=task, n_bins=n_bins)
        out[f"brier_{name}"] = brier_score(y, p, task=task)
        out[f"nll_{name}"] = _nll(y, p, task)
    if curves:
        out["reliability_before"] = reliability_curve(y, before, task=task, n_bins=n_bins)
        out["reliability_after"] = reliability_curve(y, after, task=task, n_bins=n_bins)
    return out


def _model_folder(path: str | Path) -> Path:
    path = Path(path)
    return path / "model" if (path / "model").is_dir() else path


def load_calibrator(path: str | Path) -> Calibrator | None:
    """The calibrator saved in a run (``RUN/model/calibration.json``) or a model folder, or
    None when there is none."""
    file = _model_folder(path) / CALIBRATION_FILE
    if not file.is_file():
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelError(f"{file}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    return calibrator_from_dict(data.get("calibrator", data))


def apply_calibration(run_dir_or_model_folder: str | Path, proba: Any) -> np.ndarray:
    """Calibrated probabilities with the run's saved calibrator; ``proba`` unchanged (as a
    float array) when the run has no ``calibration.json``."""
    calibrator = load_calibrator(run_dir_or_model_folder)
    proba = np.asarray(proba, dtype=np.float64)
    return proba if calibrator is None else calibrator.transform(proba)


def fit_calibrator_for_run(run_dir: str | Path, method: str = "temperature", *,
                           ece_bins: int | None = None, quiet: bool = True) -> dict[str, Any]:
    """Fit a calibrator on the run's validation split and save it as ``model/calibration.json``.

    The validation probabilities are recomputed with the run's model (the split is redrawn
    from the run's config, so it is the one training used). The returned (and saved) dict has
    ``method``, ``calibrator`` (see :meth:`Calibrator.to_dict`), ``fitted_on``,
    ``validation`` and ``test``: ECE, Brier and NLL before and after, on the validation split
    and on the test split of ``predictions.csv``.
    """
    from meddx.audit._runio import test_predictions, validation_predictions
    from meddx.runs import load_run

    cls = CALIBRATORS.get(method)
    run = load_run(run_dir, with_baseline=False)
    bins = ece_bins or run.config.eval.ece_bins
    val = validation_predictions(run, quiet=quiet)
    calibrator = cls().fit(val.proba, val.y)
    result = calibration_summary(calibrator, val, test_predictions(run), n_bins=bins)
    atomic_write_json(Path(run.path) / "model" / CALIBRATION_FILE, result)
    log.info("calibration (%s) fitted on %d validation rows: test ECE %.4f -> %.4f", method,
             val.y.shape[0], result["test"]["ece_before"], result["test"]["ece_after"])
    return result


def calibration_summary(calibrator: Calibrator, val, test, *, n_bins: int,
                        curves: bool = False) -> dict[str, Any]:
    """The saved form of a fitted calibrator with its validation and test reports."""
    out = {
        "method": getattr(calibrator, "chosen_method", calibrator.method),
        "calibrator": calibrator.to_dict(),
        "fitted_on": "validation",
        "n_validation": int(len(val.y)),
        "ece_bins": int(n_bins),
        "validation": calibration_report(val.y, val.proba, calibrator.transform(val.proba),
                                         task=val.task, n_bins=n_bins, curves=False),
        "test": calibration_report(test.y, test.proba, calibrator.transform(test.proba),
                                   task=test.task, n_bins=n_bins, curves=curves),
    }
    if hasattr(calibrator, "selection_"):  # 'auto': which method it chose, and why
        out["selection"] = calibrator.selection_
    return out
