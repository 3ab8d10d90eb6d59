"""``few-shot`` (causal LM): in-context examples from a pool of de-identified training notes
stored with the model (the nearest by embedding with ``llm.few_shot_strategy`` knn)."""

from __future__ import annotations

from meddx.train._causal_fit import causal_start, example_pool, prompt_classifier
from meddx.train._fit import FitContext, Fitted, register_fit


@register_fit("few-shot")
def fit_few_shot(ctx: FitContext) -> Fitted:
    _, tokenizer, texts = causal_start(ctx)
    llm = ctx.cfg.llm
    pool = example_pool(ctx, texts, embedded=llm.few_shot_strategy == "knn",
                        what=f"{llm.few_shot_k} in-context examples per note "
                        f"({llm.few_shot_strategy})")
    return Fitted(prompt_classifier(ctx, tokenizer, pool=pool), [])
