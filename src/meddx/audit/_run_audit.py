"""``meddx audit RUN``: calibration, thresholds and a subgroup fairness audit of a finished run.

The story: load the run → the rows to audit (the run's test split from ``predictions.csv``,
with group columns joined from its data file; or a new labelled ``--data`` file) → the
validation split rescored with the run's model → a calibrator fitted on it → thresholds
chosen on it → the fairness audit of the (calibrated) test probabilities → ``audit.json``
and ``model_card.md``. The schema of ``audit.json`` is in docs/audit.md.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from meddx._io import atomic_write_json
from meddx.errors import ConfigError

__all__ = ["AUDIT_FILE", "SCHEMA_VERSION", "audit_run"]

log = logging.getLogger("meddx")

AUDIT_FILE = "audit.json"
SCHEMA_VERSION = 1


def audit_run(
    run_dir: str | Path,
    data_path: str | Path | None = None,
    groups: Sequence[str] | None = None,
    *,
    calibration: str | None = "temperature",
    target_sensitivity: dict[str, float] | None = None,
    intersections: str | Sequence[Sequence[str]] = "pairs",
    tolerance: float = 0.1,
    ratio_tolerance: float = 0.2,
    n_boot: int = 500,
    ci: float = 0.95,
    min_group_size: int = 30,
    seed: int | None = None,
    out: str | Path | None = None,
    model_card: bool = True,
    on_invalid: str | None = None,
    quiet: bool = True,
) -> tuple[dict[str, Any], Path]:
    """Audit a run; returns the ``audit.json`` dict and where it was written.

    ``groups`` defaults to the run's ``data.group_columns``. Without ``data_path`` the run's
    test split is audited and the result goes to ``RUN/audit.json``; with it, the labelled
    file is scored and the result goes to ``RUN/audits/NAME-HASH.json``. ``out`` overrides
    either. ``calibration`` is a :data:`~meddx.audit.CALIBRATORS` name, or None for none;
    the run's saved ``model/calibration.json`` is used when it has the same method, otherwise
    one is fitted on the validation split. ``target_sensitivity`` maps a label to the recall
    its threshold must reach on validation (e.g. ``{"cardiac": 0.95}``). ``seed`` defaults
    to the run's training seed. ``on_invalid`` ('error' or 'drop') overrides the run's
    ``data.on_invalid`` for ``data_path``; dropped rows are counted in ``data.n_rows_dropped``.
    """
    from meddx.audit._calibrate import _apply, calibration_summary, load_blend, load_calibrator
    from meddx.audit._fairness import FairnessAuditor
    from meddx.audit._runio import (
        attach_groups,
        labelled_file,
        test_predictions,
        validation_predictions,
    )
    from meddx.evaluate import CALIBRATORS
    from meddx.runs import load_run

    run = load_run(run_dir, with_baseline=False)
    cfg = run.config
    groups = list(groups) if groups else list(cfg.data.group_columns)
    if not groups:
        raise ConfigError("no group columns to audit: pass --groups (e.g. --groups sex,age_band) "
                          "or set data.group_columns in the run config")
    cal_cls = CALIBRATORS.get(calibration) if calibration else None
    # A run that serves a blend with its baseline is audited as served, with its own calibrator.
    blend = load_blend(run.path) if cal_cls else None
    blend = blend if blend is not None and blend.weight_ > 0 and calibration == \
        cfg.eval.calibration else None
    auditor = FairnessAuditor(
        tolerance=tolerance, ratio_tolerance=ratio_tolerance, n_boot=n_boot, ci=ci,
        min_group_size=min_group_size, intersections=intersections,
        threshold=cfg.eval.threshold, ece_bins=cfg.eval.ece_bins,
        seed=cfg.train.seed if seed is None else seed)

    # The rows to audit, with their groups.
    if data_path is None:
        scored = test_predictions(run)
        attach_groups(run, scored, groups)
        source = {"kind": "test split", "file": Path(cfg.data.path or "").name, "n": len(scored.y)}
    else:
        scored = labelled_file(run, data_path, groups, quiet=quiet,
                               with_baseline=blend is not None, on_invalid=on_invalid)
        source = {"kind": "labelled file", "file": Path(data_path).name, "n": len(scored.y)}
        if scored.dropped:  # --on-invalid drop
            source["n_rows_dropped"] = scored.dropped

    # Calibration and thresholds, both from the validation split.
    val = (validation_predictions(run, quiet=quiet, with_baseline=blend is not None)
           if cal_cls or target_sensitivity else None)
    calibrator = blend or (load_calibrator(run.path) if cal_cls else None)
    saved = calibrator is not None and (blend is not None or calibrator.method == calibration)
    if cal_cls is not None and not saved:
        calibrator = cal_cls().fit(val.proba, val.y)
    bins = cfg.eval.ece_bins
    if calibrator is not None:
        cal = calibration_summary(calibrator, val, scored, n_bins=bins, curves=True)
        cal["source"] = "model/calibration.json" if saved else "fitted on the validation split"
        if blend is not None:
            cal["source"] += f" (blended with the TF-IDF baseline, weight {blend.weight_:g})"
        audited = _apply(calibrator, scored.proba, scored.baseline_proba)
        proba_kind = "calibrated"
    else:
        cal = {"method": None, "note": "calibration not requested"}
        audited = scored.proba
        proba_kind = "raw"
    calibration_out = _calibration_block(cal, scored, bins)
    thresholds = _thresholds(val, calibrator, target_sensitivity) if val is not None else None

    auditor.fit(scored.y, audited, scored.groups, labels=scored.labels)
    fairness = auditor.to_dict()
    result: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "run": Path(run.path).name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": source,
        "task": scored.task,
        "labels": scored.labels,
        "group_columns": fairness["group_columns"],
        "probabilities": proba_kind,
        "gaps": fairness.pop("gaps"),
        "n_flagged": fairness.pop("n_flagged"),
        "calibration": calibration_out,
        "thresholds": thresholds,
        "subgroups": fairness.pop("subgroups"),
        "settings": fairness.pop("settings"),
        "warnings": fairness.pop("warnings"),
    }
    worse = _calibration_worsened(calibration_out, source["kind"])
    if worse:
        result["warnings"].append(worse)
        log.warning("audit: %s", worse)
    if out is None:
        if data_path is None:
            out = Path(run.path) / AUDIT_FILE
        else:
            digest = hashlib.sha256(str(Path(data_path).resolve()).encode()).hexdigest()[:8]
            out = Path(run.path) / "audits" / f"{Path(data_path).stem}-{digest}.json"
    out = Path(out)
    atomic_write_json(out, result)
    log.info("audit written to %s: %d of %d gaps flagged", out, result["n_flagged"],
             len(result["gaps"]))
    report = Path(run.path) / "report.html"
    if data_path is None and out == Path(run.path) / AUDIT_FILE and report.is_file():
        from meddx.evaluate import update_report_audit

        update_report_audit(report, result)  # the run's own audit: refresh its report section
    if model_card:
        from meddx.audit._model_card import write_model_card

        write_model_card(run.path, audit=result)
    return result, out


def _calibration_worsened(cal: dict[str, Any], kind: str) -> str | None:
    """A sentence when the calibration made ECE worse on the audited data (and a flag in the
    calibration block), else None."""
    before, after = cal.get("ece_before"), cal.get("ece_after")
    cal["worsened"] = bool(before is not None and after is not None and after > before)
    if not cal["worsened"]:
        return None
    return (f"calibration made ECE worse on the audited {kind} ({before:.3f} -> {after:.3f}): "
            f"the {cal['method']} calibrator fitted on the validation split does not transfer "
            "to these rows; trust the uncalibrated probabilities here, or recalibrate on data "
            "like them")


def _calibration_block(cal: dict[str, Any], scored, bins: int) -> dict[str, Any]:
    """The ``calibration`` entry: test (audited data) figures at the top level."""
    if cal.get("method") is None:
        from meddx.evaluate import brier_score, expected_calibration_error

        return {**cal, "n": len(scored.y), "ece_bins": bins,
                "ece_before": expected_calibration_error(scored.y, scored.proba, task=scored.task,
                                                         n_bins=bins),
                "ece_after": None,
                "brier_before": brier_score(scored.y, scored.proba, task=scored.task),
                "brier_after": None}
    test = cal.pop("test")
    return {"method": cal["method"], "source": cal["source"], "fitted_on": cal["fitted_on"],
            "n_validation": cal["n_validation"], "ece_bins": cal["ece_bins"], **test,
            "validation": cal["validation"], "calibrator": cal["calibrator"],
            **({"blend": {"with": "TF-IDF baseline", "weight": cal["blend"]["weight"]}}
               if "blend" in cal else {})}


def _thresholds(val, calibrator, target_sensitivity: dict[str, float] | None) -> dict[str, Any]:
    """Per-class thresholds chosen on the (calibrated) validation probabilities."""
    from meddx.audit._calibrate import _apply
    from meddx.audit._thresholds import select_threshold, select_thresholds

    proba = _apply(calibrator, val.proba, val.baseline_proba)
    out: dict[str, Any] = {
        "split": "validation",
        "probabilities": "calibrated" if calibrator is not None else "raw",
        "f1": select_thresholds(val.y, proba, criterion="f1", labels=val.labels),
        "youden": select_thresholds(val.y, proba, criterion="youden", labels=val.labels),
        "sensitivity": {},
    }
    for label, target in (target_sensitivity or {}).items():
        if label not in val.labels:
            raise ConfigError(f"target sensitivity: unknown class '{label}'; one of: "
                              f"{', '.join(val.labels)}")
        out["sensitivity"][label] = select_threshold(
            val.y, proba, positive=label, target_sensitivity=float(target), labels=val.labels)
    return out
