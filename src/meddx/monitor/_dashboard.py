"""``monitor.html``: one self-contained page (inline CSS, plots as base64 PNG ``data:`` URIs,
every value escaped, nothing loaded from elsewhere). It gets the report dict only: summary
numbers, labels and group values, never note text."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from meddx._io import atomic_write_text

__all__ = ["write_dashboard"]

_CSS = """body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;
text-align:left;font-size:.9em}th{background:#f3f3f3}.alert{background:#fde2e2;font-weight:600}
.ok{color:#2a7a2a}.warn{color:#b00020;font-weight:600}img{max-width:100%}"""


def write_dashboard(path: str | Path, report: dict[str, Any]) -> None:
    e = _esc
    alerts = report["alerts"]
    win = report["window"]
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>meddx monitor: {e(report['run'])}</title><style>{_CSS}</style></head><body>",
             f"<h1>Monitoring: {e(report['run'])}</h1>",
             f"<p>Window {e(win['since'] or 'start')} to {e(win['until'] or 'now')}: "
             f"{e(win['n'])} predictions (first {e(win['first'])}, last {e(win['last'])}). "
             f"Model versions: {e(', '.join(f'{k} ({v})' for k, v in win['model_versions'].items()))}.</p>",
             _headline(report)]
    if alerts:
        parts += ["<h2>Alerts</h2>", _results_table(alerts, scope=True)]
    parts += ["<h2>Over time (per day, UTC)</h2>", _plots(report)]
    perf = report["performance"]
    parts.append("<h2>Performance and calibration</h2>")
    if perf["daily"]:
        parts.append(_table(["date", "n_labelled", "accuracy", "macro_f1", "ece"], perf["daily"]))
    else:
        parts.append(f"<p>{e(perf['status'])}.</p>")
    parts += ["<h2>Drift, overall</h2>", _section(report["overall"])]
    for attr, sections in report["groups"].items():
        parts.append(f"<h2>Drift by {e(attr)}</h2>")
        if "note" in sections and isinstance(sections["note"], str):
            parts.append(f"<p>{e(sections['note'])}</p>")
            continue
        for value, section in sections.items():
            parts.append(f"<h3>{e(attr)} = {e(value)}</h3><p>compared with the "
                         f"{e(section.get('compared_with', 'overall reference'))}</p>")
            parts.append(_section(section))
    parts += ["<h2>Tests and thresholds</h2>",
              _table(["test", "threshold", "alert_when"],
                     [{"test": k, **v} for k, v in report["tests"].items()]),
              "<h2>Reference</h2>", f"<pre>{e(json.dumps(report['reference'], indent=2))}</pre>",
              "</body></html>"]
    atomic_write_text(Path(path), "\n".join(parts))


def _headline(report: dict[str, Any]) -> str:
    """Alerts, or "No alerts." only when the tests ran (an empty or too small window is no all-clear)."""
    if report["alerts"]:
        return f"<p class='warn'>{len(report['alerts'])} alert(s).</p>"
    if report["status"] != "ok" and report["overall"].get("skipped"):
        return f"<p class='warn'>{_esc(report['overall']['skipped'])}.</p>"
    return "<p class='ok'>No alerts.</p>"


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _table(columns: list[str], rows: list[dict[str, Any]], classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{_esc(c)}</th>" for c in columns)
    body = []
    for i, row in enumerate(rows):
        cls = f" class='{classes[i]}'" if classes and classes[i] else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{_esc(row.get(c))}</td>" for c in columns) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _results_table(results: list[dict[str, Any]], *, scope: bool = False) -> str:
    cols = (["scope"] if scope else []) + ["test", "feature", "statistic", "p_value", "threshold", "alert"]
    return _table(cols, results, ["alert" if r["alert"] else "" for r in results])


def _section(section: dict[str, Any]) -> str:
    if section.get("skipped"):
        return f"<p>{_esc(section['n'])} predictions: {_esc(section['skipped'])}; not tested.</p>"
    mix = section["label_mix"]
    labels = list(mix["reference"])
    mix_rows = [{"label": lab, "reference": mix["reference"][lab], "production": mix["production"][lab]}
                for lab in labels]
    means = [{"feature": f, **v} for f, v in section["means"].items()]
    return (f"<p>{_esc(section['n'])} predictions.</p>"
            + _table(["feature", "reference", "production"], means)
            + _table(["label", "reference", "production"], mix_rows)
            + _results_table(section["results"]))


def _plots(report: dict[str, Any]) -> str:
    series = report["timeseries"]
    if not series:
        return "<p>No predictions in the window.</p>"
    from meddx.evaluate import figure_png, new_figure

    days = [s["date"] for s in series]
    x = range(len(days))
    fig = new_figure(9.0, 7.5)
    top, mid, bottom = fig.subplots(3, 1, sharex=True)
    top.bar(x, [s["count"] for s in series], color="#4c72b0")
    top.set_ylabel("predictions")
    mid.plot(x, [s["abstain_rate"] for s in series], marker="o", label="abstain rate")
    mid.plot(x, [s["mean_confidence"] for s in series], marker="s", label="mean confidence")
    mid.set_ylim(-0.02, 1.02)
    mid.legend(fontsize=8)
    labels = list(series[0]["label_mix"])
    bottom_edge = [0.0] * len(series)
    for lab in labels:
        share = [s["label_mix"][lab] / max(sum(s["label_mix"].values()), 1) for s in series]
        bottom.bar(x, share, bottom=bottom_edge, label=lab)
        bottom_edge = [b + v for b, v in zip(bottom_edge, share, strict=True)]
    bottom.set_ylabel("predicted label share")
    if len(labels) <= 12:
        bottom.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    step = max(1, len(days) // 12)
    bottom.set_xticks(list(x)[::step], labels=days[::step], rotation=45, ha="right")
    images = [figure_png(fig)]
    perf = report["performance"]["daily"]
    if perf:
        fig = new_figure(9.0, 3.0)
        ax = fig.add_subplot()
        for key in ("accuracy", "macro_f1", "ece"):
            ax.plot([p["date"] for p in perf], [p[key] for p in perf], marker="o", label=key)
        ax.legend(fontsize=8)
        ax.tick_params(axis="x", rotation=45)
        images.append(figure_png(fig))
    return "".join(f"<img alt='time series' src='data:image/png;base64,{img}'>" for img in images)
