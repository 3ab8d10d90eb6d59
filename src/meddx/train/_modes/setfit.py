"""``setfit``: contrastive fine-tuning of the body on pairs, then the head on new embeddings."""

from __future__ import annotations

from types import SimpleNamespace

from meddx.train._finetune import stop_reason
from meddx.train._fit import FitContext, Fitted, encoder_tokenizer, register_fit
from meddx.train._head_select import select_head
from meddx.train._mitigation import mitigation_fit


@register_fit("setfit")
def fit_setfit(ctx: FitContext) -> Fitted:
    from meddx.models import SetFitClassifier, train_setfit_body

    encoder_tokenizer(ctx)  # the prep checks against the tokenizer
    cfg, train, val, quiet, notes = ctx.cfg, ctx.train, ctx.val, ctx.quiet, ctx.notes
    s = cfg.model.setfit
    mitigation = mitigation_fit(cfg)
    if mitigation.head_weights or mitigation.head_rows:  # e.g. reweighting, resampling
        notes.append(f"Fairness mitigation '{cfg.fairness.mitigation}' applies to the SetFit head "
                     "only; the contrastive body training sees every pair unweighted.")
    ran: dict = {}
    body = train_setfit_body(cfg.model.name, train.texts, train.y, task=ctx.task, prep=cfg.prep,
                             settings=s, batch_size=cfg.train.batch_size, seed=cfg.train.seed,
                             max_steps=cfg.train.max_steps, quiet=quiet, record=ran)
    clf = SetFitClassifier(labels=ctx.labels, task=ctx.task, prep=cfg.prep, body=body,
                           base_model=cfg.model.name, batch_size=cfg.train.eval_batch_size)
    x_train = clf.embed(train.texts, quiet=quiet, label="embedding train")
    x_val = clf.embed(val.texts, quiet=quiet, label="embedding validation")
    notes.append(f"SetFit: body '{cfg.model.name}' trained with cosine-similarity loss on "
                 f"{2 * s.iterations} pairs per training note for {s.epochs} epoch(s), learning "
                 f"rate {s.learning_rate}, batch {cfg.train.batch_size}"
                 + (f", at most {cfg.train.max_steps} steps" if cfg.train.max_steps else "") + ".")
    clf.head = select_head(cfg, x_train, train, x_val, val, ctx.labels, ctx.task, notes,
                           "SetFit body")
    return Fitted(clf, [], stop=_stop(ran, s, cfg.train.max_steps))


def _stop(ran: dict, s, max_steps: int | None) -> dict:
    """metrics.json ``training`` as the fine-tuning modes write it, for the contrastive body:
    the plan is ``model.setfit.epochs`` epochs of every pair; ``train.max_steps`` cuts it (no
    time budget or early stopping here); it trains in fp32; ``seconds`` and the pairs per
    epoch added."""
    steps, per_epoch = ran["steps"], ran["steps_per_epoch"]
    state = SimpleNamespace(global_step=steps, epoch=steps / per_epoch, max_steps=steps)
    plan = SimpleNamespace(epochs=s.epochs, max_steps=max_steps, early_stopping_patience=None,
                           time_budget_minutes=None)
    stop = stop_reason(state, [], plan, steps_per_epoch=per_epoch)
    stop.update(precision="fp32", seconds=ran["seconds"], pairs_per_epoch=ran["pairs_per_epoch"])
    return stop
