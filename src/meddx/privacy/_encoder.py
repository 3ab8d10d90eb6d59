"""DP-SGD for the encoder itself: LoRA adapters (PEFT) or every weight (mode full).

Each note is one example (``prep.long_text`` 'chunks' is refused: a note cut into several
windows would count several times). The movement check of :func:`dp_train` watches every
tensor meant to train, named before Opacus attaches its hooks: with PEFT, Opacus issue #820
reports adapters that silently stop receiving per-example gradients; here the run stops.
"""

from __future__ import annotations

import numpy as np

from meddx.config import RunConfig
from meddx.errors import ConfigError, require
from meddx.privacy._dp import DPOutcome, dp_class_weights, dp_train, weighted_cross_entropy

__all__ = ["dp_finetune", "note_tensors"]


def note_tensors(tokenizer, texts: list[str], y: np.ndarray, cfg: RunConfig):
    torch = require("torch", "train")
    from meddx.text import encode

    enc = encode(tokenizer, texts, cfg.prep, quiet=True)
    if len(enc) != len(texts):
        raise ConfigError("privacy.epsilon: every note must be one model input; "
                          f"prep.long_text '{cfg.prep.long_text}' made {len(enc)} inputs from "
                          f"{len(texts)} notes")
    width = max((len(ids) for ids in enc.input_ids), default=1)
    pad = tokenizer.pad_token_id or 0
    ids = torch.full((len(enc), width), pad, dtype=torch.long)
    mask = torch.zeros((len(enc), width), dtype=torch.long)
    for i, row in enumerate(enc.input_ids):
        ids[i, :len(row)] = torch.as_tensor(row)
        mask[i, :len(row)] = 1
    labels = torch.as_tensor(y, dtype=torch.float32 if y.ndim == 2 else torch.long)
    return torch.utils.data.TensorDataset(ids, mask, labels)


def dp_finetune(cfg: RunConfig, train, labels: list[str], task: str, *,
                quiet: bool = True) -> tuple[object, DPOutcome]:
    """Fine-tune ``cfg.model`` (mode lora or full) with DP-SGD; returns (classifier, outcome)."""
    import math

    torch = require("torch", "train")
    from meddx.models import (
        FineTunedClassifier,
        load_classifier_model,
        load_tokenizer,
        resolve_model,
    )

    if cfg.prep.long_text == "chunks":
        raise ConfigError("privacy.epsilon with model.mode lora/full needs prep.long_text 'head' "
                          "or 'head_tail' (one input per note); got 'chunks'")
    path = resolve_model(cfg.model.name)
    tokenizer = load_tokenizer(path)
    torch.manual_seed(cfg.train.seed)
    model = load_classifier_model(path, labels=labels, task=task, cfg=cfg.model)
    dataset = note_tensors(tokenizer, train.texts, train.y, cfg)
    multilabel = task == "multilabel"
    trainable = [(k, p) for k, p in model.named_parameters() if p.requires_grad]
    weights = dp_class_weights(cfg, train.y, labels, task)
    weight = None if weights is None else torch.as_tensor(weights, dtype=torch.float32)

    import inspect

    accepts = set(inspect.signature(model.forward).parameters)
    if "kwargs" in accepts and hasattr(model, "get_base_model"):  # PEFT passes them on
        accepts |= set(inspect.signature(model.get_base_model().forward).parameters)

    def loss_fn(m, batch):
        ids, mask, yb = batch
        extra = {}  # per-example ids: BERT's shared (1, L) buffers give Opacus a batch of 1
        if "position_ids" in accepts:
            extra["position_ids"] = torch.arange(ids.shape[1]).expand_as(ids)
        if "token_type_ids" in accepts:
            extra["token_type_ids"] = torch.zeros_like(ids)
        logits = m(input_ids=ids, attention_mask=mask, **extra).logits
        if multilabel:
            return torch.nn.functional.binary_cross_entropy_with_logits(logits, yb)
        return weighted_cross_entropy(logits, yb, weight)

    outcome = dp_train(model, dataset, loss_fn=loss_fn, privacy=cfg.privacy,
                       epochs=max(1, math.ceil(cfg.train.epochs)),
                       batch_size=cfg.train.batch_size, learning_rate=cfg.train.learning_rate,
                       seed=cfg.train.seed, trainable=trainable, wrap_model=False, quiet=quiet)
    model.eval()
    clf = FineTunedClassifier(labels=labels, task=task, prep=cfg.prep, model=model,
                              tokenizer=tokenizer, base_model=cfg.model.name,
                              mode=cfg.model.mode, batch_size=cfg.train.eval_batch_size)
    return clf, outcome

