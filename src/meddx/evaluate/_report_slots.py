"""Slots of report.html filled after it is written: ``<!-- meddx:NAME:begin -->`` ...
``<!-- meddx:NAME:end -->``. The audit section and its navigation link (``meddx audit`` or
training with groups), and the leak-scan status (the scan reads the finished report, so it
can only say whether it passed afterwards). What goes in is our own text: no note text."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from meddx._io import atomic_write_text
from meddx.errors import RunError

__all__ = ["fill_slot", "slot", "update_report_leak_scan"]


def slot(name: str, content: str = "") -> str:
    return f"<!-- meddx:{name}:begin -->{content}<!-- meddx:{name}:end -->"


def fill_slot(html: str, name: str, content: str, *, fallback: str = "</body>") -> str:
    """``html`` with slot ``name`` holding ``content`` (replacing what it held); a report
    written before the slot existed gets it inserted before ``fallback``."""
    begin, end = f"<!-- meddx:{name}:begin -->", f"<!-- meddx:{name}:end -->"
    if begin in html and end in html:
        head, rest = html.split(begin, 1)
        return head + begin + content + end + rest.split(end, 1)[1]
    return html.replace(fallback, slot(name, content) + "\n" + fallback, 1)


def _read(report: str | Path) -> tuple[Path, str]:
    path = Path(report)
    if not path.is_file():
        raise RunError(f"no report to update at '{path}'")
    return path, path.read_text(encoding="utf-8")


def update_report_leak_scan(report: str | Path, scan: dict[str, Any]) -> Path:
    """Say in the report that the leak scan passed: artifacts scanned, PHI strings checked."""
    path, html = _read(report)
    allowed = (f"; {scan['allowed']} allow-list entries applied" if scan.get("allowed")
               else "")
    text = (f'<p id="leak-scan-status" class="ok"><strong>Leak scan: passed.</strong> '
            f"{int(scan['files_scanned'])} artifacts of this run hold none of the "
            f"{int(scan['phi_strings'])} PHI strings that de-identification found in the input"
            f"{escape(allowed)}.</p>")
    atomic_write_text(path, fill_slot(html, "leak-scan", text))
    return path
