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


def test_an_interrupt_after_the_run_is_complete_leaves_it_complete(tmp_path, model_tiny,
                                                                    monkeypatch):
    """Ctrl-C or SIGTERM while a finished run prunes its checkpoints (or logs to the registry)
    must not rewrite run.json to "failed" (the run is done; there is nothing to resume)."""
    import meddx.pipeline._train as pipeline_train

    def stop(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(pipeline_train, "_prune_checkpoints", stop)
    with pytest.raises(KeyboardInterrupt):
        train_run(_cfg(tmp_path, model_tiny), quiet=True)
    run = tmp_path / "runs" / "r1"
    assert json.loads((run / "run.json").read_text())["status"] == "complete"
    assert not (run / "failure.html").exists()
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_the_sigterm_handler_is_one_shot():
    """A SIGTERM raises once; the handler is already restored when the exception starts, so
    a second SIGTERM while the block is being left cannot leave meddx's handler installed."""
    from meddx.errors import Terminated
    from meddx.runs._rundir import sigterm_interrupts

    with pytest.raises(Terminated), sigterm_interrupts():
        os.kill(os.getpid(), signal.SIGTERM)
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # not reached
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_a_pid_from_another_pid_namespace_or_boot_is_not_called_gone(tmp_path):
    """A pid recorded in another PID namespace (a container sharing the host name) or before
    a reboot cannot be checked here: the run stays "running" rather than "process gone"."""
    run = RunDir(tmp_path / "r")
    run.path.mkdir()
    run.mark("running")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    info = run.status()
    info["pid"] = int(gone.stdout)
    for key, other in (("pid_ns", "pid:[1]"), ("boot_id", "another-boot")):
        if key not in info:
            pytest.skip("no /proc here")
        changed = dict(info, **{key: other})
        (run.path / "run.json").write_text(json.dumps(changed))
        assert run.state() == "running"
    (run.path / "run.json").write_text(json.dumps(info))
    assert run.state() == "failed (process gone)"


@pytest.mark.parametrize("content", ["", "{", "[1, 2]"])
def test_an_empty_or_cut_short_run_json_gives_the_usual_errors(tmp_path, content):
    from meddx.runs import check_resume

    run = tmp_path / "runs" / "r"
    run.mkdir(parents=True)
    (run / "config.yaml").write_text("name: r\n")
    (run / "run.json").write_text(content)
    assert RunDir(run).status() == {"status": "unreadable"}
    with pytest.raises(RunError):
        load_run(run)
    with pytest.raises(RunError, match="no run named"):
        check_resume(load_config(overrides={"name": "missing",
                                            "out_dir": str(tmp_path / "runs")}))
