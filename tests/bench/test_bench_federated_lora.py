"""bench/federated_lora.py's table: runs kept in separate files (written by separate
processes) are read back only when their settings match, the gap to centralised is signed in
points, and the 2-point target is judged on the best federated run of the skewed split."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench():
    sys.path.insert(0, str(BENCH))
    try:
        return SimpleNamespace(**runpy.run_path(str(BENCH / "federated_lora.py")))
    finally:
        sys.path.remove(str(BENCH))


def _write(folder: Path, run: str, settings: dict, f1: float, **extra) -> None:
    method, _, split = run.partition("-")
    result = {"run": run, "settings": settings, "method": method, "split": split or None,
              "macro_f1": f1, "ci": [f1 - 0.04, f1 + 0.04], "seconds": 10.0,
              "command": f"python bench/federated_lora.py --runs {run}", **extra}
    (folder / f"{run}.json").write_text(json.dumps(result))


def test_the_table_reads_matching_runs_and_judges_the_target(tmp_path):
    bench = _bench()
    settings = {k: 1 for k in bench.SETTINGS}
    fed = {"rounds": 20, "bytes_to_sites_per_round": 100, "bytes_from_sites_per_round": 100,
           "trainable_weights": 12, "label_mix": {"0": [1, 2]}}
    _write(tmp_path, "central", settings, 0.60)
    _write(tmp_path, "fedavg-skewed", settings, 0.55, **fed)
    _write(tmp_path, "fedprox-skewed", settings, 0.59, **fed)
    _write(tmp_path, "fedavg-iid", {**settings, "rounds": 2}, 0.10, **fed)  # other settings
    text = bench._markdown(tmp_path, settings)
    assert text.startswith(bench.HEADING)
    assert "| federated LoRA, fedavg | skewed | 0.550 [0.510, 0.590] | +5.0 | 20 |" in text
    assert "0.100" not in text  # a run with other settings is not in this table
    assert "Target (federated within 2 points of centralised on the skewed split): met" in text
    assert "fedprox: gap +1.0 points" in text
    _write(tmp_path, "fedprox-skewed", settings, 0.50, **fed)
    assert "NOT met" in bench._markdown(tmp_path, settings)


def test_the_reading_states_the_differences_of_the_runs_kept(tmp_path):
    bench = _bench()
    settings = {**{k: 1 for k in bench.SETTINGS}, "sites": 4}
    _write(tmp_path, "central", settings, 0.60, steps=400)
    _write(tmp_path, "central-sequential", settings, 0.45, steps=100)
    _write(tmp_path, "fedavg-iid", settings, 0.50)
    _write(tmp_path, "fedavg-skewed", settings, 0.40)
    text = bench._markdown(tmp_path, settings)
    assert "scores 15.0 points below the full budget (400 steps)" in text
    assert "makes 1/4 of the sequential steps" in text
    assert "FedAvg loses 10.0 points from the IID to the skewed sites" in text
    assert "local-only" not in text.split("Label skew")[1]  # no local-only run, no claim
