"""Inline markup -> JSONL for the independent held-out de-identification set.

    python bench/data/deid_heldout/convert.py            # check only
    python bench/data/deid_heldout/convert.py --write    # write test.jsonl, test_hard_negatives.jsonl

Markup (``source/*.txt``, read in name order): a line ``### <style>`` starts a note; ``[[TYPE:surface]]``
is PHI, ``{{CAT:surface}}`` a hard negative. Ids are ``held-NNN`` in file order. Every record is
verified: spans inside the text, no surrounding whitespace, surfaces equal to the markup, PHI spans
not overlapping each other or a hard negative, no markup left in the text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PHI_TYPES = ("NAME", "HOSPITAL", "LOCATION", "DATE", "PHONE", "ID", "AGE", "EMAIL", "URL")
NEG_CATS = ("TIME", "MEASURE", "DRUG", "EPONYM", "ABBREV", "CAPSWORD", "STATE", "SYSTEM", "OTHER")
MARK = re.compile(
    r"\[\[(?P<t>" + "|".join(PHI_TYPES) + r"):(?P<s>[^\]]+?)\]\]"
    r"|\{\{(?P<c>" + "|".join(NEG_CATS) + r"):(?P<n>[^}]+?)\}\}"
)
LEFTOVER = re.compile(r"\[\[[A-Z]+:|\{\{[A-Z]+:")


def convert(markup: str) -> tuple[str, list[dict], list[dict]]:
    """Plain text, PHI spans and hard negatives of one note's markup."""
    out: list[str] = []
    phi: list[dict] = []
    neg: list[dict] = []
    pos = 0
    length = 0
    for m in MARK.finditer(markup):
        before = markup[pos : m.start()]
        out.append(before)
        length += len(before)
        surface = m.group("s") if m.group("t") else m.group("n")
        if m.group("t"):
            phi.append({"start": length, "end": length + len(surface), "type": m.group("t")})
        else:
            end = length + len(surface)
            neg.append({"start": length, "end": end, "category": m.group("c"), "text": surface})
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(markup[pos:])
    return "".join(out), phi, neg


def surfaces(markup: str) -> list[str]:
    return [m.group("s") for m in MARK.finditer(markup) if m.group("t")]


def verify(rec: dict, negs: list[dict], markup: str | None = None) -> list[str]:
    """Problems with one record (empty when sound)."""
    text, problems = rec["text"], []
    spans = sorted(rec["phi"], key=lambda p: (p["start"], p["end"]))
    for p in spans:
        s, e = p["start"], p["end"]
        if not 0 <= s < e <= len(text):
            problems.append(f"span {s}-{e} outside the text")
            continue
        if text[s:e] != text[s:e].strip():
            problems.append(f"span {s}-{e} has surrounding whitespace")
        if p["type"] not in PHI_TYPES:
            problems.append(f"span {s}-{e} has unknown type {p['type']}")
    for a, b in zip(spans, spans[1:], strict=False):
        if b["start"] < a["end"]:
            problems.append(f"span {b['start']}-{b['end']} overlaps {a['start']}-{a['end']}")
    for n in negs:
        if text[n["start"] : n["end"]] != n["text"]:
            problems.append(f"negative {n['start']}-{n['end']} does not match its text")
        if any(p["start"] < n["end"] and n["start"] < p["end"] for p in spans):
            problems.append(f"negative {n['start']}-{n['end']} overlaps a PHI span")
    if markup is not None and [text[p["start"] : p["end"]] for p in rec["phi"]] != surfaces(markup):
        problems.append("PHI surfaces differ from the markup")
    if LEFTOVER.search(text):
        problems.append("markup left in the text")
    return problems


def read_notes(source: Path) -> list[tuple[str, str]]:
    """(style, markup) of every note in ``source/*.txt``, in file and note order."""
    notes: list[tuple[str, str]] = []
    for path in sorted(source.glob("*.txt")):
        style, body = None, []
        for line in [*path.read_text(encoding="utf-8").splitlines(), "### END"]:
            if line.startswith("### "):
                if style is not None:
                    notes.append((style, "\n".join(body).strip("\n")))
                style, body = line[4:].strip(), []
            elif style is not None:
                body.append(line)
            elif line.strip():
                raise ValueError(f"{path.name}: text before the first '### <style>' line")
    return notes


def build(source: Path, prefix: str = "held") -> tuple[list[dict], list[dict], list[str]]:
    recs, negs, problems = [], [], []
    for i, (style, mk) in enumerate(read_notes(source), 1):
        nid = f"{prefix}-{i:03d}"
        text, phi, neg = convert(mk)
        rec = {"id": nid, "style": style, "text": text, "phi": phi}
        problems += [f"{nid}: {p}" for p in verify(rec, neg, mk)]
        recs.append(rec)
        negs.append({"id": nid, "negatives": neg})
    return recs, negs, problems


def dumps(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, default=HERE / "source")
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--prefix", default="held", help="note ids are PREFIX-001, PREFIX-002 ...")
    ap.add_argument("--stem", default="test", help="writes STEM.jsonl and STEM_hard_negatives.jsonl")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    if not args.source.is_dir():
        ap.error(f"{args.source}: no such folder")
    try:
        recs, negs, problems = build(args.source, args.prefix)
    except ValueError as err:
        ap.error(str(err))
    if not recs:
        ap.error(f"{args.source}: no notes (no *.txt with '### <style>' lines)")
    for p in problems:
        print(p)
    print(f"{len(recs)} notes, {sum(len(r['phi']) for r in recs)} PHI spans, {len(problems)} problems")
    if problems:
        return 1
    if args.write:
        (args.out / f"{args.stem}.jsonl").write_text(dumps(recs), encoding="utf-8")
        (args.out / f"{args.stem}_hard_negatives.jsonl").write_text(dumps(negs), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
