"""Shared by the ``ner`` detector tests: a stand-in model that tags one name by token id."""

from __future__ import annotations

from meddx.deid import BIO_LABELS

TAG = {t: i for i, t in enumerate(BIO_LABELS)}


class FakeNameModel:
    """Tags every piece of "john" B-NAME and of "smith" I-NAME (by token id), else O."""

    def __init__(self, tokenizer):
        self.john = tokenizer.convert_tokens_to_ids("john")
        self.smith = tokenizer.convert_tokens_to_ids("smith")

    def __call__(self, input_ids, attention_mask):
        from types import SimpleNamespace

        import torch

        logits = torch.zeros(*input_ids.shape, len(BIO_LABELS))
        logits[..., 0] = 5.0
        logits[..., TAG["B-NAME"]] = torch.where(input_ids == self.john, 10.0, 0.0)
        logits[..., TAG["I-NAME"]] = torch.where(input_ids == self.smith, 10.0, 0.0)
        return SimpleNamespace(logits=logits)
