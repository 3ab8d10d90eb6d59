"""``meddx train --mitigation METHOD --mitigation-group COLUMN`` sets fairness.mitigation and
fairness.group_column (adding the column to data.group_columns when missing)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from meddx.cli import app


@pytest.fixture
def captured(monkeypatch, tmp_path, data_notes_frame):
    import meddx.pipeline

    seen = {}
    monkeypatch.setattr(meddx.pipeline, "train_run", lambda cfg, **kw: seen.setdefault("cfg", cfg)
                        and None)
    path = tmp_path / "notes.csv"
    data_notes_frame.to_csv(path, index=False)
    return seen, path


@pytest.mark.parametrize("method", ["reweighting", "resampling", "threshold", "adversarial"])
def test_mitigation_flags(captured, method):
    seen, path = captured
    result = CliRunner().invoke(app, ["train", "--data", str(path), "--text-column", "text",
                                      "--label-column", "label", "--mitigation", method,
                                      "--mitigation-group", "sex"])
    assert result.exit_code == 0, result.output
    cfg = seen["cfg"]
    assert cfg.fairness.mitigation == method and cfg.fairness.group_column == "sex"
    assert cfg.data.group_columns == ["sex"]


def test_mitigation_flag_errors_name_the_field(captured):
    _, path = captured
    runner = CliRunner()
    bad = runner.invoke(app, ["train", "--data", str(path), "--text-column", "text",
                              "--label-column", "label", "--mitigation", "magic",
                              "--mitigation-group", "sex"])
    assert bad.exit_code == 2 and "fairness.mitigation" in bad.output
    alone = runner.invoke(app, ["train", "--data", str(path), "--text-column", "text",
                                "--label-column", "label", "--mitigation", "reweighting"])
    assert alone.exit_code == 2 and "needs fairness.group_column" in alone.output
    helped = runner.invoke(app, ["train", "--help"], env={"COLUMNS": "200"})
    assert "--mitigation " in helped.output and "--mitigation-group" in helped.output


@pytest.mark.slow  # two tiny frozen-encoder runs through the real pipeline (no stub)
@pytest.mark.parametrize("method", ["reweighting", "threshold"])
def test_mitigation_flags_reach_a_real_run(tmp_path, method):
    """The flags, not a YAML file, switch mitigation on in a real `meddx train` run: the run's
    resolved config records them, and threshold mitigation writes its comparison."""
    import json

    import yaml

    from tests._support.helpers import make_tiny_model, synthetic_notes

    tiny = make_tiny_model(tmp_path / "tiny")
    notes = tmp_path / "notes.csv"
    synthetic_notes(90, seed=3).to_csv(notes, index=False)
    config = tmp_path / "run.yaml"
    config.write_text(yaml.safe_dump({
        "name": f"cli-{method}", "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(notes), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id"},
        "prep": {"max_length": 32}, "model": {"name": str(tiny), "mode": "frozen"},
        "train": {"threads": 1}, "eval": {"bootstrap": 10}, "registry": {"enabled": False},
    }))
    result = CliRunner().invoke(app, ["train", str(config), "--mitigation", method,
                                      "--mitigation-group", "sex", "--quiet"])
    assert result.exit_code == 0, result.output
    run = tmp_path / "runs" / f"cli-{method}"
    saved = yaml.safe_load((run / "config.yaml").read_text())
    assert saved["fairness"]["mitigation"] == method
    assert saved["fairness"]["group_column"] == "sex" and "sex" in saved["data"]["group_columns"]
    metrics = json.loads((run / "metrics.json").read_text())
    # threshold mitigation (post-processing) writes its before/after comparison; reweighting
    # acts in training and writes none
    assert ("fairness" in metrics) == (method == "threshold")
