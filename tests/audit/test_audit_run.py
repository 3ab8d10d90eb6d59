"""``audit_run`` and ``meddx audit`` end to end, on finished runs built from synthetic notes with
an injected bias (and a control without), plus the model card and run-level calibration.

The runs are built without torch: the TF-IDF baseline stands in as the run's model, written
in the layout ``train_run`` writes (config, model/, data card, metrics, predictions).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import typer
import yaml
from typer.testing import CliRunner

from meddx._io import atomic_write_json
from meddx.audit import (
    apply_calibration,
    audit_run,
    fit_calibrator_for_run,
    synthetic_biased_notes,
    write_model_card,
)
from meddx.audit._model_card import SECTIONS
from meddx.config import load_config, save_config
from meddx.data import data_card, load_corpus, make_splits
from meddx.deid import deidentify_corpus
from meddx.errors import ConfigError, DataError, RunError
from meddx.evaluate import evaluate
from meddx.models import TfidfBaseline
from meddx.pipeline._scoring import write_predictions
from meddx.runs import RunDir


def make_run(folder: Path, notes, *, name: str, id_column: str | None = "note_id",
             validation: float = 0.2, deid: bool = True) -> Path:
    data = folder / f"{name}.csv"
    notes.to_csv(data, index=False)
    cfg = load_config(overrides={
        "name": name, "out_dir": str(folder / "runs"),
        "data": {"path": str(data), "text_column": "note", "label_column": "dx",
                 "id_column": id_column, "patient_column": "patient", "group_columns": ["sex"],
                 "split": {"train": 0.8 - validation, "validation": validation, "test": 0.2}},
        "eval": {"bootstrap": 20}, "deid": {"enabled": deid}})
    corpus = load_corpus(cfg.data)
    deid_summary = deidentify_corpus(corpus, cfg.deid)  # as train_run does, before splitting
    splits = make_splits(corpus, cfg.data.split)
    part = {k: corpus.subset(v) for k, v in splits.items()}
    val = part.get("validation", part["train"])
    clf = TfidfBaseline.fit((part["train"].texts, part["train"].y), (val.texts, val.y),
                            labels=corpus.labels, task=corpus.task, prep=cfg.prep)
    run = folder / "runs" / name
    run.mkdir(parents=True)
    save_config(cfg, run / "config.yaml")
    clf.save(run / "model")
    atomic_write_json(run / "data_card.json",
                      dict(data_card(corpus, splits, cfg.data), deid=deid_summary))
    test = part["test"]
    proba = clf.predict_proba(test.texts)
    metrics = evaluate(test.y, proba, task=test.task, labels=test.labels, n_boot=20)
    atomic_write_json(run / "metrics.json", {"model": metrics, "split": "test"})
    write_predictions(run / "predictions.csv", test, {"model": {"proba": proba}})
    RunDir(run).mark_complete()
    return run


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("audit-runs")
    biased_notes = synthetic_biased_notes(1500, bias="missing_symptoms", seed=3)
    control_notes = synthetic_biased_notes(1500, bias=None, seed=3)
    return {
        "folder": folder,
        "biased_notes": biased_notes,
        "biased": make_run(folder, biased_notes, name="biased"),
        "control": make_run(folder, control_notes, name="control", deid=False),
    }


@pytest.fixture(scope="module")
def biased_audit(runs):
    return audit_run(runs["biased"], groups=["sex", "age_band"], n_boot=300,
                     target_sensitivity={"cardiac": 0.9})


def flagged(result):
    return [(g["group_column"], g["class"], g["metric"]) for g in result["gaps"] if g["flagged"]]


def test_audit_flags_the_injected_bias(biased_audit):
    result, path = biased_audit
    assert path.name == "audit.json" and json.loads(path.read_text()) == result
    hits = flagged(result)
    assert ("sex", "cardiac", "equal_opportunity_difference") in hits
    assert ("sex", "gi", "predictive_equality_difference") in hits  # missed cardiac -> gi
    eo = next(g for g in result["gaps"] if g["group_column"] == "sex" and g["class"] == "cardiac"
              and g["metric"] == "equal_opportunity_difference")
    assert eo["ci95"][0] > 0 and eo["value"] > 0.3 and eo["lower_group"] == "F"
    assert not [h for h in hits if h[0] == "age_band"]  # assigned at random


def test_overall_accuracy_and_macro_f1_gaps_per_group(biased_audit):
    result, _ = biased_audit
    overall = {(g["group_column"], g["metric"]): g for g in result["gaps"] if g["class"] is None}
    assert {("sex", "accuracy_difference"), ("sex", "macro_f1_difference"),
            ("age_band", "accuracy_difference")} <= set(overall)
    acc = overall[("sex", "accuracy_difference")]
    groups = result["subgroups"]["sex"]
    values = sorted(groups[g]["accuracy"] for g in groups)
    assert acc["value"] == pytest.approx(values[-1] - values[0])
    assert acc["flagged"] and acc["lower_group"] == "F"  # the injected bias costs accuracy
    assert not overall[("age_band", "accuracy_difference")]["flagged"]  # assigned at random


def test_a_calibration_that_worsens_ece_is_said_in_words():
    from meddx.audit._run_audit import _calibration_worsened

    cal = {"method": "dirichlet", "ece_before": 0.031, "ece_after": 0.141}
    text = _calibration_worsened(cal, "labelled file")
    assert cal["worsened"] is True
    assert text.startswith("calibration made ECE worse on the audited labelled file "
                           "(0.031 -> 0.141)")
    better = {"method": "temperature", "ece_before": 0.1, "ece_after": 0.05}
    assert _calibration_worsened(better, "test split") is None and better["worsened"] is False


def test_audit_does_not_flag_the_control(runs):
    result, _ = audit_run(runs["control"], groups=["sex", "age_band"], n_boot=300,
                          model_card=False)
    assert flagged(result) == []


def test_audit_json_schema(biased_audit):
    result, _ = biased_audit
    assert {"schema_version", "run", "data", "task", "labels", "group_columns", "probabilities",
            "gaps", "n_flagged", "calibration", "thresholds", "subgroups", "settings",
            "warnings"} <= set(result)
    for g in result["gaps"]:
        assert {"group_column", "metric", "value", "ci95", "flagged"} <= set(g)
        assert isinstance(g["flagged"], bool) and len(g["ci95"]) == 2
    cal = result["calibration"]
    assert {"method", "ece_before", "ece_after", "brier_before", "brier_after", "n_validation",
            "reliability_before", "reliability_after"} <= set(cal)
    assert cal["method"] == "temperature" and cal["fitted_on"] == "validation"
    assert cal["n"] == result["data"]["n"] == 300 and cal["n_validation"] == 300
    assert result["probabilities"] == "calibrated"
    assert result["group_columns"] == ["sex", "age_band", "sex*age_band"]
    target = result["thresholds"]["sensitivity"]["cardiac"]
    assert target["sensitivity"] >= 0.9 and target["specificity"] is not None
    assert set(result["thresholds"]["f1"]) == {"cardiac", "gi", "neuro"}


def test_model_card_has_every_section_and_no_note_text(runs, biased_audit):
    card = (runs["biased"] / "model_card.md").read_text(encoding="utf-8")
    assert card.startswith("---\n")
    meta = yaml.safe_load(card.split("---\n")[1])
    assert meta["library_name"] == "meddx" and meta["pipeline_tag"] == "text-classification"
    assert meta["model-index"][0]["results"][0]["metrics"]
    headings = re.findall(r"^## (.+)$", card, flags=re.M)
    assert headings == list(SECTIONS)
    assert "never the sole basis for a diagnosis" in card.lower()
    assert "de-identified by meddx before splitting and training: mode `redact`" in card
    assert "equal_opportunity_difference" in card and "temperature" in card
    for note in runs["biased_notes"]["note"]:
        assert note not in card
    words = set(card.lower().split())
    assert not {"troponin", "hemiparesis", "melena", "colonoscopy"} & words


def test_model_card_without_audit_and_with_deid(tmp_path, runs):
    run = runs["control"]
    card_json = json.loads((run / "data_card.json").read_text())
    card_json["deid"] = {"enabled": True, "mode": "redact", "detectors": ["rules"],
                         "n_texts": 10, "n_texts_with_phi": 2, "n_spans": 3,
                         "counts_by_type": {"DATE": 3}}
    copy = tmp_path / "run"
    copy.mkdir()
    for name in ("config.yaml", "metrics.json", "data_card.json"):
        (copy / name).write_bytes((run / name).read_bytes())
    assert "**not de-identified**" in write_model_card(copy).read_text()
    (copy / "data_card.json").write_text(json.dumps(card_json))
    text = write_model_card(copy, contact="dx-team@example.org").read_text()
    assert "3 spans were replaced in 2 of 10 notes (DATE: 3)" in text
    assert "No subgroup audit has been run" in text and "dx-team@example.org" in text


def test_rows_are_joined_by_row_number_without_an_id_column(tmp_path):
    notes = synthetic_biased_notes(600, bias="missing_symptoms", seed=5)
    run = make_run(tmp_path, notes, name="noid", id_column=None)
    result, _ = audit_run(run, groups=["sex"], n_boot=100, model_card=False)
    predictions = np.genfromtxt(run / "predictions.csv", delimiter=",", names=True, dtype=None,
                                encoding="utf-8")
    expected = notes["sex"].iloc[predictions["row"] - 1].value_counts()
    assert {g: v["support"] for g, v in result["subgroups"]["sex"].items()} == expected.to_dict()


def test_audit_of_a_new_labelled_file(tmp_path, runs):
    other = synthetic_biased_notes(300, bias=None, seed=11)
    path = tmp_path / "other.csv"
    other.to_csv(path, index=False)
    result, out = audit_run(runs["control"], data_path=path, groups=["sex"], n_boot=100,
                            calibration=None, model_card=False)
    assert out.parent.name == "audits" and out.name.startswith("other-")
    assert result["data"] == {"kind": "labelled file", "file": "other.csv", "n": 300}
    assert result["probabilities"] == "raw" and result["calibration"]["ece_after"] is None


def test_clear_errors(tmp_path, runs):
    with pytest.raises(DataError, match="group column 'race' not found; columns are: note_id"):
        audit_run(runs["control"], groups=["race"], model_card=False)
    with pytest.raises(ConfigError, match="unknown calibrator 'temp'"):
        audit_run(runs["control"], groups=["sex"], calibration="temp")
    with pytest.raises(RunError, match="not a finished meddx run"):
        audit_run(tmp_path, groups=["sex"])
    notes = synthetic_biased_notes(300, bias=None, seed=12)
    no_val = make_run(tmp_path, notes, name="noval", validation=0.0)
    with pytest.raises(RunError, match="no validation split.*no calibration data"):
        audit_run(no_val, groups=["sex"])
    changed = make_run(tmp_path, notes, name="changed")
    edited = notes.copy()
    edited.loc[0, "note"] += " stable"
    edited.to_csv(tmp_path / "changed.csv", index=False)  # the run's own file, edited
    with pytest.raises(RunError, match="is not the one run .* was trained on"):
        audit_run(changed, groups=["sex"])
    notes.loc[0, "sex"] = "U"
    notes.to_csv(tmp_path / "lonely.csv", index=False)
    with pytest.raises(DataError, match="group 'U' has only 1 row"):
        audit_run(runs["control"], data_path=tmp_path / "lonely.csv", groups=["sex"],
                  calibration=None)


def test_fit_calibrator_for_run_saves_it_and_apply_calibration_uses_it(tmp_path, runs):
    notes = synthetic_biased_notes(600, bias=None, seed=13)
    run = make_run(tmp_path, notes, name="cal")
    result = fit_calibrator_for_run(run)
    saved = json.loads((run / "model" / "calibration.json").read_text())
    assert saved == json.loads(json.dumps(result))
    assert result["method"] == "temperature" and result["n_validation"] == 120
    assert result["test"]["ece_after"] < result["test"]["ece_before"]
    proba = np.array([[0.7, 0.2, 0.1]])
    calibrated = apply_calibration(run, proba)
    assert calibrated.argmax() == 0 and not np.allclose(calibrated, proba)
    audit, _ = audit_run(run, groups=["sex"], n_boot=50, model_card=False)
    assert audit["calibration"]["source"] == "model/calibration.json"


def test_cli_audit_command(runs):
    from meddx.cli._audit import commands

    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """meddx (test copy)."""

    app.add_typer(commands)
    runner = CliRunner(env={"COLUMNS": "80"})
    ok = runner.invoke(app, ["audit", str(runs["biased"]), "--groups", "sex", "--n-boot", "100",
                             "--target-sensitivity", "cardiac=0.9", "--no-model-card",
                             "--out", str(runs["folder"] / "cli.json")])
    assert ok.exit_code == 0, ok.output
    assert "ECE" in ok.output and "TPR (equal opportunity)" in ok.output
    assert json.loads((runs["folder"] / "cli.json").read_text())["n_flagged"] > 0
    # Readable at 80 columns: nothing wider, nothing cut; differences and ratios apart.
    assert max(len(line) for line in ok.output.splitlines()) <= 80
    assert "…" not in ok.output
    for header in ("group", "class", "gap", "value", "95% CI", "high / low", "flag"):
        assert header in ok.output
    diffs, ratios = ok.output.split("differences:")[1].split("ratios:")
    assert "selection" in diffs and "accuracy" in diffs and "macro-F1" in diffs
    assert "selection" in ratios and "TPR" not in ratios.split("gap: of")[0]
    assert "1 is parity" in ok.output and "0 is parity" in ok.output
    # --out sets the path with --data too; the help says where the file goes by default.
    out = runs["folder"] / "elsewhere" / "mine.json"
    other = runs["folder"] / "other-cli.csv"
    runs["biased_notes"].head(300).to_csv(other, index=False)
    ok = runner.invoke(app, ["audit", str(runs["biased"]), "--groups", "sex", "--data", str(other),
                             "--n-boot", "50", "--no-model-card", "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert out.is_file() and not (runs["biased"] / "audits").exists()
    helped = runner.invoke(app, ["audit", "--help"])
    assert "RUN/audit.json" in helped.output and "RUN/audits/FILE-HASH.json" in helped.output
    bad = runner.invoke(app, ["audit", str(runs["biased"]), "--groups", "race"])
    assert bad.exit_code == 2 and "group column 'race' not found" in bad.output
    assert "Traceback" not in bad.output
    bad = runner.invoke(app, ["audit", str(runs["biased"]), "--target-sensitivity", "cardiac"])
    assert bad.exit_code == 2 and "CLASS=0.95" in bad.output
