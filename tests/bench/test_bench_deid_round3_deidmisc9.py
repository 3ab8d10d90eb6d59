"""The deidmisc9 engineer's own de-identification notes (bench/data/deid_round3/deidmisc9,
session 9): each committed file is what its markup source converts to, and every record verifies.
Only the files are checked; no detector is run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench"
DATA = BENCH / "data" / "deid_round3" / "deidmisc9"
# (markup folder, note-id prefix, file stem)
SETS = [("source", "deidmisc9", "dev"), ("source_fresh", "deidmisc9f", "fresh")]

conv = load_script("deid_heldout_convert", BENCH / "data" / "deid_heldout" / "convert.py")


@pytest.mark.parametrize(("source", "prefix", "stem"), SETS, ids=[s[2] for s in SETS])
def test_committed_files_are_the_converted_markup(source, prefix, stem):
    recs, negs, problems = conv.build(DATA / source, prefix)
    assert problems == [] and recs
    assert conv.dumps(recs) == (DATA / f"{stem}.jsonl").read_text(encoding="utf-8")
    assert conv.dumps(negs) == (DATA / f"{stem}_hard_negatives.jsonl").read_text(encoding="utf-8")
    kinds = {p["type"] for r in recs for p in r["phi"]}
    assert {"NAME", "DATE", "LOCATION", "ID"} <= kinds
