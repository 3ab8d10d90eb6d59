"""Back-translation through local MarianMT folders: a tiny Marian built from config (random
weights, word-level tokenizer), so the plumbing runs offline; its output is noise, and the
validity filter must reject every copy that lost the negation cue."""

from __future__ import annotations

import pytest

pytest.importorskip("transformers")


@pytest.fixture(scope="module")
def tiny_marian(tmp_path_factory):
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import MarianConfig, MarianMTModel, PreTrainedTokenizerFast

    words = ["<pad>", "</s>", "<unk>", "no", "chest", "pain", "today", "fever", "the", "a"]
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="<pad>", eos_token="</s>",
                                   unk_token="<unk>")
    cfg = MarianConfig(vocab_size=len(words), d_model=16, encoder_layers=1, decoder_layers=1,
                       encoder_attention_heads=2, decoder_attention_heads=2,
                       encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64,
                       pad_token_id=0, eos_token_id=1, decoder_start_token_id=0,
                       forced_eos_token_id=1)
    folder = tmp_path_factory.mktemp("marian")
    import torch

    torch.manual_seed(0)
    MarianMTModel(cfg).save_pretrained(folder)
    fast.save_pretrained(folder)
    return folder


@pytest.mark.slow
def test_marian_roundtrip_and_filter(tiny_marian):
    from meddx.models import marian_translator
    from meddx.text import augment_texts

    translate = marian_translator(tiny_marian, tiny_marian, max_new_tokens=6)
    out = translate(["no chest pain today", "fever"])
    assert len(out) == 2 and all(isinstance(t, str) for t in out)
    copies = augment_texts(["no chest pain today"], ["backtranslate"], n_per_text=2,
                           translate=translate)
    for a in copies:
        assert a.ops == ["backtranslate"]
        if "no" not in a.text.split():
            assert not a.kept and "negation" in a.reason


def test_not_a_marian_folder(tmp_path):
    from meddx.errors import ModelError
    from meddx.models import marian_translator

    with pytest.raises(ModelError, match="not a MarianMT folder"):
        marian_translator(tmp_path, tmp_path)
