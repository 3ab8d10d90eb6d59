"""A run that serves its model blended with the TF-IDF baseline (eval.blend: baseline): the
blend is fitted on validation, and predict, evaluate, the audit, the report and metrics.json
all describe the blended, calibrated probabilities, with the unblended figures beside."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from meddx.config import load_config
from meddx.pipeline import train_run
from meddx.runs import load_run
from tests._support.helpers import synthetic_notes


@pytest.fixture(scope="module")
def blended_run(tmp_path_factory, model_tiny):
    """A tiny fine-tuned run whose blend weight is forced to 0.5 (the only candidate)."""
    return _train_blended(tmp_path_factory.mktemp("blend"), model_tiny, "temperature", seed=2)


def _train_blended(folder, model_tiny, calibration: str, *, seed: int):
    """A tiny run on synthetic notes, blended with its baseline at weight 0.5, then calibrated."""
    data = folder / "notes.csv"
    synthetic_notes(150, seed=seed, patients=75).to_csv(data, index=False)
    cfg = load_config(overrides={
        "name": "blended", "out_dir": str(folder / "runs"),
        "data": {"path": str(data), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "patient_column": "patient", "group_columns": ["sex"]},
        "prep": {"max_length": 32},
        "model": {"name": str(model_tiny), "mode": "full"},
        "train": {"epochs": 1, "batch_size": 16, "learning_rate": 1e-3, "threads": 1},
        "eval": {"bootstrap": 20, "calibration": calibration, "blend": "baseline"},
    })
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("meddx.evaluate._blend.BLEND_WEIGHTS", (0.5,))
        result = train_run(cfg, quiet=True)
    return result.run_dir, data


def _served_columns(frame, labels, prefix="model"):
    return frame[[f"{prefix}_p[{lab}]" for lab in labels]].to_numpy()


def test_the_blend_is_fitted_on_validation_and_reported(blended_run):
    run_dir, _ = blended_run
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["served"]["blend"] == {"with": "TF-IDF baseline", "weight": 0.5}
    assert metrics["served"]["unblended_metrics"] == "model_unblended"
    for row in ("model", "model_unblended", "model_uncalibrated", "baseline"):
        assert "macro_auroc" in metrics[row]
    card = json.loads((run_dir / "data_card.json").read_text())
    cal = json.loads((run_dir / "model" / "calibration.json").read_text())
    assert cal["n_validation"] == card["splits"]["validation"]["n"]
    assert cal["blend"]["weight"] == 0.5 and cal["blend"]["selection"]["chosen"] == "0.5"
    assert "unblended" in cal and metrics["calibration"]["blend"]["weight"] == 0.5
    report = (run_dir / "report.html").read_text()
    assert "TF-IDF baseline (weight 0.5), calibrated (temperature)" in report
    assert "alone, calibrated" in report


def test_the_verdict_names_the_blend_and_gives_the_model_alone_beside_it(blended_run):
    run_dir, _ = blended_run
    metrics = json.loads((run_dir / "metrics.json").read_text())
    served, alone = metrics["verdict"], metrics["verdict_unblended"]
    assert served["sentence"].startswith("The model blended with the TF-IDF baseline (as served)")
    assert alone["sentence"].startswith("The model alone (calibrated, without the baseline)")
    for verdict, row in ((served, "model"), (alone, "model_unblended")):
        assert verdict["metrics"]["macro_auroc"]["model"] == pytest.approx(
            metrics[row]["macro_auroc"])
        assert verdict["metrics"]["macro_auroc"]["baseline"] == pytest.approx(
            metrics["baseline"]["macro_auroc"])
    report = (run_dir / "report.html").read_text()
    assert 'id="verdict-alone"' in report and "The model alone (calibrated" in report


def test_predict_file_writes_what_predictions_csv_reports(blended_run, tmp_path):
    from meddx.serve import predict_file

    run_dir, data = blended_run
    preds = pd.read_csv(run_dir / "predictions.csv")
    notes = pd.read_csv(data).set_index("note_id").loc[preds["id"]].reset_index()
    notes[["note_id", "note"]].to_csv(tmp_path / "in.csv", index=False)
    n = predict_file(run_dir, tmp_path / "in.csv", tmp_path / "out.jsonl",
                     id_column="note_id", quiet=True)
    assert n == len(preds)
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    labels = list(load_run(run_dir, with_baseline=False).model.labels)
    got = np.array([[r["probabilities"][lab] for lab in labels] for r in rows])
    np.testing.assert_allclose(got, _served_columns(preds, labels), atol=2e-6)
    assert [r["label"] for r in rows] == preds["model_pred"].astype(str).tolist()


def test_predict_returns_the_blend_that_predictions_csv_reports(blended_run):
    from meddx.audit import apply_calibration
    from meddx.errors import ModelError
    from meddx.serve import predict_texts

    run_dir, data = blended_run
    preds = pd.read_csv(run_dir / "predictions.csv")
    notes = pd.read_csv(data).set_index("note_id")
    texts = notes.loc[preds["id"], "note"].tolist()
    run = load_run(run_dir, with_baseline=False)  # as `meddx predict` and `serve` load it
    served = predict_texts(run, texts)
    labels = list(run.model.labels)
    got = np.array([[r["probabilities"][lab] for lab in labels] for r in served])
    np.testing.assert_allclose(got, _served_columns(preds, labels), atol=2e-6)
    assert [r["label"] for r in served] == preds["model_pred"].tolist()
    # The blend differs from the model alone, calibrated or not.
    assert not np.allclose(got, _served_columns(preds, labels, "model_unblended"), atol=1e-3)
    raw = run.model.predict_proba(texts[:3])
    with pytest.raises(ModelError, match="blended with its TF-IDF baseline"):
        apply_calibration(run_dir, raw)


def test_evaluate_and_audit_use_the_blend(blended_run, tmp_path):
    from meddx.audit import audit_run
    from meddx.pipeline import evaluate_run

    run_dir, data = blended_run
    metrics, _ = evaluate_run(run_dir, data, out=tmp_path / "m.json", quiet=True)
    assert metrics["served"]["blend"]["weight"] == 0.5
    assert {"model", "model_unblended", "model_uncalibrated", "baseline"} <= set(metrics)
    assert metrics["model"]["macro_auroc"] != metrics["model_unblended"]["macro_auroc"]
    assert metrics["verdict"]["metrics"]["macro_auroc"]["model"] == pytest.approx(
        metrics["model"]["macro_auroc"])
    assert metrics["verdict_unblended"]["metrics"]["macro_auroc"]["model"] == pytest.approx(
        metrics["model_unblended"]["macro_auroc"])
    result, _ = audit_run(run_dir, groups=["sex"], calibration="temperature",
                          out=tmp_path / "audit.json", model_card=False, n_boot=20)
    assert result["calibration"]["blend"]["weight"] == 0.5
    assert "blended with the TF-IDF baseline" in result["calibration"]["source"]


def test_the_service_returns_the_blend(blended_run, tmp_path):
    from fastapi.testclient import TestClient

    from meddx.serve import ServeSettings, create_app

    run_dir, data = blended_run
    preds = pd.read_csv(run_dir / "predictions.csv").head(4)
    notes = pd.read_csv(data).set_index("note_id")
    texts = notes.loc[preds["id"], "note"].tolist()
    key = "k-test-0123456789abcdef"
    settings = ServeSettings.build(api_keys=[key], min_confidence=0.0,
                                   store_url=f"sqlite:///{tmp_path / 'p.db'}")
    client = TestClient(create_app(run_dir, settings=settings))
    r = client.post("/v1/predict", json={"texts": texts}, headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 200
    labels = list(load_run(run_dir, with_baseline=False).model.labels)
    got = np.array([[p["probabilities"][lab] for lab in labels] for p in r.json()["predictions"]])
    np.testing.assert_allclose(got, _served_columns(preds, labels), atol=2e-6)


def test_meddx_evaluate_prints_both_verdicts(blended_run, tmp_path):
    from typer.testing import CliRunner

    from meddx.cli import app

    run_dir, data = blended_run
    result = CliRunner().invoke(app, ["evaluate", str(run_dir), "--data", str(data),
                                      "--out", str(tmp_path / "m.json"), "--quiet"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Verdict: The model blended with the TF-IDF baseline (as served)" in text
    assert "Without the blend: The model alone (calibrated, without the baseline)" in text


@pytest.mark.slow  # trains a second tiny run
def test_a_toplabel_blend_run_serves_what_it_reports(tmp_path, model_tiny):
    """The demo's recipe since session 12 (eval.calibration toplabel with eval.blend baseline,
    docs/benchmarks.md, branch cal12) through a real run: calibration.json saves the toplabel
    map inside the blend, and `meddx predict` returns predictions.csv's served probabilities
    with the blend's top labels."""
    from meddx.audit import load_blend
    from meddx.evaluate import blend_proba
    from meddx.serve import predict_texts

    run_dir, data = _train_blended(tmp_path, model_tiny, "toplabel", seed=3)
    cal = json.loads((run_dir / "model" / "calibration.json").read_text())
    assert cal["method"] == "toplabel" and cal["blend"]["calibrator"]["method"] == "toplabel"
    assert cal["unblended"]["method"] == "toplabel"
    preds = pd.read_csv(run_dir / "predictions.csv")
    texts = pd.read_csv(data).set_index("note_id").loc[preds["id"], "note"].tolist()
    run = load_run(run_dir)
    labels = list(run.model.labels)
    served = predict_texts(load_run(run_dir, with_baseline=False), texts)
    got = np.array([[r["probabilities"][lab] for lab in labels] for r in served])
    np.testing.assert_allclose(got, _served_columns(preds, labels), atol=2e-6)
    blend = load_blend(run_dir)
    assert blend.weight_ == 0.5 and blend.chosen_method == "toplabel"
    mixed = blend_proba(run.model.predict_proba(texts), run.baseline.predict_proba(texts), 0.5)
    assert [r["label"] for r in served] == [labels[i] for i in mixed.argmax(axis=1)]
