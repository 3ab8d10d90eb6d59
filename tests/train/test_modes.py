"""Training modes dispatch through registries: every mode registered in meddx.models.MODES has
its fit in meddx.train.FITS, every mode that supports privacy.epsilon its DP fit in
meddx.privacy.PRIVATE_FITS, and the config's choices and checks come from the modes."""

from __future__ import annotations

import pytest

from meddx.config import load_config
from meddx.errors import ConfigError
from meddx.models import MODES, Mode, get_mode, mode_names, register_mode, registered_modes
from meddx.privacy import PRIVATE_FITS
from meddx.train import FITS

BUILT_IN = {
    "encoder": ["full", "lora", "frozen", "setfit"],
    "causal_lm": ["zero-shot", "few-shot", "lora", "seqcls", "rag"],
}


def test_every_mode_has_a_fit_and_every_fit_a_mode():
    assert list(FITS) == list(MODES)
    assert {m.key for m in registered_modes()} == set(MODES)


def test_the_private_modes_are_those_with_a_dp_fit():
    assert sorted(m.key for m in registered_modes() if m.private) == list(PRIVATE_FITS)
    assert list(PRIVATE_FITS) == ["frozen", "full", "lora"]


def test_the_built_in_modes_and_their_order():
    assert {b: mode_names(b) for b in BUILT_IN} == BUILT_IN
    assert mode_names() == ["full", "lora", "frozen", "setfit", "zero-shot", "few-shot", "seqcls",
                            "rag"]
    assert get_mode("causal_lm", "lora").key == "lora-sft"
    assert get_mode("encoder", "lora").key == "lora"


@pytest.mark.parametrize(("backend", "name", "flag"), [
    ("encoder", "full", "fine_tunes"), ("encoder", "lora", "lora"),
    ("encoder", "frozen", "frozen_embeddings"), ("encoder", "setfit", "embedding_head"),
    ("causal_lm", "few-shot", "examples"), ("causal_lm", "rag", "passages"),
    ("causal_lm", "seqcls", "lora"), ("encoder", "frozen", "federated"),
])
def test_properties_of_built_in_modes(backend, name, flag):
    assert getattr(get_mode(backend, name), flag) is True


def test_prompting_modes_train_no_weights():
    prompting = [m.name for m in registered_modes("causal_lm") if not m.trains_weights]
    assert prompting == ["zero-shot", "few-shot", "rag"]


def test_an_unknown_mode_names_the_allowed_ones():
    with pytest.raises(ConfigError, match="does not fit model.backend 'encoder'; allowed modes: "
                                          "full, lora, frozen, setfit"):
        get_mode("encoder", "rag")


def test_a_mode_is_registered_once_per_family():
    with pytest.raises(ConfigError, match="'frozen' is already registered for model.backend"):
        register_mode(Mode("frozen", "encoder", key="frozen-again"))
    with pytest.raises(ConfigError, match="already registered"):
        register_mode(Mode("zero-shot", "encoder"))  # a new name, but its key is taken
    assert "frozen-again" not in MODES and mode_names("encoder") == BUILT_IN["encoder"]


def test_config_checks_come_from_the_mode_properties():
    with pytest.raises(ConfigError, match="'smote' works on embeddings"):
        load_config(overrides={"model": {"mode": "setfit"},
                               "train": {"imbalance": {"strategy": "smote"}}})
    with pytest.raises(ConfigError, match="works with the modes full, lora and frozen"):
        load_config(overrides={"model": {"mode": "setfit"}, "privacy": {"epsilon": 3}})
    with pytest.raises(ConfigError, match="supports model.mode 'lora' .* or 'frozen'"):
        load_config(overrides={"model": {"mode": "full"}, "data": {"group_columns": ["site"]},
                               "federated": {"site_column": "site"}})
    assert load_config(overrides={"model": {"mode": "lora"}, "privacy": {"epsilon": 3}})


def test_encoder_lora_runs_at_its_own_learning_rate():
    """Adapters need a larger step than full fine-tuning: at the full fine-tune's 8e-5 the demo's
    LoRA run barely moved (docs/benchmarks.md); unset, lora runs at 10 x train.learning_rate."""
    from meddx.train import peak_learning_rate

    full = load_config(None, {"model": {"mode": "full"}, "train": {"learning_rate": 8e-5}})
    lora = load_config(None, {"model": {"mode": "lora"}, "train": {"learning_rate": 8e-5}})
    set_ = load_config(None, {"model": {"mode": "lora", "lora": {"learning_rate": 3e-4}},
                              "train": {"learning_rate": 8e-5}})
    assert peak_learning_rate(full) == pytest.approx(8e-5)
    assert peak_learning_rate(lora) == pytest.approx(8e-4)
    assert peak_learning_rate(set_) == pytest.approx(3e-4)
    with pytest.raises(ConfigError):
        load_config(None, {"model": {"mode": "lora", "lora": {"learning_rate": 0}}})
