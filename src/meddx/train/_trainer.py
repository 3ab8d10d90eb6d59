"""Hugging Face Trainer, extended only where meddx needs it.

``MeddxTrainer`` swaps in our loss (class weights, focal, label smoothing) and, for over- or
undersampling, a weighted sampler that reseeds per epoch so a resumed run draws the same
batches. With adversarial debiasing it trains the group adversary beside the model and saves
its weights in every checkpoint (``adversary.pt``), restored on resume (its optimiser state
already travels in Trainer's ``optimizer.pt``). The callbacks add rich progress bars and a
wall-clock budget (``train/_budget.py``). Under ``train.precision`` bf16 the training steps
run under autocast and the validation during training in fp32, as the served model does.
"""

from __future__ import annotations

import logging
import time

import numpy as np

from meddx.errors import require
from meddx.train._budget import TimeBudgetCallback

__all__ = ["ADVERSARY_FILE", "MeddxTrainer", "make_callbacks", "without_autocast"]

ADVERSARY_FILE = "adversary.pt"

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

    def __init__(self, *args, loss_fn=None, sampler_spec=None, adversary=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_fn = loss_fn
        self.sampler_spec = sampler_spec
        # fairness.mitigation 'adversarial': {"module", "weight", "on"} (see train/_adversarial)
        self.adversary = adversary
        if adversary is not None:
            adversary["module"].to(self.args.device)
        # Our loss is a per-batch mean: let Trainer divide by accumulation steps.
        self.loss_is_scaled_for_ga = False

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        groups = inputs.pop("groups", None)
        if self.loss_fn is None:
            return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
        labels = inputs.pop("labels")
        adversarial = self.adversary is not None and model.training
        if adversarial and groups is None:
            from meddx.errors import ModelError

            raise ModelError("adversarial debiasing: the training batch has no 'groups'")
        on_rep = adversarial and self.adversary["on"] == "representation"
        outputs = model(**inputs, output_hidden_states=True) if on_rep else model(**inputs)
        loss = self.loss_fn(outputs.logits, labels)
        if adversarial:
            loss = loss + self._adversary_loss(outputs, labels, groups, on_rep)
        return (loss, outputs) if return_outputs else loss

    def _adversary_loss(self, outputs, labels, groups, on_rep: bool):
        """The group adversary's cross-entropy, read through the gradient-reversal layer:
        on the [CLS] hidden state of the last layer, or on the logits."""
        from meddx.train._adversarial import ramp

        h = outputs.hidden_states[-1][:, 0] if on_rep else outputs.logits
        progress = self.state.global_step / max(1, self.state.max_steps)
        lam = ramp(progress, self.adversary["weight"])
        group_logits = self.adversary["module"](h, labels, lam)
        return torch.nn.functional.cross_entropy(group_logits, groups.long().to(h.device))

    def create_optimizer(self, *args, **kwargs):
        """Trainer's optimiser, plus the adversary's parameters (no weight decay)."""
        optimizer = super().create_optimizer(*args, **kwargs)
        if self.adversary is not None and not getattr(self, "_adversary_added", False):
            optimizer.add_param_group({"params": list(self.adversary["module"].parameters()),
                                       "weight_decay": 0.0})
            self._adversary_added = True
        return optimizer

    def _save_checkpoint(self, model, trial):
        """Trainer's checkpoint, plus the adversary's weights (``adversary.pt``)."""
        super()._save_checkpoint(model, trial)
        if self.adversary is None or not self.args.should_save:
            return
        from pathlib import Path

        folder = Path(self._get_output_dir(trial=trial)) / f"checkpoint-{self.state.global_step}"
        if folder.is_dir():
            torch.save(self.adversary["module"].state_dict(), folder / ADVERSARY_FILE)

    def _load_from_checkpoint(self, resume_from_checkpoint, model=None):
        """Trainer's resume, plus the adversary's weights. A checkpoint and a config that
        disagree on adversarial mitigation are an error, not a silent fresh adversary."""
        from pathlib import Path

        from meddx.errors import ModelError

        path = Path(resume_from_checkpoint) / ADVERSARY_FILE
        if self.adversary is not None and not path.is_file():
            raise ModelError(
                f"cannot resume from {Path(resume_from_checkpoint).name}: fairness.mitigation is "
                f"'adversarial' but the checkpoint has no {ADVERSARY_FILE} (it was saved without "
                "the adversary); train again without --resume")
        if self.adversary is None and path.is_file():
            raise ModelError(
                f"cannot resume from {Path(resume_from_checkpoint).name}: it was trained with "
                "fairness.mitigation 'adversarial' but the config now has none; resume with the "
                "same fairness settings or train again without --resume")
        super()._load_from_checkpoint(resume_from_checkpoint, model)
        if self.adversary is not None:
            state = torch.load(path, map_location=self.args.device, weights_only=True)
            self.adversary["module"].load_state_dict(state)

    def evaluation_loop(self, *args, **kwargs):
        """Trainer's evaluation in fp32: with bf16 mixed precision accelerate wraps the model's
        forward in autocast, which the validation that picks the best checkpoint (and its
        loss in the training curves) should not see: it would score a model nobody serves."""
        model = self.model
        wrapped = model.__dict__.get("forward") if "_original_forward" in model.__dict__ else None
        if wrapped is None:
            return super().evaluation_loop(*args, **kwargs)
        model.forward = model.__dict__["_original_forward"]
        try:
            return super().evaluation_loop(*args, **kwargs)
        finally:
            model.forward = wrapped

    def _get_train_sampler(self, train_dataset=None):
        if self.sampler_spec is None:
            return super()._get_train_sampler(train_dataset)
        return EpochWeightedSampler(**self.sampler_spec)


def without_autocast(model):
    """``model`` with the forward it had before Trainer's bf16 mixed precision wrapped it in
    autocast (accelerate keeps the original as ``_original_forward``). accelerate's own
    ``unwrap_model(keep_fp32_wrapper=False)`` unwraps every ``functools.wraps`` layer, also
    the decorators of the model's own forward (transformers' ``can_return_tuple``)."""
    original = model.__dict__.pop("_original_forward", None)
    if original is not None:
        model.forward = original
    return model


class ProgressCallback(transformers.TrainerCallback):
    """One rich progress bar per epoch (steps), on the main process only."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.progress = None
        self.task = None
        self.last_logged = float("-inf")

    def _due(self, logs: dict) -> bool:
        """Evaluations and the end always go to the log; loss lines at most every
        LOG_EVERY_S seconds (the terminal bar shows them all)."""
        from meddx._progress import LOG_EVERY_S

        now = time.monotonic()
        if any(k.startswith(("eval_", "train_")) for k in logs) or \
                now - self.last_logged >= LOG_EVERY_S:
            self.last_logged = now
            return True
        return False

    def on_train_begin(self, args, state, control, **kwargs):
        if self.quiet or not state.is_world_process_zero:
            return
        from meddx._progress import make_progress

        self.progress = make_progress(info=True)
        self.progress.start()

    def on_epoch_begin(self, args, state, control, **kwargs):
        per_epoch = max(1, state.max_steps // max(1, int(np.ceil(args.num_train_epochs))))
        epoch = int(state.epoch or 0) + 1
        if state.is_world_process_zero:  # the log, quiet or not
            logging.getLogger("meddx").info(
                "fine-tuning: epoch %d of %g starts at step %d of %d", epoch,
                args.num_train_epochs, state.global_step, state.max_steps)
        if self.progress is None:
            return
        self.task = self.progress.add_task(f"epoch {epoch}", total=per_epoch, info="")

    def on_step_end(self, args, state, control, **kwargs):
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and state.is_world_process_zero and self._due(logs):
            numbers = {k: round(v, 5) for k, v in logs.items() if isinstance(v, int | float)}
            share = state.global_step / max(state.max_steps, 1)
            logging.getLogger("meddx").info("step %d of %d (%.0f%%): %s", state.global_step,
                                            state.max_steps, 100 * share, numbers)
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
                   config_yaml: str | None = None, threads: list[int] | None = None,
                   resume_plan: dict | None = None, spent: float = 0.0) -> list:
    """The fine-tune's callbacks; ``spent``: seconds of the budget already used before Trainer
    starts (caching the frozen layers' output)."""
    callbacks: list = [ProgressCallback(quiet)]
    if config_yaml is not None:
        callbacks.append(DescribeCheckpointCallback(config_yaml))
    if patience is not None:
        callbacks.append(transformers.EarlyStoppingCallback(early_stopping_patience=patience))
    if minutes is not None:
        callbacks.append(TimeBudgetCallback(minutes, threads=threads, resume_plan=resume_plan,
                                            spent=spent))
    return callbacks
