"""Build the real-style de-id development set: generated notes (dev and test, disjoint surface
pools and seeds) plus the hand-written notes of ``hand/`` (test split only).

    python bench/deid_devset/build.py --out bench/data/deid_realstyle

Writes ``{dev,test}.jsonl`` (``{"id","style","text","phi":[{"start","end","type"}]}``) and
``{dev,test}_hard_negatives.jsonl`` (``{"id","negatives":[{"start","end","category","text"}]}``),
verifies every record, and prints the counts per split, style and PHI type.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from devset_ctx import Ctx  # noqa: E402
from devset_docs import discharge, ed_triage, progress, radiology, social_work  # noqa: E402
from devset_icu import icu_note  # noqa: E402
from devset_markup import convert, recase, verify_record  # noqa: E402
from devset_pools import pools  # noqa: E402

SEEDS = {"dev": 1401, "test": 2802}
COUNTS = {
    "dev": {
        "icu_nursing_lower": 34,
        "icu_nursing_caps": 30,
        "discharge_summary": 20,
        "radiology_report": 20,
        "progress_note": 18,
        "social_work": 18,
        "ed_triage": 18,
    },
    "test": {
        "icu_nursing_lower": 14,
        "icu_nursing_caps": 12,
        "discharge_summary": 8,
        "radiology_report": 8,
        "progress_note": 6,
        "social_work": 6,
        "ed_triage": 6,
    },
}


def _markup(style: str, c: Ctx) -> str:
    if style == "icu_nursing_lower":
        note = icu_note(c, caps=False)
        return recase(note, str.lower) if c.r.random() < 0.75 else note
    if style == "icu_nursing_caps":
        return recase(icu_note(c, caps=True), str.upper)
    return {
        "discharge_summary": discharge,
        "radiology_report": radiology,
        "progress_note": progress,
        "social_work": social_work,
        "ed_triage": ed_triage,
    }[style](c)


def generated(split: str, cms: Path | None) -> list[tuple[str, str, str]]:
    """(id, style, markup) of the generated notes of one split."""
    rng = random.Random(SEEDS[split])
    pool = pools(split, cms)
    out = []
    for style, n in COUNTS[split].items():
        for i in range(n):
            c = Ctx(rng, pool, lower_names=0.5 if "lower" in style else 0.25)
            out.append((f"{split}-{style}-{i + 1:03d}", style, _markup(style, c)))
    return out


def hand_written(folder: Path) -> list[tuple[str, str, str]]:
    """Notes of ``folder/*.txt``: a line ``### <style>`` starts each note."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        style, lines = None, []
        for line in path.read_text(encoding="utf-8").splitlines() + ["### end"]:
            if line.startswith("### "):
                if style is not None:
                    out.append((f"test-hand-{len(out) + 1:03d}", style, "\n".join(lines).strip()))
                style, lines = line[4:].strip(), []
            else:
                lines.append(line)
    return out


def build(out: Path, cms: Path | None) -> dict:
    stats: dict = {}
    for split in ("dev", "test"):
        notes = generated(split, cms) + (hand_written(HERE / "hand") if split == "test" else [])
        recs, negs, problems = [], [], []
        for rid, style, mk in notes:
            text, phi, neg = convert(mk)
            rec = {"id": rid, "style": style, "text": text, "phi": phi}
            problems += [f"{rid}: {p}" for p in verify_record(rec, mk, neg)]
            recs.append(rec)
            negs.append({"id": rid, "negatives": neg})
        if problems:
            raise SystemExit("verification failed:\n" + "\n".join(problems[:20]))
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{split}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
        (out / f"{split}_hard_negatives.jsonl").write_text(
            "".join(json.dumps(n) + "\n" for n in negs), encoding="utf-8"
        )
        stats[split] = {
            "notes": len(recs),
            "styles": dict(Counter(r["style"] for r in recs)),
            "hand_written": sum(r["id"].startswith("test-hand") for r in recs),
            "phi": dict(Counter(p["type"] for r in recs for p in r["phi"]).most_common()),
            "negatives": dict(Counter(n["category"] for x in negs for n in x["negatives"]).most_common()),
            "chars_mean": round(sum(len(r["text"]) for r in recs) / len(recs)),
        }
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("bench/data/deid_realstyle"))
    ap.add_argument(
        "--cms",
        type=Path,
        default=shared_path("data/hospitals/cms_hospitals.csv"),
        help="the CMS hospital list (the committed set was built with it)",
    )
    args = ap.parse_args()
    if args.cms is None or not args.cms.is_file():
        raise SystemExit(f"error: CMS hospital list not found at {args.cms}; pass --cms")
    print(json.dumps(build(args.out, args.cms), indent=1))


def shared_path(rel: str) -> Path | None:
    """``shared/<rel>`` beside the repository (main) or beside the worktree folder."""
    root = HERE.parents[1]
    for base in (root.parent / "shared", root.parent.parent / "shared"):
        if (base / rel).exists():
            return base / rel
    return None


if __name__ == "__main__":
    main()
