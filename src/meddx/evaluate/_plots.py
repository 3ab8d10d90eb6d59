"""Figures of the report, each returned as a base64 PNG for a ``data:`` URI.

Figures are built with :class:`matplotlib.figure.Figure` and rendered by the Agg canvas, never
through ``pyplot``: nothing is registered globally, the backend setting is left untouched, and
each figure is cleared once saved. PNG metadata is stripped (no software string or URL).
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from meddx.errors import require

_MAX_LEGEND = 12  # more classes than this: per-class curves are drawn without a legend
_GRID = np.linspace(0.0, 1.0, 201)
# Trainer log keys that are bookkeeping rather than a curve worth drawing
_NOT_CURVES = {"epoch", "step", "runtime", "samples_per_second", "steps_per_second", "total_flos"}


def new_figure(width: float, height: float, **kwargs: Any) -> Any:
    require("matplotlib", "report")
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained", **kwargs)


def figure_png(fig: Any) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    fig.clear()
    return base64.b64encode(buf.getvalue()).decode("ascii")


def confusion_png(confusion: Sequence[Sequence[int]], labels: Sequence[str]) -> str:
    """Heatmap of a k x k confusion matrix; colour = row share, text = count."""
    cm = np.asarray(confusion, dtype=np.float64)
    k = len(labels)
    side = min(max(4.0, 0.5 * k + 2.5), 14.0)
    fig = new_figure(side + 1.0, side)
    ax = fig.add_subplot()
    rows = cm.sum(axis=1, keepdims=True)
    share = np.divide(cm, rows, out=np.zeros_like(cm), where=rows > 0)
    image = ax.imshow(share, cmap="Blues", vmin=0.0, vmax=1.0)
    fig.colorbar(image, ax=ax, label="share of true class", shrink=0.8)
    ax.set_xticks(range(k), labels=list(labels), rotation=45, ha="right")
    ax.set_yticks(range(k), labels=list(labels))
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    if k <= 20:
        for i in range(k):
            for j in range(k):
                colour = "white" if share[i, j] > 0.5 else "black"
                ax.text(
                    j,
                    i,
                    f"{int(cm[i, j])}",
                    ha="center",
                    va="center",
                    color=colour,
                    fontsize=8 if k > 10 else 10,
                )
    return figure_png(fig)


def curves_png(
    kind: str,
    main_name: str,
    labels: Sequence[str],
    task: str,
    entries: Sequence[tuple[str, np.ndarray, np.ndarray, dict[str, Any]]],
) -> str:
    """ROC (``kind='roc'``) or precision-recall (``'pr'``) curves.

    Left: one-vs-rest per class of the first entry (``main_name``). Right: the macro curve
    of every entry (``(name, y, proba, metrics)``; binary: the positive class).
    """
    key = "auroc" if kind == "roc" else "auprc"
    short = "AUC" if kind == "roc" else "AP"
    fig = new_figure(11.0, 4.8)
    left, right = fig.subplots(1, 2)
    _, y, p, metrics = entries[0]
    for j, label in enumerate(labels):
        value = metrics["per_class"][label][key]
        if value is None:
            continue
        x_pts, y_pts = _curve(kind, _positive(y, task, j), p[:, j])
        style = "default" if kind == "roc" else "steps-pre"
        left.plot(x_pts, y_pts, lw=1.2, drawstyle=style, label=f"{label} ({short} {value:.3f})")
    left.set_title(f"{main_name}: one-vs-rest per class")
    for name, y, p, metrics in entries:
        value = metrics.get(f"macro_{key}")
        if value is None:
            continue
        x_pts, y_pts = _macro_curve(kind, y, p, task, metrics, labels)
        right.plot(x_pts, y_pts, lw=1.8, label=f"{name} ({short} {value:.3f})")
    right.set_title("positive class" if task == "binary" else "macro average")
    for ax in (left, right):
        if kind == "roc":
            ax.plot([0, 1], [0, 1], ls="--", lw=0.8, color="grey")
            ax.set_xlabel("false positive rate")
            ax.set_ylabel("true positive rate")
        else:
            ax.set_xlabel("recall")
            ax.set_ylabel("precision")
        ax.set_xlim(-0.01, 1.01)
        ax.set_ylim(-0.01, 1.01)
        handles = ax.get_legend_handles_labels()[0]
        if 0 < len(handles) <= _MAX_LEGEND:
            ax.legend(fontsize=8, loc="lower right" if kind == "roc" else "lower left")
    return figure_png(fig)


def reliability_png(entries: Sequence[tuple[str, dict[str, list], float | None]]) -> str:
    """Reliability diagram of every ``(name, reliability_curve(...), ece)``, with bin counts."""
    fig = new_figure(6.5, 6.0)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    top.plot([0, 1], [0, 1], ls="--", lw=0.8, color="grey", label="perfect calibration")
    edges = np.asarray(entries[0][1]["bin_edges"])
    width = (edges[1] - edges[0]) / (len(entries) + 1)
    for i, (name, curve, ece) in enumerate(entries):
        points = [
            (c, a)
            for c, a in zip(curve["bin_confidence"], curve["bin_accuracy"], strict=True)
            if c is not None
        ]
        xs, ys = zip(*points, strict=True) if points else ((), ())
        suffix = f" (ECE {ece:.3f})" if ece is not None else ""
        top.plot(xs, ys, marker="o", ms=4, lw=1.5, label=f"{name}{suffix}")
        bottom.bar(edges[:-1] + width * (i + 0.5), curve["bin_count"], width=width, label=name)
    top.set_ylabel("observed frequency")
    top.set_xlim(0, 1)
    top.set_ylim(0, 1)
    top.legend(fontsize=8, loc="upper left")
    bottom.set_xlabel("predicted confidence")
    bottom.set_ylabel("count")
    return figure_png(fig)


def training_png(history: Sequence[dict[str, Any]] | None) -> str | None:
    """Loss and evaluation metrics over training, or None when there is nothing to draw."""
    series: dict[str, tuple[list[float], list[float]]] = {}
    for i, entry in enumerate(history or ()):
        if not isinstance(entry, dict):
            continue
        x = entry.get("step", entry.get("epoch", i))
        if not _finite(x):
            continue
        for key, value in entry.items():
            if key.startswith("train_") or _bare(key) in _NOT_CURVES or not _finite(value):
                continue
            if key in {"learning_rate", "grad_norm"}:
                continue
            xs, ys = series.setdefault(key, ([], []))
            xs.append(float(x))
            ys.append(float(value))
    if not series:
        return None
    losses = {key: s for key, s in series.items() if key in {"loss", "eval_loss"}}
    others = {key: s for key, s in series.items() if key not in losses}
    panels = [(t, g) for t, g in (("loss", losses), ("evaluation metrics", others)) if g]
    fig = new_figure(5.5 * len(panels), 4.0)
    axes = np.atleast_1d(fig.subplots(1, len(panels)))
    x_label = "step" if any(isinstance(e, dict) and "step" in e for e in history) else "epoch"
    for ax, (title, group) in zip(axes, panels, strict=True):
        for key, (xs, ys) in sorted(group.items()):
            ax.plot(xs, ys, marker="o" if len(xs) < 30 else None, ms=3, label=key)
        ax.set_xlabel(x_label)
        ax.set_title(title)
        ax.legend(fontsize=8)
    return figure_png(fig)


def _positive(y: np.ndarray, task: str, j: int) -> np.ndarray:
    return (y[:, j] == 1) if task == "multilabel" else (y == j)


def _curve(kind: str, positive: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ROC ``(fpr, tpr)`` or PR ``(recall, precision)`` points, the ones the metrics use."""
    from meddx.evaluate._metrics import _curve_points

    fpr, tpr, precision = _curve_points(positive, score)
    if kind == "roc":
        return fpr, tpr
    # from recall 0 at the first precision: drawn as steps, the area is the average precision
    return tpr, np.r_[precision[0], precision]


def _macro_curve(
    kind: str,
    y: np.ndarray,
    p: np.ndarray,
    task: str,
    metrics: dict[str, Any],
    labels: Sequence[str],
) -> tuple[np.ndarray, np.ndarray]:
    """Mean over the defined classes of each class curve interpolated on a common grid."""
    key = "auroc" if kind == "roc" else "auprc"
    classes = [1] if task == "binary" else range(len(labels))
    curves = []
    for j in classes:
        if metrics["per_class"][labels[j]][key] is None:
            continue
        x_pts, y_pts = _curve(kind, _positive(y, task, j), p[:, j])
        order = np.argsort(x_pts, kind="mergesort")
        curves.append(np.interp(_GRID, x_pts[order], y_pts[order]))
    return _GRID, np.mean(curves, axis=0)


def _finite(value: Any) -> bool:
    return (
        isinstance(value, int | float | np.number)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _bare(key: str) -> str:
    return key[5:] if key.startswith("eval_") else key
