"""Few-shot learners: the per-class sampler and SetFit on a tiny model built from config."""

from __future__ import annotations

import json

import numpy as np
import pytest

from meddx.config import load_config
from meddx.data import few_shot_per_class
from meddx.errors import ConfigError, DataError
from meddx.models import SetFitClassifier, SetFitSettings, load_classifier
from meddx.pipeline import train_run
from meddx.runs import load_run
from meddx.text import PrepConfig
from tests._support.helpers import synthetic_notes

Y = np.array([0, 1, 2] * 20 + [0] * 10)  # 30, 20, 20 rows


@pytest.mark.parametrize("n", [1, 4, 20])
def test_few_shot_is_balanced_and_deterministic(n):
    idx = few_shot_per_class(Y, n, seed=3)
    assert np.bincount(Y[idx], minlength=3).tolist() == [n, n, n]
    assert len(set(idx.tolist())) == len(idx) and np.all(np.diff(idx) > 0)
    assert np.array_equal(idx, few_shot_per_class(Y, n, seed=3))


def test_few_shot_sets_are_nested_and_seeded():
    small, big = few_shot_per_class(Y, 4, seed=7), few_shot_per_class(Y, 16, seed=7)
    assert set(small.tolist()) <= set(big.tolist())
    assert not np.array_equal(few_shot_per_class(Y, 4, seed=7), few_shot_per_class(Y, 4, seed=8))


def test_few_shot_short_class():
    with pytest.raises(DataError, match="classes have fewer: 'neuro' \\(20\\), 'gi' \\(20\\)"):
        few_shot_per_class(Y, 25, seed=0, labels=["cardiac", "neuro", "gi"])
    idx = few_shot_per_class(Y, 25, seed=0, allow_fewer=True)
    assert np.bincount(Y[idx]).tolist() == [25, 20, 20]


@pytest.mark.parametrize("bad", [0, -2, 1.5, True])
def test_few_shot_rejects_bad_n(bad):
    with pytest.raises(ConfigError, match="positive integer"):
        few_shot_per_class(Y, bad, seed=0)


def test_few_shot_rejects_multilabel():
    with pytest.raises(ConfigError, match="single-label"):
        few_shot_per_class(np.eye(3, dtype=int), 1, seed=0)


def _toy(n: int, seed: int):
    notes = synthetic_notes(n, seed=seed)
    labels = sorted(notes["dx"].unique())
    return notes["note"].tolist(), notes["dx"].map(labels.index).to_numpy(), labels


@pytest.mark.slow
def test_setfit_learns_toy_task_and_reloads(tmp_path, model_tiny):
    from meddx.models._setfit import train_setfit_body
    from meddx.train._head import fit_head

    prep = PrepConfig(max_length=32)
    texts, y, labels = _toy(60, 0)
    settings = SetFitSettings(iterations=4, epochs=2, learning_rate=1e-3)
    body = train_setfit_body(str(model_tiny), texts, y, task="multiclass", prep=prep,
                             settings=settings, batch_size=16, seed=0)
    clf = SetFitClassifier(labels=labels, task="multiclass", prep=prep, body=body,
                           base_model=str(model_tiny))
    clf.head = fit_head(clf.embed(texts), y, n_classes=3, C=10.0,
                        imbalance=load_config().train.imbalance, seed=0)
    test_texts, test_y, _ = _toy(60, 1)
    proba = clf.predict_proba(test_texts)
    assert proba.shape == (60, 3) and np.allclose(proba.sum(1), 1)
    assert (proba.argmax(1) == test_y).mean() >= 0.7  # three classes: chance is 1/3
    clf.save(tmp_path / "m")
    manifest = json.loads((tmp_path / "m" / "meddx_model.json").read_text())
    assert manifest["kind"] == "setfit"
    assert not list((tmp_path / "m").rglob("*.pkl"))  # safetensors only
    again = load_classifier(tmp_path / "m")
    assert isinstance(again, SetFitClassifier)
    np.testing.assert_allclose(again.predict_proba(test_texts), proba, atol=1e-5)


def test_setfit_rejects_chunked_notes(model_tiny):
    from meddx.models._setfit import train_setfit_body

    texts, y, _ = _toy(12, 0)
    with pytest.raises(ConfigError, match="prep.long_text to 'head'"):
        train_setfit_body(str(model_tiny), texts, y, task="multiclass",
                          prep=PrepConfig(long_text="chunks"), settings=SetFitSettings(),
                          batch_size=4, seed=0)


@pytest.mark.slow
def test_setfit_mode_runs_through_train_run(tmp_path, model_tiny):
    data = tmp_path / "notes.csv"
    synthetic_notes(90, seed=2).to_csv(data, index=False)
    cfg = load_config(overrides={
        "name": "sf", "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(data), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id"},
        "prep": {"max_length": 32},
        "model": {"name": str(model_tiny), "mode": "setfit",
                  "setfit": {"iterations": 2, "epochs": 1, "learning_rate": 1e-3}},
        "train": {"batch_size": 16, "threads": 1, "seed": 0},
        "eval": {"bootstrap": 20}, "baseline": False})
    result = train_run(cfg, quiet=True)
    metrics = json.loads((result.run_dir / "metrics.json").read_text())
    assert 0 <= metrics["model"]["macro_f1"] <= 1 and "calibration" in metrics
    run = load_run(result.run_dir)
    assert isinstance(run.model, SetFitClassifier)
    # metrics.json 'training', as the fine-tuning modes write it (was null for setfit)
    n_train = json.loads((result.run_dir / "data_card.json").read_text())["splits"]["train"]["n"]
    training = metrics["training"]
    pairs = 2 * 2 * n_train
    assert training["pairs_per_epoch"] == pairs
    assert training["steps"] == training["planned_steps"] == -(-pairs // 16)
    assert training["reason"] == "completed" and training["share_of_plan"] == 1.0
    assert training["epochs_run"] == 1.0 and training["epochs_planned"] == 1
    assert training["seconds"] > 0 and training["sentence"].startswith("completed")
    assert training["precision"] == "fp32"
    assert {"detail", "schedule_steps", "replanned"} <= set(training)


def test_focal_loss_is_rejected_with_setfit():
    with pytest.raises(ConfigError, match="setfit head is a logistic regression"):
        load_config(overrides={"model": {"mode": "setfit"},
                               "train": {"imbalance": {"strategy": "focal"}}})
