"""fairness.mitigation and train.imbalance.strategy act through registries: what a choice needs
(meddx.settings: MITIGATIONS, IMBALANCE_STRATEGIES, checked by the config) and how it trains
(meddx.train: MITIGATION_FITS, IMBALANCE_FITS). A registered plug-in is validated and called."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from meddx.config import load_config
from meddx.errors import ConfigError
from meddx.settings import (
    IMBALANCE_STRATEGIES,
    MITIGATIONS,
    ImbalanceConfig,
    ImbalanceStrategy,
    Mitigation,
    register_imbalance_strategy,
    register_mitigation,
)
from meddx.train import (
    IMBALANCE_FITS,
    MITIGATION_FITS,
    ImbalanceFit,
    MitigationFit,
    check_mitigation,
    fit_head,
    post_mitigation,
    register_imbalance_fit,
    register_mitigation_fit,
)
from meddx.train._mitigation import head_mitigation, sampler_weights


def _isolate(monkeypatch, *registries) -> None:
    for registry in registries:  # a plug-in registered in a test is gone after it
        monkeypatch.setattr(registry, "_items", dict(registry.in_order()))


def _split(n: int = 40, seed: int = 0):
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    return SimpleNamespace(y=y, groups=pd.DataFrame({"sex": np.where(np.arange(n) % 4 < 1, "F",
                                                                              "M")}),
                           x=rng.normal(size=(n, 4)) + y[:, None])


def test_every_choice_has_a_fit():
    assert list(MITIGATIONS) == list(MITIGATION_FITS)
    assert list(IMBALANCE_STRATEGIES) == list(IMBALANCE_FITS)


def test_a_registered_mitigation_is_validated_and_its_hooks_are_called(monkeypatch):
    _isolate(monkeypatch, MITIGATIONS, MITIGATION_FITS)
    register_mitigation(Mitigation("upweight_f", "weights group F twice", in_training=True,
                                   row_weights=True, sampler=True))
    register_mitigation_fit("upweight_f", MitigationFit(
        head_weights=lambda cfg, train, g: np.where(g == "F", 2.0, 1.0),
        sampler=lambda cfg, train, g: np.where(g == "F", 2.0, 1.0)))
    cfg = load_config(overrides={"data": {"group_columns": ["sex"]}, "fairness": {
        "mitigation": "upweight_f", "group_column": "sex"}})
    train = _split()
    weights, rows = head_mitigation(cfg, train)
    assert rows is None and weights.tolist() == np.where(train.groups["sex"] == "F", 2.0,
                                                         1.0).tolist()
    assert sampler_weights(cfg, train).sum() == weights.sum()
    assert post_mitigation(cfg, None, {"validation": [0]}, None, None, ["a", "b"]) is None
    with pytest.raises(ConfigError, match="supports single-label tasks only"):
        check_mitigation(cfg, "multilabel")
    clash = cfg.model_copy(update={"train": cfg.train.model_copy(update={
        "imbalance": ImbalanceConfig(strategy="oversample")})})
    with pytest.raises(ConfigError, match="'upweight_f' cannot be combined with "
                                          "train.imbalance.strategy 'oversample'"):
        check_mitigation(clash, "binary")


def test_a_registered_post_processing_runs_after_training(monkeypatch):
    _isolate(monkeypatch, MITIGATIONS, MITIGATION_FITS)
    register_mitigation(Mitigation("audit_only", "reports the gap", post_processing=True))
    calls = []

    def after(cfg, classifier, part, test_proba, run_path, labels):
        calls.append(labels)
        return {"mitigation": "audit_only"}, "Fairness: audited only."

    register_mitigation_fit("audit_only", MitigationFit(after=after))
    cfg = load_config(overrides={"data": {"group_columns": ["sex"]}, "fairness": {
        "mitigation": "audit_only", "group_column": "sex"}})
    part = {"validation": [0] * 3, "test": [0] * 5}  # the hook reads them, not the dispatch
    assert post_mitigation(cfg, None, part, None, None, ["a", "b"]) == (
        {"mitigation": "audit_only"}, "Fairness: audited only.")
    assert post_mitigation(cfg, None, {**part, "validation": []}, None, None, ["a"]) is None
    assert calls == [["a", "b"]]


def test_a_registered_imbalance_strategy_resamples_the_head(monkeypatch):
    _isolate(monkeypatch, IMBALANCE_STRATEGIES, IMBALANCE_FITS)
    register_imbalance_strategy(ImbalanceStrategy("duplicate_ones", "copies class 1",
                                                  resamples=True, embeddings=True))
    seen = []

    def resample(X, y, seed):
        seen.append((len(y), seed))
        return np.vstack([X, X[y == 1]]), np.concatenate([y, y[y == 1]])

    register_imbalance_fit("duplicate_ones", ImbalanceFit(resample=resample))
    assert load_config(overrides={"train": {"imbalance": {"strategy": "duplicate_ones"}}})
    train = _split()
    head = fit_head(train.x, train.y, n_classes=2, C=1.0, seed=7,
                    imbalance=ImbalanceConfig(strategy="duplicate_ones"))
    assert seen == [(40, 7)] and head.predict_proba(train.x).shape == (40, 2)
    with pytest.raises(ConfigError, match="'duplicate_ones' supports single-label tasks only"):
        fit_head(train.x, np.stack([train.y, 1 - train.y], 1), n_classes=2, C=1.0, seed=7,
                 imbalance=ImbalanceConfig(strategy="duplicate_ones"))
