"""Adversarial debiasing and resume: the adversary is checkpointed and restored, and a
checkpoint without it is a clear error rather than a silent fresh adversary."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from meddx.audit import synthetic_biased_notes
from meddx.config import load_config
from meddx.errors import ModelError
from meddx.train._trainer import ADVERSARY_FILE, MeddxTrainer

pytestmark = pytest.mark.slow


def _cfg(tmp_path, model_tiny):
    notes = synthetic_biased_notes(120, seed=2, sex_in_text=True)
    path = tmp_path / "notes.csv"
    notes.to_csv(path, index=False)
    return load_config(overrides={
        "name": "adv", "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(path), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "group_columns": ["sex"]},
        "prep": {"max_length": 32}, "model": {"name": str(model_tiny), "mode": "full"},
        "train": {"threads": 1, "max_steps": 4, "save_steps": 2, "batch_size": 8,
                  "keep_checkpoints": "last"},  # the tests fake a run killed after its last
        "eval": {"bootstrap": 0}, "baseline": False,
        "fairness": {"mitigation": "adversarial", "group_column": "sex", "groups": []}})


def _interrupted(run) -> None:
    """Make a finished run look as if it had been killed after its last checkpoint."""
    status = json.loads((run / "run.json").read_text())
    status["status"] = "running"
    (run / "run.json").write_text(json.dumps(status))


def test_adversary_is_checkpointed_and_restored_on_resume(tmp_path, model_tiny, monkeypatch):
    from meddx.pipeline import train_run

    cfg = _cfg(tmp_path, model_tiny)
    run = train_run(cfg, quiet=True).run_dir
    ckpt = run / "checkpoints" / "checkpoint-4"
    saved = torch.load(ckpt / ADVERSARY_FILE, weights_only=True)
    assert saved and all(torch.isfinite(v).all() for v in saved.values())
    marked = {name: torch.full_like(v, 0.125) for name, v in saved.items()}  # recognisable
    torch.save(marked, ckpt / ADVERSARY_FILE)

    restored = {}
    original = MeddxTrainer._load_from_checkpoint

    def spy(self, resume_from_checkpoint, model=None):
        original(self, resume_from_checkpoint, model)
        restored.update({k: v.detach().cpu().clone()
                         for k, v in self.adversary["module"].state_dict().items()})

    monkeypatch.setattr(MeddxTrainer, "_load_from_checkpoint", spy)
    _interrupted(run)
    train_run(cfg, resume=True, quiet=True)
    assert set(restored) == set(marked)
    for value in restored.values():
        np.testing.assert_allclose(value.numpy(), 0.125)

    # A checkpoint without the adversary cannot be resumed with adversarial mitigation.
    last = max((run / "checkpoints").glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1]))
    (last / ADVERSARY_FILE).unlink()
    _interrupted(run)
    with pytest.raises(ModelError, match=f"{last.name}: .*has no {ADVERSARY_FILE}"):
        train_run(cfg, resume=True, quiet=True)
