"""Fine-tune only the top layers of a BERT-style encoder, from cached lower-layer states.

``model.frozen_layers: k`` (mode full) keeps the embeddings and the lowest ``k`` encoder layers
frozen. Their output is then a fixed function of the note, so it is computed once per note
(:func:`lower_states`, no gradients) instead of in every step of every epoch, and each training
step runs only :class:`TopLayers`: layers ``k`` and up, the pooler and the classifier. The
classifier reads only the first ([CLS]) position, so the top layer is computed for that one
query (its keys and values still see every position): the same logits as the full model
(tested), at a fraction of the cost. On a 2-core CPU with MiniLM-L6 at 128 tokens a step with
``k = 4`` costs about a quarter of a full fine-tuning step (docs/benchmarks.md).

The trained weights live in the model itself (``TopLayers`` holds it as a submodule), so what is
saved, served and audited is the ordinary full model.
"""

from __future__ import annotations

import logging
import time

from meddx._progress import track
from meddx.errors import ConfigError, require

__all__ = ["cls_layer", "encoder_parts", "freeze_lower", "lower_states", "top_layers"]

log = logging.getLogger("meddx")


def encoder_parts(model, setting: str = "model.frozen_layers"):
    """(encoder, classifier) of a BERT-style sequence classifier (``encoder.layer``, a pooler, a
    ``classifier``), else a ConfigError that names ``setting``."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    enc = getattr(base, getattr(base, "base_model_prefix", ""), None)
    layers = getattr(getattr(enc, "encoder", None), "layer", None)
    if layers is None or getattr(enc, "pooler", None) is None or not hasattr(base, "classifier") \
            or not hasattr(layers[-1].attention, "self"):
        raise ConfigError(f"{setting} needs a BERT-style encoder (encoder.layer, pooler, "
                          f"classifier); got {type(base).__name__}")
    return enc, base.classifier


def freeze_lower(model, k: int) -> int:
    """Freeze the embeddings and the lowest ``k`` encoder layers; the number of weights left to
    train. ``k`` must leave at least one layer."""
    enc, _ = encoder_parts(model)
    n = len(enc.encoder.layer)
    if not 0 < k < n:
        raise ConfigError(f"model.frozen_layers {k}: this encoder has {n} layers; freeze 1 to "
                          f"{n - 1} of them (0 fine-tunes every layer)")
    for module in (enc.embeddings, *enc.encoder.layer[:k]):
        for p in module.parameters():
            p.requires_grad_(False)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


class _Stop(Exception):
    pass


def lower_states(model, input_ids: list, k: int, *, pad_id: int = 0, batch_size: int = 32,
                 threads: list[int] | None = None, quiet: bool = True,
                 label: str = "caching lower layers") -> list:
    """The hidden states entering encoder layer ``k``, one float32 tensor (length, hidden) per
    input (its own length, no padding), from the frozen embeddings and lower layers (eval
    mode, no gradients). Inputs are batched by length. With ``threads`` (torch CPU thread
    counts, e.g. ``[2, 1]``), the first batches time each count per token and the rest run
    with the faster (on a busy machine one thread can beat all cores)."""
    torch = require("torch", "train")
    enc, _ = encoder_parts(model)
    caught: list = []

    def grab(_module, args, kwargs):
        caught.append((args[0] if args else kwargs["hidden_states"]).detach())
        raise _Stop

    order = sorted(range(len(input_ids)), key=lambda i: len(input_ids[i]))
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    out: list = [None] * len(input_ids)
    probe = list(dict.fromkeys(threads or []))
    timed: dict[int, float] = {}
    handle = enc.encoder.layer[k].register_forward_pre_hook(grab, with_kwargs=True)
    was = enc.training
    enc.eval()
    device = next(model.parameters()).device
    try:
        with torch.no_grad():
            for b, idx in enumerate(track(batches, label, quiet=quiet)):
                if b < len(probe):
                    torch.set_num_threads(probe[b])
                elif probe and b == len(probe):
                    best = min(timed, key=timed.get)
                    torch.set_num_threads(best)
                    log.info("%s: %d CPU thread(s) (seconds per 1,000 tokens: %s)", label, best,
                             ", ".join(f"{c}: {1000 * t:.2f}" for c, t in sorted(timed.items())))
                lengths = [len(input_ids[i]) for i in idx]
                width = max(lengths)
                ids = torch.full((len(idx), width), pad_id, dtype=torch.long)
                mask = torch.zeros((len(idx), width), dtype=torch.long)
                for row, (i, n) in enumerate(zip(idx, lengths, strict=True)):
                    ids[row, :n] = torch.as_tensor(input_ids[i], dtype=torch.long)
                    mask[row, :n] = 1
                started = time.perf_counter()
                try:
                    enc(input_ids=ids.to(device), attention_mask=mask.to(device))
                except _Stop:
                    pass
                if b < len(probe):
                    timed[probe[b]] = (time.perf_counter() - started) / max(1, sum(lengths))
                states = caught.pop().float().cpu()
                for row, (i, n) in enumerate(zip(idx, lengths, strict=True)):
                    out[i] = states[row, :n].clone()
    finally:
        handle.remove()
        enc.train(was)
    return out


def cls_layer(attention, attention_output, intermediate, output, h, mask, *, training: bool):
    """One BERT layer (its self-attention, attention output, intermediate and output modules)
    for the first ([CLS]) query only; keys and values from every position of ``h`` (masked by
    ``mask``). Attention dropout as the layer's own when ``training``; the modules' own dropout
    follows their train/eval mode."""
    torch = require("torch", "train")
    a = attention
    n, length, width = h.shape
    heads, size = a.num_attention_heads, a.attention_head_size
    q = a.query(h[:, :1]).view(n, 1, heads, size).transpose(1, 2)
    k = a.key(h).view(n, length, heads, size).transpose(1, 2)
    v = a.value(h).view(n, length, heads, size).transpose(1, 2)
    scores = (q @ k.transpose(-1, -2)) * a.scaling
    scores = scores.masked_fill(mask[:, None, None, :] == 0, torch.finfo(scores.dtype).min)
    probs = scores.softmax(-1)
    if training:
        probs = torch.nn.functional.dropout(probs, p=a.dropout.p, training=True)
    ctx = (probs @ v).transpose(1, 2).reshape(n, 1, width)
    att = attention_output(ctx, h[:, :1])
    return output(intermediate(att), att)


def top_layers(model, k: int):
    """A module over ``model`` (its own modules, shared) that maps the states entering layer
    ``k`` to the classifier's logits: ``forward(hidden_states, attention_mask, labels=None) ->
    SequenceClassifierOutput``. Saving or loading its state dict saves or loads ``model``."""
    torch = require("torch", "train")
    transformers = require("transformers", "train")
    from transformers.masking_utils import create_bidirectional_mask

    enc, classifier = encoder_parts(model)
    base = model.get_base_model() if hasattr(model, "get_base_model") else model

    class TopLayers(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model
            self.config = model.config  # Trainer reads a model's config

        def forward(self, hidden_states, attention_mask, labels=None):
            h = hidden_states
            middle = enc.encoder.layer[k:-1]
            if len(middle):
                mask4 = create_bidirectional_mask(config=enc.config, inputs_embeds=h,
                                                  attention_mask=attention_mask)
                for layer in middle:
                    h = layer(h, mask4)
            top = enc.encoder.layer[-1]
            h = cls_layer(top.attention.self, top.attention.output, top.intermediate, top.output,
                          h, attention_mask, training=self.training)
            pooled = enc.pooler(h)
            dropout = getattr(base, "dropout", None)
            logits = classifier(dropout(pooled) if dropout is not None else pooled)
            return transformers.modeling_outputs.SequenceClassifierOutput(logits=logits)

    return TopLayers()
