"""A run stopped by Ctrl-C or SIGTERM says "failed" with the reason and still resumes; a run
whose process is gone (SIGKILL) reads "failed (process gone)"."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

import meddx.train
from meddx.config import load_config
from meddx.errors import RunError
from meddx.pipeline import train_run
from meddx.runs import RunDir, load_run
from tests._support.helpers import synthetic_notes


def _cfg(tmp_path, model, name="r1"):
    data = tmp_path / "notes.csv"
    if not data.exists():
        synthetic_notes(120, seed=1, patients=60).to_csv(data, index=False)
    return load_config(overrides={
        "name": name, "out_dir": str(tmp_path / "runs"), "baseline": False,
        "data": {"path": str(data), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "patient_column": "patient"},
        "prep": {"max_length": 32}, "model": {"name": str(model), "mode": "full"},
        "train": {"max_steps": 4, "save_steps": 2, "batch_size": 16, "threads": 1,
                  "keep_checkpoints": "all"},
        "eval": {"bootstrap": 20}})


def _stop_after_training(monkeypatch, stop):
    """fit_model trains (writing its checkpoints), then the run is stopped by ``stop``."""
    real = meddx.train.fit_model

    def fit(*args, **kwargs):
        real(*args, **kwargs)
        stop()

    monkeypatch.setattr(meddx.train, "fit_model", fit)


def _raise_keyboard_interrupt():
    raise KeyboardInterrupt


@pytest.mark.parametrize("stop,reason", [
    (_raise_keyboard_interrupt, "interrupted (SIGINT) during training"),
    (lambda: os.kill(os.getpid(), signal.SIGTERM), "terminated (SIGTERM) during training"),
])
def test_a_stopped_run_says_failed_and_resumes(tmp_path, model_tiny, monkeypatch, stop, reason):
    _stop_after_training(monkeypatch, stop)
    with pytest.raises(KeyboardInterrupt):
        train_run(_cfg(tmp_path, model_tiny), quiet=True)
    run = tmp_path / "runs" / "r1"
    info = json.loads((run / "run.json").read_text())
    assert info["status"] == "failed"
    assert info["reason"].startswith(reason) and "--resume" in info["reason"]
    assert info["pid"] == os.getpid()
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handler was restored

    monkeypatch.undo()
    result = train_run(_cfg(tmp_path, model_tiny), resume=True, quiet=True)
    assert json.loads((result.run_dir / "run.json").read_text())["status"] == "complete"
    assert "resuming from checkpoint-4" in (run / "train.log").read_text()


def test_a_running_run_whose_process_is_gone_reads_failed(tmp_path, model_tiny):
    from meddx.config import save_config
    from meddx.runs import open_run_dir

    cfg = _cfg(tmp_path, model_tiny)
    run = open_run_dir(cfg, resume=False, create=True)
    save_config(cfg, run.path / "config.yaml")
    assert run.state() == "running"  # this process is alive
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    info = run.status()
    info["pid"] = int(gone.stdout)
    (run.path / "run.json").write_text(json.dumps(info))
    assert RunDir(run.path).state() == "failed (process gone)"
    with pytest.raises(RunError, match=r"already exists \(failed \(process gone\)\)"):
        open_run_dir(_cfg(tmp_path, model_tiny), resume=False, create=True)
    with pytest.raises(RunError, match="run.json says 'failed \\(process gone\\)'"):
        load_run(run.path)
    info["host"] = "another-host"  # cannot be checked from here
    (run.path / "run.json").write_text(json.dumps(info))
    assert RunDir(run.path).state() == "running"


def test_resume_of_a_name_that_does_not_exist_names_the_folder_and_the_unfinished_runs(
        tmp_path, model_tiny):
    from meddx.runs import check_resume, open_run_dir

    stopped = tmp_path / "runs" / "stopped"
    stopped.mkdir(parents=True)
    (stopped / "config.yaml").write_text("{}\n")
    (stopped / "run.json").write_text(json.dumps({"status": "failed"}))
    cfg = _cfg(tmp_path, model_tiny, name="typo")
    message = (f"--resume: no run named 'typo' in the runs folder '{tmp_path / 'runs'}' "
               "(unfinished runs there: stopped); to start a new run, leave out --resume")
    with pytest.raises(RunError) as raised:
        check_resume(cfg)
    assert str(raised.value) == message
    with pytest.raises(RunError, match="leave out --resume"):
        open_run_dir(cfg, resume=True, create=True)
    assert not (tmp_path / "runs" / "typo").exists()
    with pytest.raises(RunError, match="leave out --resume"):
        train_run(cfg, resume=True, quiet=True)
