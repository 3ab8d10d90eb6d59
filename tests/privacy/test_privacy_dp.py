"""Differential privacy (meddx.privacy): accounting against Opacus' own accountant, the
weight-movement check, refusals, and a DP frozen-head run end to end on a tiny encoder."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("opacus")

from meddx.config import load_config  # noqa: E402
from meddx.errors import ConfigError, ModelError  # noqa: E402
from meddx.privacy import (  # noqa: E402
    PrivacyConfig,  # noqa: E402
    dp_fit_head,
    dp_train,
    resolve_delta,
    spent_epsilon,
)
from tests._support.helpers import synthetic_notes  # noqa: E402


def _blobs(n=240, d=8, k=3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    X = rng.normal(size=(n, d)) + 2.0 * np.eye(k, d)[y]
    return X.astype(np.float32), y


@pytest.mark.parametrize("accountant", [pytest.param("prv", marks=pytest.mark.slow), "rdp"])
def test_epsilon_matches_opacus_accountant(accountant):
    from opacus.accountants.utils import get_noise_multiplier

    X, y = _blobs()
    privacy = PrivacyConfig(epsilon=2.0, accountant=accountant, epochs=4, batch_size=40,
                            learning_rate=0.1)
    head, out = dp_fit_head(X, y, n_classes=3, privacy=privacy, seed=0)
    delta = resolve_delta(privacy, len(X))
    assert delta == pytest.approx(1e-5) and out.delta == delta
    assert out.sample_rate == pytest.approx(40 / 240) and out.steps == 4 * 6
    # Opacus' noise search and a fresh Opacus accountant agree with what the run reports.
    sigma = get_noise_multiplier(target_epsilon=2.0, target_delta=delta, sample_rate=40 / 240,
                                 epochs=4, accountant=accountant)
    assert out.noise_multiplier == pytest.approx(sigma)
    fresh = spent_epsilon(accountant, sigma, 40 / 240, out.steps, delta)
    assert out.epsilon == pytest.approx(fresh, rel=1e-6)
    assert 2.0 - 0.05 <= out.epsilon <= 2.0
    assert out.summary().keys() >= {"epsilon", "delta", "accountant", "noise_multiplier",
                                    "sample_rate", "steps"}
    acc = (head.predict_proba(X).argmax(1) == y).mean()
    assert acc > 0.6  # separable blobs: DP noise at epsilon 2 still leaves a useful head


def test_delta_default_is_one_over_n_capped():
    assert resolve_delta(PrivacyConfig(epsilon=1), 50) == pytest.approx(1e-5)
    assert resolve_delta(PrivacyConfig(epsilon=1), 10**6) == pytest.approx(1e-6)
    assert resolve_delta(PrivacyConfig(epsilon=1, delta=1e-3), 50) == 1e-3


def test_movement_check_fires_when_weights_are_frozen_by_mistake():
    import torch

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    intended = list(model.named_parameters())  # what the user meant to train
    model[2].weight.requires_grad_(False)  # ... and the mistake
    X, y = _blobs(n=64)
    data = torch.utils.data.TensorDataset(torch.as_tensor(X), torch.as_tensor(y))

    def loss_fn(m, batch):
        return torch.nn.functional.cross_entropy(m(batch[0]), batch[1])

    with pytest.raises(ModelError, match=r"step 1: 1 of 4 trainable .* did not move.*'2.weight'"):
        dp_train(model, data, loss_fn=loss_fn, privacy=PrivacyConfig(epsilon=3.0, accountant="rdp"), epochs=1,
                 batch_size=16, learning_rate=0.01, seed=0, trainable=intended)


def test_movement_check_passes_when_every_weight_trains():
    import torch

    model = torch.nn.Linear(8, 3)
    X, y = _blobs(n=64)
    data = torch.utils.data.TensorDataset(torch.as_tensor(X), torch.as_tensor(y))
    out = dp_train(model, data, loss_fn=lambda m, b: torch.nn.functional.cross_entropy(m(b[0]), b[1]),
                   privacy=PrivacyConfig(epsilon=3.0, accountant="rdp"), epochs=2, batch_size=16,
                   learning_rate=0.01, seed=0)
    assert out.steps == 8 and len(out.history) == 2


def test_budget_that_cannot_be_met_is_refused_in_one_line():
    X, y = _blobs(n=40)
    with pytest.raises(ConfigError) as err:
        dp_fit_head(X, y, n_classes=3, seed=0,
                    privacy=PrivacyConfig(epsilon=1e-4, epochs=50, batch_size=40))
    msg = str(err.value)
    assert "privacy.epsilon 0.0001 cannot be met" in msg and "\n" not in msg


@pytest.mark.parametrize("over, expected", [
    ({"train": {"imbalance": {"strategy": "smote"}}}, "train.imbalance.strategy 'smote'"),
    ({"fairness": {"mitigation": "adversarial", "group_column": "sex"},
      "data": {"group_columns": ["sex"]}}, "fairness.mitigation 'adversarial'"),
    ({"model": {"mode": "setfit"}}, "model.mode 'setfit'"),
])
def test_incompatible_options_are_refused(over, expected):
    tree = {"model": {"mode": "frozen"}, "privacy": {"epsilon": 8}}
    for key, value in over.items():
        tree[key] = {**tree.get(key, {}), **value}
    with pytest.raises(ConfigError, match=expected) as err:
        load_config(overrides=tree)
    assert "privacy.epsilon 8" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.slow
def test_dp_frozen_run_records_the_spent_budget(tmp_path, model_tiny):
    from meddx.audit import write_model_card
    from meddx.pipeline import train_run

    data = tmp_path / "notes.csv"
    synthetic_notes(150, seed=1, patients=75).to_csv(data, index=False)
    cfg = load_config(overrides={
        "name": "dp", "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(data), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "patient_column": "patient"},
        "prep": {"max_length": 32}, "model": {"name": str(model_tiny), "mode": "frozen"},
        "train": {"threads": 1}, "eval": {"bootstrap": 20},
        "privacy": {"epsilon": 4.0, "epochs": 3, "batch_size": 25, "accountant": "rdp"}})
    result = train_run(cfg, quiet=True)
    metrics = json.loads((result.run_dir / "metrics.json").read_text())
    dp = metrics["privacy"]
    assert dp["accountant"] == "rdp" and 0 < dp["epsilon"] <= 4.0
    assert dp["steps"] == 3 * round(1 / dp["sample_rate"])
    assert dp["epsilon"] == pytest.approx(
        spent_epsilon("rdp", dp["noise_multiplier"], dp["sample_rate"], dp["steps"], dp["delta"]))
    assert "model" in metrics and "baseline" in metrics
    report = (result.run_dir / "report.html").read_text(encoding="utf-8")
    assert "Differential privacy (DP-SGD, Opacus): epsilon" in report
    from meddx.privacy import privacy_audit_run

    audit, _ = privacy_audit_run(result.run_dir, n_boot=20, reference_models=2)
    assert set(audit["attacks"]) == {"loss", "confidence", "calibrated"}
    assert 0 < audit["calibrated"]["n_members"] < audit["n_members"]
    card = write_model_card(result.run_dir).read_text(encoding="utf-8")
    assert "## Privacy" in card and "does not cover calibration" in card
    assert "| calibrated |" in card and "reference heads" in card


def _lora_dataset(model_tiny, n=24):
    import torch

    from meddx.models import ModelConfig
    from meddx.models._encoder import load_classifier_model

    model = load_classifier_model(model_tiny, labels=["a", "b"], task="binary",
                                  cfg=ModelConfig(name=str(model_tiny), mode="lora",
                                                  lora={"target_modules": ["query", "value"]}))
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(1000, 2000, (n, 12), generator=g)
    data = torch.utils.data.TensorDataset(ids, torch.ones_like(ids), torch.arange(n) % 2)

    def loss_fn(m, batch):
        logits = m(input_ids=batch[0], attention_mask=batch[1],
                   position_ids=torch.arange(12).expand_as(batch[0]),
                   token_type_ids=torch.zeros_like(batch[0])).logits
        return torch.nn.functional.cross_entropy(logits, batch[2])

    return model, data, loss_fn


def test_movement_check_fires_when_lora_weights_are_frozen_by_mistake(model_tiny):
    model, data, loss_fn = _lora_dataset(model_tiny)
    intended = [(k, p) for k, p in model.named_parameters() if p.requires_grad]
    assert any("lora_B" in k for k, _ in intended)
    for k, p in model.named_parameters():
        if "lora_B" in k:
            p.requires_grad_(False)  # the adapters no longer receive gradients
    with pytest.raises(ModelError, match=r"did not move \(first: '.*lora_B.*'\)"):
        dp_train(model, data, loss_fn=loss_fn, privacy=PrivacyConfig(epsilon=8, accountant="rdp"),
                 epochs=1, batch_size=8, learning_rate=1e-3, seed=0, trainable=intended,
                 wrap_model=False)


def test_dp_lora_moves_every_adapter(model_tiny):
    model, data, loss_fn = _lora_dataset(model_tiny)
    before = {k: p.detach().clone() for k, p in model.named_parameters() if p.requires_grad}
    out = dp_train(model, data, loss_fn=loss_fn, privacy=PrivacyConfig(epsilon=8, accountant="rdp"),
                   epochs=1, batch_size=8, learning_rate=1e-3, seed=0, wrap_model=False)
    assert out.steps == 3
    moved = {k for k, p in model.named_parameters() if k in before and not p.equal(before[k])}
    assert moved == set(before)  # every LoRA matrix and the classifier head


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["lora", "full"])
def test_dp_encoder_run_records_the_spent_budget(tmp_path, model_tiny, mode):
    from meddx.pipeline import train_run

    data = tmp_path / "notes.csv"
    synthetic_notes(90, seed=2, patients=45).to_csv(data, index=False)
    cfg = load_config(overrides={
        "name": mode, "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(data), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "patient_column": "patient"},
        "prep": {"max_length": 32},
        "model": {"name": str(model_tiny), "mode": mode,
                  "lora": {"target_modules": ["query", "value"]}},
        "train": {"threads": 1, "epochs": 1, "batch_size": 16, "learning_rate": 1e-3},
        "eval": {"bootstrap": 20}, "privacy": {"epsilon": 8.0, "accountant": "rdp"}})
    result = train_run(cfg, quiet=True)
    dp = result.metrics["privacy"]
    assert 7.5 < dp["epsilon"] <= 8.0 and dp["steps"] >= 1
    if mode == "lora":  # the DP-LoRA recipe: a DP head, then LoRA, composed in one budget
        head, lora = dp["phases"]
        assert dp["epsilon"] == pytest.approx(spent_epsilon(
            "rdp", lora["noise_multiplier"], lora["sample_rate"], lora["steps"], dp["delta"],
            prior=[(head["noise_multiplier"], head["sample_rate"], head["steps"])]), rel=1e-6)
        from meddx.audit import write_model_card

        card = write_model_card(result.run_dir).read_text(encoding="utf-8")
        assert "In 2 phases, composed by one accountant" in card


def test_dp_refuses_chunked_notes():
    with pytest.raises(ConfigError, match="one model input per note.*not 'chunks'"):
        load_config(overrides={"model": {"mode": "lora"}, "prep": {"long_text": "chunks"},
                               "privacy": {"epsilon": 8}})


def test_the_spent_budget_reaches_mlflow_as_metrics():
    pytest.importorskip("mlflow")
    from meddx.registry._track import _metrics

    flat = _metrics({"model": {"macro_f1": 0.5},
                     "privacy": {"epsilon": 7.99, "delta": 1e-5, "accountant": "prv",
                                 "noise_multiplier": 0.8, "sample_rate": 0.03, "steps": 870}})
    assert flat["privacy.epsilon"] == 7.99 and flat["privacy.delta"] == 1e-5
    assert flat["privacy.noise_multiplier"] == 0.8 and flat["privacy.steps"] == 870.0


def test_cli_dp_epsilon_flag_sets_the_privacy_target(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import meddx.pipeline
    from meddx.cli import app

    seen = {}
    monkeypatch.setattr(meddx.pipeline, "train_run",
                        lambda cfg, **kw: seen.setdefault("cfg", cfg) and None)
    data = tmp_path / "n.csv"
    data.write_text("text,label\na,b\n")
    out = CliRunner().invoke(app, ["train", "--data", str(data), "--mode", "frozen",
                                   "--dp-epsilon", "8"])
    assert out.exit_code == 0, out.output
    assert seen["cfg"].privacy.epsilon == 8.0
    out = CliRunner().invoke(app, ["train", "--data", str(data), "--mode", "setfit",
                                   "--dp-epsilon", "8"])
    assert out.exit_code == 2 and "privacy.epsilon 8" in out.output


def test_importing_opacus_leaves_the_root_logger_without_a_console_handler():
    """Opacus' import calls logging.basicConfig; meddx's log lines (train.log) must not also go
    to the console in another format, --quiet or not. A fresh interpreter: opacus imports once."""
    import subprocess
    import sys

    code = ("import logging; from meddx.privacy._dp import plan_noise; "
            "from meddx.settings import PrivacyConfig; "
            "plan_noise(PrivacyConfig(epsilon=8), 100, 10, 1); "
            "import opacus.utils.module_utils; print(len(logging.getLogger().handlers))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "0"
