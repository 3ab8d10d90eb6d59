"""Build the held-out clinical abbreviation test set from the hand-written snippet files.

Each file in ``snippets/`` holds blocks that start with ``## SHORT | sense`` (sense = the long form
as the bundled inventory spells it), followed by one snippet per line with exactly one target
written ``[[surface]]``. Lines starting with ``#`` (and a space) are comments. The markers are
removed and the offsets computed from the text, so ``text[start:end] == short`` always holds.

    python bench/abbrev_clinical/build_test.py                 # write the JSONL
    python bench/abbrev_clinical/build_test.py --check         # rebuild, compare, exit 1 if stale
    python bench/abbrev_clinical/build_test.py --table         # composition table (markdown)

The set is invented and never to be tuned on; see bench/data/abbrev_clinical/README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SNIPPETS = HERE / "snippets"
OUT = ROOT / "bench" / "data" / "abbrev_clinical" / "test" / "test.jsonl"
INVENTORY = ROOT / "src" / "meddx" / "text" / "resources" / "abbreviations.tsv"
SEED = 17
MARK = re.compile(r"\[\[(.+?)\]\]")
# Clinically common senses the bundled inventory does not list: kept on purpose (real notes use
# them), reported separately in the README.
NOT_IN_INVENTORY = {("pe", "pleural effusion"), ("arf", "acute respiratory failure"),
                    ("mi", "mitral insufficiency")}


def short_key(text: str) -> str:
    return text.lower().replace(".", "")


def sense_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def inventory_senses(path: Path = INVENTORY) -> dict[str, set[str]]:
    senses: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            senses.setdefault(short_key(row["short"]), set()).add(sense_key(row["sense"]))
    return senses


def parse(path: Path) -> list[dict]:
    """Snippets of one file as {key, sense, text, start, end, short, where}."""
    items, key, sense = [], None, None
    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.name}:{no}"
        if not line or line.startswith("# ") or line == "#":
            continue
        if line.startswith("## "):
            head, _, tail = line[3:].partition("|")
            key, sense = short_key(head.strip()), tail.strip()
            if not key or not sense:
                raise ValueError(f"{where}: heading needs 'SHORT | sense'")
            continue
        if key is None:
            raise ValueError(f"{where}: snippet before any heading")
        marks = list(MARK.finditer(line))
        if len(marks) != 1:
            raise ValueError(f"{where}: {len(marks)} targets, need exactly one")
        m = marks[0]
        text = line[:m.start()] + m.group(1) + line[m.end():]
        start, end = m.start(), m.start() + len(m.group(1))
        if "[[" in text or "]]" in text:
            raise ValueError(f"{where}: stray marker")
        if short_key(text[start:end]) != key:
            raise ValueError(f"{where}: target {text[start:end]!r} is not {key!r}")
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before.isalnum() or after.isalnum():
            raise ValueError(f"{where}: target is part of a longer word")
        items.append({"key": key, "sense": sense, "text": text, "start": start, "end": end,
                      "short": text[start:end], "where": where})
    return items


def build(snippet_dir: Path = SNIPPETS, inventory: Path = INVENTORY) -> list[dict]:
    items = [it for path in sorted(snippet_dir.glob("*.txt")) for it in parse(path)]
    known = inventory_senses(inventory)
    texts = Counter(it["text"] for it in items)
    for it in items:
        if texts[it["text"]] > 1:
            raise ValueError(f"{it['where']}: duplicate snippet")
        pair = (it["key"], sense_key(it["sense"]))
        if pair[1] not in known.get(it["key"], set()) and pair not in NOT_IN_INVENTORY:
            raise ValueError(f"{it['where']}: sense {it['sense']!r} not in the inventory for "
                             f"{it['key']!r} (and not listed in NOT_IN_INVENTORY)")
    random.Random(SEED).shuffle(items)  # the order of the file says nothing about the sense
    rows = []
    for i, it in enumerate(items, start=1):
        row = {"id": f"abbrev-clin-test-{i:04d}", "text": it["text"],
               "abbreviations": [{"start": it["start"], "end": it["end"], "short": it["short"],
                                  "sense": it["sense"]}]}
        span = row["abbreviations"][0]
        if row["text"][span["start"]:span["end"]] != span["short"]:  # cannot happen; checked anyway
            raise AssertionError(f"{it['where']}: offsets do not match the text")
        rows.append(row)
    return rows


def dumps(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def table(rows: list[dict]) -> str:
    counts = Counter((short_key(r["abbreviations"][0]["short"]), r["abbreviations"][0]["sense"])
                     for r in rows)
    per_key = Counter()
    for (key, _), n in counts.items():
        per_key[key] += n
    lines = ["| abbreviation | sense | snippets |", "| --- | --- | ---: |"]
    for key in sorted(per_key):
        for (k, sense), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
            if k == key:
                flag = " (not in bundled inventory)" if (k, sense) in NOT_IN_INVENTORY else ""
                lines.append(f"| {key.upper()} | {sense}{flag} | {n} |")
    lines.append(f"| **all** | {len(counts)} senses of {len(per_key)} abbreviations | "
                 f"{len(rows)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="compare with --out, write nothing")
    ap.add_argument("--table", action="store_true", help="print the composition table")
    args = ap.parse_args(argv)
    rows = build()
    if args.table:
        print(table(rows))
        return 0
    text = dumps(rows)
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'STALE'} ({len(rows)} snippets)")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.out)
    print(f"wrote {len(rows)} snippets to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
