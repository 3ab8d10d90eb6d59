"""The calibration stage of a run: fit the calibrator (after blending with the TF-IDF baseline
when ``eval.blend`` says so) on the validation split, save it as ``model/calibration.json``, and
say what ``meddx predict`` and ``meddx serve`` return."""

from __future__ import annotations

import logging

import numpy as np

from meddx._io import atomic_write_json
from meddx.config import RunConfig
from meddx.runs import RunDir

log = logging.getLogger("meddx")


def calibrate(classifier, part, results, cfg: RunConfig, run: RunDir, quiet: bool,
               baseline=None):
    """Fit the configured calibrator on validation (after blending with the baseline when
    ``eval.blend`` says so); save it beside the model. Returns the summary for metrics.json
    and the fitted calibrator or blend (both None without one)."""
    from types import SimpleNamespace

    val = part["validation"]
    if cfg.eval.calibration == "none" or len(val) == 0:
        if cfg.eval.blend != "none":
            log.info("blend with the baseline skipped: it needs a calibrator and a validation "
                     "split (eval.calibration is '%s')", cfg.eval.calibration)
        return None, None
    from meddx.audit import CALIBRATORS, calibration_summary
    from meddx.evaluate import BLENDS

    val_proba = classifier.predict_proba(val.texts, quiet=True)
    from meddx.runs import save_proba

    save_proba(run.path, val.texts, val_proba)  # reused by the monitor reference and the audit
    blend = cfg.eval.blend != "none" and baseline is not None and val.task != "multilabel"
    if cfg.eval.blend != "none" and not blend:
        log.info("blend with the baseline skipped: %s", "the task is multilabel"
                 if val.task == "multilabel" else "the run has no baseline (baseline: false)")
    val_base = baseline.predict_proba(val.texts) if blend else None
    if blend:
        calibrator = BLENDS.get(cfg.eval.blend)(calibration=cfg.eval.calibration).fit(
            val_proba, val_base, val.y)
    else:
        calibrator = CALIBRATORS.get(cfg.eval.calibration)().fit(val_proba, val.y)
    model_result = results["model"]
    summary = calibration_summary(
        calibrator,
        SimpleNamespace(y=val.y, proba=val_proba, task=val.task, baseline_proba=val_base),
        SimpleNamespace(y=model_result["y_true"], proba=model_result["proba"], task=val.task,
                        baseline_proba=results["baseline"]["proba"] if blend else None),
        n_bins=cfg.eval.ece_bins,
    )
    atomic_write_json(run.path / "model" / "calibration.json", summary)
    keep = {k: summary[k] for k in ("method", "n_validation", "validation", "test")}
    if "selection" in summary:
        keep["chosen_by"] = summary["selection"]["criterion"]
    if blend:
        keep["blend"] = {"with": "TF-IDF baseline", "weight": calibrator.weight_,
                         "chosen_by": summary["selection"]["criterion"],
                         "unblended": summary["unblended"]}
        log.info("blend with the TF-IDF baseline: weight %g, then %s (chosen on the validation "
                 "split)", calibrator.weight_, summary["method"])
    return keep, calibrator


def served_test(calibrator, raw: dict, results: dict) -> np.ndarray:
    """The served test probabilities: blended with the baseline's when the run blends."""
    if getattr(calibrator, "needs_baseline", False):
        return calibrator.transform(raw["proba"], results["baseline"]["proba"])
    return calibrator.transform(raw["proba"])


def served_block(calibration: dict | None) -> dict:
    """What `meddx predict` and `meddx serve` return, which metrics.json 'model' describes."""
    if calibration is None:
        return {"probabilities": "uncalibrated", "metrics": "model"}
    out = {"probabilities": "calibrated", "calibrator": calibration["method"],
           "metrics": "model", "uncalibrated_metrics": "model_uncalibrated"}
    if "blend" in calibration:
        out["unblended_metrics"] = "model_unblended"
        out["blend"] = {"with": "TF-IDF baseline", "weight": calibration["blend"]["weight"]}
    return out
