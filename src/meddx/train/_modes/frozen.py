"""``frozen``: a logistic-regression head on cached, pooled embeddings of the frozen encoder."""

from __future__ import annotations

from meddx.models import FrozenEncoderClassifier
from meddx.train._fit import FitContext, Fitted, encoder_tokenizer, register_fit
from meddx.train._head_select import select_head


@register_fit("frozen")
def fit_frozen(ctx: FitContext) -> Fitted:
    encoder_tokenizer(ctx)  # the prep checks against the tokenizer
    cfg, train, val = ctx.cfg, ctx.train, ctx.val
    probe = FrozenEncoderClassifier(labels=ctx.labels, task=ctx.task, prep=cfg.prep,
                                    model=cfg.model.name, pooling=cfg.model.pooling,
                                    head=None, cache_dir=ctx.run.cache)
    x_train = probe.embed(train.texts, quiet=ctx.quiet, label="embedding train")
    x_val = probe.embed(val.texts, quiet=ctx.quiet, label="embedding validation")
    probe.head = select_head(cfg, x_train, train, x_val, val, ctx.labels, ctx.task, ctx.notes,
                             "Frozen encoder")
    return Fitted(probe, [])  # one-step fit: no training curve
