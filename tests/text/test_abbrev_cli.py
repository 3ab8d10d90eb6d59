"""`meddx abbrev` and `meddx abbrev-eval` end to end, with a stand-in encoder (no model files)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from tests._support.abbrev import fake_embed, notes


@pytest.fixture()
def cli(monkeypatch, tmp_path):
    import meddx.models

    monkeypatch.setattr(meddx.models, "text_embedder", lambda *a, **k: fake_embed)
    monkeypatch.setenv("MEDDX_CACHE", str(tmp_path / "cache"))
    return CliRunner()


@pytest.fixture()
def model_dir(cli, tmp_path):
    src = tmp_path / "train.jsonl"
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in notes(40)))
    out = tmp_path / "model"
    res = cli.invoke(app, ["abbrev-train", "--out", str(out), "--input", str(src), "--no-demo"])
    assert res.exit_code == 0, res.output
    return out


TEXT = "Pt's CT angiogram showed PE. Such as it is, heparin started; f/u for fever OR chills."


@pytest.mark.parametrize("mode", ["annotate", "expand"])
def test_abbrev_file(cli, model_dir, tmp_path, mode):
    src = tmp_path / "notes.csv"
    src.write_text('note_id,body\n7,"' + TEXT + '"\n')
    out = tmp_path / "out.jsonl"
    res = cli.invoke(app, ["abbrev", "--input", str(src), "--output", str(out), "--mode", mode,
                           "--text-column", "body", "--id-column", "note_id",
                           "--model", str(model_dir)])
    assert res.exit_code == 0, res.output
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["id"] == "7"
    shorts = [a["short"] for a in row["abbreviations"]]
    assert "PE" in shorts and "Pt" in shorts and "OR" not in shorts and "as" not in shorts
    for a in row["abbreviations"]:
        assert TEXT[a["start"]:a["end"]] == a["short"]  # offsets into the INPUT
        assert a["sense"] is None or isinstance(a["sense"], str)
    if mode == "expand":
        assert row["text"] != TEXT and "follow up for fever OR chills" in row["text"]
    else:
        assert row["text"] == TEXT


def test_abbrev_errors_are_one_line(cli, model_dir, tmp_path):
    src = tmp_path / "notes.jsonl"
    src.write_text(json.dumps({"body": "PE"}) + "\n")
    res = cli.invoke(app, ["abbrev", "--input", str(src), "--output", str(tmp_path / "o.jsonl"),
                           "--model", str(model_dir)])
    assert res.exit_code == 2 and "text column 'text' not found" in res.output
    bad = tmp_path / "inv.csv"
    bad.write_text("abbr,long\nPE,pulmonary embolism\n")
    res = cli.invoke(app, ["abbrev", "--input", str(src), "--output", str(tmp_path / "o.jsonl"),
                           "--inventory", str(bad)])
    assert res.exit_code == 2
    assert "missing column(s) short, sense" in res.output and str(bad.name) in res.output
    empty = tmp_path / "gold.jsonl"
    empty.write_text("")
    res = cli.invoke(app, ["abbrev-eval", "--gold", str(empty), "--model", str(model_dir)])
    assert res.exit_code == 2 and "empty" in res.output


def test_abbrev_eval_table(cli, model_dir, tmp_path, monkeypatch):
    """The figures, also in a log or an 80-column terminal: never '1.0…' or a dropped column."""
    monkeypatch.setenv("COLUMNS", "80")
    gold = tmp_path / "gold.jsonl"
    text = "CT angiogram showed PE and heparin anticoagulation was started for the clot"
    gold.write_text(json.dumps({"id": "a", "text": text, "abbreviations": [
        {"start": 20, "end": 22, "short": "PE", "sense": "pulmonary embolism"}]}) + "\n")
    out = tmp_path / "m.json"
    res = cli.invoke(app, ["abbrev-eval", "--gold", str(gold), "--model", str(model_dir),
                           "--out", str(out)])
    assert res.exit_code == 0, res.output
    m = json.loads(out.read_text())
    assert m["overall"]["n"] == 1 and set(m["by_abbreviation"]) == {"pe"}
    assert "majority_balanced_accuracy" in m["overall"]
    m = m["overall"]
    assert "…" not in res.output, res.output
    row = next(line.split() for line in res.output.splitlines() if line.strip().startswith("ALL"))
    assert row == ["ALL", str(m["n"]), str(m["senses"]), f"{m['accuracy']:.3f}",
                   f"{m['balanced_accuracy']:.3f}", f"{m['coverage']:.3f}",
                   f"{m['majority_accuracy']:.3f}", f"{m['majority_balanced_accuracy']:.3f}"], row
