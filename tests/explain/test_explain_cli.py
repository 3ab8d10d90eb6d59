"""``meddx explain RUN`` end to end on a finished TF-IDF run: per-note HTML and JSON, global
terms over the test split, faithfulness, clear errors, and no note text in logs or console."""

from __future__ import annotations

import json
import logging

import pytest
from typer.testing import CliRunner

from meddx.audit._synthetic import VOCAB
from meddx.cli import app
from tests._support.helpers import make_tfidf_run, synthetic_notes

SENTINEL = "quixotely"  # in every note: it must reach the HTML, and never a log or the console


@pytest.fixture(scope="module")
def run_tfidf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explain")
    notes = synthetic_notes(240, seed=5)
    notes["note"] = notes["note"] + f" {SENTINEL} noted"
    run = make_tfidf_run(folder, notes, calibrate=False)
    notes.head(6).to_csv(folder / "new.csv", index=False)
    return run, folder


def _invoke(args, caplog):
    runner = CliRunner(env={"COLUMNS": "200"})
    with caplog.at_level(logging.DEBUG, logger="meddx"):
        result = runner.invoke(app, ["explain", *map(str, args)])
    assert SENTINEL not in result.output and SENTINEL not in caplog.text
    return result


def test_explain_input_writes_html_and_json(run_tfidf, caplog):
    run, folder = run_tfidf
    result = _invoke([run, "--input", folder / "new.csv", "--method", "occlusion",
                      "--limit", "4", "--out", folder / "out"], caplog)
    assert result.exit_code == 0, result.output
    pages = sorted(p.name for p in (folder / "out").glob("note-*.html"))
    assert pages == [f"note-0000{i}.html" for i in range(1, 5)]
    page = (folder / "out" / pages[0]).read_text(encoding="utf-8")
    assert SENTINEL in page and "<script" not in page and "http" not in page
    data = json.loads((folder / "out" / "explanations.json").read_text(encoding="utf-8"))
    assert data["methods"] == ["occlusion"] and len(data["notes"]) == 4
    note = data["notes"][0]
    assert note["id"] == "N00000" and note["label"] in VOCAB
    e = note["explanations"]["occlusion"]
    assert e["target"] == note["label"] and len(e["words"]) == len(e["offsets"]) == len(e["scores"])
    assert (folder / "out" / "index.html").is_file()


def test_explain_input_defaults_to_a_folder_beside_the_input(run_tfidf, caplog):
    run, folder = run_tfidf
    result = _invoke([run, "--input", folder / "new.csv", "--method", "occlusion", "--limit", "1"],
                     caplog)
    assert result.exit_code == 0, result.output
    assert (folder / "new.explanations" / "note-00001.html").is_file()


def test_explain_global_writes_into_the_run(run_tfidf, caplog):
    run, _ = run_tfidf
    result = _invoke([run, "--global", "--method", "occlusion", "--top", "5"], caplog)
    assert result.exit_code == 0, result.output
    data = json.loads((run / "explanations" / "global.json").read_text(encoding="utf-8"))
    assert data["split"] == "test" and data["n_notes"] == 48 and data["method"] == "occlusion"
    for label, entry in data["classes"].items():
        own = {w for p in VOCAB[label] for w in p.split()}
        assert entry["terms"][0]["term"] in own
    assert "<table>" in (run / "explanations" / "global.html").read_text(encoding="utf-8")


def test_explain_faithfulness(run_tfidf, caplog):
    run, folder = run_tfidf
    result = _invoke([run, "--faithfulness", "--n", "30", "--k", "2,10%", "--n-boot", "200",
                      "--method", "occlusion", "--out", folder / "faith"], caplog)
    assert result.exit_code == 0, result.output
    assert "ratio" in result.output
    text = (folder / "faith" / "faithfulness.json").read_text(encoding="utf-8")
    assert SENTINEL not in text
    data = json.loads(text)
    assert list(data["methods"]) == ["occlusion"] and data["n_notes"] == 30
    assert data["methods"]["occlusion"]["2"]["probability"]["ratio"] > 1


@pytest.mark.parametrize("args, message", [
    (["--method", "ig", "--global"], "explanation method 'ig' needs gradients"),
    (["--method", "rollout", "--faithfulness"], "kind 'tfidf_logreg'"),
    ([], "choose exactly one of --input FILE, --global or --faithfulness; got none"),
    (["--global", "--faithfulness"], "got --global, --faithfulness"),
    (["--global", "--method", "lime"], "unknown explanation method 'lime'"),
    (["--faithfulness", "--k", "0"], "k must be a whole number"),
    (["--input", "missing.csv"], "file not found"),
])
def test_explain_errors_are_one_line(run_tfidf, caplog, args, message):
    run, _ = run_tfidf
    result = _invoke([run, *args], caplog)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_a_missing_input_file_is_named_before_the_run_is_loaded(tmp_path, monkeypatch):
    import meddx.runs
    from meddx.errors import DataError
    from meddx.explain import explain_file

    def no_load(*args, **kwargs):
        raise AssertionError("the run was loaded before the input was checked")

    monkeypatch.setattr(meddx.runs, "load_run", no_load)
    with pytest.raises(DataError, match="nosuch.csv: file not found"):
        explain_file(tmp_path / "run", tmp_path / "nosuch.csv")


def test_a_second_input_of_the_same_stem_does_not_replace_the_first(run_tfidf, caplog):
    run, folder = run_tfidf
    here = folder / "twice"
    here.mkdir()
    notes = synthetic_notes(240, seed=5).head(3)
    notes["note"] = notes["note"] + f" {SENTINEL} noted"
    notes.to_csv(here / "notes.csv", index=False)
    notes.to_json(here / "notes.jsonl", orient="records", lines=True)
    first = _invoke([run, "--input", here / "notes.csv", "--method", "occlusion", "--limit", "2"],
                    caplog)
    assert first.exit_code == 0, first.output
    written = (here / "notes.explanations" / "explanations.json").read_text(encoding="utf-8")
    second = _invoke([run, "--input", here / "notes.jsonl", "--method", "occlusion"], caplog)
    assert second.exit_code == 2, second.output
    lines = [line for line in second.output.splitlines() if line.strip()]
    folder_name = f"{here / 'notes.explanations'}/"
    assert len(lines) == 1 and lines[0] == (
        f"error: {folder_name} already holds the explanations of notes.csv; not replaced by those "
        f"of notes.jsonl: pass --out with another folder, or remove {folder_name}"), second.output
    assert (here / "notes.explanations" / "explanations.json").read_text(encoding="utf-8") == written
    other = _invoke([run, "--input", here / "notes.jsonl", "--method", "occlusion",
                     "--out", here / "jsonl-out"], caplog)
    assert other.exit_code == 0, other.output
    assert len(json.loads((here / "jsonl-out" / "explanations.json").read_text())["notes"]) == 3
    again = _invoke([run, "--input", here / "notes.csv", "--method", "occlusion"], caplog)
    assert again.exit_code == 0, again.output  # the same file explained again replaces its own
    assert len(json.loads((here / "notes.explanations" / "explanations.json").read_text())["notes"]) == 3
