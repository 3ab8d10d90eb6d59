"""bench/deid_src_spans.py (session 28, branch lin28): notes compared and notes that differ, per
set and case (the dumps faked here: no subprocess, no detection)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests._support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def test_compare_counts_differing_notes() -> None:
    bench = load_script("deid_src_spans", ROOT / "bench" / "deid_src_spans.py")
    note = [[[0, 4, "NAME", "names", "0x1.0p+0", True]], "h1"]
    other = [[[0, 5, "NAME", "names", "0x1.0p+0", True]], "h1"]
    base = {"meddx": "/a", "x/orig": [note, note], "y/orig": [note]}
    new = {"meddx": "/b", "x/orig": [note, other], "y/orig": [note]}
    total, differ, lines = bench.compare(base, new)
    assert (total, differ) == (3, 1)
    assert lines[0].split() == ["x/orig", "notes", "2", "differ", "1"]
    assert bench.compare(base, {**new, "y/orig": []})[1] == 2  # a note missing differs


def test_unknown_set_is_refused(monkeypatch) -> None:
    bench = load_script("deid_src_spans", ROOT / "bench" / "deid_src_spans.py")
    monkeypatch.setattr(sys, "argv", ["x", "--baseline-src", "/tmp", "--sets", "notes28a"])
    with pytest.raises(SystemExit, match="unknown sets"):
        bench.main()
