"""The documented commands, run as a user would: README example, predict, evaluate, config."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from meddx.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(scope="module")
def example_run(model_tiny, tmp_path_factory):
    """The README's multilabel example, with the tiny model swapped in for speed."""
    tmp = tmp_path_factory.mktemp("example")
    result = runner.invoke(app, [
        "train", str(ROOT / "examples" / "multilabel.yaml"), "--model", str(model_tiny),
        "--data", str(ROOT / "examples" / "notes_multilabel.csv"),
        "--out", str(tmp / "runs"), "--quiet",
    ])
    assert result.exit_code == 0, result.output
    assert "Calibration: ECE " in result.output  # set against the test split's size
    return tmp / "runs" / "example-multilabel"


def test_readme_example_trains_multilabel_with_patients(example_run):
    card = json.loads((example_run / "data_card.json").read_text())
    assert card["task"] == "multilabel"
    assert card["labels"] == ["ckd", "diabetes", "heart_failure", "pneumonia"]
    assert card["n_patients"] == len(set(pd.read_csv(
        ROOT / "examples" / "notes_multilabel.csv")["mrn_hash"]))
    df = pd.read_csv(ROOT / "examples" / "notes_multilabel.csv").set_index("encounter")
    preds = pd.read_csv(example_run / "predictions.csv")
    test_patients = set(df.loc[preds["id"], "mrn_hash"])
    assert test_patients
    assert card["leakage"] == {"texts_in_several_splits": 0, "patients_in_several_splits": 0}
    metrics = json.loads((example_run / "metrics.json").read_text())
    assert set(metrics) >= {"model", "baseline"}
    check = metrics["model"]["ece_if_calibrated"]
    assert check["observed"] == pytest.approx(metrics["model"]["ece"])
    assert check["n"] == metrics["model"]["n"] and 0 < check["p_value"] <= 1


def test_readme_mentions_the_example():
    readme = (ROOT / "README.md").read_text()
    assert "meddx train examples/multilabel.yaml" in readme
    assert "make demo" in readme and "make test" in readme


def test_predict_writes_jsonl_without_text(example_run, tmp_path):
    src = tmp_path / "new.csv"
    df = pd.read_csv(ROOT / "examples" / "notes_multilabel.csv").head(7)
    df.to_csv(src, index=False)
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["predict", str(example_run), "--input", str(src),
                                 "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == df["encounter"].tolist()
    assert all(set(r["probabilities"]) == {"ckd", "diabetes", "heart_failure", "pneumonia"}
               for r in rows)
    assert not any(t in out.read_text() for t in df["note_body"])


def test_predict_csv_joins_labels_with_the_training_files_delimiter(example_run, tmp_path):
    """examples/multilabel.yaml has label_delimiter ';': the CSV's labels are joined so."""
    src = tmp_path / "new.csv"
    pd.read_csv(ROOT / "examples" / "notes_multilabel.csv").head(40).to_csv(src, index=False)
    out = tmp_path / "pred.csv"
    result = runner.invoke(app, ["predict", str(example_run), "--input", str(src),
                                 "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(out, keep_default_na=False)
    labels = ["ckd", "diabetes", "heart_failure", "pneumonia"]
    joined = [cell for cell in rows["label"] if len(cell.split(";")) > 1]
    assert joined, rows["label"].tolist()  # some note has several labels
    for _, row in rows.iterrows():
        above = [lab for lab in labels if row[f"p[{lab}]"] >= 0.5]
        assert row["label"].split(";") == above or (not above and row["label"] == ""), row


def test_predict_refuses_to_overwrite_input(example_run, tmp_path):
    src = tmp_path / "new.csv"
    pd.read_csv(ROOT / "examples" / "notes_multilabel.csv").head(3).to_csv(src, index=False)
    before = src.read_bytes()
    result = runner.invoke(app, ["predict", str(example_run), "--input", str(src),
                                 "--output", str(src), "--quiet"])
    assert result.exit_code == 2
    assert src.read_bytes() == before


def test_evaluate_on_another_file(example_run, tmp_path):
    out = tmp_path / "eval.json"
    result = runner.invoke(app, ["evaluate", str(example_run), "--data",
                                 str(ROOT / "examples" / "notes_multilabel.csv"),
                                 "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(out.read_text())
    assert metrics["model"]["n"] == 240 and "ci95" in metrics["baseline"]
    # 'model' is what `meddx predict` returns (calibrated); the raw output is scored beside it.
    raw = metrics["model_uncalibrated"]
    assert raw["n"] == 240 and "ci95" in raw
    assert raw["ece"] != metrics["model"]["ece"]
    assert metrics["served"]["probabilities"] == "calibrated"
    assert metrics["verdict"]["verdict"] in ("better", "no different", "worse")


def test_config_reference_is_current():
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0
    assert (ROOT / "docs" / "config.md").read_text().strip() == result.output.strip(), \
        "docs/config.md is stale: run `meddx config > docs/config.md`"


def test_evaluate_and_audit_a_file_without_the_runs_id_patient_and_group_columns(example_run,
                                                                                   tmp_path):
    """The run was trained with id, patient and group columns; a file of notes and labels alone
    is scored all the same (they describe rows, they are not needed to score them)."""
    src = tmp_path / "labelled.csv"
    pd.read_csv(ROOT / "examples" / "notes_multilabel.csv")[["note_body", "findings"]].head(40) \
        .to_csv(src, index=False)
    result = runner.invoke(app, ["evaluate", str(example_run), "--data", str(src),
                                 "--out", str(tmp_path / "eval.json"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "eval.json").read_text())["model"]["n"] == 40
    # asked for by name, a column must be there
    result = runner.invoke(app, ["audit", str(example_run), "--data", str(src), "--groups", "sex",
                                 "--out", str(tmp_path / "audit.json")])
    assert result.exit_code == 2
    assert "column 'sex'" in result.output and "not found" in result.output


def test_evaluate_drops_invalid_rows_with_on_invalid(example_run, tmp_path):
    """The error for an invalid row says to drop such rows; `meddx evaluate` can do so."""
    src = tmp_path / "labelled.csv"
    df = pd.read_csv(ROOT / "examples" / "notes_multilabel.csv").head(30)
    df.loc[4, "findings"] = "covid"  # a label the run does not know
    df.to_csv(src, index=False)
    args = ["evaluate", str(example_run), "--data", str(src), "--out", str(tmp_path / "e.json"),
            "--quiet"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "row 5" in result.output and "unknown label 'covid'" in result.output
    assert "(pass --on-invalid drop to drop such rows)" in result.output  # the option it has
    result = runner.invoke(app, [*args, "--on-invalid", "drop"])
    assert result.exit_code == 0, result.output
    metrics = json.loads((tmp_path / "e.json").read_text())
    assert metrics["model"]["n"] == 29
    assert metrics["n_rows_dropped"] == {"unknown_label": 1}


def test_audit_drops_invalid_rows_of_a_labelled_file_with_on_invalid(example_run, tmp_path):
    src = tmp_path / "labelled.csv"
    df = pd.read_csv(ROOT / "examples" / "notes_multilabel.csv").head(30)
    df.loc[4, "findings"] = "covid"  # a label the run does not know
    df.to_csv(src, index=False)
    args = ["audit", str(example_run), "--data", str(src), "--groups", "sex",
            "--out", str(tmp_path / "a.json"), "--no-model-card", "--n-boot", "20", "--quiet"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "unknown label 'covid'" in result.output
    assert "(pass --on-invalid drop to drop such rows)" in result.output
    result = runner.invoke(app, [*args, "--on-invalid", "nonsense"])
    assert result.exit_code == 2 and "Known: drop, error" in result.output, result.output
    result = runner.invoke(app, [*args, "--on-invalid", "drop"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "a.json").read_text())["data"]
    assert data["n"] == 29 and data["n_rows_dropped"] == {"unknown_label": 1}
