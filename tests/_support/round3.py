"""Shared by the tests of hand-written de-identification note sets under bench/data/deid_round3:
is each committed JSONL file what its markup source converts to?"""

from __future__ import annotations

from pathlib import Path

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench"


def converted_sets_match(data: Path, source: str, prefix: str, stem: str) -> list[dict]:
    """Convert ``data/source`` with ``prefix``, assert that it verifies and equals the committed
    ``stem.jsonl`` and ``stem_hard_negatives.jsonl``, and return the records."""
    conv = load_script("deid_heldout_convert", BENCH / "data" / "deid_heldout" / "convert.py")
    recs, negs, problems = conv.build(data / source, prefix)
    assert problems == [] and recs
    assert conv.dumps(recs) == (data / f"{stem}.jsonl").read_text(encoding="utf-8")
    assert conv.dumps(negs) == (data / f"{stem}_hard_negatives.jsonl").read_text(encoding="utf-8")
    return recs
