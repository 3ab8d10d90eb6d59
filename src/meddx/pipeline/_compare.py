"""Candidate against champion: the same notes scored by both models, overall and per subgroup,
and the promotion gate that refuses a candidate worse beyond a tolerance anywhere.

The sets compared are the champion's fixed validation split (its data, split and
de-identification settings) and, when given, a feedback set (de-identified notes with the
labels clinicians gave). Scores use each run's calibrated probabilities, as ``meddx predict``
returns them. Subgroups are the values of ``data.group_columns``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from meddx._io import atomic_write_json, atomic_write_text
from meddx.errors import ConfigError, RunError

__all__ = ["COMPARISON_FILE", "compare_runs", "gate", "load_comparison"]

log = logging.getLogger("meddx")

COMPARISON_FILE = "comparison.json"


def _scores(y: np.ndarray, pred: np.ndarray, task: str, k: int) -> dict[str, float]:
    from sklearn.metrics import f1_score

    if len(y) == 0:
        return {"accuracy": float("nan"), "macro_f1": float("nan")}
    if task == "multilabel":
        acc = float((pred == y).all(axis=1).mean())
        f1 = float(f1_score(y, pred, average="macro", zero_division=0))
    else:
        acc = float((pred == y).mean())
        f1 = float(f1_score(y, pred, average="macro", labels=list(range(k)), zero_division=0))
    return {"accuracy": round(acc, 4), "macro_f1": round(f1, 4)}


def _predict(run, texts: list[str], labels: list[str]) -> np.ndarray:
    """Predicted classes (indices) or indicator rows, in ``labels`` order."""
    from meddx.audit import served_proba

    proba = served_proba(run, texts)
    order = [list(run.model.labels).index(lab) for lab in labels]
    proba = np.asarray(proba)[:, order]
    if run.model.task == "multilabel":
        return (proba >= run.config.eval.threshold).astype(int)
    return proba.argmax(axis=1)


def _block(y, preds: dict[str, np.ndarray], rows: np.ndarray, task: str, k: int) -> dict[str, Any]:
    out: dict[str, Any] = {"n": int(rows.sum())}
    for who, pred in preds.items():
        out[who] = _scores(y[rows], pred[rows], task, k)
    out["delta"] = {m: round(out["candidate"][m] - out["champion"][m], 4)
                    for m in out["candidate"]} if out["n"] else {}
    return out


def _compare_set(texts, y, groups: pd.DataFrame | None, runs: dict, labels, task) -> dict[str, Any]:
    k = len(labels)
    preds = {who: _predict(run, texts, labels) for who, run in runs.items()}
    everything = np.ones(len(texts), dtype=bool)
    out: dict[str, Any] = {"overall": _block(y, preds, everything, task, k), "groups": {}}
    if groups is not None:
        for column in groups.columns:
            values = groups[column].astype(str).to_numpy()
            out["groups"][str(column)] = {
                value: _block(y, preds, values == value, task, k) for value in sorted(set(values))}
    return out


def _validation(champion) -> tuple[list[str], np.ndarray, pd.DataFrame | None]:
    from meddx.data import make_splits

    corpus = champion.corpus()
    idx = make_splits(corpus, champion.config.data.split)["validation"]
    if len(idx) == 0:
        raise RunError(f"run '{champion.path}' has no validation split to compare on")
    part = corpus.subset(idx)
    if list(part.labels) != list(champion.model.labels):
        raise RunError("the champion's data no longer gives its labels; cannot compare")
    return part.texts, part.y, part.groups


def _encode(labels_in: list, labels: list[str], task: str) -> np.ndarray:
    index = {lab: i for i, lab in enumerate(labels)}
    if task == "multilabel":
        y = np.zeros((len(labels_in), len(labels)), dtype=int)
        for i, labs in enumerate(labels_in):
            y[i, [index[lab] for lab in labs]] = 1
        return y
    return np.array([index[labs[0]] for labs in labels_in], dtype=int)


def compare_runs(candidate_dir: str | Path, champion_dir: str | Path, *,
                 feedback: pd.DataFrame | None = None, settings=None,
                 versions: dict[str, int | None] | None = None,
                 out_dir: str | Path | None = None) -> dict[str, Any]:
    """Score both runs on the champion's validation split and on ``feedback`` (a frame with
    ``text`` (de-identified), ``labels`` (a list of label names per row) and optional group
    columns). ``settings``: a ``RegistryConfig`` (metrics, tolerance, smallest gated group;
    default: the candidate's). Writes ``comparison.json`` and ``comparison.md`` into
    ``out_dir`` (default: the candidate's run directory) and returns the comparison."""
    from meddx.runs import load_run

    runs = {"candidate": load_run(candidate_dir, with_baseline=False),
            "champion": load_run(champion_dir, with_baseline=False)}
    labels, task = list(runs["champion"].model.labels), runs["champion"].model.task
    if sorted(runs["candidate"].model.labels) != sorted(labels):
        raise RunError(f"candidate labels {runs['candidate'].model.labels} differ from the "
                       f"champion's {labels}; the runs cannot be compared")
    settings = settings or runs["candidate"].config.registry
    versions = versions or {}
    texts, y, groups = _validation(runs["champion"])
    result: dict[str, Any] = {
        "candidate": {"run_dir": str(runs["candidate"].path.resolve()),
                      "version": versions.get("candidate")},
        "champion": {"run_dir": str(runs["champion"].path.resolve()),
                     "version": versions.get("champion")},
        "metrics": list(settings.promote_metrics), "tolerance": settings.promote_tolerance,
        "min_group": settings.promote_min_group, "labels": labels,
        "sets": {"validation": _compare_set(texts, y, groups, runs, labels, task)},
    }
    if feedback is not None and len(feedback):
        cols = [c for c in feedback.columns if c not in ("text", "labels")]
        fb_groups = feedback[cols].reset_index(drop=True) if cols else None
        result["sets"]["feedback"] = _compare_set(
            feedback["text"].tolist(), _encode(feedback["labels"].tolist(), labels, task),
            fb_groups, runs, labels, task)
    result["failures"] = gate(result)
    result["verdict"] = "worse" if result["failures"] else "not worse"
    out = Path(out_dir) if out_dir is not None else runs["candidate"].path
    atomic_write_json(out / COMPARISON_FILE, result)
    atomic_write_text(out / "comparison.md", comparison_markdown(result))
    return result


def check_tolerance(tolerance: float | None) -> None:
    """A promotion tolerance is a drop in a metric: 0 to 1, as ``registry.promote_tolerance``."""
    if tolerance is not None and not 0 <= tolerance <= 1:
        raise ConfigError(f"--tolerance (registry.promote_tolerance) must be between 0 and 1; "
                          f"got {tolerance}")


def gate(comparison: dict[str, Any], *, tolerance: float | None = None,
         metrics: list[str] | None = None, min_group: int | None = None) -> list[dict[str, Any]]:
    """Every (set, scope, metric) where the candidate is worse than the champion by more than
    the tolerance. Overall always counts; a subgroup only with at least ``min_group`` rows."""
    check_tolerance(tolerance)
    tol = comparison["tolerance"] if tolerance is None else tolerance
    names = comparison["metrics"] if metrics is None else metrics
    smallest = comparison["min_group"] if min_group is None else min_group
    failures = []
    for set_name, block in comparison["sets"].items():
        scopes = [("overall", block["overall"])]
        scopes += [(f"{col}={value}", b) for col, values in block["groups"].items()
                   for value, b in values.items() if b["n"] >= smallest]
        for scope, b in scopes:
            for metric in names:
                delta = b.get("delta", {}).get(metric)
                if delta is not None and np.isfinite(delta) and delta < -tol:
                    failures.append({"set": set_name, "scope": scope, "metric": metric,
                                     "n": b["n"], "champion": b["champion"][metric],
                                     "candidate": b["candidate"][metric], "delta": delta})
    return failures


def load_comparison(run_dir: str | Path) -> dict[str, Any] | None:
    path = Path(run_dir) / COMPARISON_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def comparison_markdown(c: dict[str, Any]) -> str:
    lines = [f"# Candidate against champion: {c['verdict']}", "",
             f"- candidate: `{Path(c['candidate']['run_dir']).name}` (version "
             f"{c['candidate']['version']})",
             f"- champion: `{Path(c['champion']['run_dir']).name}` (version "
             f"{c['champion']['version']})",
             f"- gate: worse by more than {c['tolerance']} on {', '.join(c['metrics'])}, overall "
             f"or in any subgroup with at least {c['min_group']} rows", ""]
    for set_name, block in c["sets"].items():
        lines += [f"## {set_name}", "", "| scope | n | metric | champion | candidate | delta |",
                  "|---|---:|---|---:|---:|---:|"]
        scopes = [("overall", block["overall"])] + [
            (f"{col}={v}", b) for col, values in block["groups"].items() for v, b in values.items()]
        for scope, b in scopes:
            for metric in ("macro_f1", "accuracy"):
                if b["n"]:
                    lines.append(f"| {scope} | {b['n']} | {metric} | {b['champion'][metric]:.4f} | "
                                 f"{b['candidate'][metric]:.4f} | {b['delta'][metric]:+.4f} |")
        lines.append("")
    if c["failures"]:
        lines += ["## Worse beyond tolerance", ""]
        lines += [f"- {f['set']} {f['scope']} {f['metric']}: {f['champion']:.4f} -> "
                  f"{f['candidate']:.4f} ({f['delta']:+.4f}, n={f['n']})" for f in c["failures"]]
    return "\n".join(lines) + "\n"
