"""Resume of the trained causal-LM modes: LoRA SFT and the LoRA sequence-classification head
continue from their last checkpoint (adapters, head, optimiser, RNG) instead of restarting, and
reach the same model as an uninterrupted run."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import numpy as np
import pytest
import transformers
import yaml

from meddx.config import load_config
from meddx.train._causal_fit import fit_causal
from tests._support.causal import TINY_LABELS

TOY = {"chest pain and palpitations": 0, "seizure with aphasia": 1, "jaundice and melena": 2}


def _cfg(path, mode: str, **train):
    return load_config(None, {
        "model": {"name": str(path), "mode": mode,
                  "lora": {"r": 4, "alpha": 8, "dropout": 0.0, "target_modules": ["q_proj", "v_proj"]}},
        "train": {"max_steps": 4, "save_steps": 2, "batch_size": 2, "learning_rate": 1e-2,
                  "warmup_ratio": 0.0, "threads": 1, **train},
        "llm": {"template": "terse"},
    })


def _fit(path, folder, mode: str, *, resume: bool = False):
    texts = list(TOY) * 2
    part = {"train": SimpleNamespace(texts=texts, y=np.array([TOY[t] for t in texts]))}
    run = SimpleNamespace(checkpoints=folder / "checkpoints")
    return fit_causal(_cfg(path, mode), part, TINY_LABELS, "multiclass", run, quiet=True,
                      notes=[], resume=resume).classifier


@pytest.fixture
def steps_taken(monkeypatch):
    """Counts optimizer steps actually run and the checkpoints Trainer resumes from."""
    seen = {"steps": 0, "resumed": []}
    step, load = transformers.Trainer.training_step, transformers.Trainer._load_from_checkpoint

    def training_step(self, *args, **kwargs):
        seen["steps"] += 1
        return step(self, *args, **kwargs)

    def load_from_checkpoint(self, resume_from_checkpoint, model=None):
        seen["resumed"].append(resume_from_checkpoint.rsplit("/", 1)[-1])
        return load(self, resume_from_checkpoint, model)

    monkeypatch.setattr(transformers.Trainer, "training_step", training_step)
    monkeypatch.setattr(transformers.Trainer, "_load_from_checkpoint", load_from_checkpoint)
    return seen


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["lora", "seqcls"])
def test_interrupted_training_resumes_from_its_last_checkpoint(model_tiny_causal, tmp_path, mode,
                                                               steps_taken):
    straight = _fit(model_tiny_causal, tmp_path / "straight", mode).predict_proba(list(TOY))
    ckpt = tmp_path / "straight" / "checkpoints"
    assert sorted(p.name for p in ckpt.iterdir()) == ["checkpoint-2", "checkpoint-4"]
    described = yaml.safe_load((ckpt / "checkpoint-2" / "meddx_config.yaml").read_text())
    assert described["model"]["mode"] == mode  # checkpoints describe themselves

    # Killed after step 2: only its checkpoint survives.
    _fit(model_tiny_causal, tmp_path / "killed", mode)
    shutil.rmtree(tmp_path / "killed" / "checkpoints" / "checkpoint-4")
    steps_taken.update(steps=0, resumed=[])
    resumed = _fit(model_tiny_causal, tmp_path / "killed", mode, resume=True)
    assert steps_taken["resumed"] == ["checkpoint-2"]
    assert steps_taken["steps"] == 2  # steps 3 and 4 only, not a restart
    state = json.loads((tmp_path / "killed" / "checkpoints" / "checkpoint-4" / "trainer_state.json")
                       .read_text())
    assert state["global_step"] == 4
    np.testing.assert_allclose(resumed.predict_proba(list(TOY)), straight, atol=1e-5)
    # An untrained model would differ: the comparison can fail.
    assert np.abs(straight - _fit_untrained(model_tiny_causal, tmp_path, mode)).max() > 1e-4


def _fit_untrained(path, tmp_path, mode: str) -> np.ndarray:
    cfg = _cfg(path, mode, learning_rate=1e-12)
    texts = list(TOY)
    part = {"train": SimpleNamespace(texts=texts, y=np.array(list(TOY.values())))}
    run = SimpleNamespace(checkpoints=tmp_path / "untrained")
    return fit_causal(cfg, part, TINY_LABELS, "multiclass", run, quiet=True, notes=[]
                      ).classifier.predict_proba(list(TOY))


def test_resume_without_a_checkpoint_trains_from_the_start(model_tiny_causal, tmp_path, steps_taken):
    _fit(model_tiny_causal, tmp_path, "lora", resume=True)
    assert steps_taken == {"steps": 4, "resumed": []}
