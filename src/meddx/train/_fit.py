"""Fit the configured model on the training split, using validation for selection."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from meddx.config import RunConfig
from meddx.data import Corpus
from meddx.models import (
    FineTunedClassifier,
    FrozenEncoderClassifier,
    load_tokenizer,
    resolve_model,
    tokenizer_lowercases,
)
from meddx.runs import RunDir
from meddx.train._head import fit_head
from meddx.train._imbalance import class_weights
from meddx.train._mitigation import adversary_groups, head_mitigation, sampler_weights

__all__ = ["Fitted", "fit_model"]

log = logging.getLogger("meddx")

HEAD_C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)


@dataclass
class Fitted:
    classifier: object
    history: list[dict]
    # Extra blocks for metrics.json from other training paths: 'privacy' (DP-SGD),
    # 'federated' (meddx federate).
    metrics: dict = field(default_factory=dict)
    stop: dict | None = None  # fine-tuning: why it stopped and the share of the plan that ran


def _check_lowercase(cfg: RunConfig, tokenizer, notes: list[str]) -> None:
    lowers = tokenizer_lowercases(tokenizer)
    if cfg.prep.lowercase and lowers is False:
        msg = ("prep.lowercase is on but the tokenizer is cased: lowercasing discards case the "
               "model was pretrained with (e.g. 'MS' vs 'ms')")
        log.warning(msg)
        notes.append("Warning: " + msg + ".")
    for step in ("stem", "lemmatize"):
        if getattr(cfg.prep, step):
            msg = (f"prep.{step} is on for a pretrained subword model: it was pretrained on "
                   "running text, and stems or lemmas are words it rarely saw (the TF-IDF "
                   "baseline is where they can help)")
            log.warning(msg)
            notes.append("Warning: " + msg + ".")


def fit_model(cfg: RunConfig, part: dict[str, Corpus], labels: list[str], task: str,
              run: RunDir, *, resume: bool, quiet: bool, notes: list[str], phi=None) -> Fitted:
    """``phi`` (a PhiRecorder of the input's PHI) keeps flagged strings out of stored example
    pools (causal LM few-shot and rag)."""
    _set_threads(cfg)
    if cfg.model.backend == "causal_lm":
        from meddx.train._causal_fit import fit_causal

        return fit_causal(cfg, part, labels, task, run, quiet=quiet, notes=notes, resume=resume,
                          phi=phi)
    path = resolve_model(cfg.model.name)
    tokenizer = load_tokenizer(path)
    _check_lowercase(cfg, tokenizer, notes)
    train, val = part["train"], part["validation"]
    if cfg.model.mode == "frozen":
        return _fit_frozen(cfg, train, val, labels, task, run, quiet, notes)
    if cfg.model.mode == "setfit":
        return _fit_setfit(cfg, train, val, labels, task, quiet, notes)
    from meddx.train._finetune import finetune

    result = finetune(
        path, tokenizer, (train.texts, train.y), (val.texts, val.y), labels=labels, task=task,
        cfg=cfg, checkpoint_dir=run.checkpoints, resume=resume, quiet=quiet,
        fair_weights=sampler_weights(cfg, train),  # fairness.mitigation; None when unused
        adversary_groups=adversary_groups(cfg, train),  # mitigation 'adversarial'; else None
    )
    if result.stopped_early:
        how = "was re-planned to end" if result.stop["replanned"] else "was planned to end"
        notes.append(f"Training stopped early: {result.stop['sentence']}. The learning-rate "
                     f"schedule {how} at step {result.stop['schedule_steps']}.")
    if cfg.model.mode == "lora":
        notes.append(f"LoRA: r={cfg.model.lora.r}, alpha={cfg.model.lora.alpha}, "
                     f"dropout={cfg.model.lora.dropout}; adapters saved, base model by reference.")
    clf = FineTunedClassifier(labels=labels, task=task, prep=cfg.prep, model=result.model,
                              tokenizer=tokenizer, base_model=cfg.model.name,
                              mode=cfg.model.mode, batch_size=cfg.train.eval_batch_size)
    return Fitted(clf, result.history, stop=result.stop)


def _fit_frozen(cfg, train, val, labels, task, run, quiet, notes) -> Fitted:
    probe = FrozenEncoderClassifier(labels=labels, task=task, prep=cfg.prep,
                                    model=cfg.model.name, pooling=cfg.model.pooling,
                                    head=None, cache_dir=run.cache)
    x_train = probe.embed(train.texts, quiet=quiet, label="embedding train")
    x_val = probe.embed(val.texts, quiet=quiet, label="embedding validation")
    probe.head = _select_head(cfg, x_train, train, x_val, val, labels, task, notes,
                              "Frozen encoder")
    return Fitted(probe, [])  # one-step fit: no training curve


def _fit_setfit(cfg, train, val, labels, task, quiet, notes) -> Fitted:
    """SetFit: contrastive fine-tuning of the body on pairs, then the head on new embeddings."""
    from meddx.models import SetFitClassifier, train_setfit_body

    s = cfg.model.setfit
    if cfg.fairness.mitigation in ("reweighting", "resampling"):
        notes.append(f"Fairness mitigation '{cfg.fairness.mitigation}' applies to the SetFit head "
                     "only; the contrastive body training sees every pair unweighted.")
    body = train_setfit_body(cfg.model.name, train.texts, train.y, task=task, prep=cfg.prep,
                             settings=s, batch_size=cfg.train.batch_size, seed=cfg.train.seed,
                             max_steps=cfg.train.max_steps, quiet=quiet)
    clf = SetFitClassifier(labels=labels, task=task, prep=cfg.prep, body=body,
                           base_model=cfg.model.name, batch_size=cfg.train.eval_batch_size)
    x_train = clf.embed(train.texts, quiet=quiet, label="embedding train")
    x_val = clf.embed(val.texts, quiet=quiet, label="embedding validation")
    notes.append(f"SetFit: body '{cfg.model.name}' trained with cosine-similarity loss on "
                 f"{2 * s.iterations} pairs per training note for {s.epochs} epoch(s), learning "
                 f"rate {s.learning_rate}, batch {cfg.train.batch_size}"
                 + (f", at most {cfg.train.max_steps} steps" if cfg.train.max_steps else "") + ".")
    clf.head = _select_head(cfg, x_train, train, x_val, val, labels, task, notes, "SetFit body")
    return Fitted(clf, [])


def _select_head(cfg, x_train, train, x_val, val, labels, task, notes, what: str):
    """Logistic-regression head on embeddings; C from the grid, chosen on validation."""
    from sklearn.metrics import f1_score

    imb = cfg.train.imbalance
    weights = class_weights(train.y, labels, imb) if imb.strategy == "class_weight" else None
    # Fairness mitigation (fairness.mitigation): reweighting gives per-row weights,
    # resampling a group-balanced row index; both None otherwise.
    sample_weight, rows = head_mitigation(cfg, train)
    y_train = train.y
    if rows is not None:
        x_train, y_train = x_train[rows], train.y[rows]
    if cfg.fairness.mitigation != "none":
        notes.append(f"Fairness mitigation: {cfg.fairness.mitigation} over "
                     f"'{cfg.fairness.group_column}'.")
    if cfg.fairness.mitigation == "adversarial":
        from meddx.train._adversarial import fit_adversarial_head
        from meddx.train._mitigation import _groups

        head = fit_adversarial_head(
            x_train, y_train, _groups(cfg, train), n_classes=len(labels),
            adversary_weight=cfg.fairness.adversary_weight, adversary_on=cfg.fairness.adversary_on,
            seed=cfg.train.seed)
        notes.append(f"{what} + softmax head trained against a group adversary "
                     f"(gradient reversal, lambda={cfg.fairness.adversary_weight}, adversary on "
                     f"{cfg.fairness.adversary_on}).")
        return head

    def fit(C: float):
        return fit_head(x_train, y_train, n_classes=len(labels), C=C, imbalance=imb,
                        seed=cfg.train.seed, class_weight=weights, sample_weight=sample_weight)

    if cfg.model.head_c == "auto" and len(val):
        best_c, best = HEAD_C_GRID[0], -1.0
        for C in HEAD_C_GRID:
            head = fit(C)
            proba = head.predict_proba(x_val)
            pred = (proba >= cfg.eval.threshold).astype(int) if task == "multilabel" \
                else proba.argmax(1)
            score = float(f1_score(val.y, pred, average="macro", zero_division=0))
            if score > best:
                best_c, best = C, score
        notes.append(f"{what} + logistic-regression head; C={best_c} chosen on the "
                     f"validation split (macro-F1 {best:.3f}) from {list(HEAD_C_GRID)}.")
    else:
        best_c = 1.0 if cfg.model.head_c == "auto" else float(cfg.model.head_c)
        notes.append(f"{what} + logistic-regression head, C={best_c}.")
    return fit(best_c)


def _set_threads(cfg: RunConfig) -> None:
    import os

    import torch

    threads = cfg.train.threads or os.cpu_count() or 1
    torch.set_num_threads(threads)
