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
