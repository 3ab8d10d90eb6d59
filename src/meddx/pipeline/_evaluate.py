"""Evaluate a finished run on any labelled file (``meddx evaluate RUN --data FILE``)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from meddx._io import atomic_write_json
from meddx.evaluate import evaluate, paired_comparison

__all__ = ["evaluate_run"]


def evaluate_run(
    run_dir: str | Path, data: str | Path, *, overrides: dict[str, Any] | None = None,
    out: str | Path | None = None, quiet: bool = False,
) -> tuple[dict, Path]:
    """Score the run's model and baseline on every valid row of ``data``.

    The file is read with the run's data settings (columns, label names, duplicate policy),
    changed by ``overrides``; labels must be among the run's labels.
    """
    from meddx.runs import load_run

    run = load_run(run_dir)
    corpus = run.corpus(data, overrides=overrides, quiet=quiet)  # as the model was trained
    deid = corpus.deid or {}
    ev = run.config.eval
    metrics: dict[str, Any] = {"data": str(data), "file_sha256": corpus.file_sha256,
                               "n_rows_dropped": dict(corpus.dropped),
                               "deid": {k: deid[k] for k in ("enabled", "mode", "counts_by_type")
                                        if k in deid}}
    from meddx.audit import load_blend, served_proba

    scored = {}
    blend = load_blend(run.path)
    for name, clf in (("model", run.model), ("baseline", run.baseline)):
        if clf is not None:
            scored[name] = clf.predict_proba(corpus.texts, quiet=quiet)
    served = served_proba(run, corpus.texts, proba=scored["model"])
    calibrated = (Path(run.path) / "model" / "calibration.json").is_file()
    if calibrated:  # 'model' is what `meddx predict` returns; the raw output beside it
        raw = scored.pop("model")
        scored = {"model": served, "model_uncalibrated": raw, **scored}
        if blend is not None and blend.weight_ > 0:  # the model alone, calibrated
            scored = {"model": served, "model_unblended": blend.transform_unblended(raw),
                      **{k: v for k, v in scored.items() if k != "model"}}
    metrics["served"] = {"probabilities": "calibrated" if calibrated else "uncalibrated",
                         "metrics": "model"}
    if blend is not None and blend.weight_ > 0:
        metrics["served"]["blend"] = {"with": "TF-IDF baseline", "weight": blend.weight_}
    for name, proba in scored.items():
        metrics[name] = evaluate(corpus.y, proba, task=corpus.task, labels=corpus.labels,
                                 threshold=ev.threshold, ece_bins=ev.ece_bins, n_boot=ev.bootstrap,
                                 ci=ev.ci, seed=run.config.train.seed, quiet=quiet)
    verdicts = {"verdict": ("model", "model")}
    if "model_unblended" in scored:  # the served blend holds the baseline: the model alone too
        verdicts = {"verdict": ("model", "model blended with the TF-IDF baseline (as served)"),
                    "verdict_unblended": ("model_unblended",
                                          "model alone (calibrated, without the baseline)")}
    for field, (key, name) in verdicts.items():
        if "baseline" in scored:
            metrics[field] = paired_comparison(
                corpus.y, scored[key], scored["baseline"], task=corpus.task,
                labels=corpus.labels, n_boot=ev.bootstrap, ci=ev.ci,
                seed=run.config.train.seed, threshold=ev.threshold, ece_bins=ev.ece_bins,
                quiet=quiet, names=(name, "TF-IDF baseline"))
    if out is None:
        digest = hashlib.sha256(str(Path(data).resolve()).encode()).hexdigest()[:8]
        out = run.path / "evaluations" / f"{Path(data).stem}-{digest}.json"
    out = Path(out)
    atomic_write_json(out, metrics)
    return metrics, out
