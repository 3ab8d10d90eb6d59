"""The training settings of meddx.train: epochs, batches, schedule, checkpoints, class imbalance.

An imbalance strategy is what ``train.imbalance.strategy`` names, registered in
:data:`IMBALANCE_STRATEGIES` as an :class:`ImbalanceStrategy`: the properties the config and
training ask instead of comparing names. How it acts in training (resampled head rows, a batch
sampler, a loss) is registered under the same name in ``meddx.train.IMBALANCE_FITS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator

from meddx._registry import Registry, check_choice, describe_choices
from meddx._settings import StrictModel

__all__ = ["IMBALANCE_STRATEGIES", "ImbalanceConfig", "ImbalanceStrategy", "TrainConfig",
           "register_imbalance_strategy"]


@dataclass(frozen=True)
class ImbalanceStrategy:
    """One ``train.imbalance.strategy``: its name, one line on what it does, and what it needs."""

    name: str
    summary: str = ""
    corrects: bool = True  # changes training ('none' does not); encoder backend, no federation
    class_weights: bool = False  # reads train.imbalance.class_weights
    resamples: bool = False  # changes the training rows: refused with DP-SGD and row weights
    sampler: bool = False  # draws fine-tuning batches with a weighted sampler
    embeddings: bool = False  # works on embeddings: needs a mode with frozen embeddings
    loss: bool = False  # a training loss: refused for a head fitted on embeddings


IMBALANCE_STRATEGIES: Registry[ImbalanceStrategy] = Registry("class-imbalance strategy")


def register_imbalance_strategy(strategy: ImbalanceStrategy) -> ImbalanceStrategy:
    """Register ``strategy`` under its name; its fit goes in ``meddx.train.IMBALANCE_FITS``."""
    return IMBALANCE_STRATEGIES.register(strategy.name, strategy)


for _strategy in (
    ImbalanceStrategy("none", "changes nothing", corrects=False),
    ImbalanceStrategy("class_weight", "weights the loss (or the head's rows) by class",
                      class_weights=True),
    ImbalanceStrategy("focal", "uses focal loss (fine-tuning)", class_weights=True, loss=True),
    ImbalanceStrategy("oversample", "draws batches with a weighted sampler, with replacement "
                      "(the frozen head: random oversampling)", resamples=True, sampler=True),
    ImbalanceStrategy("undersample", "draws batches with a weighted sampler, without "
                      "replacement, down to the smallest class (the frozen head: random "
                      "undersampling)", resamples=True, sampler=True),
    ImbalanceStrategy("smote", "synthesises minority embeddings (mode=frozen only)",
                      resamples=True, embeddings=True),
):
    register_imbalance_strategy(_strategy)


class ImbalanceConfig(StrictModel):
    strategy: str = Field(
        "none",
        description="Class-imbalance correction, by registered name "
        "(meddx.settings.IMBALANCE_STRATEGIES): "
        + describe_choices((n, s.summary) for n, s in IMBALANCE_STRATEGIES.in_order()) + ".",
    )
    class_weights: Literal["balanced"] | dict[str, float] = Field(
        "balanced", description="With class_weight or focal: 'balanced' or a weight per label "
        "(a label left out weighs 1; a label the data lacks is an error)."
    )
    focal_gamma: float = Field(2.0, ge=0, description="Focusing parameter of focal loss.")

    @field_validator("strategy")
    @classmethod
    def _registered_strategy(cls, value: str) -> str:
        return check_choice(IMBALANCE_STRATEGIES, value)


class TrainConfig(StrictModel):
    epochs: float = Field(3, gt=0, description="Training epochs.")
    batch_size: int = Field(16, ge=1, description="Per-device training batch size.")
    eval_batch_size: int = Field(64, ge=1, description="Per-device evaluation batch size.")
    learning_rate: float = Field(5e-5, gt=0, description="Peak learning rate.")
    lr_scheduler: Literal["linear", "cosine", "constant_with_warmup"] = Field(
        "linear", description="Learning-rate schedule after warm-up."
    )
    warmup_ratio: float = Field(0.06, ge=0, lt=1, description="Share of steps used for warm-up.")
    gradient_accumulation_steps: int = Field(1, ge=1, description="Batches per optimizer step.")
    weight_decay: float = Field(0.01, ge=0, description="AdamW weight decay.")
    label_smoothing: float = Field(0.0, ge=0, lt=1, description="Label smoothing (single-label).")
    early_stopping_patience: int | None = Field(
        None, ge=1, description="Stop after this many evaluations without improvement."
    )
    metric_for_best: Literal["macro_f1", "accuracy", "loss"] = Field(
        "macro_f1", description="Validation metric that picks the best checkpoint."
    )
    max_steps: int | None = Field(None, ge=1, description="Stop after this many optimizer steps.")
    time_budget_minutes: float | None = Field(
        None, gt=0, description="Wall-clock budget of fine-tuning. From the measured seconds per "
        "step, a plan that would not fit is shortened and its learning-rate schedule re-stretched "
        "to end within the budget (a complete, decayed schedule); training stops cleanly, with a "
        "checkpoint, at the new end or when the time is spent. metrics.json 'training', the "
        "console and the report say so."
    )
    save_steps: int | None = Field(
        None, ge=1, description="Checkpoint every N steps (default: once per epoch)."
    )
    keep_checkpoints: Literal["best", "last", "all"] = Field(
        "best", description="Training checkpoints kept in RUN/checkpoints once the run is complete "
        "(the model itself is in RUN/model): 'best' the one with the best validation metric (the "
        "last without a validation split), 'last' the last one, 'all' every one (also while "
        "training; otherwise at most two are kept: the best and the latest, for --resume)."
    )
    seed: int = Field(42, description="Seed for weights, dropout and batch order.")
    threads: int | None = Field(None, ge=1, description="torch CPU threads (default: all cores).")
    precision: Literal["auto", "fp32", "bf16"] = Field(
        "auto", description="Arithmetic of the encoder fine-tune (model.mode full or lora): "
        "'bf16' runs the forward and backward passes in bfloat16 mixed precision (autocast; "
        "the weights, the optimiser, the saved model, validation during training and every "
        "prediction stay fp32), 'fp32' runs all in fp32, 'auto' picks bf16 where the hardware "
        "runs it natively (a CUDA GPU with bf16, or a CPU with AMX or AVX512-BF16) and fp32 "
        "elsewhere. 'bf16' on hardware without it is an error, as is 'bf16' with a mode or "
        "setting that trains in fp32 only (frozen, setfit, causal-LM modes, privacy.epsilon, "
        "federated.site_column). metrics.json 'training' records the precision used."
    )
    imbalance: ImbalanceConfig = Field(default_factory=ImbalanceConfig, description="Class imbalance.")
