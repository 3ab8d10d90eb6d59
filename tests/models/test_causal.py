"""The causal-LM backend: prompts, label likelihood, few-shot, RAG, LoRA SFT and the seqcls head."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest
import torch

from meddx.config import load_config
from meddx.errors import ConfigError
from meddx.models import LlmConfig, load_classifier
from meddx.models._causal import CausalLMClassifier, PromptBuilder
from meddx.models._causal_load import load_causal_tokenizer
from meddx.models._fewshot import ExamplePool
from meddx.models._prompts import load_template, render_chat
from meddx.models._verbalizer import score_labels, verbalize
from meddx.text import PrepConfig
from tests._support.causal import TINY_LABELS


def _clf(path, **llm) -> CausalLMClassifier:
    llm.setdefault("template", "terse")
    return CausalLMClassifier(labels=TINY_LABELS, task="multiclass", prep=PrepConfig(),
                              base_model=str(path), mode=llm.pop("mode", "zero-shot"),
                              llm=LlmConfig(**llm))


def test_plain_template_renders_the_exact_chat_format(model_tiny_causal):
    tok = load_causal_tokenizer(model_tiny_causal)
    builder = PromptBuilder(tok, ["a", "b"], LlmConfig(template="plain"))
    assert builder.chat("Chest pain.") == (
        "<|im_start|>system\nYou are a careful medical assistant who classifies clinical text."
        "<|im_end|>\n<|im_start|>user\nClassify the text into one of these categories: a, b.\n\n"
        "Text: Chest pain.\n\nAnswer with the category name only.<|im_end|>\n"
        "<|im_start|>assistant\n")


def test_examples_and_passages_render_with_source_ids(model_tiny_causal):
    @dataclass
    class P:
        source_id: str
        text: str
        score: float = 1.0
        metadata: dict = field(default_factory=dict)

    tok = load_causal_tokenizer(model_tiny_causal)
    builder = PromptBuilder(tok, ["x", "y"], LlmConfig(template="terse", system_prompt="S",
                                                       verbalizer={"x": "Ex", "y": "Why"}))
    chat = builder.chat("note", examples=[("first", 1)],
                        passages=[P("guide.md#3", "passage text", metadata={"label": "x"})])
    assert "[guide.md#3] (Ex) passage text" in chat
    assert "Text: first\nAnswer: Why" in chat
    assert chat.startswith("<|im_start|>system\nS<|im_end|>")


@pytest.mark.parametrize(("source", "match"), [
    ("Classify: {{ note }}", "no {{ text }} slot"),
    ("{{ text }} {{ oops }}", "unknown variable 'oops'"),
    ("{{ text ", "syntax error"),
])
def test_bad_template_files_are_config_errors(tmp_path, source, match):
    path = tmp_path / "t.j2"
    path.write_text(source)
    with pytest.raises(ConfigError, match=match):
        load_template(str(path))


def test_unknown_template_name_lists_builtins():
    with pytest.raises(ConfigError, match="plain, clinician, terse"):
        load_template("fancy")


@pytest.mark.parametrize(("mapping", "match"), [
    ({"a": "A"}, "no entry for class 'b'"),
    ({"a": "A", "b": "B", "c": "C"}, "'c', which is not a label"),
    ({"a": "Same", "b": "Same"}, "same text"),
])
def test_verbalizer_errors_name_the_class(mapping, match):
    with pytest.raises(ConfigError, match=match):
        verbalize(["a", "b"], mapping)


def test_cached_scoring_equals_full_forward(model_tiny_causal):
    clf = _clf(model_tiny_causal, verbalizer={"cardiac": "heart disease", "neuro": "brain",
                                              "gi": "gut and liver trouble"}, length_norm=False)
    prompts = [clf.prompts.ids(c) for c in clf.render(["short note", "a much longer note here"])]
    got = score_labels(clf.model, prompts, clf.prompts.label_ids, pad_id=clf.tokenizer.pad_token_id,
                       length_norm=False)
    with torch.inference_mode():
        for i, p in enumerate(prompts):
            for j, lab in enumerate(clf.prompts.label_ids):
                logp = clf.model(torch.tensor([p + lab])).logits[0].log_softmax(-1)
                want = sum(float(logp[len(p) - 1 + t, tok]) for t, tok in enumerate(lab))
                assert got[i, j] == pytest.approx(want, abs=1e-4)


def test_probabilities_sum_to_one_and_survive_save_load(model_tiny_causal, tmp_path):
    clf = _clf(model_tiny_causal)
    proba = clf.predict_proba(["chest pain", "seizure", "jaundice and melena"])
    assert proba.shape == (3, 3)
    np.testing.assert_allclose(proba.sum(1), 1.0, atol=1e-9)
    clf.save(tmp_path / "m")
    np.testing.assert_allclose(load_classifier(tmp_path / "m").predict_proba(
        ["chest pain", "seizure", "jaundice and melena"]), proba, atol=1e-6)


def test_knn_examples_are_the_nearest_with_the_closest_last():
    emb = np.eye(4, dtype=np.float32)
    pool = ExamplePool(["a", "b", "c", "d"], np.array([0, 1, 0, 1]), emb)
    query = np.array([0.1, 0.0, 0.9, 0.3], dtype=np.float32)
    assert pool.select(2, "knn", query=query) == [3, 2]
    picked = pool.select(2, "balanced", seed=1)
    assert sorted(pool.y[picked].tolist()) == [0, 1]


def test_rag_mode_uses_a_knowledge_base_and_cites_it(model_tiny_causal):
    @dataclass
    class P:
        source_id: str
        text: str
        score: float
        metadata: dict

    class FakeKB:
        def __init__(self):
            self.queries = []

        def search(self, query, k):
            self.queries.append((query, k))
            return [P(f"doc{i}", f"passage {i}", 1.0 / (i + 1), {}) for i in range(k)]

    kb = FakeKB()
    clf = CausalLMClassifier(labels=TINY_LABELS, task="multiclass", prep=PrepConfig(),
                             base_model=str(model_tiny_causal), mode="rag",
                             llm=LlmConfig(rag_k=2, template="plain"), kb=kb)
    chat = clf.render(["some note"])[0]
    assert kb.queries == [("some note", 2)]
    assert "[doc0] passage 0\n[doc1] passage 1" in chat
    assert clf.predict_proba(["some note"]).shape == (1, 3)


@pytest.mark.parametrize(("overrides", "match"), [
    ({"model": {"backend": "encoder", "mode": "zero-shot"}}, "allowed modes: full, lora, frozen"),
    ({"model": {"backend": "causal_lm", "mode": "frozen"}}, "allowed modes: zero-shot"),
])
def test_mode_backend_mismatch_is_a_config_error(overrides, match):
    with pytest.raises(ConfigError, match=match):
        load_config(None, overrides)


def test_preset_and_folder_imply_the_causal_backend(model_tiny_causal):
    cfg = load_config(None, {"model": {"name": "smollm2"}})
    assert (cfg.model.backend, cfg.model.mode) == ("causal_lm", "zero-shot")
    cfg = load_config(None, {"model": {"name": str(model_tiny_causal), "mode": "lora"}})
    assert (cfg.model.backend, cfg.model.mode) == ("causal_lm", "lora")
    assert load_config(None, {}).model.backend == "encoder"


def test_render_chat_without_a_chat_template_falls_back_to_plain_text():
    class Tok:
        chat_template = None

    assert render_chat(Tok(), "S", "U") == "S\n\nU\nAnswer: "


def test_content_free_correction_removes_the_answer_bias(model_tiny_causal):
    plain = _clf(model_tiny_causal)
    fixed = _clf(model_tiny_causal, prior_correction="content_free")
    notes = ["chest pain", "seizure"]
    np.testing.assert_allclose(fixed.scores(notes),
                               plain.scores(notes) - plain.content_free_scores(), atol=1e-9)
    np.testing.assert_allclose(fixed.predict_proba(["N/A"]), 1 / 3, atol=1e-9)
