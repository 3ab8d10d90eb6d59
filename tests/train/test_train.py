"""End-to-end training runs on a tiny model built from config and synthetic notes."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from meddx.config import load_config
from meddx.errors import ConfigError
from meddx.pipeline import train_run
from meddx.runs import load_run
from tests._support.helpers import synthetic_notes

HEADLINE = ("accuracy", "macro_f1", "macro_auroc", "macro_auprc", "ece", "brier")


@pytest.fixture()
def notes_csv(tmp_path):
    path = tmp_path / "notes.csv"
    synthetic_notes(120, seed=1, patients=60).to_csv(path, index=False)
    return path


def _cfg(tmp_path, data_path, model_path, **over):
    tree = {
        "name": over.pop("name", "r1"),
        "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(data_path), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "patient_column": "patient",
                 **over.pop("data", {})},
        "prep": {"max_length": 32, **over.pop("prep", {})},
        "model": {"name": str(model_path), "mode": "full", **over.pop("model", {})},
        "train": {"epochs": 2, "batch_size": 16, "learning_rate": 1e-3, "threads": 1,
                  **over.pop("train", {})},
        "eval": {"bootstrap": 50},
    }
    tree.update(over)
    return load_config(overrides=tree)


def test_full_finetune_writes_complete_run(tmp_path, model_tiny, notes_csv):
    result = train_run(_cfg(tmp_path, notes_csv, model_tiny), quiet=True)
    run = result.run_dir
    for name in ("config.yaml", "metrics.json", "predictions.csv", "data_card.json",
                 "report.html", "environment.json", "train.log", "run.json",
                 "model/model.safetensors", "model/tokenizer.json", "baseline/baseline.joblib"):
        assert (run / name).is_file(), name
    metrics = json.loads((run / "metrics.json").read_text())
    for who in ("model", "baseline"):
        for key in HEADLINE:
            assert key in metrics[who]
            lo, hi = metrics[who]["ci95"][key]
            assert lo is None or lo <= metrics[who][key] + 1e-9 <= hi + 2e-9
    assert json.loads((run / "run.json").read_text())["status"] == "complete"
    env = json.loads((run / "environment.json").read_text())
    assert env["dataset_sha256"] == json.loads((run / "data_card.json").read_text())[
        "content_sha256"]
    assert env["packages"]["torch"].startswith("2.13")
    # No note text in predictions, log, or report.
    notes = pd.read_csv(notes_csv)["note"].tolist()
    for name in ("predictions.csv", "train.log", "report.html", "metrics.json"):
        body = (run / name).read_text()
        assert not any(n in body for n in notes[:50]), name


def test_reloaded_run_predicts_identically(tmp_path, model_tiny, notes_csv):
    result = train_run(_cfg(tmp_path, notes_csv, model_tiny), quiet=True)
    texts = pd.read_csv(notes_csv)["note"].tolist()[:20]
    preds = pd.read_csv(result.run_dir / "predictions.csv")
    loaded = load_run(result.run_dir)
    proba = loaded.model.predict_proba(texts)
    assert proba.shape == (20, 3)
    np.testing.assert_allclose(proba.sum(1), 1.0, atol=1e-6)
    # Predictions on the test split equal those stored at training time.
    df = pd.read_csv(notes_csv).set_index("note_id")
    test_texts = df.loc[preds["id"], "note"].tolist()
    again = loaded.model.predict_proba(test_texts)
    stored = preds[[f"model_uncalibrated_p[{lab}]" for lab in loaded.model.labels]].to_numpy()
    np.testing.assert_allclose(again, stored, atol=1e-5)
    # predictions.csv's model columns are what `meddx predict` serves: calibrated.
    from meddx.serve import predict_texts

    served = predict_texts(loaded, test_texts)
    assert [r["label"] for r in served] == preds["model_pred"].tolist()
    served_p = np.array([[r["probabilities"][lab] for lab in loaded.model.labels] for r in served])
    np.testing.assert_allclose(
        served_p, preds[[f"model_p[{lab}]" for lab in loaded.model.labels]].to_numpy(), atol=1e-5)


def test_lora_saves_adapters_and_reloads(tmp_path, model_tiny, notes_csv):
    cfg = _cfg(tmp_path, notes_csv, model_tiny, model={"mode": "lora",
                                                       "lora": {"r": 4, "alpha": 8}})
    result = train_run(cfg, quiet=True)
    model_dir = result.run_dir / "model"
    assert (model_dir / "adapter_model.safetensors").is_file()
    assert (model_dir / "adapter_config.json").is_file()
    assert not (model_dir / "model.safetensors").exists()
    preds = pd.read_csv(result.run_dir / "predictions.csv")
    df = pd.read_csv(notes_csv).set_index("note_id")
    loaded = load_run(result.run_dir)
    again = loaded.model.predict_proba(df.loc[preds["id"], "note"].tolist())
    stored = preds[[f"model_uncalibrated_p[{lab}]" for lab in loaded.model.labels]].to_numpy()
    np.testing.assert_allclose(again, stored, atol=1e-5)  # classifier head saved with adapters


@pytest.mark.parametrize("strategy", ["none", "class_weight", "smote", "oversample",
                                      "undersample"])
def test_frozen_head_with_imbalance(tmp_path, model_tiny, notes_csv, strategy):
    cfg = _cfg(tmp_path, notes_csv, model_tiny, model={"mode": "frozen"},
               train={"imbalance": {"strategy": strategy}})
    result = train_run(cfg, quiet=True)
    assert (result.run_dir / "model" / "head.safetensors").is_file()
    report = (result.run_dir / "report.html").read_text()
    assert ("no correction applied" if strategy == "none"
            else f"corrected with {strategy}") in report


@pytest.mark.parametrize("strategy", ["class_weight", "focal", "oversample"])
def test_finetune_imbalance_strategies(tmp_path, model_tiny, notes_csv, strategy):
    cfg = _cfg(tmp_path, notes_csv, model_tiny, train={"max_steps": 3, "imbalance":
                                                       {"strategy": strategy}})
    result = train_run(cfg, quiet=True)
    assert result.metrics["model"]["n"] > 0


def test_class_weights_naming_an_unknown_label_stop_before_the_run_folder(tmp_path, model_tiny,
                                                                          notes_csv):
    weights = {"cardiac": 2.0, "renal": 3.0}  # the notes' labels: cardiac, gi, neuro
    cfg = _cfg(tmp_path, notes_csv, model_tiny, model={"mode": "frozen"},
               train={"imbalance": {"strategy": "class_weight", "class_weights": weights}})
    with pytest.raises(ConfigError, match="class_weights names unknown label 'renal'; labels "
                                          "are: cardiac, gi, neuro"):
        train_run(cfg, quiet=True)
    assert not (tmp_path / "runs").exists()  # it failed inside training, leaving a failed run


def test_smote_needs_frozen_mode(tmp_path, model_tiny, notes_csv):
    with pytest.raises(ConfigError, match="frozen"):
        _cfg(tmp_path, notes_csv, model_tiny, train={"imbalance": {"strategy": "smote"}})
    assert not (tmp_path / "runs").exists()


def test_multilabel_with_chunks(tmp_path, model_tiny):
    df = synthetic_notes(90, seed=3)
    df["dx"] = [d if i % 3 else f"{d}|gi" for i, d in enumerate(df["dx"])]
    df.loc[df["dx"] == "gi|gi", "dx"] = "gi"
    path = tmp_path / "ml.jsonl"
    df.to_json(path, orient="records", lines=True)
    cfg = _cfg(tmp_path, path, model_tiny, data={"label_delimiter": "|"},
               prep={"max_length": 16, "long_text": "chunks", "chunk_stride": 4},
               train={"max_steps": 4})
    result = train_run(cfg, quiet=True)
    assert result.metrics["model"]["n"] > 0
    card = json.loads((result.run_dir / "data_card.json").read_text())
    assert card["task"] == "multilabel"


def test_existing_run_is_not_overwritten(tmp_path, model_tiny, notes_csv):
    from meddx.errors import RunError

    cfg = _cfg(tmp_path, notes_csv, model_tiny, train={"max_steps": 2})
    train_run(cfg, quiet=True)
    with pytest.raises(RunError, match="already exists"):
        train_run(_cfg(tmp_path, notes_csv, model_tiny, train={"max_steps": 2}), quiet=True)


def test_resume_of_a_complete_run_is_refused(tmp_path, model_tiny, notes_csv):
    from meddx.errors import RunError

    train_run(_cfg(tmp_path, notes_csv, model_tiny, train={"max_steps": 2}), quiet=True)
    with pytest.raises(RunError, match="already complete"):
        train_run(_cfg(tmp_path, notes_csv, model_tiny, train={"max_steps": 2}), resume=True,
                  quiet=True)


def test_resume_with_changed_config_names_the_field(tmp_path, model_tiny, notes_csv):
    from meddx.errors import RunError
    from meddx.runs import open_run_dir

    cfg = _cfg(tmp_path, notes_csv, model_tiny, train={"max_steps": 2})
    open_run_dir(cfg, resume=False, create=True)
    from meddx.config import save_config

    save_config(cfg, tmp_path / "runs" / "r1" / "config.yaml")
    changed = _cfg(tmp_path, notes_csv, model_tiny, train={"max_steps": 3})
    with pytest.raises(RunError, match="train.max_steps"):
        open_run_dir(changed, resume=True, create=True)


def test_calibration_is_fitted_on_validation_and_used_by_predict(tmp_path, model_tiny, notes_csv):
    from meddx.audit import apply_calibration, load_calibrator
    from meddx.serve import predict_texts

    result = train_run(_cfg(tmp_path, notes_csv, model_tiny), quiet=True)
    cal = result.metrics["calibration"]
    assert cal["method"] == "temperature"
    assert cal["n_validation"] == json.loads((result.run_dir / "data_card.json").read_text())[
        "splits"]["validation"]["n"]
    assert {"ece_before", "ece_after", "brier_before", "brier_after"} <= set(cal["test"])
    assert load_calibrator(result.run_dir).temperature_ > 0
    run = load_run(result.run_dir)
    texts = pd.read_csv(notes_csv)["note"].tolist()[:5]
    served = predict_texts(run, texts)
    raw = run.model.predict_proba(texts)
    expected = apply_calibration(result.run_dir, raw)
    got = np.array([[r["probabilities"][lab] for lab in run.model.labels] for r in served])
    np.testing.assert_allclose(got, expected, atol=1e-6)
    assert not np.allclose(expected, raw, atol=1e-4)  # temperature != 1 changes probabilities


@pytest.mark.slow
@pytest.mark.parametrize("keep", ["best", "last", "all"])
def test_keep_checkpoints_prunes_a_finished_run(tmp_path, model_tiny, notes_csv, keep):
    cfg = _cfg(tmp_path, notes_csv, model_tiny, name=f"ck-{keep}",
               train={"save_steps": 2, "keep_checkpoints": keep}, eval={"bootstrap": 0})
    run = train_run(cfg, quiet=True).run_dir
    names = sorted((p.name for p in (run / "checkpoints").glob("checkpoint-*")),
                   key=lambda n: int(n.split("-")[1]))
    assert json.loads((run / "run.json").read_text())["status"] == "complete"
    if keep == "all":
        assert len(names) >= 3 and names[0] == "checkpoint-2"
    else:
        assert len(names) == 1, names
        state = json.loads((run / "checkpoints" / names[0] / "trainer_state.json").read_text())
        if keep == "last":
            assert state["global_step"] == state["max_steps"]
        else:
            assert names[0] == state["best_model_checkpoint"].rsplit("/", 1)[-1]


def test_prune_checkpoints_keeps_the_best_or_the_last(tmp_path):
    from meddx.runs import RunDir

    for step in (2, 4, 10):
        folder = tmp_path / "checkpoints" / f"checkpoint-{step}"
        folder.mkdir(parents=True)
        (folder / "trainer_state.json").write_text(json.dumps(
            {"best_model_checkpoint": str(tmp_path / "checkpoints" / "checkpoint-4")}))
    run = RunDir(tmp_path)
    assert run.prune_checkpoints("all") == []
    assert run.prune_checkpoints("best") == ["checkpoint-2", "checkpoint-10"]
    assert [p.name for p in run.checkpoints.iterdir()] == ["checkpoint-4"]
    assert RunDir(tmp_path / "none").prune_checkpoints("last") == []
