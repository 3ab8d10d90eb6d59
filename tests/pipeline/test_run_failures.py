"""A failure after the run folder exists leaves run.json "failed" with a one-line reason and
a page that says why; no note text in either."""

from __future__ import annotations

import json

import pytest

from meddx.errors import DataError
from tests._support.helpers import synthetic_notes, tiny_run_config


def _status(run_dir):
    return json.loads((run_dir / "run.json").read_text())


def test_an_internal_error_fails_the_run_without_its_message(tmp_path, model_tiny, monkeypatch):
    import meddx.train
    from meddx.pipeline import train_run

    def broken(*args, **kwargs):
        raise ValueError("could not parse 'Patient John Smith'")  # a message quoting data

    monkeypatch.setattr(meddx.train, "fit_model", broken)
    cfg = tiny_run_config(tmp_path, synthetic_notes(30, seed=1), model_tiny, name="broken")
    with pytest.raises(ValueError):
        train_run(cfg, quiet=True)
    run_dir = tmp_path / "runs" / "broken"
    status = _status(run_dir)
    assert status["status"] == "failed"
    assert status["reason"] == ("training: internal error ValueError (its message is not "
                                "recorded, as it may quote the data)")
    page = (run_dir / "report.html").read_text()
    assert "The run failed" in page and "training" in page and "ValueError" in page
    log = (run_dir / "train.log").read_text()
    assert "training: start" in log and "run failed: training" in log
    for text in (page, log, json.dumps(status)):
        assert "John" not in text


@pytest.mark.slow  # a tiny frozen-encoder run up to its baseline
def test_a_text_column_without_repeated_words_fails_at_the_baseline(tmp_path, model_tiny):
    from meddx.pipeline import train_run

    notes = synthetic_notes(30, seed=2)
    notes["note"] = [f"qx{i}a zv{i}b" for i in range(len(notes))]  # no word in two notes
    cfg = tiny_run_config(tmp_path, notes, model_tiny, name="nowords")
    with pytest.raises(DataError, match="no word occurs in 2 or more training notes"):
        train_run(cfg, quiet=True)
    status = _status(tmp_path / "runs" / "nowords")
    assert status["status"] == "failed"
    assert status["reason"].startswith("TF-IDF baseline: no word occurs in 2 or more")
    assert "\n" not in status["reason"]


def test_a_single_row_group_in_the_test_split_stops_before_training(tmp_path, model_tiny):
    """The audit after training refuses a group value with one row; train_run checks the test
    split's groups first, so nothing is trained or created on disk only to fail at the end."""
    from meddx.pipeline import train_run

    notes = synthetic_notes(40, seed=3)
    notes["ward"] = [f"W{i}" for i in range(len(notes))]  # every value a single row
    data = {"path": str(tmp_path / "notes.csv"), "text_column": "note", "label_column": "dx",
            "id_column": "note_id", "patient_column": "patient", "group_columns": ["ward"]}
    cfg = tiny_run_config(tmp_path, notes, model_tiny, name="wards", data=data)
    with pytest.raises(DataError, match=r"group 'W\d+' has only 1 row in the test split") as err:
        train_run(cfg, quiet=True)
    assert err.value.column == "ward"
    assert not (tmp_path / "runs" / "wards").exists()
