"""``meddx ask``: diagnoses with cited passages and a rationale that quotes only retrieved text.

The causal-LM path uses the tiny random Llama (its generations are noise, so its rationale
falls back to extractive unless a generation is planted); the encoder path uses a TF-IDF run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from meddx.errors import ConfigError, RunError
from meddx.models import LlmConfig
from meddx.models._causal import CausalLMClassifier, PromptBuilder
from meddx.rag import Quote, ask, build_kb
from meddx.rag._rationale import extractive_quotes, verified_quotes
from meddx.text import PrepConfig
from tests._support.causal import TINY_LABELS
from tests._support.helpers import make_tfidf_run, synthetic_notes
from tests._support.rag import PLANTED, write_guidelines

NOTE = "Patient on warfarin with intracranial haemorrhage and headache"


@dataclass
class P:
    source_id: str
    text: str
    score: float = 1.0
    metadata: dict = field(default_factory=dict)


PASSAGES = [P("a.md#1", "Aspirin is given at once. Primary PCI within 120 minutes of first contact."),
            P("b.md#2", "Reverse warfarin with prothrombin complex concentrate and vitamin K.")]


@pytest.mark.parametrize(("generated", "expected"), [
    # a sentence copied verbatim (with its citation) is kept, as the passage's own text
    ("Primary PCI within 120 minutes of first contact. [a.md#1]",
     [Quote("Primary PCI within 120 minutes of first contact", "a.md#1")]),
    # case and spacing may differ; the passage's text is what is kept
    ("reverse  warfarin with prothrombin complex concentrate",
     [Quote("Reverse warfarin with prothrombin complex concentrate", "b.md#2")]),
    # a quoted part of a sentence is checked on its own
    ('The guideline says "Reverse warfarin with prothrombin complex concentrate and vitamin K".',
     [Quote("Reverse warfarin with prothrombin complex concentrate and vitamin K", "b.md#2")]),
    # paraphrases, invented claims and short fragments are dropped
    ("Warfarin should be reversed using PCC. The patient clearly has a bleed.", []),
    ("Aspirin is given.", []),  # three words: too short to count as a quote
    ("", []),
])
def test_only_verbatim_quotes_survive(generated, expected):
    assert verified_quotes(generated, PASSAGES) == expected


def test_extractive_quotes_prefer_overlap_and_the_predicted_label():
    quotes = extractive_quotes("bleeding on warfarin", "haemorrhage", PASSAGES, n=1)
    assert quotes == [Quote("Reverse warfarin with prothrombin complex concentrate and vitamin K.",
                            "b.md#2")]
    labelled = [P("n1", "Warfarin bleeding was seen.", metadata={"label": "gi"}),
                P("n2", "A seizure was noted today.", metadata={"label": "neuro"})]
    assert extractive_quotes("warfarin", "x", labelled, label="neuro", n=1)[0].source_id == "n2"


@pytest.fixture(scope="module")
def kb_path(model_tiny, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("askkb")
    build_kb([write_guidelines(root / "docs")], root / "kb", chunk_words=20, overlap=5,
             encoder=str(model_tiny))
    return root / "kb"


@pytest.fixture(scope="module")
def causal_model(model_tiny_causal, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("causal") / "model"
    CausalLMClassifier(labels=TINY_LABELS, task="multiclass", prep=PrepConfig(),
                       base_model=str(model_tiny_causal), mode="zero-shot",
                       llm=LlmConfig(template="terse", max_prompt_tokens=512)).save(folder)
    return folder


def test_causal_ask_scores_with_the_passages_in_the_prompt(causal_model, kb_path, monkeypatch):
    seen = []
    chat = PromptBuilder.chat

    def spy(self, text, *, examples=(), passages=()):
        seen.append([p.source_id for p in passages])
        return chat(self, text, examples=examples, passages=passages)

    monkeypatch.setattr(PromptBuilder, "chat", spy)
    answer = ask(causal_model, "warfarin reversal prothrombin complex concentrate", kb=kb_path, k=3,
                 top=3, max_new_tokens=8)
    assert seen == [[p.source_id for p in answer.passages]] and len(seen[0]) == 3
    assert answer.passages[0].source_id == "bleeding.txt#1"
    assert answer.passages_in_prompt and not answer.calibrated
    assert sorted(lab for lab, _ in answer.diagnoses) == sorted(TINY_LABELS)
    assert sum(p for _, p in answer.diagnoses) == pytest.approx(1.0)
    assert [p for _, p in answer.diagnoses] == sorted((p for _, p in answer.diagnoses), reverse=True)
    # a random model's generation quotes nothing: the rationale is extractive, and verbatim
    assert answer.rationale_kind == "extractive" and answer.rationale
    texts = {p.source_id: p.text for p in answer.passages}
    assert all(q.text in texts[q.source_id] for q in answer.rationale)


def test_a_generated_rationale_keeps_only_its_verbatim_quotes(causal_model, kb_path, monkeypatch):
    quote = " ".join(PLANTED.split()[:9])
    monkeypatch.setattr(CausalLMClassifier, "generate",
                        lambda self, prompt, max_new_tokens=64: f'"{quote}" [bleeding.txt#1]. '
                                                                "It is also caused by stress.")
    answer = ask(causal_model, "warfarin prothrombin", kb=kb_path, k=2)
    assert answer.rationale_kind == "generated"
    assert answer.rationale == [Quote(quote, "bleeding.txt#1")]


@pytest.fixture(scope="module")
def tfidf_run(tmp_path_factory) -> Path:
    return make_tfidf_run(tmp_path_factory.mktemp("tfidf"), synthetic_notes(90, seed=1))


def test_encoder_runs_cite_passages_they_did_not_read(tfidf_run, kb_path):
    answer = ask(tfidf_run, "seizure with aphasia and headache", kb=kb_path, k=2)
    assert answer.diagnoses[0][0] == "neuro"
    assert answer.calibrated and not answer.passages_in_prompt
    assert len(answer.passages) == 2 and answer.rationale_kind == "extractive"
    assert any("cited, not read" in n for n in answer.notes)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({}, ConfigError, "has no knowledge base of its own: pass --kb"),
    ({"note": "  "}, ConfigError, "the note is empty"),
    ({"model": "nowhere"}, RunError, "'nowhere' is neither a finished meddx run"),
])
def test_ask_errors(tfidf_run, kwargs, error, match):
    args = {"model": tfidf_run, "note": "seizure"} | kwargs
    with pytest.raises(error, match=match):
        ask(args.pop("model"), args.pop("note"), **args)


def test_cli_ask_prints_json(tfidf_run, kb_path):
    result = CliRunner().invoke(app, ["ask", str(tfidf_run), "melena and jaundice", "--kb",
                                      str(kb_path), "--k", "2", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["diagnoses"][0]["label"] == "gi"
    assert out["rationale"]["kind"] == "extractive" and len(out["passages"]) == 2
    human = CliRunner().invoke(app, ["ask", str(tfidf_run), "melena", "--kb", str(kb_path)])
    assert human.exit_code == 0 and "diagnoses (calibrated probabilities):" in human.output


def test_cli_ask_refuses_a_kb_built_with_another_embedding_model(tfidf_run, kb_path,
                                                                 model_tiny_wide):
    other = model_tiny_wide.resolve()
    result = CliRunner().invoke(app, ["ask", str(tfidf_run), "melena and jaundice", "--kb",
                                      str(kb_path), "--encoder", str(other)])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in result.output
    text = result.output.replace("\n", " ")
    assert "embedding model" in text and str(other) in text and "melena" not in text
