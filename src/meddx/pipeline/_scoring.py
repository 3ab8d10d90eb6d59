"""The test split's scores of a training run: metrics with bootstrap CIs, the paired comparison
with the TF-IDF baseline, and the per-row predictions (``RUN/predictions.csv``, no note text).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from meddx._io import atomic_write_text
from meddx.config import RunConfig

__all__ = ["compare_with_baseline", "score", "score_classifier", "write_predictions"]


def compare_with_baseline(results: dict, test, cfg: RunConfig, quiet: bool,
                          key: str = "model") -> dict:
    """The paired bootstrap of ``results[key]`` minus the baseline on the same test notes."""
    from meddx.evaluate import paired_comparison

    name = "model"
    if "model_unblended" in results:
        name = ("model alone (calibrated, without the baseline)" if key == "model_unblended"
                else "model blended with the TF-IDF baseline (as served)")
    return paired_comparison(
        results[key]["y_true"], results[key]["proba"], results["baseline"]["proba"],
        task=test.task, labels=test.labels, n_boot=cfg.eval.bootstrap, ci=cfg.eval.ci,
        seed=cfg.train.seed, threshold=cfg.eval.threshold, ece_bins=cfg.eval.ece_bins,
        quiet=quiet, names=(name, "TF-IDF baseline"))


def score_classifier(classifier, test, cfg: RunConfig, quiet: bool) -> dict:
    """``classifier``'s probabilities on the test notes, scored by :func:`score`."""
    return score(classifier.predict_proba(test.texts, quiet=quiet), test, cfg, quiet)


def score(proba, test, cfg: RunConfig, quiet: bool) -> dict:
    """Metrics of ``proba`` on the test notes (``cfg.eval``'s threshold, bins, bootstrap), with
    the labels and probabilities kept for the comparison and predictions.csv."""
    from meddx.evaluate import evaluate

    metrics = evaluate(
        test.y, proba, task=test.task, labels=test.labels, threshold=cfg.eval.threshold,
        ece_bins=cfg.eval.ece_bins, n_boot=cfg.eval.bootstrap, ci=cfg.eval.ci,
        seed=cfg.train.seed, quiet=quiet,
    )
    return {"metrics": metrics, "y_true": test.y, "proba": proba}


def write_predictions(path: Path, test, results: dict) -> None:
    """Per-row test predictions: id, row, true and predicted labels, probabilities. No text."""
    import pandas as pd

    frame = {"id": test.ids, "row": test.rows}
    labels = test.labels
    if test.task == "multilabel":
        frame["true"] = ["|".join(labels[j] for j in np.flatnonzero(r)) for r in test.y]
    else:
        frame["true"] = [labels[j] for j in test.y]
    for name, r in results.items():
        proba = r["proba"]
        if test.task == "multilabel":
            frame[f"{name}_pred"] = ["|".join(labels[j] for j in np.flatnonzero(p >= 0.5))
                                     for p in proba]
        else:
            frame[f"{name}_pred"] = [labels[j] for j in proba.argmax(1)]
        for j, lab in enumerate(labels):
            frame[f"{name}_p[{lab}]"] = np.round(proba[:, j], 6)
    atomic_write_text(path, pd.DataFrame(frame).to_csv(index=False))
