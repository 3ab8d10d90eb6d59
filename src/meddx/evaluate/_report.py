"""The evaluation report: one self-contained HTML file.

Plots are PNGs embedded as ``data:`` URIs, the CSS is inline, and nothing is loaded from
elsewhere, so the file can be opened offline or attached to a ticket. Every value is escaped
(jinja2 autoescape). The report gets labels, predictions and summaries only, never note text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from meddx._io import atomic_write_text
from meddx.errors import MeddxError, require
from meddx.evaluate._calibration import reliability_curve
from meddx.evaluate._calibration_check import calibration_sentence
from meddx.evaluate._report_card import card_sections, fmt_any
from meddx.evaluate._validate import check_inputs, check_task

__all__ = ["write_report"]

_TEMPLATE = "report.html.j2"
_HEADLINE = ("accuracy", "macro_f1", "macro_auroc", "macro_auprc", "ece", "brier")
_LOWER_IS_BETTER = {"ece", "brier"}
_PER_CLASS = ("precision", "recall", "specificity", "f1", "auroc", "auprc")
_NO_CURVE = "no training curve (model trained in one step)"


def write_report(
    path: str | Path,
    *,
    title: str,
    task: str,
    labels: Sequence[str],
    results: Mapping[str, Mapping[str, Any]],
    data_card: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
    history: Sequence[Mapping[str, Any]] | None = None,
    environment: Mapping[str, Any] | None = None,
    notes: Sequence[str] | None = None,
    verdict: Mapping[str, Any] | None = None,
    verdict_alone: Mapping[str, Any] | None = None,
    training: Mapping[str, Any] | None = None,
    served: str | None = None,
) -> Path:
    """Write the HTML report to ``path`` (atomically) and return the path.

    ``results`` maps a name to ``{"metrics": evaluate(...), "y_true": ..., "proba": ...}``;
    the first entry is the main model, the others (a baseline) are compared with it.
    ``history`` is a Trainer ``log_history``-like list of dicts. ``data_card``, ``config``
    and ``environment`` are dicts; ``notes`` a list of sentences. ``verdict`` is a
    :func:`~meddx.evaluate.paired_comparison` of the main model with the baseline
    (``verdict_alone``: of the model alone, when the main model is a blend with the baseline),
    ``training`` says why training stopped (``sentence``, ``reason``), and ``served`` is a
    sentence on which probabilities the main model's figures describe.
    """
    jinja2 = require("jinja2", "report")
    from meddx.evaluate import _plots

    task = check_task(task)
    labels = [str(label) for label in labels]
    entries = _check_results(results, task, labels)
    main_name, main_y, main_p, main_m = entries[0]

    ci_level = main_m.get("ci_level")
    context: dict[str, Any] = {
        "title": str(title),
        "task": task,
        "labels": labels,
        "main_name": main_name,
        "n": main_m.get("n", len(main_p)),
        "ci_label": f"{round(100 * ci_level)}% CI" if ci_level is not None else None,
        "headline_metrics": _HEADLINE,
        "lower_is_better": _LOWER_IS_BETTER,
        "headline": [
            {"name": name, "n": m.get("n"), "cells": [_with_ci(m, key) for key in _HEADLINE]}
            for name, _, _, m in entries
        ],
        "per_class_metrics": _PER_CLASS,
        "per_class": [
            {
                "label": label,
                "cells": [_fmt(main_m["per_class"][label][key]) for key in _PER_CLASS],
                "support": main_m["per_class"][label]["support"],
            }
            for label in labels
        ],
        "threshold": main_m.get("threshold") if task == "multilabel" else None,
        "served": served,
        "verdict": _verdict_rows(verdict) if verdict else None,
        "verdict_sentence": verdict.get("sentence") if verdict else None,
        "verdict_kind": verdict.get("verdict") if verdict else None,
        "verdict_alone": dict(verdict_alone) if verdict and verdict_alone else None,
        "training_stop": dict(training) if training else None,
    }
    context["any_na"] = any("n/a" in row["cells"] for row in context["per_class"])

    if task == "multilabel":
        context["confusion_png"] = None
        context["confusion_table"] = [
            {"label": label, "cells": [c for row in main_m["confusion_matrix"][label] for c in row]}
            for label in labels
        ]
    else:
        context["confusion_png"] = _plots.confusion_png(main_m["confusion_matrix"], labels)
        context["confusion_table"] = None
    context["roc_png"] = _plots.curves_png("roc", main_name, labels, task, entries)
    context["pr_png"] = _plots.curves_png("pr", main_name, labels, task, entries)
    bins = int(main_m.get("ece_bins", 15))
    context["reliability_png"] = _plots.reliability_png(
        [
            (name, reliability_curve(y, p, task=task, n_bins=bins), m.get("ece"))
            for name, y, p, m in entries
        ]
    )
    check = main_m.get("ece_if_calibrated")
    context["calibration_check"] = calibration_sentence(check) if check else None
    context["training_png"] = _plots.training_png(list(history or ()))
    context["no_curve"] = _NO_CURVE
    context["data_card"] = card_sections(data_card) if data_card else None
    context["config_yaml"] = _yaml(config) if config else None
    context["environment"] = (
        [(str(k), fmt_any(v)) for k, v in environment.items()] if environment else None
    )
    context["notes"] = [str(note) for note in notes or ()]

    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    template = env.from_string(_template_text())
    html = template.render(**context)
    path = Path(path)
    atomic_write_text(path, html)
    return path


def _template_text() -> str:
    from importlib.resources import files

    return files("meddx.evaluate").joinpath("templates", _TEMPLATE).read_text(encoding="utf-8")


def _check_results(
    results: Mapping[str, Mapping[str, Any]], task: str, labels: list[str]
) -> list[tuple[str, np.ndarray, np.ndarray, dict[str, Any]]]:
    if not isinstance(results, Mapping) or not results:
        raise MeddxError(
            "results must be a non-empty dict of name -> {'metrics', 'y_true', 'proba'}"
        )
    entries = []
    for name, entry in results.items():
        missing = [key for key in ("metrics", "y_true", "proba") if key not in entry]
        if missing:
            raise MeddxError(
                f"results[{name!r}] is missing {', '.join(repr(m) for m in missing)}; "
                "each entry needs 'metrics', 'y_true' and 'proba'"
            )
        metrics = entry["metrics"]
        absent = [
            key for key in (*_HEADLINE, "per_class", "confusion_matrix") if key not in metrics
        ]
        if absent:
            raise MeddxError(
                f"results[{name!r}]['metrics'] lacks {', '.join(absent)}; "
                "pass the output of meddx.evaluate.evaluate()"
            )
        unknown = [label for label in labels if label not in metrics["per_class"]]
        if unknown:
            raise MeddxError(
                f"results[{name!r}]['metrics']['per_class'] has no entry for labels "
                f"{', '.join(unknown)}; it has {', '.join(metrics['per_class'])}"
            )
        y, p = check_inputs(entry["y_true"], entry["proba"], task=task, labels=labels)
        entries.append((str(name), y, p, metrics))
    return entries


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{value:.3f}"


def _with_ci(metrics: Mapping[str, Any], key: str) -> str:
    text = _fmt(metrics.get(key))
    lo, hi = (metrics.get("ci95") or {}).get(key) or (None, None)
    if text != "n/a" and lo is not None and hi is not None:
        text += f" [{lo:.3f}, {hi:.3f}]"
    return text


def _yaml(config: Mapping[str, Any]) -> str:
    import yaml

    plain = json.loads(json.dumps(config, default=str))
    return yaml.safe_dump(plain, sort_keys=False, default_flow_style=False, allow_unicode=True)


def write_failure_report(path: str | Path, *, title: str, reason: str, stage: str) -> Path:
    """A page for a failed run that says why: the stage and the one-line reason (which holds
    no note text). Plain HTML without jinja2, so that it can be written whatever failed."""
    from html import escape

    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        "<style>body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 900px;"
        " padding: 0 1rem; } .failed { color: #b42318; }</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n"
        f'<p class="failed"><strong>The run failed</strong> during <em>{escape(stage)}</em>.'
        "</p>\n"
        f"<h2>Reason</h2>\n<p id=\"reason\">{escape(reason)}</p>\n"
        "<p>run.json has status &quot;failed&quot; and this reason; train.log has the stages "
        "that ran. Fix the cause and start a new run (or add --resume when the run was only "
        "interrupted).</p>\n</body>\n</html>\n"
    )
    path = Path(path)
    atomic_write_text(path, page)
    return path


def _verdict_rows(verdict: Mapping[str, Any]) -> list[dict[str, str]]:
    rows = []
    for name, m in verdict.get("metrics", {}).items():
        lo, hi = m.get("ci") or (None, None)
        diff = m.get("difference")
        rows.append({
            "metric": name, "model": _fmt(m.get("model")), "baseline": _fmt(m.get("baseline")),
            "difference": "n/a" if diff is None else f"{diff:+.3f}"
            + (f" [{lo:+.3f}, {hi:+.3f}]" if lo is not None and hi is not None else ""),
            "verdict": m.get("verdict", ""),
        })
    return rows
