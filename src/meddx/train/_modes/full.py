"""``full``: fine-tune the encoder with a classification head (the Trainer): every weight,
or with ``model.frozen_layers`` the layers above the frozen ones, from their cached output."""

from __future__ import annotations

from meddx.models import FineTunedClassifier, resolve_model
from meddx.train._fit import FitContext, Fitted, encoder_tokenizer, register_fit
from meddx.train._mitigation import adversary_groups, sampler_weights


@register_fit("full")
def fit_full(ctx: FitContext) -> Fitted:
    """Also the fit of ``lora``: ``load_classifier_model`` wraps the encoder in LoRA adapters
    when the mode says so (``Mode.lora``)."""
    from meddx.train._finetune import finetune

    tokenizer = encoder_tokenizer(ctx)
    cfg, train, val, notes = ctx.cfg, ctx.train, ctx.val, ctx.notes
    result = finetune(
        resolve_model(cfg.model.name), tokenizer, (train.texts, train.y), (val.texts, val.y),
        labels=ctx.labels, task=ctx.task, cfg=cfg, checkpoint_dir=ctx.run.checkpoints,
        resume=ctx.resume, quiet=ctx.quiet,
        fair_weights=sampler_weights(cfg, train),  # fairness.mitigation; None when unused
        adversary_groups=adversary_groups(cfg, train),  # mitigation 'adversarial'; else None
    )
    if result.stopped_early:
        how = "was re-planned to end" if result.stop["replanned"] else "was planned to end"
        notes.append(f"Training stopped early: {result.stop['sentence']}. The learning-rate "
                     f"schedule {how} at step {result.stop['schedule_steps']}.")
    clf = FineTunedClassifier(labels=ctx.labels, task=ctx.task, prep=cfg.prep, model=result.model,
                              tokenizer=tokenizer, base_model=cfg.model.name,
                              mode=cfg.model.mode, batch_size=cfg.train.eval_batch_size)
    return Fitted(clf, result.history, stop=result.stop)
