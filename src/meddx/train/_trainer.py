"""Hugging Face Trainer, extended only where meddx needs it.

``MeddxTrainer`` swaps in our loss (class weights, focal, label smoothing) and, for over- or
undersampling, a weighted sampler that reseeds per epoch so a resumed run draws the same
batches. The callbacks add rich progress bars and a wall-clock budget.
"""

from __future__ import annotations

import logging
import time

import numpy as np

from meddx.errors import require

__all__ = ["MeddxTrainer", "make_callbacks"]

transformers = require("transformers", "train")
torch = require("torch", "train")


class EpochWeightedSampler(torch.utils.data.Sampler):
    """Weighted draw (with or without replacement) that is a pure function of seed and epoch."""

    def __init__(self, weights: np.ndarray, num_samples: int, replacement: bool, seed: int):
        self.weights = torch.as_tensor(weights, dtype=torch.double)
        self.num_samples = int(num_samples)
        self.replacement = replacement
        self.seed = seed
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = int(epoch)

    def __iter__(self):
        g = torch.Generator().manual_seed(self.seed + 1000 * self.epoch)
        idx = torch.multinomial(self.weights, self.num_samples, self.replacement, generator=g)
        return iter(idx.tolist())

    def __len__(self) -> int:
        return self.num_samples


class MeddxTrainer(transformers.Trainer):
    """Trainer with a configurable loss and optional weighted sampling."""

    def __init__(self, *args, loss_fn=None, sampler_spec=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_fn = loss_fn
        self.sampler_spec = sampler_spec
        # Our loss is a per-batch mean: let Trainer divide by accumulation steps.
        self.loss_is_scaled_for_ga = False

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        if self.loss_fn is None:
            return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        loss = self.loss_fn(outputs.logits, labels)
        return (loss, outputs) if return_outputs else loss

    def _get_train_sampler(self, train_dataset=None):
        if self.sampler_spec is None:
            return super()._get_train_sampler(train_dataset)
        return EpochWeightedSampler(**self.sampler_spec)


class ProgressCallback(transformers.TrainerCallback):
    """One rich progress bar per epoch (steps), on the main process only."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.progress = None
        self.task = None

    def on_train_begin(self, args, state, control, **kwargs):
        if self.quiet or not state.is_world_process_zero:
            return
        from meddx._progress import make_progress

        self.progress = make_progress(info=True)
        self.progress.start()

    def on_epoch_begin(self, args, state, control, **kwargs):
        if self.progress is None:
            return
        per_epoch = max(1, state.max_steps // max(1, int(np.ceil(args.num_train_epochs))))
        epoch = int(state.epoch or 0) + 1
        self.task = self.progress.add_task(f"epoch {epoch}", total=per_epoch, info="")

    def on_step_end(self, args, state, control, **kwargs):
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and state.is_world_process_zero:
            numbers = {k: round(v, 5) for k, v in logs.items() if isinstance(v, int | float)}
            logging.getLogger("meddx").info("step %d: %s", state.global_step, numbers)
        if self.progress is None or self.task is None or not logs:
            return
        info = "  ".join(
            f"{k}={v:.4f}" for k, v in logs.items()
            if k in {"loss", "eval_loss", "eval_macro_f1"} and isinstance(v, float)
        )
        self.progress.update(self.task, info=info)

    def on_train_end(self, args, state, control, **kwargs):
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


class TimeBudgetCallback(transformers.TrainerCallback):
    """Stop cleanly, with a checkpoint, once the wall-clock budget is spent."""

    def __init__(self, minutes: float) -> None:
        self.seconds = minutes * 60.0
        self.start = None
        self.stopped = False

    def on_train_begin(self, args, state, control, **kwargs):
        self.start = time.monotonic()

    def on_step_end(self, args, state, control, **kwargs):
        if self.start is not None and time.monotonic() - self.start > self.seconds:
            self.stopped = True
            control.should_training_stop = True
            control.should_save = True
            control.should_evaluate = True


class DescribeCheckpointCallback(transformers.TrainerCallback):
    """Write the resolved meddx config into every checkpoint, so it describes itself.

    Trainer already stores the step, the best metric so far, optimizer, scheduler and RNG states.
    """

    def __init__(self, config_yaml: str) -> None:
        self.config_yaml = config_yaml

    def on_save(self, args, state, control, **kwargs):
        if not state.is_world_process_zero:
            return
        from pathlib import Path

        from meddx._io import atomic_write_text

        folder = Path(args.output_dir) / f"checkpoint-{state.global_step}"
        if folder.is_dir():
            atomic_write_text(folder / "meddx_config.yaml", self.config_yaml)


def make_callbacks(*, quiet: bool, patience: int | None, minutes: float | None,
                   config_yaml: str | None = None) -> list:
    callbacks: list = [ProgressCallback(quiet)]
    if config_yaml is not None:
        callbacks.append(DescribeCheckpointCallback(config_yaml))
    if patience is not None:
        callbacks.append(transformers.EarlyStoppingCallback(early_stopping_patience=patience))
    if minutes is not None:
        callbacks.append(TimeBudgetCallback(minutes))
    return callbacks
