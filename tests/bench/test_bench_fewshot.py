"""Smoke tests of the few-shot benchmark scripts on synthetic notes with tiny models."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from tests._support.helpers import synthetic_notes

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def data_notes_csv(tmp_path):
    path = tmp_path / "notes.csv"
    synthetic_notes(150, seed=4).to_csv(path, index=False)
    return path


@pytest.mark.slow
def test_learning_curve_table_and_merge(tmp_path, model_tiny, model_tiny_causal, data_notes_csv):
    lc = _bench("learning_curve")
    results, doc = tmp_path / "lc.json", tmp_path / "bench.md"
    doc.write_text("# Benchmarks\n\n## Other\n\nkept\n")
    common = ["--data", str(data_notes_csv), "--config", "", "--text-column", "note",
              "--label-column", "dx", "--model", str(model_tiny), "--shots", "2", "4",
              "--results", str(results), "--doc", str(doc), "--quiet"]
    assert lc.main(common + ["--methods", "tfidf", "frozen"]) == 0
    assert lc.main(common + ["--methods", "incontext", "--shots", "4", "--llm-model",
                             str(model_tiny_causal), "--incontext-test-n", "9"]) == 0
    records = json.loads(results.read_text())["records"]
    ok = [r for r in records if r["status"] == "ok"]
    assert {(r["method"], r["shots"]) for r in ok} == {
        (m, n) for m in ("tfidf", "frozen") for n in (2, 4)} | {("incontext", 4)}
    assert next(r for r in ok if r["method"] == "incontext")["n_test"] == 9
    assert all(r["n_train"] == 3 * r["shots"] and 0 <= r["macro_f1"] <= 1 for r in ok)
    text = doc.read_text()
    assert text.count("## Few-shot learning curve") == 1 and "## Other\n\nkept" in text
    assert "| 2 | " in text and "python bench/learning_curve.py" in text
    assert "| 2 | " in text.split("test n=9)")[1]  # in-context ran at 4 shots only: 2 -> not run
    assert "not run |" in text
    lc.main(common + ["--methods", "tfidf", "--shots", "2"])  # rewrites its section in place
    assert doc.read_text().count("## Few-shot learning curve") == 1


def test_table_averages_seeds():
    lc = _bench("learning_curve")
    recs = [{"method": "tfidf", "shots": 8, "seed": s, "status": "ok", "macro_f1": f,
             "n_test": 10} for s, f in ((0, 0.5), (1, 0.7))]
    assert "| 8 | 0.600 ± 0.141 (2 seeds) |" in lc.table(recs)


@pytest.mark.slow
def test_llm_modes_rows_through_train_run(tmp_path, model_tiny, model_tiny_causal, data_notes_csv):
    import pandas as pd
    import yaml

    from tests._support.helpers import make_tfidf_run

    lm = _bench("llm_modes")
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(yaml.safe_dump({"data": {"text_column": "note", "label_column": "dx",
                                            "id_column": "note_id", "patient_column": "patient"},
                                   "prep": {"max_length": 32}}))
    (tmp_path / "old").mkdir()
    existing = make_tfidf_run(tmp_path / "old", pd.read_csv(data_notes_csv))
    out, doc = tmp_path / "modes.json", tmp_path / "bench.md"
    argv = ["--data", str(data_notes_csv), "--config", str(cfg), "--model", str(model_tiny),
            "--modes", "frozen", "setfit", "zero-shot", "few-shot", "rag", "lora", "finetuned",
            "--lora-train-n", "15", "--lora-max-steps", "2", "--k", "2",
            "--llm-model", str(model_tiny_causal),
            "--finetuned-run", str(existing), "--test-n", "20", "--setfit-shots", "4",
            "--setfit-iterations", "2", "--bootstrap", "20", "--runs", str(tmp_path / "runs"),
            "--out", str(out), "--doc", str(doc), "--quiet"]
    assert lm.main(argv) == 0
    rows = {r["mode"]: r for r in json.loads(out.read_text())["records"]}
    for mode in ("frozen", "setfit", "zero-shot", "few-shot", "rag", "lora", "finetuned"):
        assert rows[mode]["status"] == "ok", rows[mode]
        assert rows[mode]["n_test"] == 20 and 0 <= rows[mode]["macro_f1"] <= 1
        assert rows[mode]["ece_after"] is not None
    assert rows["setfit"]["n_train"] == 12  # 4 per class
    assert rows["lora"]["n_train"] == 15 and rows["zero-shot"]["n_train"] > 15
    frozen_run = Path(rows["frozen"]["run_dir"])
    assert (frozen_run / "metrics.json").is_file() and (frozen_run / "model").is_dir()
    text = doc.read_text()
    assert "## LLM track: modes on the demo" in text and "python bench/llm_modes.py" in text
