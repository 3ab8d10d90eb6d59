"""The audit section of report.html: per-group table, gaps with CIs and verdicts, calibration
before and after with its reliability plot inline.

``write_report`` leaves an empty slot (``<!-- meddx:audit:begin --><!-- meddx:audit:end -->``);
:func:`update_report_audit` renders ``audit.json``'s dict into it, so both ``meddx train``
(groups configured) and ``meddx audit RUN`` fill or refresh the same section. A report written
before the slot existed gets the section inserted before ``</body>``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from meddx._io import atomic_write_text
from meddx.errors import require

__all__ = ["audit_section_html", "update_report_audit"]

_GROUP_METRICS = ("support", "accuracy", "ece")
_CLASS_METRICS = ("tpr", "fpr", "precision", "f1", "auroc", "selection_rate")
MAX_GAP_ROWS = 40


def _f(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return f"{float(value):.{digits}f}"


def _subgroup_rows(subgroups: Mapping[str, Any], labels: list[str]) -> tuple[list[str], list]:
    """One row per (group column, group); columns: group figures, then per-class ones."""
    task_labels = labels[1:] if len(labels) == 2 else labels  # binary: the positive class
    columns = [*_GROUP_METRICS] + [f"{m} [{lab}]" for lab in task_labels for m in _CLASS_METRICS]
    rows = []
    for column, groups in subgroups.items():
        for group, figures in groups.items():
            per_class = figures.get("per_class") or {}
            cells = [_f(figures.get(m)) for m in _GROUP_METRICS]
            cells += [_f((per_class.get(lab) or {}).get(m)) for lab in task_labels
                      for m in _CLASS_METRICS]
            rows.append({"column": column, "group": group, "cells": cells})
    return columns, rows


def _gap_row(g: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "group_column": g["group_column"], "cls": g.get("class") if g.get("class") is not None
        else "all classes", "metric": g["metric"], "value": _f(g["value"]),
        "ci": "n/a" if g["ci95"][0] is None else f"[{_f(g['ci95'][0])}, {_f(g['ci95'][1])}]",
        "groups": f"{g.get('higher_group')} / {g.get('lower_group')}", "flagged": g["flagged"],
    }


def audit_section_html(audit: Mapping[str, Any]) -> str:
    """The HTML of the audit section for one ``audit.json`` dict (escaped; no note text)."""
    jinja2 = require("jinja2", "report")
    from importlib.resources import files

    from meddx.evaluate import _plots

    cal = audit.get("calibration") or {}
    calibrated = cal.get("method") is not None
    reliability = None
    if calibrated and cal.get("reliability_before") and cal.get("reliability_after"):
        reliability = _plots.reliability_png([
            ("before calibration", cal["reliability_before"], cal.get("ece_before")),
            (f"after ({cal['method']})", cal["reliability_after"], cal.get("ece_after")),
        ])
    gaps = sorted(audit.get("gaps") or [],
                  key=lambda g: (not g["flagged"], -(g["value"] or 0.0)))
    shown = [g for i, g in enumerate(gaps) if g["flagged"] or i < MAX_GAP_ROWS]
    settings = audit.get("settings") or {}
    columns, rows = _subgroup_rows(audit.get("subgroups") or {}, list(audit.get("labels") or []))
    data = audit.get("data") or {}
    context = {
        "source": f"{data.get('kind', 'data')} {data.get('file', '')}".strip(),
        "n": data.get("n", "?"),
        "probabilities": audit.get("probabilities", "raw"),
        "group_columns": audit.get("group_columns") or [],
        "n_flagged": audit.get("n_flagged", 0),
        "n_gaps": len(gaps),
        "tolerance": settings.get("tolerance", "?"),
        "ci_label": f"{round(100 * float(settings.get('ci', 0.95)))}% CI",
        "calibration": {
            "method": cal.get("method"), "fitted_on": cal.get("fitted_on", "validation"),
            **{k: _f(cal.get(k), 4) for k in ("ece_before", "ece_after", "brier_before",
                                              "brier_after")},
        } if calibrated else None,
        "ece_uncalibrated": _f(cal.get("ece_before"), 4),
        "reliability_png": reliability,
        "gap_tables": [
            (title, [_gap_row(g) for g in shown if (g.get("null_value") == 1.0) is ratio])
            for title, ratio in (("Differences: largest group minus smallest (0 is parity)", False),
                                 ("Ratios: smallest group / largest (1 is parity)", True))
        ],
        "more_gaps": len(gaps) - len(shown),
        "subgroup_columns": columns,
        "subgroups": rows,
        "warnings": [str(w) for w in audit.get("warnings") or []],
    }
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    text = files("meddx.evaluate").joinpath("templates", "audit.html.j2").read_text(encoding="utf-8")
    return env.from_string(text).render(**context)


def update_report_audit(report: str | Path, audit: Mapping[str, Any]) -> Path:
    """Put the audit section into ``report`` (replacing an earlier one); returns the path."""
    from meddx.evaluate._report_slots import _read, fill_slot

    path, html = _read(report)
    html = fill_slot(html, "audit", "\n" + audit_section_html(audit) + "\n")
    html = fill_slot(html, "audit-nav", '<a href="#audit">Audit</a>', fallback="</nav>")
    atomic_write_text(path, html)
    return path
