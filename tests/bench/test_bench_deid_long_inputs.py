"""bench/deid_long_inputs.py prints one JSON line per input and size, with the ratio to the
previous size (the slow-path timings of session 20 are reproduced with it)."""

from __future__ import annotations

import json
import sys

from tests._support.round3 import BENCH
from tests._support.scripts import load_script


def test_one_line_per_input_and_size(monkeypatch, capsys):
    mod = load_script("deid_long_inputs", BENCH / "deid_long_inputs.py")
    monkeypatch.setattr(sys, "argv", ["deid_long_inputs.py", "--sizes", "3,6", "--inputs", "0,3",
                                      "--rounds", "1"])
    mod.main()
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["input"], r["repeats"]) for r in rows] == [
        ("Seen at Lahey. ", 3), ("Seen at Lahey. ", 6), ("mary ", 3), ("mary ", 6)]
    assert rows[0]["ratio_to_previous"] is None and rows[1]["ratio_to_previous"] is not None
    assert all(r["cpu_s"] >= 0 for r in rows)


def test_unit_inputs_alone(monkeypatch, capsys):
    """``--unit`` times a further input (session 21), and only it unless --inputs is named."""
    mod = load_script("deid_long_inputs", BENCH / "deid_long_inputs.py")
    monkeypatch.setattr(sys, "argv", ["deid_long_inputs.py", "--sizes", "2", "--rounds", "1",
                                      "--unit", "PRO AMBULANCE ", "--unit", "RN NOTE\\n"])
    mod.main()
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["input"], r["repeats"]) for r in rows] == [("PRO AMBULANCE ", 2), ("RN NOTE\n", 2)]
