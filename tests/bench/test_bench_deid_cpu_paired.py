"""bench/deid_cpu_paired.py (session 11, branch deidspeed15): the pairs alternate which tree runs
first, and the ratio is the checkout's rate over the baseline's (the runs faked here: no
subprocess, no timing)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests._support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def test_pairs_alternate_and_ratio_is_checkout_over_baseline(tmp_path, monkeypatch, capsys):
    bench = load_script("deid_cpu_paired", ROOT / "bench" / "deid_cpu_paired.py")
    base, new = tmp_path / "base", tmp_path / "new"
    calls = []
    rates = {base.resolve(): [100.0, 110.0, 90.0, 100.0], new.resolve(): [105.0, 121.0, 90.0, 110.0]}
    monkeypatch.setattr(bench, "_rate", lambda src: (calls.append(src), rates[src].pop(0))[1])
    out = tmp_path / "r.json"
    monkeypatch.setattr(sys, "argv", ["x", str(base), str(new), "--pairs", "4", "--out", str(out)])
    bench.main()
    assert calls == [base.resolve(), new.resolve(), new.resolve(), base.resolve()] * 2
    got = json.loads(out.read_text())
    assert got["pairs"] == [[100.0, 105.0], [110.0, 121.0], [90.0, 90.0], [100.0, 110.0]]
    assert got["ratio_median"] == 1.075  # median of 1.05, 1.1, 1.0, 1.1
    assert got["notes_per_cpu_s_median"] == [100.0, 107.5]
    assert "pair 2: 110.0 -> 121.0 (1.100)" in capsys.readouterr().out
