"""Fine-tune an encoder (all weights or LoRA adapters) with Hugging Face Trainer.

The story: encode the notes, build the model, set optimiser and schedule through
TrainingArguments, train (resuming from the last checkpoint when asked), keep the best
checkpoint by the validation metric, return the model and its training log.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from meddx.config import RunConfig
from meddx.errors import ConfigError, require
from meddx.models import get_mode, load_classifier_model
from meddx.settings import IMBALANCE_STRATEGIES
from meddx.text import Encoded, encode
from meddx.train._imbalance import class_weights, imbalance_fit
from meddx.train._losses import make_loss

__all__ = ["FitResult", "finetune", "last_checkpoint"]

log = logging.getLogger("meddx")


@dataclass
class FitResult:
    model: object
    history: list[dict]
    stopped_early: bool
    global_step: int
    stop: dict | None = None  # why training stopped, see stop_reason


class _Examples:
    """A map-style dataset of tokenised model inputs with their labels."""

    def __init__(self, enc: Encoded, y: np.ndarray, multilabel: bool,
                 groups: np.ndarray | None = None) -> None:
        self.enc = enc
        self.y = y[enc.doc_index]
        self.multilabel = multilabel
        self.groups = None if groups is None else np.asarray(groups)[enc.doc_index]

    def __len__(self) -> int:
        return len(self.enc)

    def __getitem__(self, i: int) -> dict:
        label = self.y[i].astype(np.float32).tolist() if self.multilabel else int(self.y[i])
        item = {"input_ids": self.enc.input_ids[i], "labels": label}
        if self.groups is not None:  # adversarial debiasing: the adversary's target
            item["groups"] = int(self.groups[i])
        return item


def last_checkpoint(folder: Path) -> str | None:
    if not folder.is_dir():
        return None
    transformers = require("transformers", "train")
    return transformers.trainer_utils.get_last_checkpoint(str(folder))


def _compute_metrics_fn(task: str):
    from sklearn.metrics import accuracy_score, f1_score

    def compute(pred) -> dict[str, float]:
        logits = pred.predictions[0] if isinstance(pred.predictions, tuple) else pred.predictions
        y = pred.label_ids
        if task == "multilabel":
            yhat = (logits > 0).astype(int)
            y = y.astype(int)
        else:
            yhat = logits.argmax(-1)
        return {
            "accuracy": float(accuracy_score(y, yhat)),
            "macro_f1": float(f1_score(y, yhat, average="macro", zero_division=0)),
        }

    return compute


def peak_learning_rate(cfg: RunConfig) -> float:
    """The Trainer's peak learning rate: train.learning_rate, or for a LoRA mode
    model.lora.learning_rate (unset: 10 x train.learning_rate)."""
    if get_mode(cfg.model.backend, cfg.model.mode).lora:
        return cfg.model.lora.peak_learning_rate(cfg.train.learning_rate)
    return cfg.train.learning_rate


def finetune(
    model_path: Path,
    tokenizer,
    train: tuple[list[str], np.ndarray],
    validation: tuple[list[str], np.ndarray],
    *,
    labels: list[str],
    task: str,
    cfg: RunConfig,
    checkpoint_dir: Path,
    resume: bool,
    quiet: bool,
    fair_weights: np.ndarray | None = None,
    adversary_groups: tuple[np.ndarray, list[str]] | None = None,
) -> FitResult:
    transformers = require("transformers", "train")
    torch = require("torch", "train")
    from meddx.train._budget import read_plan
    from meddx.train._precision import resolve_precision
    from meddx.train._trainer import MeddxTrainer, make_callbacks, without_autocast

    tc, imb = cfg.train, cfg.train.imbalance
    strategy, balance = IMBALANCE_STRATEGIES.get(imb.strategy), imbalance_fit(imb)
    if strategy.embeddings:
        raise ConfigError(f"train.imbalance.strategy '{imb.strategy}' works on embeddings: use "
                          "it with model.mode frozen")
    if tc.label_smoothing and task == "multilabel":
        raise ConfigError("train.label_smoothing applies to single-label tasks only")
    multilabel = task == "multilabel"
    prep = cfg.prep
    if prep.long_text == "chunks" and prep.train_max_chunks is not None:  # e.g. train on heads
        prep = prep.model_copy(update={"max_chunks": min(prep.max_chunks, prep.train_max_chunks)})
    train_enc = encode(tokenizer, train[0], prep, quiet=quiet)
    val_enc = encode(tokenizer, validation[0], prep, quiet=True)
    codes = adversary_groups[0] if adversary_groups is not None else None
    train_ds = _Examples(train_enc, train[1], multilabel, groups=codes)
    val_ds = _Examples(val_enc, validation[1], multilabel) if len(val_enc) else None

    transformers.set_seed(tc.seed)
    model = load_classifier_model(model_path, labels=labels, task=task, cfg=cfg.model)
    threads = _thread_choices(tc, torch)
    cached = None
    if cfg.model.frozen_layers:  # train the top layers from cached lower-layer states
        from meddx.train._cached import cached_top

        cached = cached_top(model, cfg.model.frozen_layers, train_ds, val_ds,
                            pad_id=int(tokenizer.pad_token_id or 0), threads=threads, quiet=quiet)

    weights = None
    if strategy.class_weights:
        weights = torch.tensor(class_weights(train_ds.y, labels, imb), dtype=torch.float32)
    if balance.loss is not None:
        loss_fn = balance.loss(task, weights, imb, tc.label_smoothing)
    else:
        loss_fn = make_loss(task=task, weights=weights, label_smoothing=tc.label_smoothing)
    adversary = None
    if adversary_groups is not None:  # fairness.mitigation 'adversarial' (gradient reversal)
        from meddx.train._adversarial import Adversary

        fair = cfg.fairness
        dim = len(labels) if fair.adversary_on == "logits" else int(model.config.hidden_size)
        adversary = {"module": Adversary(dim, len(adversary_groups[1]), len(labels)),
                     "weight": fair.adversary_weight, "on": fair.adversary_on}
    sampler = None
    if balance.sampler is not None:  # train.imbalance.strategy, e.g. oversample
        sampler = balance.sampler(train_ds.y, labels, tc.seed)
    if fair_weights is not None:  # fairness.mitigation reweighting / resampling, per note
        sampler = {"weights": np.asarray(fair_weights)[train_enc.doc_index],
                   "num_samples": len(train_ds), "replacement": True, "seed": tc.seed}

    # bf16: Trainer (accelerate) runs the model's forward under autocast, so the backward
    # pass follows in bf16 too; the weights and the optimiser stay fp32
    precision, why = resolve_precision(tc.precision, torch)
    log.info("training precision: %s (%s)%s", precision, why,
             "; weights, saved model, validation and predictions in fp32"
             if precision == "bf16" else "")
    strategy = "steps" if tc.save_steps else "epoch"
    has_val = val_ds is not None
    best_metric = "eval_loss" if tc.metric_for_best == "loss" else f"eval_{tc.metric_for_best}"
    args = transformers.TrainingArguments(
        output_dir=str(checkpoint_dir),
        per_device_train_batch_size=tc.batch_size,
        per_device_eval_batch_size=tc.eval_batch_size,
        num_train_epochs=tc.epochs,
        max_steps=tc.max_steps or -1,
        learning_rate=peak_learning_rate(cfg),
        lr_scheduler_type=tc.lr_scheduler,
        warmup_steps=tc.warmup_ratio,
        gradient_accumulation_steps=tc.gradient_accumulation_steps,
        weight_decay=tc.weight_decay,
        eval_strategy=strategy if has_val else "no",
        save_strategy=strategy,
        save_steps=tc.save_steps or 500,
        eval_steps=tc.save_steps,
        save_total_limit=None if tc.keep_checkpoints == "all" else 2,
        load_best_model_at_end=has_val,
        metric_for_best_model=best_metric if has_val else None,
        greater_is_better=tc.metric_for_best != "loss",
        logging_steps=10,
        seed=tc.seed,
        data_seed=tc.seed,
        report_to="none",
        disable_tqdm=True,
        dataloader_num_workers=0,
        use_cpu=not torch.cuda.is_available(),
        bf16=precision == "bf16",
        ddp_backend="gloo" if not torch.cuda.is_available() and _distributed() else None,
        save_only_model=False,
        # Trainer drops batch keys the model's forward() does not take; the adversary's
        # 'groups' must survive to compute_loss (our collator builds only known keys).
        remove_unused_columns=adversary is None,
    )
    if tc.early_stopping_patience and not has_val:
        raise ConfigError("train.early_stopping_patience needs a validation split")
    resume_from = last_checkpoint(checkpoint_dir) if resume else None
    callbacks = make_callbacks(
        quiet=quiet, patience=tc.early_stopping_patience, minutes=tc.time_budget_minutes,
        config_yaml=yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False),
        threads=threads, resume_plan=read_plan(resume_from),
        spent=cached.seconds if cached is not None else 0.0,
    )
    if cached is not None:
        from meddx.train._cached import states_collator

        collator = states_collator()
    else:
        collator = _collator(transformers.DataCollatorWithPadding(tokenizer), torch)
    trainer = MeddxTrainer(
        model=cached.module if cached is not None else model,
        args=args,
        train_dataset=cached.train if cached is not None else train_ds,
        eval_dataset=cached.validation if cached is not None else val_ds,
        processing_class=tokenizer,
        data_collator=collator,
        compute_metrics=_compute_metrics_fn(task),
        callbacks=callbacks,
        loss_fn=loss_fn,
        sampler_spec=sampler,
        adversary=adversary,
    )
    trainer.remove_callback(transformers.PrinterCallback)
    if resume_from:
        log.info("resuming from %s", Path(resume_from).name)
    elif resume:
        log.info("resume asked but no checkpoint saved yet: training from the start")
    trainer.train(resume_from_checkpoint=resume_from)
    stop = stop_reason(trainer.state, callbacks, tc, steps_per_epoch=_steps_per_epoch(
        len(train_ds), tc.batch_size, tc.gradient_accumulation_steps))
    stop["precision"] = precision
    if cached is not None:
        stop.update(frozen_layers=cached.k, cache_seconds=round(cached.seconds, 1))
        stop["sentence"] += f"; {cached.sentence()}"
    log.info("training stopped: %s", stop["sentence"])
    model = without_autocast(trainer.model)  # the model as it is served: fp32
    if cached is not None:
        model = model.model  # the full model, its top layers trained
    return FitResult(model, list(trainer.state.log_history),
                     stop["reason"] != "completed", trainer.state.global_step, stop)


def _thread_choices(tc, torch) -> list[int] | None:
    """With a time budget and ``train.threads`` unset, the budget also measures one CPU
    thread against all of them and keeps the faster (on a busy machine, one thread can be
    several times faster); otherwise None (the set count is kept)."""
    if tc.time_budget_minutes is None or tc.threads is not None or torch.cuda.is_available() \
            or _distributed():
        return None
    n = int(torch.get_num_threads())
    return [n, 1] if n > 1 else None


def _steps_per_epoch(n_examples: int, batch_size: int, accumulation: int) -> int:
    world = max(1, int(os.environ.get("WORLD_SIZE", "1")))
    batches = -(-n_examples // (batch_size * world))
    return max(1, batches // max(1, accumulation))


def stop_reason(state, callbacks, tc, *, steps_per_epoch: int) -> dict:
    """Why training stopped, and how much of the planned schedule ran. The plan is
    ``train.epochs`` epochs; ``train.max_steps`` replaces it as the LR schedule's length."""
    planned = max(1, int(round(steps_per_epoch * tc.epochs)))
    step = int(state.global_step)
    budget = next((c for c in callbacks if getattr(c, "seconds", None) is not None), None)
    replanned = getattr(budget, "replanned_steps_", None)
    if budget is not None and budget.stopped:
        reason = f"time budget ({tc.time_budget_minutes:g} min, train.time_budget_minutes)"
        if replanned is not None:
            reason = (f"time budget ({tc.time_budget_minutes:g} min, train.time_budget_minutes; "
                      f"from the measured speed the schedule was re-planned to {replanned} "
                      "steps, so the learning rate still decayed fully)")
    elif tc.early_stopping_patience and any(
            getattr(c, "early_stopping_patience_counter", 0) >= tc.early_stopping_patience
            for c in callbacks):
        reason = (f"early stopping (no validation gain in {tc.early_stopping_patience} "
                  "evaluations, train.early_stopping_patience)")
    elif tc.max_steps and step >= tc.max_steps and tc.max_steps < planned:
        reason = f"max steps ({tc.max_steps}, train.max_steps)"
    else:
        reason = "completed"
    share = step / planned
    epochs = float(state.epoch or 0.0)
    sentence = (f"{reason}: {step} of {planned} planned steps ({share:.0%} of "
                f"{tc.epochs:g} epoch(s)), {epochs:.2f} epochs run" if reason != "completed"
                else f"completed the planned schedule: {step} steps, {epochs:.2f} epochs")
    threads = getattr(budget, "threads_", None)
    if threads:
        sentence += (f"; {threads['chosen']} CPU thread(s), the faster measured ("
                     + ", ".join(f"{n} thread(s) {t:.2f} s per step"
                                 for n, t in sorted(threads["seconds_per_step"].items())) + ")")
    return {"reason": reason.split(" (")[0], "detail": reason, "steps": step,
            "planned_steps": planned, "share_of_plan": round(share, 4),
            "epochs_run": round(epochs, 3), "epochs_planned": tc.epochs,
            "schedule_steps": int(replanned or state.max_steps),
            "replanned": replanned is not None, "sentence": sentence,
            **({"cpu_threads": threads} if threads else {})}


def _collator(pad, torch):
    """Dynamic padding that carries the adversary's ``groups`` through (the padding collator
    would drop or mangle a key the model does not take)."""

    def collate(features: list[dict]) -> dict:
        groups = [f.pop("groups") for f in features] if "groups" in features[0] else None
        batch = pad(features)
        if groups is not None:
            batch["groups"] = torch.tensor(groups, dtype=torch.long)
        return batch

    return collate


def _distributed() -> bool:
    return int(os.environ.get("WORLD_SIZE", "1")) > 1
