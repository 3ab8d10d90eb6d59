"""int8 dynamic quantisation of a fine-tuned encoder: the layers are swapped, the original is
untouched, the service serves it, and bench/serve_quantization.py runs (on a tiny 2-layer BERT
built from config, so the figures mean nothing)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

from meddx.config import load_config, save_config
from meddx.models import ModelConfig
from meddx.runs import load_run
from meddx.serve import PredictionService, ServeSettings, quantize_model
from tests._support.helpers import make_tiny_model, synthetic_notes

ROOT = Path(__file__).resolve().parents[2]
LABELS = ["cardiac", "gi", "neuro"]


def _finetuned_run(folder: Path, mode: str = "full") -> Path:
    """A run directory holding an untrained fine-tuned classifier (enough for quantisation)."""
    from meddx.models import FineTunedClassifier
    from meddx.models._encoder import load_classifier_model, load_tokenizer

    base = make_tiny_model(folder / "tiny")
    data = folder / "notes.csv"
    synthetic_notes(40, seed=3).to_csv(data, index=False)
    cfg = load_config(overrides={"name": "ft", "out_dir": str(folder / "runs"),
                                 "data": {"path": str(data), "text_column": "note",
                                          "label_column": "dx"},
                                 "model": {"name": str(base), "mode": mode}})
    model = load_classifier_model(base, labels=LABELS, task="multiclass",
                                  cfg=ModelConfig(name=str(base), mode=mode), for_training=True)
    clf = FineTunedClassifier(labels=LABELS, task="multiclass", prep=cfg.prep, model=model,
                              tokenizer=load_tokenizer(base), base_model=str(base), mode=mode)
    run = folder / "runs" / "ft"
    run.mkdir(parents=True)
    save_config(cfg, run / "config.yaml")
    clf.save(run / "model")
    return run


@pytest.fixture(scope="module")
def ft_run(tmp_path_factory):
    return _finetuned_run(tmp_path_factory.mktemp("quant"))


def _kinds(model) -> set[str]:
    return {m._get_name() for m in model.modules()}  # DynamicQuantizedLinear, Linear, ...


def test_quantize_swaps_linear_layers_and_keeps_the_original(ft_run):
    clf = load_run(ft_run, with_baseline=False).model
    q = quantize_model(clf)
    assert "DynamicQuantizedLinear" in _kinds(q.model) and "Linear" not in _kinds(q.model)
    assert "DynamicQuantizedLinear" not in _kinds(clf.model)
    texts = synthetic_notes(6, seed=5)["note"].tolist()
    fp32, int8 = clf.predict_proba(texts), q.predict_proba(texts)
    assert int8.shape == fp32.shape and abs(int8 - fp32).max() < 0.1


def test_quantize_merges_lora_adapters(tmp_path):
    clf = load_run(_finetuned_run(tmp_path, mode="lora"), with_baseline=False).model
    q = quantize_model(clf)
    assert "DynamicQuantizedLinear" in _kinds(q.model)
    assert not any("lora" in name for name, _ in q.model.named_modules())


def test_the_service_serves_the_int8_model(ft_run, tmp_path):
    settings = ServeSettings(quantize="int8", store_url=f"sqlite:///{tmp_path / 'p.db'}")
    service = PredictionService(ft_run, settings)
    assert service.model_version.endswith("-int8")
    out = service.predict(["chest pain and troponin elevated"])
    assert set(out[0]["probabilities"]) == set(LABELS)
    service.close()


def test_bench_script_runs(ft_run, tmp_path, monkeypatch, capsys):
    out = tmp_path / "q.json"
    argv = [str(ft_run), "--n", "8", "--repeats", "1", "--out", str(out)]
    monkeypatch.setattr(sys, "argv", ["serve_quantization.py", *argv])
    runpy.run_path(str(ROOT / "bench" / "serve_quantization.py"), run_name="__main__")
    assert '"label_agreement"' in capsys.readouterr().out
    import json

    result = json.loads(out.read_text())
    assert set(result["texts_per_second"]) == {"fp32", "int8"} and result["n_texts"] == 8
    assert result["size_mb"]["int8"] < result["size_mb"]["fp32"]
