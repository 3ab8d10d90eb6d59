"""Kill training mid-epoch, resume it, and reach the same result as an uninterrupted run."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from tests._support.helpers import synthetic_notes

pytestmark = pytest.mark.slow


def _cli(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "meddx", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_and_resume_matches_uninterrupted(tmp_path, model_tiny):
    model = model_tiny
    data = tmp_path / "notes.csv"
    synthetic_notes(300, seed=5).to_csv(data, index=False)
    config = tmp_path / "run.yaml"
    config.write_text(yaml.safe_dump({
        "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(data), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id"},
        "prep": {"max_length": 48},
        "model": {"name": str(model), "mode": "full"},
        "train": {"epochs": 3, "batch_size": 16, "learning_rate": 5e-4, "save_steps": 5,
                  "threads": 1, "seed": 7},
        "eval": {"bootstrap": 20},
        "baseline": False,
    }))
    # 210 training notes / 16 = 14 steps per epoch; step 20 is in the middle of epoch 2.
    proc = _cli("train", str(config), "--name", "killed", "--quiet", cwd=tmp_path)
    marker = tmp_path / "runs" / "killed" / "checkpoints" / "checkpoint-20" / "trainer_state.json"
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        assert time.monotonic() < deadline, "no checkpoint within 300 s"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed = tmp_path / "runs" / "killed"
    assert not (killed / "metrics.json").exists(), "run finished before it could be killed"
    assert json.loads((killed / "run.json").read_text())["status"] == "running"

    resumed = _cli("train", str(config), "--name", "killed", "--resume", "--quiet", cwd=tmp_path)
    out, err = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, err[-2000:]
    log = (killed / "train.log").read_text()
    assert "resuming from checkpoint-20" in log

    full = _cli("train", str(config), "--name", "straight", "--quiet", cwd=tmp_path)
    out, err = full.communicate(timeout=600)
    assert full.returncode == 0, err[-2000:]

    # Checkpoints describe themselves: the resolved config sits beside Trainer's state.
    ckpt = next((tmp_path / "runs" / "straight" / "checkpoints").glob("checkpoint-*"))
    assert yaml.safe_load((ckpt / "meddx_config.yaml").read_text())["train"]["seed"] == 7
    assert (ckpt / "rng_state.pth").is_file() and (ckpt / "trainer_state.json").is_file()

    a = json.loads((killed / "metrics.json").read_text())["model"]
    b = json.loads((tmp_path / "runs" / "straight" / "metrics.json").read_text())["model"]
    assert abs(a["macro_f1"] - b["macro_f1"]) <= 0.02
    assert abs(a["accuracy"] - b["accuracy"]) <= 0.02
    pa = pd.read_csv(killed / "predictions.csv").filter(like="model_p[").to_numpy()
    pb = pd.read_csv(tmp_path / "runs" / "straight" / "predictions.csv").filter(
        like="model_p[").to_numpy()
    np.testing.assert_allclose(pa, pb, atol=2e-3)
