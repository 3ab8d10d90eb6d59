"""The DP-LoRA recipe (meddx.privacy._lora): the [CLS]-only top layer gives the full model's
logits, both phases run and compose into one budget that Opacus' own accountant confirms,
only the top layer's adapters train, and the weight-movement check still fires."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("opacus")

from meddx.config import load_config  # noqa: E402
from meddx.errors import ConfigError, ModelError  # noqa: E402
from meddx.privacy import spent_epsilon  # noqa: E402


def _cfg(model_tiny, **privacy):
    return load_config(overrides={
        "prep": {"max_length": 16},
        "model": {"name": str(model_tiny), "mode": "lora",
                  "lora": {"target_modules": ["query", "value"]}},
        "train": {"seed": 0},
        "privacy": {"accountant": "rdp", "lora_epochs": 2,
                    "lora_batch_size": 20, **privacy}})


class _Notes:
    def __init__(self, n=60, seed=0):
        rng = np.random.default_rng(seed)
        self.y = rng.integers(0, 3, n)
        words = [["fever", "cough"], ["rash", "itch"], ["pain", "chest"]]
        self.texts = [" ".join(rng.choice(words[k], 6)) + f" note {i}"
                      for i, k in enumerate(self.y)]


def _model(model_tiny):
    from meddx.config import ModelConfig
    from meddx.models import load_classifier_model

    return load_classifier_model(model_tiny, labels=["a", "b", "c"], task="multiclass",
                                 cfg=ModelConfig(name=str(model_tiny), mode="lora",
                                                 lora={"target_modules": ["query", "value"]}))


def test_cls_top_gives_the_full_models_logits(model_tiny):
    import torch

    from meddx.privacy import ClsTop, top_layer_inputs

    model = _model(model_tiny).eval()
    torch.manual_seed(0)
    with torch.no_grad():  # adapters that do something, in every layer
        for name, p in model.named_parameters():
            if "lora_B" in name or "classifier" in name:
                p.normal_(0, 0.5)
    ids = torch.randint(1000, 2000, (5, 10))
    mask = torch.ones_like(ids)
    mask[1, 6:] = 0
    mask[3, 3:] = 0
    with torch.no_grad():
        full = model(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).logits
        fast = ClsTop(model).eval()(top_layer_inputs(model, ids, mask, batch_size=2), mask)
    assert torch.allclose(full, fast, atol=1e-5)


@pytest.mark.slow
@pytest.mark.parametrize("accountant", ["rdp", "prv"])
def test_dp_lora_composes_both_phases_in_one_budget(model_tiny, accountant):
    from meddx.privacy import HEAD_EPOCHS, dp_lora

    cfg = _cfg(model_tiny, epsilon=6.0, accountant=accountant)
    notes = _Notes()
    clf, out = dp_lora(cfg, notes, ["a", "b", "c"], "multiclass")
    head, lora = out.phases
    assert (head["phase"], lora["phase"]) == ("head", "lora_top_layer")
    assert head["steps"] == HEAD_EPOCHS and lora["steps"] == 2 * 3  # head: every note, each step
    assert head["sample_rate"] == 1.0 and out.sample_rate == pytest.approx(1 / 3)
    # The head phase alone was planned for head_share (0.5) of epsilon ...
    assert 2.9 <= head["epsilon_alone"] <= 3.0
    # ... and a fresh Opacus accountant holding both phases agrees with the reported total.
    fresh = spent_epsilon(accountant, lora["noise_multiplier"], lora["sample_rate"],
                          lora["steps"], out.delta,
                          prior=[(head["noise_multiplier"], head["sample_rate"], head["steps"])])
    assert out.epsilon == pytest.approx(fresh, rel=1e-6)
    assert 6.0 - 0.05 <= out.epsilon <= 6.0
    alone = spent_epsilon(accountant, lora["noise_multiplier"], lora["sample_rate"],
                          lora["steps"], out.delta)
    assert alone < out.epsilon  # the composition is not just the last phase
    summary = out.summary()
    assert summary["steps"] == HEAD_EPOCHS + 6 and len(summary["phases"]) == 2
    proba = clf.predict_proba(notes.texts[:4])
    assert proba.shape == (4, 3) and np.allclose(proba.sum(1), 1)


@pytest.mark.slow
def test_dp_lora_trains_only_the_top_layer(model_tiny):
    import torch

    from meddx.privacy import dp_lora

    clf, out = dp_lora(_cfg(model_tiny, epsilon=8.0), _Notes(), ["a", "b", "c"], "multiclass")
    last = max(int(n.split(".layer.")[1].split(".")[0])
               for n, _ in clf.model.named_parameters() if ".layer." in n)
    for name, p in clf.model.named_parameters():
        if "lora_B" in name:
            top = f".layer.{last}." in name
            assert bool(torch.count_nonzero(p)) == top, name  # lower adapters stay at B = 0


@pytest.mark.slow
def test_dp_lora_reference_runs_without_noise(model_tiny):
    from meddx.privacy import dp_lora

    clf, out = dp_lora(_cfg(model_tiny, epsilon=None), _Notes(), ["a", "b", "c"], "multiclass")
    assert out.epsilon == float("inf") and out.phases[1]["noise_multiplier"] == 0.0


@pytest.mark.slow
def test_movement_check_fires_in_the_recipe(model_tiny, monkeypatch):
    import meddx.privacy._lora as recipe

    original = recipe._trainable_top

    def frozen_by_mistake(model):
        named = original(model)
        for name, p in named:
            if "lora_B" in name:
                p.requires_grad_(False)  # the adapter no longer receives gradients
        return named

    monkeypatch.setattr(recipe, "_trainable_top", frozen_by_mistake)
    with pytest.raises(ModelError, match=r"step 1: .* did not move \(first: '.*lora_B.*'\)"):
        recipe.dp_lora(_cfg(model_tiny, epsilon=8.0), _Notes(), ["a", "b", "c"], "multiclass")


def test_a_second_phase_composes_with_the_first_in_opacus_accountant():
    """dp_train with ``prior``: the epsilon it reports is both phases, as a fresh Opacus
    accountant holding both history entries computes it, and within the target."""
    import torch

    from meddx.config import PrivacyConfig
    from meddx.privacy import dp_train, plan_noise_after

    rng = np.random.default_rng(0)
    X = torch.as_tensor(rng.normal(size=(80, 4)), dtype=torch.float32)
    data = torch.utils.data.TensorDataset(X, torch.as_tensor(rng.integers(0, 2, 80)))
    privacy = PrivacyConfig(epsilon=5.0, accountant="rdp")
    prior = [(6.0, 1.0, 10)]  # a full-batch first phase (about epsilon 2.7 alone)
    sigma = plan_noise_after(privacy, 1e-5, prior, 0.25, 2 * 4)
    out = dp_train(torch.nn.Linear(4, 2), data, privacy=privacy, epochs=2, batch_size=20,
                   learning_rate=0.01, seed=0, prior=prior, noise_multiplier=sigma,
                   loss_fn=lambda m, b: torch.nn.functional.cross_entropy(m(b[0]), b[1]))
    assert out.steps == 8 and out.sample_rate == 0.25 and out.noise_multiplier == sigma
    both = spent_epsilon("rdp", sigma, 0.25, 8, 1e-5, prior=prior)
    assert out.epsilon == pytest.approx(both, rel=1e-9) and 5.0 - 0.01 <= out.epsilon <= 5.0
    assert spent_epsilon("rdp", sigma, 0.25, 8, 1e-5) < out.epsilon - 0.5


def test_a_head_share_that_spends_everything_is_refused():
    from meddx.config import PrivacyConfig
    from meddx.privacy import plan_noise_after

    with pytest.raises(ConfigError, match="already spend nearly all") as err:
        plan_noise_after(PrivacyConfig(epsilon=1.0, accountant="rdp"), 1e-5,
                         [(0.5, 0.5, 200)], 0.1, 10)
    assert "\n" not in str(err.value)


def test_other_lora_targets_are_refused(model_tiny):
    from meddx.privacy import dp_lora

    cfg = _cfg(model_tiny, epsilon=8.0)
    cfg = cfg.model_copy(update={"model": cfg.model.model_copy(
        update={"lora": cfg.model.lora.model_copy(update={"target_modules": ["key", "value"]})})})
    with pytest.raises(ConfigError, match="query and value projections only"):
        dp_lora(cfg, _Notes(), ["a", "b", "c"], "multiclass")


def test_dp_loss_weights_each_note_by_its_class_without_coupling_the_batch():
    """train.imbalance 'class_weight' reaches every DP mode's loss (full, LoRA, the head), as a
    per-note factor: torch's weight= would divide by the batch's summed weights, so one note's
    presence would change every other note's gradient, which DP-SGD's accounting does not allow."""
    import torch

    from meddx.config import load_config
    from meddx.privacy._dp import dp_class_weights, weighted_cross_entropy

    logits = torch.tensor([[2.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    y = torch.tensor([0, 1, 1])
    w = torch.tensor([1.0, 3.0])
    each = torch.nn.functional.cross_entropy(logits, y, reduction="none")
    assert float(weighted_cross_entropy(logits, y, w)) == pytest.approx(float((each * w[y]).mean()))
    assert float(weighted_cross_entropy(logits, y, None)) == pytest.approx(float(each.mean()))

    labels = ["a", "b"]
    ys = np.array([0, 0, 0, 1])
    on = load_config(None, {"train": {"imbalance": {"strategy": "class_weight"}}})
    off = load_config(None, {})
    weights = dp_class_weights(on, ys, labels, "multiclass")
    assert weights is not None and weights[1] > weights[0]
    assert dp_class_weights(off, ys, labels, "multiclass") is None
    assert dp_class_weights(on, np.eye(2)[ys], labels, "multilabel") is None
