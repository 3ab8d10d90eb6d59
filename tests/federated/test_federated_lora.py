"""Federated LoRA (``meddx federate --mode lora``): only the adapter and head weights travel; a
2-site run writes a standard run directory that evaluate and predict read; Flower's server
optimisers (FedAdam) run on the same arrays."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("flwr")

from meddx.config import load_config  # noqa: E402
from tests._support.helpers import synthetic_notes  # noqa: E402


def _cfg(tmp_path, model, **fed):
    frame = synthetic_notes(120, seed=5, patients=60)
    frame["site"] = ["north" if i % 3 else "south" for i in range(len(frame))]
    data = tmp_path / "notes.csv"
    frame.to_csv(data, index=False)
    return data, load_config(overrides={
        "name": "fedlora", "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(data), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "patient_column": "patient"},
        "prep": {"max_length": 32},
        "model": {"name": str(model), "mode": "lora", "lora": {"r": 2, "alpha": 4,
                                                              "learning_rate": 5e-3}},
        "train": {"threads": 1, "learning_rate": 5e-3, "batch_size": 8}, "eval": {"bootstrap": 20},
        "fairness": {"groups": []}, "federated": {"site_column": "site", "rounds": 2, **fed}})


@pytest.mark.slow
def test_only_adapter_and_head_weights_travel(tmp_path, model_tiny):
    from meddx.federated import make_client_app, make_server_app, run_loopback
    from meddx.federated._lora import LoraSite, build_lora_model, lora_train, trainable_state

    _, cfg = _cfg(tmp_path, model_tiny)
    labels = ["cardiac", "gi", "neuro"]
    model, tokenizer = build_lora_model(cfg, labels, "multiclass")
    frame = synthetic_notes(40, seed=1)
    y = frame["dx"].map({lab: i for i, lab in enumerate(labels)}).to_numpy()
    sites = [LoraSite(tokenizer, frame["note"].tolist()[:20], y[:20], cfg.prep),
             LoraSite(tokenizer, frame["note"].tolist()[20:], y[20:], cfg.prep)]
    initial = trainable_state(model)
    base = {n: p.detach().clone() for n, p in model.named_parameters() if not p.requires_grad}
    assert initial and all("lora_" in n or "classifier" in n for n in initial)

    def train_round(state, site, config, seed):
        return lora_train(model, state, site, epochs=1, lr=5e-3, batch_size=8, mu=0.0, seed=seed)

    server = make_server_app(strategy="fedadam", rounds=2, n_sites=2, dim=0, n_classes=3,
                             local_epochs=1, lr=5e-3, batch_size=8, proximal_mu=0.0,
                             server_lr=0.01, initial=initial)
    grid = run_loopback(server, make_client_app(lambda nc: sites[nc["partition-id"]],
                                                train_round=train_round),
                        [{"partition-id": 0}, {"partition-id": 1}], run_config={})
    final = grid.context.state["final"].to_torch_state_dict()
    assert set(final) == set(initial)
    assert any(not np.allclose(final[n].numpy(), initial[n].numpy()) for n in initial)
    for n, p in model.named_parameters():  # the frozen base never moved
        if not p.requires_grad:
            assert np.array_equal(p.detach().numpy(), base[n].numpy())
    n_weights = sum(int(v.numel()) for v in initial.values())
    per_message = grid.bytes_sent / 4  # 2 sites x 2 rounds
    assert 4 * n_weights <= per_message < 4 * n_weights + 200 * len(initial)


@pytest.mark.slow
def test_two_site_lora_run_writes_a_standard_run_directory(tmp_path, model_tiny):
    from typer.testing import CliRunner

    from meddx.cli import app
    from meddx.pipeline import train_run
    from meddx.runs import load_run

    data, cfg = _cfg(tmp_path, model_tiny, local_steps=3)
    result = train_run(cfg, quiet=True)
    run = result.run_dir
    assert (run / "model" / "adapter_model.safetensors").is_file()
    assert not (run / "model" / "model.safetensors").exists()  # base by reference
    metrics = json.loads((run / "metrics.json").read_text())
    assert {"model", "baseline", "federated"} <= set(metrics)
    fed = metrics["federated"]
    assert fed["mode"] == "lora" and fed["sites"] == ["north", "south"]
    assert fed["bytes_to_sites_per_round"] > 0 and fed["local_steps"] == 3
    assert json.loads((run / "run.json").read_text())["status"] == "complete"
    preds = pd.read_csv(run / "predictions.csv")
    notes = pd.read_csv(data).set_index("note_id")
    loaded = load_run(run)
    again = loaded.model.predict_proba(notes.loc[preds["id"], "note"].tolist())
    stored = preds[[f"model_uncalibrated_p[{lab}]" for lab in loaded.model.labels]].to_numpy()
    np.testing.assert_allclose(again, stored, atol=1e-5)  # adapters and head saved and reloaded
    assert CliRunner().invoke(app, ["evaluate", str(run), "--data", str(data)]).exit_code == 0
    out = CliRunner().invoke(app, ["predict", str(run), "--input", str(data), "--output",
                                   str(tmp_path / "p.csv"), "-q"])
    assert out.exit_code == 0, out.output


def test_lora_with_per_site_dp_is_refused():
    from meddx.errors import ConfigError

    with pytest.raises(ConfigError, match="per-site DP .* supports model.mode 'frozen' only"):
        load_config(overrides={"model": {"mode": "lora"}, "privacy": {"epsilon": 8},
                               "federated": {"site_column": "site"}})


NEW_MODE_SCRIPT = """
import json, sys
from meddx.config import load_config
from meddx.models import Mode, register_mode
from meddx.pipeline import train_run

register_mode(Mode("lora-copy", "encoder", summary="LoRA under another name", fine_tunes=True,
                   lora=True, federates="adapters"))
overrides = json.loads(sys.argv[1])
overrides["model"]["mode"] = "lora-copy"
run = train_run(load_config(overrides=overrides), quiet=True).run_dir
fed = json.loads((run / "metrics.json").read_text())["federated"]
print(json.dumps({"mode": fed["mode"], "lr": fed["learning_rate"],
                  "adapters": (run / "model" / "adapter_model.safetensors").is_file()}))
"""


@pytest.mark.slow
def test_a_new_adapter_mode_federates_without_federated_edits(tmp_path, model_tiny):
    """Issue 13: `meddx federate` asks the mode's ``federates`` what travels (and
    ``fine_tunes`` which rate applies) instead of comparing names, so a newly registered mode
    runs as LoRA does. In a subprocess: registering a mode is global."""
    import subprocess
    import sys
    from pathlib import Path

    _, cfg = _cfg(tmp_path, model_tiny, local_steps=2, rounds=1)
    overrides = cfg.model_dump(mode="json", exclude_none=True)
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", NEW_MODE_SCRIPT, json.dumps(overrides)],
                          cwd=root, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"mode": "lora-copy", "lr": 5e-3, "adapters": True}


def test_a_site_cut_from_pooled_notes_matches_tokenising_its_own(model_tiny):
    from meddx.federated import LoraSite
    from meddx.models import load_tokenizer

    _, cfg = _cfg_only(model_tiny)
    tokenizer = load_tokenizer(model_tiny)
    frame = synthetic_notes(30, seed=2)
    texts, y = frame["note"].tolist(), np.arange(30) % 3
    rows = np.array([25, 3, 4, 17])
    cut = LoraSite(tokenizer, texts, y, cfg.prep).subset(rows)
    own = LoraSite(tokenizer, [texts[i] for i in rows], y[rows], cfg.prep)
    assert len(cut) == len(own) == 4
    assert cut.enc.input_ids == own.enc.input_ids
    assert cut.enc.doc_index.tolist() == own.enc.doc_index.tolist()
    assert cut.y.tolist() == own.y.tolist()


def _cfg_only(model):
    return None, load_config(overrides={"prep": {"max_length": 16, "long_text": "chunks",
                                                 "chunk_stride": 4},
                                        "model": {"name": str(model), "mode": "lora"}})
