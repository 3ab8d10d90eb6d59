"""Calibration of a run: fit on its validation split, report before/after, save, apply.

``fit_calibrator_for_run`` writes ``model/calibration.json``; ``apply_calibration`` reads it
back at prediction time (and is a no-op for a model without one).

A run trained with ``eval.blend: baseline`` saves a :class:`~meddx.evaluate.BaselineBlend`
under ``blend`` in the same file: its served probabilities are the model's blended with the
TF-IDF baseline's, then calibrated, so prediction needs the baseline's probabilities too.
:func:`served_proba` computes them from texts; :func:`apply_calibration` takes them as
``baseline_proba`` and refuses to serve a blended run without them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np

from meddx._io import atomic_write_json
from meddx.errors import ModelError
from meddx.evaluate import BLENDS, CALIBRATORS, BaselineBlend, Calibrator, calibrator_from_dict

__all__ = [
    "CALIBRATION_FILE",
    "apply_calibration",
    "calibration_report",
    "calibration_summary",
    "fit_calibrator_for_run",
    "load_blend",
    "load_calibrator",
    "served_proba",
    "served_transform",
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


def _saved(path: str | Path) -> dict[str, Any] | None:
    file = _model_folder(path) / CALIBRATION_FILE
    if not file.is_file():
        return None
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelError(f"{file}: not valid JSON ({exc.msg}, line {exc.lineno})") from None


def load_calibrator(path: str | Path) -> Calibrator | None:
    """The calibrator saved in a run (``RUN/model/calibration.json``) or a model folder, or
    None when there is none. For a blended run (:func:`load_blend`) it calibrates the blended
    probabilities, not the model's own: serve with :func:`served_transform`."""
    return _calibrator_of(_saved(path))


def load_blend(path: str | Path) -> BaselineBlend | None:
    """The run's saved blend with its baseline (``eval.blend``), or None when it has none."""
    return _blend_of(_saved(path))


def _calibrator_of(data: dict[str, Any] | None) -> Calibrator | None:
    return None if data is None else calibrator_from_dict(data.get("calibrator", data))


def _blend_of(data: dict[str, Any] | None) -> BaselineBlend | None:
    if data is None or not isinstance(data.get("blend"), dict):
        return None
    return BLENDS.get(str(data["blend"].get("method"))).from_dict(data["blend"])


def served_transform(path: str | Path) -> BaselineBlend | Calibrator | None:
    """What turns the model's probabilities into the served ones: the blend (when its weight
    is above 0; it needs the baseline's probabilities too), else the calibrator, else None."""
    data = _saved(path)  # read once: this runs on every prediction request
    blend = _blend_of(data)
    if blend is not None and blend.weight_ > 0:
        return blend
    return _calibrator_of(data)


def _apply(transform: BaselineBlend | Calibrator | None, proba: Any,
          baseline_proba: Any = None) -> np.ndarray:
    """``transform`` (from :func:`served_transform`) applied to the model's probabilities."""
    proba = np.asarray(proba, dtype=np.float64)
    if transform is None:
        return proba
    if getattr(transform, "needs_baseline", False):
        if baseline_proba is None:
            raise ModelError(
                f"this run serves the model blended with its TF-IDF baseline (weight "
                f"{transform.weight_:g}); pass the baseline's probabilities too "
                "(meddx.audit.served_proba computes both from the texts)")
        return transform.transform(proba, baseline_proba)
    return transform.transform(proba)


def apply_calibration(run_dir_or_model_folder: str | Path, proba: Any, *,
                      baseline_proba: Any = None) -> np.ndarray:
    """The served probabilities from the model's: the run's saved blend and calibrator;
    ``proba`` unchanged (as a float array) when the run has no ``calibration.json``. A
    blended run needs ``baseline_proba``, the TF-IDF baseline's probabilities of the same
    rows (else ModelError)."""
    return _apply(served_transform(run_dir_or_model_folder), proba, baseline_proba)


def served_proba(run, texts: list[str], *, proba: Any = None, quiet: bool = True) -> np.ndarray:
    """What ``meddx predict`` and ``meddx serve`` return for de-identified ``texts`` of a
    loaded run (:func:`meddx.runs.load_run`): the model's probabilities (``proba`` when
    already computed), blended with the baseline's when the run says so, then calibrated."""
    transform = served_transform(run.path)
    if proba is None:
        proba = run.model.predict_proba(texts, quiet=quiet)
    baseline_proba = None
    if getattr(transform, "needs_baseline", False):
        from meddx.audit._runio import run_baseline

        baseline_proba = run_baseline(run).predict_proba(texts)
    return _apply(transform, proba, baseline_proba)


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


def calibration_summary(calibrator: Calibrator | BaselineBlend, val, test, *, n_bins: int,
                        curves: bool = False) -> dict[str, Any]:
    """The saved form of a fitted calibrator (or blend) with its validation and test reports.

    ``val`` and ``test`` have ``y``, ``proba`` (the model's own), ``task`` and, for a blend,
    ``baseline_proba``. "before" is the model's own output, "after" the served one; a blend
    also reports the model alone calibrated (``unblended``)."""
    out = {
        "method": getattr(calibrator, "chosen_method", calibrator.method),
        "calibrator": (calibrator.calibrator_ if isinstance(calibrator, BaselineBlend)
                       else calibrator).to_dict(),
        "fitted_on": "validation",
        "n_validation": int(len(val.y)),
        "ece_bins": int(n_bins),
        "validation": calibration_report(val.y, val.proba, _served(calibrator, val),
                                         task=val.task, n_bins=n_bins, curves=False),
        "test": calibration_report(test.y, test.proba, _served(calibrator, test),
                                   task=test.task, n_bins=n_bins, curves=curves),
    }
    if isinstance(calibrator, BaselineBlend):
        out["blend"] = calibrator.to_dict()
        out["unblended"] = {
            "method": calibrator.unblended_.method,
            "test": calibration_report(test.y, test.proba,
                                       calibrator.transform_unblended(test.proba),
                                       task=test.task, n_bins=n_bins, curves=False)}
        out["selection"] = calibrator.selection_
    elif hasattr(calibrator, "selection_"):  # 'auto': which method it chose, and why
        out["selection"] = calibrator.selection_
    return out


def _served(calibrator, scored) -> np.ndarray:
    return _apply(calibrator, scored.proba, getattr(scored, "baseline_proba", None))
