"""The causal-LM track through the command line, with flags only: `meddx train --model FOLDER
--mode zero-shot|few-shot|lora|rag` writes the same metrics.json as an encoder run, and
`meddx evaluate / predict / audit / serve` take the run; bad prompt or knowledge-base settings
stop before a run folder exists, with one `error:` line that names the field or file."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from meddx.cli import app
from tests._support.helpers import synthetic_notes
from tests._support.rag import write_guidelines


@pytest.fixture(scope="module")
def notes(tmp_path_factory):
    path = tmp_path_factory.mktemp("notes") / "notes.csv"
    synthetic_notes(60, seed=5).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def guideline_kb(model_tiny, tmp_path_factory):
    folder = tmp_path_factory.mktemp("kb")
    result = _cli("kb", "build", str(write_guidelines(folder / "guidelines")), "--out",
                  str(folder / "kb"), "--chunk-words", "20", "--overlap", "5", "--encoder",
                  str(model_tiny), "-q")
    assert result.exit_code == 0, result.output
    return folder / "kb"


def _cli(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def _train(notes, model, out, name, *extra):
    return _cli("train", "--data", notes, "--text-column", "note", "--label-column", "dx",
                "--id-column", "note_id", "--group-columns", "sex", "--model", model,
                "--out", out, "--name", name, "--quiet", *extra)


def _keys(metrics: dict) -> dict:
    """metrics.json's shape: top-level keys and the keys of each section."""
    return {k: sorted(v) if isinstance(v, dict) else type(v).__name__ for k, v in metrics.items()}


@pytest.fixture(scope="module")
def encoder_metrics(notes, model_tiny, tmp_path_factory):
    """metrics.json of an encoder run (a tiny BERT, frozen + head) on the same notes."""
    out = tmp_path_factory.mktemp("encoder-run")
    result = _train(notes, model_tiny, out / "runs", "enc", "--mode", "frozen")
    assert result.exit_code == 0, result.output
    return json.loads((out / "runs" / "enc" / "metrics.json").read_text())


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["zero-shot", "few-shot", "lora", "seqcls", "rag", "rag-kb"])
def test_every_mode_trains_from_flags_and_serves_like_an_encoder_run(
        model_tiny_causal, notes, guideline_kb, encoder_metrics, tmp_path, mode):
    from fastapi.testclient import TestClient

    from meddx.serve import ServeSettings, create_app

    extra = ["--mode", "rag", "--kb", guideline_kb] if mode == "rag-kb" else ["--mode", mode]
    if mode in ("lora", "seqcls"):
        extra += ["--max-steps", "2"]
    result = _train(notes, model_tiny_causal, tmp_path / "runs", "llm", *extra)
    assert result.exit_code == 0, result.output
    run = tmp_path / "runs" / "llm"
    metrics = json.loads((run / "metrics.json").read_text())
    assert _keys(metrics) == _keys(encoder_metrics)
    manifest = json.loads((run / "model" / "meddx_model.json").read_text())
    assert manifest["mode"] == extra[1]
    assert manifest["kind"] == ("causal_seqcls" if mode == "seqcls" else "causal_lm")
    assert (run / "model" / "adapter").is_dir() == (mode in ("lora", "seqcls"))
    assert (run / "model" / "example_pool.json").is_file() == (mode in ("few-shot", "rag"))

    evaluated = _cli("evaluate", run, "--data", notes, "--out", tmp_path / "eval.json", "-q")
    assert evaluated.exit_code == 0, evaluated.output
    assert set(json.loads((tmp_path / "eval.json").read_text())) >= {"model", "baseline"}

    predicted = _cli("predict", run, "--input", notes, "--output", tmp_path / "pred.csv",
                     "--id-column", "note_id", "-q")
    assert predicted.exit_code == 0, predicted.output
    preds = pd.read_csv(tmp_path / "pred.csv")
    assert len(preds) == 60 and "note" not in preds.columns
    assert np.allclose(preds.filter(like="p[").sum(axis=1), 1.0, atol=1e-5)

    audited = _cli("audit", run, "--n-boot", "20", "-q")
    assert audited.exit_code == 0, audited.output
    assert json.loads((run / "audit.json").read_text())["gaps"]

    settings = ServeSettings.build(api_keys=["k-0123456789abcdef"],
                                   store_url=f"sqlite:///{tmp_path / 'p.db'}")
    client = TestClient(create_app(run, settings=settings))
    r = client.post("/v1/predict", json={"text": "chest pain and palpitations"},
                    headers={"Authorization": "Bearer k-0123456789abcdef"})
    assert r.status_code == 200, r.text
    assert abs(sum(r.json()["predictions"][0]["probabilities"].values()) - 1) < 1e-5


def _config(tmp_path, name: str, llm: dict):
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"llm": llm}))
    return path


@pytest.mark.parametrize(("case", "fragments"), [
    ("template", ["llm.template", "bad.j2", "{{ text }}", "uses: note"]),
    ("verbalizer", ["llm.verbalizer", "class 'neuro'", "cardiac, gi, neuro"]),
    ("embedder", ["knowledge base '{kb}'", "embedding model", "{other}"]),
    ("empty-kb", ["'{tmp}/empty' is not a knowledge base", "meddx kb build"]),
    ("missing-kb", ["knowledge base folder '{tmp}/nokb' does not exist"]),
])
def test_bad_prompt_and_kb_settings_fail_before_the_run_folder(
        model_tiny_causal, notes, guideline_kb, tmp_path, model_tiny_wide, case, fragments):
    other = model_tiny_wide.resolve()
    (tmp_path / "bad.j2").write_text("Classify this note: {{ note }}\n")
    (tmp_path / "empty").mkdir()
    args = {
        "template": ["--mode", "zero-shot", "--template", tmp_path / "bad.j2"],
        "verbalizer": [_config(tmp_path, "verbalizer", {"verbalizer": {"cardiac": "heart", "gi": "gut"}}),
                       "--mode", "zero-shot"],
        "embedder": [_config(tmp_path, "embedder", {"embedder": str(other)}), "--mode", "rag", "--kb",
                     guideline_kb],
        "empty-kb": ["--mode", "rag", "--kb", tmp_path / "empty"],
        "missing-kb": ["--mode", "rag", "--kb", tmp_path / "nokb"],
    }[case]
    config = [args.pop(0)] if not str(args[0]).startswith("--") else []
    result = _cli("train", *config, "--data", notes, "--text-column", "note", "--label-column",
                  "dx", "--model", model_tiny_causal, "--out", tmp_path / "runs", "--name", "x",
                  *args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in result.output
    text = result.output.replace("\n", " ")
    fill = {"tmp": tmp_path, "kb": guideline_kb, "other": other}
    for fragment in fragments:
        assert fragment.format(**fill) in text
    for note in pd.read_csv(notes)["note"]:  # no note text in the error
        assert " ".join(note.split()[:4]) not in text
    assert not (tmp_path / "runs" / "x").exists()  # nothing written: the same --name works again


@pytest.mark.slow
def test_cli_resume_continues_an_interrupted_lora_run(model_tiny_causal, notes, tmp_path):
    config = tmp_path / "lora.yaml"
    config.write_text(yaml.safe_dump({"train": {"max_steps": 2, "save_steps": 1, "batch_size": 8,
                                                "keep_checkpoints": "all"},  # both stay
                                      "eval": {"bootstrap": 0}, "baseline": False}))
    args = [config, "--mode", "lora", "--quiet"]
    assert _train(notes, model_tiny_causal, tmp_path / "runs", "r", *args).exit_code == 0
    run = tmp_path / "runs" / "r"
    # Make it look killed after step 1: only checkpoint-1 left, status still running.
    import shutil

    shutil.rmtree(run / "checkpoints" / "checkpoint-2")
    status = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps(dict(status, status="running")))
    result = _train(notes, model_tiny_causal, tmp_path / "runs", "r", *args, "--resume")
    assert result.exit_code == 0, result.output
    assert "resuming from checkpoint-1" in (run / "train.log").read_text()
    assert json.loads((run / "run.json").read_text())["status"] == "complete"


def test_documented_train_commands_use_real_flags_and_modes():
    """docs/llm.md's `meddx train $D ...` lines: every flag exists, every mode is a causal one."""
    import re
    import shlex
    from pathlib import Path

    import typer

    from meddx.config import CAUSAL_MODES

    doc = (Path(__file__).resolve().parents[2] / "docs" / "llm.md").read_text(encoding="utf-8")
    base = re.search(r'^D="(.+)"$', doc, flags=re.MULTILINE).group(1)
    lines = re.findall(r"^meddx train \$D (.+?)(?:\s+#.*)?$", doc, flags=re.MULTILINE)
    command = typer.main.get_command(app).commands["train"]
    options = {o for p in command.params for o in p.opts}
    modes = set()
    for line in lines:
        words = shlex.split(f"{base} {line}")
        assert {w for w in words if w.startswith("--")} <= options, line
        modes.add(words[words.index("--mode") + 1])
    assert modes == set(CAUSAL_MODES)
