"""``rag`` (causal LM): retrieved passages in the prompt, from a knowledge base built with
``meddx kb build`` (``llm.kb_path``) or else from labelled training neighbours stored with the
model."""

from __future__ import annotations

from meddx.train._causal_fit import causal_start, example_pool, prompt_classifier
from meddx.train._fit import FitContext, Fitted, register_fit


@register_fit("rag")
def fit_rag(ctx: FitContext) -> Fitted:
    _, tokenizer, texts = causal_start(ctx)
    llm = ctx.cfg.llm
    pool = None
    if llm.kb_path:
        ctx.notes.append(f"RAG: {llm.rag_k} passages per note from the knowledge base "
                         f"'{llm.kb_path}'.")
    else:
        pool = example_pool(ctx, texts, embedded=True,
                            what=f"{llm.rag_k} labelled training neighbours as passages")
    return Fitted(prompt_classifier(ctx, tokenizer, pool=pool), [])
