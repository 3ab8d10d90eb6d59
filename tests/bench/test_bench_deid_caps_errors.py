"""bench/deid_caps_errors.py (session 19, deidcaps19): false spans and misses of training notes
in capitals; validation and held-out files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def caps():
    return load_script("bench_deid_caps_errors", BENCH / "deid_caps_errors.py")


def test_errors_lists_false_spans_and_misses(caps):
    text = "DR KELSO AWARE. NL RV."
    gold = [(3, 8, "NAME")]
    assert caps.errors(text, gold, [(3, 8, "NAME", "names")]) == []
    got = caps.errors(text, gold, [(16, 21, "NAME", "names")], context=3)
    assert got == ["FP   NAME      names     E. [[NL RV]].", "MISS NAME      DR [[KELSO]] AW"]


@pytest.mark.parametrize("path,out", [
    ("bench/data/deid_round3/notes19u/dev.jsonl", False),
    ("bench/data/deid_round3/notes18/dev.jsonl", False),
    ("bench/data/deid_round3/notes16c/fresh.jsonl", True),
    ("bench/data/deid_round3/deidicu/fresh.jsonl", True),
    ("bench/data/deid_round3/notes19sw/fresh.jsonl", True),
    ("bench/data/deid_heldout/x.jsonl", True),
    ("bench/data/deid_realstyle/test.jsonl", True),
])
def test_refuses_validation_and_held_out_files(caps, path, out):
    assert caps.refused(Path(path)) is out


def test_shouted(caps):
    assert caps.shouted("NPN 7A-7P. PT RESTING.")
    assert not caps.shouted("npn 7a-7p. Pt resting.")
