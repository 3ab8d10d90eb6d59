"""``lora`` (causal LM, key ``lora-sft``): LoRA adapters fine-tuned on (prompt, answer) pairs with
the loss on the answer tokens only; scored by label likelihood as the other causal modes are.
Checkpointed, and ``meddx train --resume`` continues from the last checkpoint."""

from __future__ import annotations

from meddx.models import PromptBuilder, load_causal_lm
from meddx.train._causal_fit import (
    causal_start,
    lora_lm,
    prompt_classifier,
    sft_examples,
    train_causal,
)
from meddx.train._fit import FitContext, Fitted, register_fit


@register_fit("lora-sft")
def fit_lora_sft(ctx: FitContext) -> Fitted:
    path, tokenizer, texts = causal_start(ctx)
    cfg = ctx.cfg
    model = lora_lm(load_causal_lm(path, fresh=True), cfg)
    builder = PromptBuilder(tokenizer, ctx.labels, cfg.llm)
    rows = sft_examples(builder, texts, ctx.train.y)
    history = train_causal(model, rows, tokenizer.pad_token_id, cfg, ctx.run, ctx.quiet,
                          resume=ctx.resume)
    ctx.notes.append(f"LoRA SFT r={cfg.model.lora.r}, alpha={cfg.model.lora.alpha} on (prompt, "
                     "answer) pairs, loss on the answer tokens only; adapters saved.")
    return Fitted(prompt_classifier(ctx, tokenizer, model=model), history)
