"""Inline markup of the development notes, its conversion to JSONL spans, and the span check.

Markup: ``[[TYPE:surface]]`` marks PHI, ``{{CAT:surface}}`` marks a hard negative (a look-alike
that must not be tagged). Converting strips the markup and records character offsets into the
plain text (0-based, end exclusive), the format of ``shared/data/deid_dev/notes.jsonl``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PHI_TYPES = ("NAME", "HOSPITAL", "LOCATION", "DATE", "PHONE", "ID", "AGE", "EMAIL", "URL")
NEG_CATS = ("TIME", "MEASURE", "DRUG", "EPONYM", "ABBREV", "STATE", "SYSTEM", "CAPSWORD", "OTHER")

MARK = re.compile(r"\[\[([A-Z]+):(.*?)\]\]|\{\{([A-Z]+):(.*?)\}\}", re.S)


def convert(markup: str) -> tuple[str, list[dict], list[dict]]:
    """Plain text, PHI spans ``{start, end, type}`` and negatives ``{start, end, category, text}``."""
    out: list[str] = []
    phi: list[dict] = []
    neg: list[dict] = []
    pos = n = 0
    for m in MARK.finditer(markup):
        out.append(markup[pos : m.start()])
        n += m.start() - pos
        kind, surface = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if m.group(1):
            if kind not in PHI_TYPES:
                raise ValueError(f"unknown PHI type {kind!r}")
            phi.append({"start": n, "end": n + len(surface), "type": kind})
        else:
            if kind not in NEG_CATS:
                raise ValueError(f"unknown negative category {kind!r}")
            neg.append({"start": n, "end": n + len(surface), "category": kind, "text": surface})
        out.append(surface)
        n += len(surface)
        pos = m.end()
    out.append(markup[pos:])
    return "".join(out), phi, neg


def recase(markup: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` (``str.upper``, ``str.lower``) to the text and surfaces, not to the tags."""
    pieces, pos = [], 0
    for m in MARK.finditer(markup):
        pieces.append(fn(markup[pos : m.start()]))
        if m.group(1):
            pieces.append(f"[[{m.group(1)}:{fn(m.group(2))}]]")
        else:
            pieces.append(f"{{{{{m.group(3)}:{fn(m.group(4))}}}}}")
        pos = m.end()
    pieces.append(fn(markup[pos:]))
    return "".join(pieces)


def surfaces(markup: str) -> list[tuple[str, str]]:
    """(type, surface) of every PHI mark, in order, re-parsed independently of :func:`convert`."""
    return [(m.group(1), m.group(2)) for m in MARK.finditer(markup) if m.group(1)]


def verify_record(rec: dict, markup: str | None = None, negatives: list[dict] | None = None) -> list[str]:
    """Problems with one JSONL record (empty when it is sound)."""
    problems: list[str] = []
    text, spans = rec.get("text"), rec.get("phi")
    if not isinstance(text, str) or not isinstance(spans, list):
        return ["record needs a string 'text' and a list 'phi'"]
    if MARK.search(text) or "[[" in text or "]]" in text:
        problems.append("markup left in the text")
    last_end = -1
    for i, s in enumerate(sorted(spans, key=lambda s: (s["start"], s["end"]))):
        st, en, ty = s.get("start"), s.get("end"), s.get("type")
        if not (isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(text)):
            problems.append(f"span {i} ({st}-{en}) outside the text")
            continue
        if ty not in PHI_TYPES:
            problems.append(f"span {i} has unknown type {ty!r}")
        if st < last_end:
            problems.append(f"span {i} ({st}-{en}) overlaps the previous span")
        surf = text[st:en]
        if surf != surf.strip() or not surf.strip():
            problems.append(f"span {i} ({st}-{en}) has leading/trailing whitespace or is blank")
        last_end = max(last_end, en)
    if markup is not None:
        want = surfaces(markup)
        got = [(s["type"], text[s["start"] : s["end"]]) for s in spans]
        if want != got:
            problems.append(f"surfaces differ from the markup ({len(got)} spans vs {len(want)} marks)")
    for ng in negatives or []:
        if text[ng["start"] : ng["end"]] != ng["text"]:
            problems.append(f"negative {ng['start']}-{ng['end']} does not match its text")
        if any(s["start"] < ng["end"] and ng["start"] < s["end"] for s in spans):
            problems.append(f"negative {ng['start']}-{ng['end']} overlaps a PHI span")
    return problems
