"""``meddx deid-train --extra-train``: annotated notes added to the synthetic training notes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from meddx.deid import train_ner
from meddx.errors import DataError

runner = CliRunner()
NOTES = [
    {"text": "son mike called at 0600, lives in pell harbor", "phi": [
        {"start": 4, "end": 8, "type": "NAME"}, {"start": 34, "end": 45, "type": "LOCATION"}]},
    {"text": "MRN 4471203 seen by dr okonjo 8/28", "phi": [
        {"start": 4, "end": 11, "type": "ID"}, {"start": 23, "end": 29, "type": "NAME"},
        {"start": 30, "end": 34, "type": "DATE"}]},
]


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.mark.slow
def test_extra_notes_join_training(tmp_path, model_tiny):
    extra = _write(tmp_path / "extra.jsonl", NOTES)
    meta = train_ner(tmp_path / "m", base_model=str(model_tiny), n=10, seed=1, max_steps=1, max_length=32,
                     stride=8, batch_size=4, quiet=True, extra_train=extra)
    assert meta["train"]["n_extra_notes"] == 2
    assert (tmp_path / "m" / "meddx_ner.json").is_file()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"text": "x y", "phi": [{"start": 0, "end": 1, "type": "PERSON"}]}], "PHI type 'PERSON'"),
        ([{"text": "x y", "phi": [{"start": 0, "end": 9, "type": "NAME"}]}], "outside the text"),
        ([{"phi": []}], "'text' missing"),
        ([], "file is empty"),
    ],
)
def test_bad_extra_notes_fail_with_one_line_naming_the_file(tmp_path, model_tiny, rows, message):
    extra = _write(tmp_path / "extra.jsonl", rows)
    with pytest.raises(DataError, match=message) as err:
        train_ner(tmp_path / "m", base_model=str(model_tiny), n=10, max_steps=1, quiet=True,
                  extra_train=extra)
    assert "extra.jsonl" in str(err.value) and "x y" not in str(err.value)
    assert not (tmp_path / "m").exists()


@pytest.mark.slow
def test_deid_train_cli_extra_train(tmp_path, model_tiny):
    extra = _write(tmp_path / "extra.jsonl", NOTES)
    out = tmp_path / "cli"
    result = runner.invoke(app, ["deid-train", "--out", str(out), "--n", "10", "--max-steps", "1",
                                 "--base-model", str(model_tiny), "--max-length", "32", "--stride", "8",
                                 "--extra-train", str(extra), "-q"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "meddx_ner.json").read_text())["train"]["n_extra_notes"] == 2
    missing = runner.invoke(app, ["deid-train", "--out", str(tmp_path / "x"), "--base-model", str(model_tiny),
                                  "--extra-train", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code != 0 and "nope.jsonl" in missing.output
