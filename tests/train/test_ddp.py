"""Two-process data-parallel training on CPU (gloo), launched with torchrun."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests._support.helpers import synthetic_notes

pytestmark = pytest.mark.slow


def test_torchrun_two_processes(tmp_path, model_tiny):
    torchrun = Path(sys.executable).parent / "torchrun"
    if not torchrun.exists():
        torchrun = shutil.which("torchrun")
    model = model_tiny
    data = tmp_path / "notes.csv"
    synthetic_notes(120, seed=2).to_csv(data, index=False)
    cmd = [str(torchrun), "--standalone", "--nproc_per_node=2", "-m", "meddx", "train",
           "--data", str(data), "--text-column", "note", "--label-column", "dx",
           "--model", str(model), "--mode", "full", "--max-length", "32", "--epochs", "1",
           "--name", "ddp", "--out", str(tmp_path / "runs"), "--quiet"]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "OMP_NUM_THREADS": "1"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    run = tmp_path / "runs" / "ddp"
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["model"]["n"] > 0
    state = json.loads(next((run / "checkpoints").glob("checkpoint-*/trainer_state.json"))
                       .read_text())
    # 84 training notes, batch 16 per process, 2 processes: 3 steps per epoch, not 6.
    assert state["global_step"] == 3
