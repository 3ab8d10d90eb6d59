"""DP-LoRA, the recipe ``meddx train --mode lora --dp-epsilon E`` runs: linear probing, then
fine-tuning (LP-FT), both under DP-SGD, LoRA on the TOP encoder layer only.

The story:
1. the encoder's lower layers stay frozen (their LoRA adapters keep B = 0, i.e. do nothing), so
   the hidden states entering the top layer are computed once per note and cached;
2. phase 1 (linear probing): a DP head on the frozen model's pooled output (what the
   classifier sees), with ``privacy.head_share`` of the target epsilon
   (:func:`~meddx.privacy.dp_fit_head`, the frozen-head recipe); it becomes the classifier;
3. phase 2 (fine-tuning): DP-SGD on the top layer's LoRA adapters (B starts at zero, so the
   model starts as phase 1 left it) and the classifier, from the cached hidden states, with
   Poisson batches of ``privacy.lora_batch_size``; its noise is set so that the two phases
   COMPOSED (one Opacus accountant holding both (noise, sample rate, steps) entries) spend at
   most the target epsilon.

BERT's classifier reads only the first ([CLS]) position of the top layer, so phase 2 computes
the top layer for that one query position (keys and values for every position):
:class:`ClsTop` gives the same logits as the full model (tested), at a small fraction of the
cost. The result is an ordinary PEFT LoRA model (a ``FineTunedClassifier``): saving, loading,
serving and auditing are unchanged.
"""

from __future__ import annotations

import numpy as np

from meddx.config import RunConfig
from meddx.errors import ConfigError, require
from meddx.privacy._dp import DPOutcome, dp_train, plan_noise_after

__all__ = ["HEAD_EPOCHS", "HEAD_LEARNING_RATE", "ClsTop", "dp_lora", "top_layer_inputs"]

# Phase 1's head: every note in every step (sample rate 1), 30 epochs, Adam 0.1: the
# full-batch point of the DP head search (docs/benchmarks.md), 30 Opacus steps in all.
HEAD_EPOCHS = 30
HEAD_LEARNING_RATE = 0.1


def _parts(model):
    """(BERT-like encoder, classifier) of a (PEFT-wrapped) sequence classifier, else ConfigError."""
    from meddx.models import encoder_parts

    return encoder_parts(model, "privacy.epsilon with model.mode lora")


def top_layer_inputs(model, ids, mask, *, batch_size: int = 32):
    """The hidden states entering the encoder's top layer, (n, length, hidden), float32, from
    the frozen lower layers (eval mode, no gradients): ``meddx.models.lower_states`` of each
    note's unpadded ids, padded back with zeros (masked positions never reach the [CLS] query)."""
    torch = require("torch", "train")
    from meddx.models import lower_states

    enc, _ = _parts(model)
    rows = [r[m.bool()].tolist() for r, m in zip(ids, mask, strict=True)]
    states = lower_states(model, rows, len(enc.encoder.layer) - 1, batch_size=batch_size)
    out = torch.zeros((ids.shape[0], ids.shape[1], states[0].shape[1]), dtype=torch.float32)
    for i, s in enumerate(states):
        out[i, :s.shape[0]] = s
    return out


def _top_module():
    torch = require("torch", "train")

    class ClsTop(torch.nn.Module):
        """The top encoder layer, pooler and classifier of ``model`` (its own modules, shared),
        computed for the [CLS] query only: ``forward(hidden, mask) -> logits``. No attention or
        classifier dropout (the LoRA path keeps its own)."""

        def __init__(self, model) -> None:
            super().__init__()
            enc, classifier = _parts(model)
            layer = enc.encoder.layer[-1]
            self.attn = layer.attention.self
            self.attn_out = layer.attention.output
            self.intermediate = layer.intermediate
            self.out = layer.output
            self.pooler = enc.pooler
            self.classifier = classifier

        def pooled(self, h, mask):
            from meddx.models import cls_layer

            return self.pooler(cls_layer(self.attn, self.attn_out, self.intermediate, self.out,
                                         h, mask, training=False))

        def forward(self, h, mask):
            return self.classifier(self.pooled(h, mask))

    return ClsTop


def ClsTop(model):  # noqa: N802 - a class built lazily (torch is imported inside functions)
    """:class:`ClsTop` over ``model`` (see ``_top_module``)."""
    return _top_module()(model)


def _trainable_top(model) -> list[tuple[str, object]]:
    """Freeze every LoRA adapter but the top layer's; the tensors left to train."""
    enc, _ = _parts(model)
    top = {id(p) for p in enc.encoder.layer[-1].parameters()}
    named = []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        if "lora_" in name and id(p) not in top:
            p.requires_grad_(False)
        else:
            named.append((name, p))
    if not any("lora_" in name for name, _ in named):
        raise ConfigError("privacy.epsilon with model.mode lora: model.lora.target_modules "
                          "adapt nothing in the encoder's top layer; use ['query', 'value']")
    if any("lora_" in n and not any(t in n for t in (".query.", ".value.")) for n, _ in named):
        raise ConfigError("privacy.epsilon with model.mode lora adapts the top layer's query "
                          "and value projections only; set model.lora.target_modules to "
                          "['query', 'value'] (or a subset)")
    return named


def _as_outcome(head: DPOutcome, lora: DPOutcome, p) -> DPOutcome:
    phases = [
        {"phase": "head", "noise_multiplier": head.noise_multiplier,
         "sample_rate": head.sample_rate, "steps": head.steps, "epochs": head.epochs,
         "epsilon_alone": round(head.epsilon, 6), "learning_rate": HEAD_LEARNING_RATE},
        {"phase": "lora_top_layer", "noise_multiplier": lora.noise_multiplier,
         "sample_rate": lora.sample_rate, "steps": lora.steps, "epochs": lora.epochs,
         "learning_rate": p.lora_learning_rate}]
    history = [{**h, "phase": "head"} for h in head.history] + \
        [{**h, "phase": "lora_top_layer"} for h in lora.history]
    return DPOutcome(epsilon=lora.epsilon, delta=lora.delta, accountant=lora.accountant,
                     noise_multiplier=lora.noise_multiplier, sample_rate=lora.sample_rate,
                     steps=head.steps + lora.steps, target_epsilon=lora.target_epsilon,
                     max_grad_norm=lora.max_grad_norm, poisson_sampling=lora.poisson_sampling,
                     epochs=head.epochs + lora.epochs, history=history, phases=phases)


def dp_lora(cfg: RunConfig, train, labels: list[str], task: str, *, quiet: bool = True,
            inputs=None) -> tuple[object, DPOutcome]:
    """LP-FT DP-LoRA (module docstring) of ``cfg.model`` on ``train``; returns (classifier,
    outcome) with the composed epsilon. ``inputs``: the train notes' (top-layer hidden states,
    attention mask) if already computed (benchmarks). ``privacy.epsilon`` None: the same two
    phases without clipping, noise or Poisson sampling (a benchmark's reference)."""
    torch = require("torch", "train")
    from meddx.models import FineTunedClassifier, load_classifier_model, load_tokenizer, resolve_model
    from meddx.privacy._dp import dp_class_weights, weighted_cross_entropy
    from meddx.privacy._encoder import note_tensors
    from meddx.privacy._head import dp_fit_head

    p = cfg.privacy
    path = resolve_model(cfg.model.name)
    tokenizer = load_tokenizer(path)
    torch.manual_seed(cfg.train.seed)
    model = load_classifier_model(path, labels=labels, task=task, cfg=cfg.model)
    trainable = _trainable_top(model)
    if inputs is None:
        ids, mask, _ = note_tensors(tokenizer, train.texts, train.y, cfg).tensors
        inputs = (top_layer_inputs(model, ids, mask), mask)
    hidden, mask = inputs
    multilabel = task == "multilabel"
    y = torch.as_tensor(train.y, dtype=torch.float32 if multilabel else torch.long)
    top = ClsTop(model)

    # Phase 1: a DP head on the frozen model's pooled output, with head_share of epsilon.
    top.eval()
    with torch.no_grad():
        pooled = torch.cat([top.pooled(hidden[i:i + 256], mask[i:i + 256])
                            for i in range(0, len(hidden), 256)]).numpy()
    head_privacy = p.model_copy(update={
        "epochs": HEAD_EPOCHS, "batch_size": len(hidden), "learning_rate": HEAD_LEARNING_RATE,
        "epsilon": None if p.epsilon is None else p.epsilon * p.head_share})
    weights = dp_class_weights(cfg, train.y, labels, task)
    head, first = dp_fit_head(pooled, np.asarray(train.y), n_classes=len(labels),
                              privacy=head_privacy, seed=cfg.train.seed, class_weight=weights,
                              quiet=quiet)
    weight = None if weights is None else torch.as_tensor(weights, dtype=torch.float32)
    classifier = [t for n, t in trainable if "classifier" in n]
    with torch.no_grad():
        for t in classifier:
            t.copy_(torch.as_tensor(head.weight if t.ndim == 2 else head.bias, dtype=t.dtype))

    # Phase 2: DP-SGD on the top layer's LoRA and the classifier, composed with phase 1.
    n = len(hidden)
    batch = max(1, min(p.lora_batch_size, n))
    batches = -(-n // batch)
    sigma = None
    prior = [] if p.epsilon is None else \
        [(first.noise_multiplier, first.sample_rate, first.steps)]
    if p.epsilon is not None:
        sigma = plan_noise_after(p, first.delta, prior, 1.0 / batches, p.lora_epochs * batches)

    def loss_fn(m, b):
        hb, mb, yb = b
        logits = m(hb, mb)
        if multilabel:
            return torch.nn.functional.binary_cross_entropy_with_logits(logits, yb)
        return weighted_cross_entropy(logits, yb, weight)

    top.train()
    second = dp_train(top, torch.utils.data.TensorDataset(hidden, mask, y), loss_fn=loss_fn,
                      privacy=p, epochs=p.lora_epochs, batch_size=batch,
                      learning_rate=p.lora_learning_rate, seed=cfg.train.seed + 7,
                      trainable=trainable, wrap_model=False, prior=prior,
                      noise_multiplier=sigma, quiet=quiet)
    model.eval()
    clf = FineTunedClassifier(labels=labels, task=task, prep=cfg.prep, model=model,
                              tokenizer=tokenizer, base_model=cfg.model.name,
                              mode=cfg.model.mode, batch_size=cfg.train.eval_batch_size)
    return clf, _as_outcome(first, second, p)


def lora_plan(cfg: RunConfig, n: int) -> tuple[int, int]:
    """The head phase's (expected batch, epochs): the early budget check of ``fit_private``."""
    return n, HEAD_EPOCHS

