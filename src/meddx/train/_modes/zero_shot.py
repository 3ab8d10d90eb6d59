"""``zero-shot`` (causal LM): each label's likelihood after the prompt; no weight changes."""

from __future__ import annotations

from meddx.train._causal_fit import causal_start, prompt_classifier
from meddx.train._fit import FitContext, Fitted, register_fit


@register_fit("zero-shot")
def fit_zero_shot(ctx: FitContext) -> Fitted:
    _, tokenizer, _ = causal_start(ctx)
    return Fitted(prompt_classifier(ctx, tokenizer), [])
