"""Training the causal-LM backend: LoRA SFT, the seqcls head's save/reload, and `meddx train`."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from typer.testing import CliRunner

from meddx.cli import app
from meddx.config import load_config
from meddx.models import load_classifier
from meddx.models._causal import PromptBuilder
from meddx.models._causal_load import load_causal_tokenizer
from meddx.train._causal_fit import fit_causal, sft_examples
from tests._support.causal import TINY_LABELS

TOY = {"chest pain and palpitations": 0, "seizure with aphasia": 1, "jaundice and melena": 2}
ALL_LINEAR = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def _fit(path, tmp_path, mode: str, steps: int):
    cfg = load_config(None, {
        "model": {"name": str(path), "mode": mode,
                  "lora": {"r": 8, "alpha": 16, "dropout": 0.0, "target_modules": ALL_LINEAR}},
        "train": {"max_steps": steps, "batch_size": 6, "learning_rate": 1e-2, "warmup_ratio": 0.0,
                  "lr_scheduler": "constant_with_warmup",
                  "threads": 1},
        "llm": {"template": "terse"},
    })
    texts = list(TOY) * 2
    part = {"train": SimpleNamespace(texts=texts, y=np.array([TOY[t] for t in texts]))}
    run = SimpleNamespace(checkpoints=tmp_path / "ckpt")
    return fit_causal(cfg, part, TINY_LABELS, "multiclass", run, quiet=True, notes=[]).classifier


def test_sft_loss_covers_only_the_answer_tokens(model_tiny_causal):
    tok = load_causal_tokenizer(model_tiny_causal)
    builder = PromptBuilder(tok, TINY_LABELS, load_config(None, {}).llm)
    row = sft_examples(builder, ["chest pain"], np.array([1]))[0]
    answer = builder.label_ids[1]
    assert row["input_ids"][-len(answer):] == answer
    assert row["labels"] == [-100] * (len(row["input_ids"]) - len(answer)) + answer


@pytest.mark.slow
def test_lora_sft_ranks_the_right_label_first_and_reloads(model_tiny_causal, tmp_path):
    clf = _fit(model_tiny_causal, tmp_path, "lora", steps=20)
    proba = clf.predict_proba(list(TOY))
    assert proba.argmax(1).tolist() == list(TOY.values())
    clf.save(tmp_path / "m")
    assert (tmp_path / "m" / "adapter" / "adapter_config.json").is_file()
    np.testing.assert_allclose(load_classifier(tmp_path / "m").predict_proba(list(TOY)), proba,
                               atol=1e-6)


def test_seqcls_head_is_saved_and_reloaded_with_the_adapters(model_tiny_causal, tmp_path):
    clf = _fit(model_tiny_causal, tmp_path, "seqcls", steps=3)
    proba = clf.predict_proba(list(TOY))
    clf.save(tmp_path / "m")
    from safetensors import safe_open

    with safe_open(str(tmp_path / "m" / "adapter" / "adapter_model.safetensors"), "pt") as fh:
        assert any(".score." in key for key in fh.keys())  # the head travels with the adapters
    torch.manual_seed(1234)  # a head not restored from disk would come out different
    again = load_classifier(tmp_path / "m")
    assert type(again).__name__ == "CausalSeqClsClassifier"
    np.testing.assert_allclose(again.predict_proba(list(TOY)), proba, atol=1e-6)


@pytest.mark.slow
def test_cli_train_zero_shot_writes_the_usual_run(model_tiny_causal, tmp_path):
    import pandas as pd

    from tests._support.helpers import synthetic_notes

    data = tmp_path / "notes.csv"
    synthetic_notes(40, seed=3).to_csv(data, index=False)
    result = CliRunner().invoke(app, [
        "train", "--data", str(data), "--text-column", "note", "--label-column", "dx",
        "--model", str(model_tiny_causal), "--mode", "zero-shot", "--out", str(tmp_path / "runs"),
        "--name", "zs", "--quiet"])
    assert result.exit_code == 0, result.output
    run = tmp_path / "runs" / "zs"
    metrics = json.loads((run / "metrics.json").read_text())
    assert {"model", "baseline", "calibration", "split", "train_seconds"} <= set(metrics)
    assert json.loads((run / "model" / "meddx_model.json").read_text())["kind"] == "causal_lm"
    preds = pd.read_csv(run / "predictions.csv")
    assert np.allclose(preds.filter(like="model_p[").sum(axis=1), 1.0, atol=1e-5)
    out = tmp_path / "pred.csv"
    result = CliRunner().invoke(app, ["predict", str(run), "--input", str(data), "--output",
                                      str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(out)) == 40


@pytest.mark.parametrize("mode", ["few-shot", "rag"])
def test_few_shot_and_rag_keep_their_pool_and_reload(model_tiny_causal, tmp_path, mode):
    clf = _fit(model_tiny_causal, tmp_path, mode, steps=1)
    chat = clf.render(["palpitations and chest pain"])[0]
    assert "chest pain and palpitations" in chat  # the nearest training note is shown
    proba = clf.predict_proba(list(TOY))
    clf.save(tmp_path / "m")
    assert (tmp_path / "m" / "example_pool.json").is_file()
    np.testing.assert_allclose(load_classifier(tmp_path / "m").predict_proba(list(TOY)), proba,
                               atol=1e-6)


@pytest.mark.slow
def test_cli_prompts_compare_prints_a_row_per_template(model_tiny_causal, tmp_path):
    from tests._support.helpers import synthetic_notes

    data = tmp_path / "notes.csv"
    synthetic_notes(40, seed=4).to_csv(data, index=False)
    result = CliRunner().invoke(app, [
        "prompts", "compare", "--data", str(data), "--text-column", "note", "--label-column", "dx",
        "--model", str(model_tiny_causal), "--templates", "plain,terse", "--limit", "3", "-q"])
    assert result.exit_code == 0, result.output
    assert "validation split, 3 notes" in result.output
    rows = [line for line in result.output.splitlines() if "plain" in line or "terse" in line]
    assert len(rows) == 2


def test_cli_prompts_compare_rejects_an_encoder(tmp_path):
    result = CliRunner().invoke(app, [
        "prompts", "compare", "--data", str(tmp_path / "x.csv"), "--model", "minilm",
        "--templates", "plain"])
    assert result.exit_code == 2
    assert "needs a causal-LM model" in result.output
    assert "pass --model with a causal-LM preset (smollm2)" in result.output  # what to do


def test_cli_prompts_compare_defaults_to_every_built_in_template(tmp_path, monkeypatch):
    import meddx.train
    from meddx.models import TEMPLATES

    seen = []

    def fake_compare(cfg, templates, **kwargs):
        seen.append(list(templates))
        return [{"template": t, "n": 3, "macro_f1": 0.5, "ece": 0.1, "seconds": 1.0,
                 "notes_per_second": 3.0} for t in templates]

    monkeypatch.setattr(meddx.train, "compare_templates", fake_compare)
    result = CliRunner().invoke(app, [
        "prompts", "compare", "--data", str(tmp_path / "x.csv"), "--model", "smollm2"])
    assert result.exit_code == 0, result.output
    assert seen == [list(TEMPLATES)] and list(TEMPLATES) == ["plain", "clinician", "terse"]
    assert all(name in result.output for name in TEMPLATES)


def test_prompts_compare_without_a_template_says_what_to_pass(tmp_path):
    from meddx.errors import ConfigError
    from meddx.train import compare_templates

    cfg = load_config(None, {"model": {"name": "smollm2", "mode": "zero-shot"}})
    with pytest.raises(ConfigError, match=r"name at least one template: a built-in one \(plain, "
                                          r"clinician, terse; `meddx prompts list`\) or a template "
                                          r"file, e.g. --templates plain,my_prompt.j2"):
        compare_templates(cfg, [])
    result = CliRunner().invoke(app, [
        "prompts", "compare", "--data", str(tmp_path / "x.csv"), "--model", "smollm2",
        "--templates", ","])
    assert result.exit_code == 2 and "name at least one template: a built-in one" in result.output


def test_rag_with_a_built_knowledge_base_cites_the_planted_passage(model_tiny_causal, tmp_path,
                                                                   model_tiny):
    from meddx.rag import build_kb
    from tests._support.rag import write_guidelines

    build_kb([write_guidelines(tmp_path / "docs")], tmp_path / "kb", encoder=str(model_tiny))
    cfg = load_config(None, {"model": {"name": str(model_tiny_causal), "mode": "rag"},
                             "llm": {"kb_path": str(tmp_path / "kb"), "rag_k": 2}})
    part = {"train": SimpleNamespace(texts=list(TOY), y=np.array(list(TOY.values())))}
    clf = fit_causal(cfg, part, TINY_LABELS, "multiclass", None, quiet=True, notes=[]).classifier
    assert clf.pool is None  # a built knowledge base: no training notes stored
    note = "warfarin reversal after intracranial haemorrhage prothrombin complex concentrate"
    assert "[bleeding.txt" in clf.render([note])[0]
    clf.save(tmp_path / "m")
    again = load_classifier(tmp_path / "m")
    np.testing.assert_allclose(again.predict_proba([note]), clf.predict_proba([note]), atol=1e-6)


def _fit_pool(path, texts, y, phi, notes):
    cfg = load_config(None, {"model": {"name": str(path), "mode": "few-shot"},
                             "llm": {"template": "terse", "few_shot_strategy": "random"}})
    part = {"train": SimpleNamespace(texts=texts, y=np.array(y))}
    return fit_causal(cfg, part, TINY_LABELS, "multiclass", None, quiet=True, notes=notes,
                      phi=phi).classifier


def test_example_pool_keeps_out_notes_holding_phi_found_elsewhere(model_tiny_causal, tmp_path):
    from meddx.deid import PhiRecorder, scan_run_for_phi
    from meddx.errors import DataError, PHILeakError

    phi = PhiRecorder()
    phi.add("Whitfield", "NAME")  # flagged in some note of the input, unflagged in this one
    texts = [*TOY, "seizure with aphasia, seen by whitfield"]
    y = [*TOY.values(), 1]
    notes: list[str] = []
    clf = _fit_pool(model_tiny_causal, texts, y, phi, notes)
    assert clf.pool.texts == list(TOY) and clf.pool.y.tolist() == list(TOY.values())
    assert any("1 of 4 training notes left out" in n for n in notes)
    assert not any("whitfield" in n.lower() for n in notes)
    clf.save(tmp_path / "kept")
    scan_run_for_phi(tmp_path / "kept", phi)  # the stored pool passes the leakage scan
    _fit_pool(model_tiny_causal, texts, y, None, []).save(tmp_path / "all")
    with pytest.raises(PHILeakError):  # the scan would have caught it: the test can fail
        scan_run_for_phi(tmp_path / "all", phi)
    with pytest.raises(DataError, match="no training note left for class 'neuro'"):
        _fit_pool(model_tiny_causal, [*TOY][::2] + texts[-1:], [0, 2, 1], phi, [])


def test_answer_only_loss_equals_the_models_own_loss(model_tiny_causal, tmp_path):
    """The memory-saving SFT loss (vocabulary logits only where an answer token is predicted)
    is the model's own mean cross-entropy over the answer tokens."""
    import transformers

    from meddx.models._causal_load import load_causal_lm
    from meddx.train._causal_fit import _answer_loss_trainer, _PadCollator

    tok = load_causal_tokenizer(model_tiny_causal)
    builder = PromptBuilder(tok, TINY_LABELS, load_config(None, {}).llm)
    rows = sft_examples(builder, list(TOY), np.array(list(TOY.values())))
    batch = _PadCollator(tok.pad_token_id or 0)(rows)
    model = load_causal_lm(model_tiny_causal, fresh=True)
    trainer = _answer_loss_trainer(transformers)(
        model=model, args=transformers.TrainingArguments(output_dir=str(tmp_path), use_cpu=True,
                                                         report_to="none"))
    with torch.no_grad():
        ours = trainer.compute_loss(model, dict(batch))
        theirs = model(**batch).loss
    assert torch.isclose(ours, theirs, atol=1e-5), (ours, theirs)
