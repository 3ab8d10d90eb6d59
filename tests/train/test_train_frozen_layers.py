"""model.frozen_layers: the fine-tune trains the top layers from cached lower-layer states."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import torch

from meddx.config import load_config
from meddx.errors import ConfigError
from meddx.models import freeze_lower, lower_states, top_layers
from meddx.pipeline import train_run
from meddx.runs import load_run
from tests._support.helpers import make_tiny_model, synthetic_notes, tiny_run_config


def _bert(layers: int):
    import transformers

    config = transformers.BertConfig(vocab_size=100, hidden_size=32, num_hidden_layers=layers,
                                     num_attention_heads=4, intermediate_size=64, num_labels=3)
    torch.manual_seed(0)
    return transformers.BertForSequenceClassification(config).eval()


def _padded(states, ids):
    width = max(len(x) for x in ids)
    h = torch.zeros(len(ids), width, states[0].shape[1])
    mask = torch.zeros(len(ids), width, dtype=torch.long)
    tokens = torch.zeros(len(ids), width, dtype=torch.long)
    for i, (s, x) in enumerate(zip(states, ids, strict=True)):
        h[i, :len(x)], mask[i, :len(x)], tokens[i, :len(x)] = s, 1, torch.tensor(x)
    return h, mask, tokens


@pytest.mark.parametrize("layers,k", [(2, 1), (4, 1), (4, 2), (4, 3)])
def test_the_top_layers_on_cached_states_give_the_full_models_logits(layers, k):
    model = _bert(layers)
    ids = [[1, 5, 7, 9, 2], [1, 8, 2], [1, 3, 4, 5, 6, 7, 8, 2], [1, 2]]
    states = lower_states(model, ids, k, batch_size=3, threads=[2, 1])
    assert [s.shape[0] for s in states] == [len(x) for x in ids]  # each at its own length
    h, mask, tokens = _padded(states, ids)
    with torch.no_grad():
        top = top_layers(model, k).eval()(h, mask).logits
        full = model(input_ids=tokens, attention_mask=mask).logits
    np.testing.assert_allclose(top.numpy(), full.numpy(), atol=1e-5)
    # a different k gives different states: the hook reads the layer asked for
    if k > 1:
        other = lower_states(model, ids, k - 1)
        assert not torch.allclose(other[0], states[0])


def test_freeze_lower_leaves_the_top_layers_trainable():
    model = _bert(4)
    left = freeze_lower(model, 3)
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    assert trainable and all(n.startswith(("bert.encoder.layer.3.", "bert.pooler.", "classifier."))
                             for n in trainable)
    assert left == sum(p.numel() for p in model.parameters() if p.requires_grad)
    for k in (0, 4):
        with pytest.raises(ConfigError, match=f"model.frozen_layers {k}: this encoder has 4 "
                           "layers; freeze 1 to 3 of them"):
            freeze_lower(_bert(4), k)


def _cfg(tmp_path, tiny, *, model=None, train=None):
    """A run of the tiny encoder on 120 synthetic notes (``tmp_path/notes.csv``), mode full."""
    return tiny_run_config(
        tmp_path, synthetic_notes(120, seed=1, patients=60), tiny, name="r1",
        model={"name": str(tiny), "mode": "full", **(model or {})},
        train={"epochs": 2, "batch_size": 16, "learning_rate": 1e-3, "threads": 1,
               **(train or {})},
        registry={"enabled": False})


def test_a_run_trains_only_the_layers_above_and_serves_the_full_model(tmp_path):
    from safetensors.torch import load_file

    tiny = make_tiny_model(tmp_path / "tiny", layers=3)
    result = train_run(_cfg(tmp_path, tiny, model={"frozen_layers": 2}), quiet=True)
    run = result.run_dir
    assert json.loads((run / "run.json").read_text())["status"] == "complete"
    before = load_file(str(tiny / "model.safetensors"))
    after = load_file(str(run / "model" / "model.safetensors"))
    for name, value in before.items():
        trained = after.get(f"bert.{name}", after.get(name))
        frozen = name.startswith(("embeddings.", "encoder.layer.0.", "encoder.layer.1."))
        assert torch.equal(trained, value) == frozen, name
    training = json.loads((run / "metrics.json").read_text())["training"]
    assert training["frozen_layers"] == 2
    assert "the lowest 2 of 3 encoder layers frozen" in training["sentence"]
    log = (run / "train.log").read_text()
    assert "fine-tuning the top 1 of 3 encoder layers" in log and "caching" in log
    # what is served is the full model: it predicts the stored test probabilities
    preds = pd.read_csv(run / "predictions.csv")
    df = pd.read_csv(tmp_path / "notes.csv").set_index("note_id")
    loaded = load_run(run)
    again = loaded.model.predict_proba(df.loc[preds["id"], "note"].tolist())
    stored = preds[[f"model_uncalibrated_p[{lab}]" for lab in loaded.model.labels]].to_numpy()
    np.testing.assert_allclose(again, stored, atol=1e-5)


def test_a_crashed_run_resumes_from_its_checkpoint(tmp_path, monkeypatch):
    import transformers

    from meddx.train import _trainer

    class Crash(transformers.TrainerCallback):
        def on_save(self, args, state, control, **kwargs):
            raise RuntimeError("simulated crash after a checkpoint")

    real = _trainer.make_callbacks
    monkeypatch.setattr(_trainer, "make_callbacks", lambda **kw: [*real(**kw), Crash()])
    tiny = make_tiny_model(tmp_path / "tiny", layers=2)
    cfg = _cfg(tmp_path, tiny, model={"frozen_layers": 1}, train={"save_steps": 2, "max_steps": 4})
    with pytest.raises(RuntimeError, match="simulated crash"):
        train_run(cfg, quiet=True)
    run = tmp_path / "runs" / "r1"
    assert [p.name for p in (run / "checkpoints").glob("checkpoint-*")] == ["checkpoint-2"]
    monkeypatch.setattr(_trainer, "make_callbacks", real)
    result = train_run(cfg, resume=True, quiet=True)
    assert result.metrics["training"]["steps"] == 4
    assert "resuming from checkpoint-2" in (run / "train.log").read_text()


@pytest.mark.parametrize("model,extra,match", [
    ({"mode": "lora", "frozen_layers": 1}, {}, "model.mode 'lora'"),
    ({"mode": "frozen", "frozen_layers": 1}, {}, "model.mode 'frozen'"),
    ({"mode": "full", "frozen_layers": 1}, {"privacy": {"epsilon": 8}}, "privacy.epsilon"),
    ({"mode": "full", "frozen_layers": 1},
     {"data": {"group_columns": ["g"]},
      "fairness": {"mitigation": "adversarial", "group_column": "g",
                   "adversary_on": "representation"}}, "adversary_on 'logits'"),
])
def test_settings_that_cannot_use_it_are_refused(model, extra, match):
    tree = {"data": {"path": "x.csv", **extra.pop("data", {})}, "model": model, **extra}
    with pytest.raises(ConfigError, match=match):
        load_config(overrides=tree)


def test_too_many_frozen_layers_fail_the_run_with_the_setting_named(tmp_path):
    tiny = make_tiny_model(tmp_path / "tiny", layers=2)
    with pytest.raises(ConfigError, match="model.frozen_layers 2: this encoder has 2 layers"):
        train_run(_cfg(tmp_path, tiny, model={"frozen_layers": 2}), quiet=True)
    status = json.loads((tmp_path / "runs" / "r1" / "run.json").read_text())
    assert status["status"] == "failed" and "model.frozen_layers 2" in status["reason"]


def test_memory_guard_counts_reclaimable_page_cache(tmp_path, monkeypatch):
    """The cache's memory guard reads MemAvailable (free + reclaimable page cache), not the free
    pages alone, and refuses only a cache over half of it."""
    from meddx.train import _cached

    info = tmp_path / "meminfo"
    info.write_text("MemTotal:       24000000 kB\nMemFree:          100000 kB\n"
                    "MemAvailable:   20000000 kB\n", encoding="ascii")
    assert _cached.available_memory(str(info)) == 20_000_000 * 1024
    monkeypatch.setattr(_cached, "available_memory", lambda: 20_000_000 * 1024)
    # 400 MB of states: over half the 98 MB of free pages, well under half of MemAvailable
    assert _cached._check_memory(n_tokens=273_000, hidden=384) == pytest.approx(400, rel=0.01)
    monkeypatch.setattr(_cached, "available_memory", lambda: 500 * 2**20)
    with pytest.raises(ConfigError, match="over half the available memory"):
        _cached._check_memory(n_tokens=273_000, hidden=384)
    monkeypatch.undo()
    info.write_text("MemTotal: 1 kB\n", encoding="ascii")  # no MemAvailable line: free pages
    pages = {"SC_AVPHYS_PAGES": 1000, "SC_PAGE_SIZE": 4096}
    monkeypatch.setattr(_cached.os, "sysconf", pages.__getitem__)
    assert _cached.available_memory(str(info)) == 4_096_000
    assert _cached.available_memory(str(tmp_path / "absent")) == 4_096_000
