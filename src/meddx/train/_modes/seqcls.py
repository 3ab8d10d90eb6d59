"""``seqcls`` (causal LM): a classification head on the LM's last token plus LoRA adapters,
trained with cross-entropy; checkpointed and resumable as ``lora`` is."""

from __future__ import annotations

from meddx.train._causal_fit import causal_start, train_causal
from meddx.train._fit import FitContext, Fitted, register_fit


@register_fit("seqcls")
def fit_seqcls(ctx: FitContext) -> Fitted:
    from meddx.models import CausalSeqClsClassifier, load_seqcls_model

    path, tokenizer, _ = causal_start(ctx)
    cfg, train = ctx.cfg, ctx.train
    model = load_seqcls_model(path, labels=ctx.labels, tokenizer=tokenizer, lora=cfg.model.lora)
    clf = CausalSeqClsClassifier(labels=ctx.labels, task=ctx.task, prep=cfg.prep,
                                 base_model=cfg.model.name, llm=cfg.llm, model=model,
                                 tokenizer=tokenizer)
    rows = [{"input_ids": ids, "labels": int(y)}
            for ids, y in zip(clf.encode(train.texts), train.y, strict=True)]
    history = train_causal(model, rows, tokenizer.pad_token_id, cfg, ctx.run, ctx.quiet,
                          resume=ctx.resume)
    ctx.notes.append(f"Sequence-classification head on the LM with LoRA r={cfg.model.lora.r}; "
                     "the head is saved with the adapters.")
    return Fitted(clf, history)
