"""``monitor_report``: compare a window of the prediction log with the run's training reference,
overall and per subgroup, add a daily time series and (once feedback labels exist) performance
and calibration per day, and write ``monitor.json`` and ``monitor.html``."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from meddx._io import atomic_write_json
from meddx.errors import ConfigError
from meddx.monitor._drift import DRIFT_TESTS, drift_test
from meddx.monitor._log import parse_time, read_feedback, read_window
from meddx.monitor._reference import Reference, build_reference

__all__ = ["MIN_WINDOW", "NO_DATA", "NO_FEEDBACK", "TOO_FEW", "monitor_report"]

log = logging.getLogger("meddx")

NO_FEEDBACK = "no feedback labels yet"
#: ``report["status"]`` of a window without predictions (otherwise "ok" or "alert").
NO_DATA = "no data"
#: ``report["status"]`` of a window with fewer than ``min_window`` predictions: no drift test run.
TOO_FEW = "too few predictions"
#: Default fewest predictions a window needs before any drift test is run (``--min-window``).
MIN_WINDOW = 30
_NONE_LABEL = "(none)"  # multilabel rows with no positive label


def monitor_report(
    run_dir: str | Path,
    store_url: str | None = None,
    *,
    since: str | date | datetime | None = None,
    until: str | date | datetime | None = None,
    groups: Sequence[str] | None = None,
    out_dir: str | Path | None = None,
    tests: Sequence[str] | None = None,
    thresholds: Mapping[str, float] | None = None,
    min_group_size: int = 30,
    max_reference: int = 2000,
    min_window: int = MIN_WINDOW,
) -> dict[str, Any]:
    """Drift of a window of production traffic against the run's reference.

    ``store_url``: the prediction log (default ``sqlite:///RUN/predictions.db``). ``since`` /
    ``until``: ISO dates or times, UTC (a date as ``until`` includes that day). ``groups``: the
    group attributes to report per value (default: every attribute in the window); values with
    fewer than ``min_group_size`` predictions are listed but not tested. A window of fewer than
    ``min_window`` predictions (default :data:`MIN_WINDOW`) runs no drift test at all, overall or
    per group: ``report["status"]`` is :data:`TOO_FEW`. ``tests``: names in
    :data:`DRIFT_TESTS` (default: all); ``thresholds``: per-test overrides. Writes
    ``monitor.json`` and ``monitor.html`` to ``out_dir`` (default ``RUN/monitor``) and returns
    the report; ``report["alerts"]`` lists every test that crossed its threshold and
    ``report["status"]`` is "ok", "alert", :data:`NO_DATA` when the window is empty, or
    :data:`TOO_FEW` when it holds 1 to ``min_window - 1`` predictions.
    """
    from meddx.serve import default_store_url

    run_dir = Path(run_dir)
    if not isinstance(min_group_size, int) or min_group_size < 2:
        raise ConfigError(f"min_group_size must be an integer >= 2; got {min_group_size!r}")
    if isinstance(min_window, bool) or not isinstance(min_window, int) or min_window < 2:
        raise ConfigError(f"--min-window must be an integer >= 2; got {min_window!r}")
    start, end = parse_time(since, option="--since"), parse_time(until, option="--until", end=True)
    if start is not None and end is not None and start >= end:
        raise ConfigError(f"--since {since} must be before --until {until} (a date as --until "
                          "includes that day)")
    names = list(tests) if tests is not None else list(DRIFT_TESTS)
    thresholds = dict(thresholds or {})
    for name in [*names, *thresholds]:
        DRIFT_TESTS.get(name)  # unknown names fail here, with a close match
    runners = {n: drift_test(n, threshold=thresholds.get(n)) for n in names}

    url = store_url or default_store_url(run_dir)
    window = read_window(url, since=start, until=end)
    ref = build_reference(run_dir, max_texts=max_reference)
    prod = _production(window, ref)

    report: dict[str, Any] = {
        "run": run_dir.name,
        "window": {"since": start.isoformat() if start else None,
                   "until": end.isoformat() if end else None, "n": len(window),
                   "first": _iso(window["created_at"].min()) if len(window) else None,
                   "last": _iso(window["created_at"].max()) if len(window) else None,
                   "model_versions": window["model_version"].value_counts().to_dict()
                   if len(window) else {}},
        "reference": {**ref.info, "labels": ref.labels, "task": ref.task},
        "tests": {n: {"threshold": r.threshold, "alert_when": "p_value < threshold"
                      if r.uses_p_value else "statistic > threshold"} for n, r in runners.items()},
        "min_group_size": min_group_size,
        "min_window": min_window,
    }
    if len(window) < min_window:  # too little data for a drift verdict: run no test at all
        why = (f"too few predictions in the window ({len(window)} < {min_window}): no drift "
               "test run") if len(window) else "no prediction in the window: no drift test run"
        report["overall"] = {"n": len(window), "skipped": why, "results": []}
        report["groups"] = {}
    else:
        embeddings = _embeddings(run_dir, ref, window)
        report["overall"] = _section(runners, ref, prod, np.ones(len(prod["features"]), bool),
                                     None, min_window, embeddings)
        report["groups"] = _group_sections(runners, ref, prod, window, groups, min_group_size)
    report["timeseries"] = _timeseries(window, prod, ref)
    report["performance"] = _performance(url, window, prod, ref)
    report["alerts"] = _alerts(report)
    # an empty or too small window is not "all clear": nothing was tested
    if not len(window):
        report["status"] = NO_DATA
    elif len(window) < min_window:
        report["status"] = TOO_FEW
    else:
        report["status"] = "alert" if report["alerts"] else "ok"

    out = Path(out_dir) if out_dir is not None else run_dir / "monitor"
    atomic_write_json(out / "monitor.json", report)
    from meddx.monitor._dashboard import write_dashboard

    write_dashboard(out / "monitor.html", report)
    report["paths"] = {"json": str(out / "monitor.json"), "html": str(out / "monitor.html")}
    log.info("monitor: %d predictions, %d alerts; report in %s", len(window),
             len(report["alerts"]), out)
    return report


def _iso(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).isoformat()


def _production(window: pd.DataFrame, ref: Reference) -> dict[str, np.ndarray]:
    """Features, probabilities (in the reference's label order) and predicted-label indicators."""
    k = len(ref.labels)
    if len(window) == 0:
        return {"features": np.zeros((0, 3)), "proba": np.zeros((0, k))}
    oov = pd.to_numeric(window["oov_rate"], errors="coerce").to_numpy(dtype=np.float64)
    features = np.column_stack([window["n_chars"].to_numpy(np.float64),
                                window["n_tokens_approx"].to_numpy(np.float64), oov])
    proba = np.array([[float((p or {}).get(lab, 0.0)) for lab in ref.labels]
                      for p in window["probabilities"]], dtype=np.float64).reshape(-1, k)
    return {"features": features, "proba": proba}


def _label_counts(proba: np.ndarray, ref: Reference) -> tuple[list[str], np.ndarray]:
    """Predicted-label counts: argmax for single-label tasks; multilabel: positives per label
    (at the run's threshold) and rows with none."""
    k = len(ref.labels)
    if ref.task == "multilabel":
        positive = proba >= ref.threshold
        counts = np.r_[positive.sum(axis=0), (~positive.any(axis=1)).sum()]
        return [*ref.labels, _NONE_LABEL], counts
    return list(ref.labels), np.bincount(proba.argmax(axis=1), minlength=k) if len(proba) else np.zeros(k)


def _confidence(proba: np.ndarray, task: str) -> np.ndarray:
    if task == "multilabel":
        return np.min(np.maximum(proba, 1.0 - proba), axis=1)
    return proba.max(axis=1)


def _feature_matrix(features: np.ndarray, with_oov: bool) -> np.ndarray:
    x = [np.log1p(features[:, 0]), np.log1p(features[:, 1])]
    if with_oov:
        x.append(features[:, 2])
    return np.column_stack(x)


def _section(runners, ref: Reference, prod, rows: np.ndarray, ref_rows: dict | None,
             min_size: int, embeddings=None) -> dict[str, Any]:
    """All tests on the production ``rows`` against the reference (or its ``ref_rows`` slice:
    ``{"train": mask, "validation": mask}``)."""
    n = int(rows.sum())
    if n < min_size:
        return {"n": n, "skipped": f"fewer than {min_size} predictions", "results": []}
    tr = ref_rows["train"] if ref_rows else slice(None)
    va = ref_rows["validation"] if ref_rows else slice(None)
    ref_train, ref_val = ref.train_features[tr], ref.validation_features[va]
    ref_proba = ref.validation_proba[va]
    feats, proba = prod["features"][rows], prod["proba"][rows]
    with_oov = ref.has_oov and bool(np.isfinite(feats[:, 2]).all()) and bool(
        np.isfinite(ref_val[:, 2]).all())
    numeric = {"n_chars": (ref_train[:, 0], feats[:, 0]),
               "n_tokens_approx": (ref_train[:, 1], feats[:, 1]),
               "confidence": (_confidence(ref_proba, ref.task), _confidence(proba, ref.task))}
    if with_oov:
        numeric["oov_rate"] = (ref_val[:, 2], feats[:, 2])
    names, ref_counts = _label_counts(ref_proba, ref)
    _, cur_counts = _label_counts(proba, ref)
    multivariate = {"features": (_feature_matrix(ref_val, with_oov), _feature_matrix(feats, with_oov))}
    if embeddings is not None:
        multivariate["embeddings"] = embeddings
    else:
        multivariate["probabilities"] = (ref_proba, proba)
    results = []
    for runner in runners.values():
        if "numeric" in runner.kinds:
            for feature, (a, b) in numeric.items():
                if len(a) >= 2:
                    results.append(runner(a, b, feature=feature))
        if "categorical" in runner.kinds:
            results.append(runner(ref_counts, cur_counts, feature="predicted_label", categorical=True))
        if "multivariate" in runner.kinds:
            for feature, (a, b) in multivariate.items():
                if len(a) >= 2:
                    results.append(runner(a, b, feature=feature))
    share = lambda c: {lab: round(float(v) / max(float(c.sum()), 1.0), 4)  # noqa: E731
                       for lab, v in zip(names, c, strict=True)}
    return {"n": n, "reference_n": {"train": int(len(ref_train)), "validation": int(len(ref_val))},
            "label_mix": {"reference": share(ref_counts), "production": share(cur_counts)},
            "means": {f: {"reference": round(float(np.mean(a)), 4), "production": round(float(np.mean(b)), 4)}
                      for f, (a, b) in numeric.items() if len(a)},
            "results": results}


def _group_sections(runners, ref, prod, window, groups, min_size) -> dict[str, Any]:
    values = [g if isinstance(g, dict) else {} for g in window.get("groups", pd.Series(dtype=object))]
    found = sorted({k for g in values for k in g})
    wanted = found if groups is None else list(groups)
    out: dict[str, Any] = {}
    for attr in wanted:
        column = np.array([str(g[attr]) if attr in g and g[attr] is not None else "" for g in values],
                          dtype=object)
        sections = {}
        for value in sorted(set(column) - {""}):
            rows = column == value
            ref_rows, against = None, "overall reference"
            tr, va = ref.train_groups.get(attr), ref.validation_groups.get(attr)
            if tr is not None and va is not None:
                masks = {"train": np.asarray(tr) == value, "validation": np.asarray(va) == value}
                if min(int(m.sum()) for m in masks.values()) >= min_size:
                    ref_rows, against = masks, f"reference rows with {attr}={value}"
            section = _section(runners, ref, prod, rows, ref_rows, min_size)
            section["compared_with"] = against
            sections[value] = section
        out[attr] = sections if sections else {"note": f"no predictions carry the attribute '{attr}'"}
    return out


def _timeseries(window: pd.DataFrame, prod, ref: Reference) -> list[dict[str, Any]]:
    if len(window) == 0:
        return []
    day = window["created_at"].dt.strftime("%Y-%m-%d").to_numpy()
    conf = _confidence(prod["proba"], ref.task)
    out = []
    for d in sorted(set(day)):
        rows = day == d
        names, counts = _label_counts(prod["proba"][rows], ref)
        out.append({"date": d, "count": int(rows.sum()),
                    "abstain_rate": round(float(window["abstain"].to_numpy(bool)[rows].mean()), 4),
                    "mean_confidence": round(float(conf[rows].mean()), 4),
                    "mean_n_chars": round(float(prod["features"][rows, 0].mean()), 1),
                    "label_mix": {lab: int(c) for lab, c in zip(names, counts, strict=True)}})
    return out


def _performance(url: str, window: pd.DataFrame, prod, ref: Reference) -> dict[str, Any]:
    """Accuracy, macro-F1 and ECE per day on the predictions that have a feedback label."""
    feedback = read_feedback(url)
    if feedback is None:
        return {"status": NO_FEEDBACK, "daily": []}
    labelled = window.reset_index(drop=True).reset_index().merge(
        feedback, left_on="id", right_on="prediction_id", suffixes=("", "_true"))
    if len(labelled) == 0:
        return {"status": "no feedback labels in this window", "daily": []}
    from sklearn.metrics import f1_score

    from meddx.evaluate import expected_calibration_error

    index = {lab: i for i, lab in enumerate(ref.labels)}
    daily = []
    day = labelled["created_at"].dt.strftime("%Y-%m-%d").to_numpy()
    for d in sorted(set(day)):
        part = labelled[day == d]
        p = prod["proba"][part["index"].to_numpy()]
        truth = [_as_labels(v) for v in part["label_true"]]
        keep = [all(t in index for t in ts) for ts in truth]  # labels the model knows
        p, truth = p[keep], [t for t, k in zip(truth, keep, strict=True) if k]
        if not truth:
            continue
        if ref.task == "multilabel":
            y = np.zeros_like(p, dtype=int)
            for i, ts in enumerate(truth):
                y[i, [index[t] for t in ts]] = 1
            pred = (p >= ref.threshold).astype(int)
            acc = float((pred == y).all(axis=1).mean())
        else:
            y = np.array([index[ts[0]] for ts in truth])
            pred = p.argmax(axis=1)
            acc = float((pred == y).mean())
        f1 = float(f1_score(y, pred, average="macro", labels=None if ref.task == "multilabel"
                            else list(range(len(ref.labels))), zero_division=0))
        ece = float(expected_calibration_error(y, p, task=ref.task))
        daily.append({"date": d, "n_labelled": len(truth), "accuracy": round(acc, 4),
                      "macro_f1": round(f1, 4), "ece": round(ece, 4)})
    return {"status": "ok", "daily": daily}


def _as_labels(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _alerts(report: dict[str, Any]) -> list[dict[str, Any]]:
    out = [{"scope": "overall", **r} for r in report["overall"]["results"] if r["alert"]]
    for attr, sections in report["groups"].items():
        for value, section in sections.items():
            if isinstance(section, dict):
                out += [{"scope": f"{attr}={value}", **r} for r in section.get("results", []) if r["alert"]]
    return out


def _embeddings(run_dir: Path, ref: Reference, window: pd.DataFrame):
    """(reference, production) embeddings when the log holds de-identified text and the run's
    model embeds text (a frozen-encoder run); else None (MMD then runs on the probabilities)."""
    if "text" not in window or window["text"].isna().any():
        return None
    from meddx.runs import load_run

    run = load_run(run_dir, with_baseline=False)
    if not hasattr(run.model, "embed"):
        return None
    from meddx.data import make_splits

    corpus = run.corpus()
    idx = np.asarray(make_splits(corpus, run.config.data.split)["validation"])[:500]
    reference = run.model.embed([corpus.texts[int(i)] for i in idx])
    production = run.model.embed(window["text"].astype(str).tolist()[-500:])
    return np.asarray(reference, np.float64), np.asarray(production, np.float64)
