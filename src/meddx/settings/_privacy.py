"""The differential-privacy settings of meddx.privacy (DP-SGD with Opacus)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from meddx._settings import StrictModel

__all__ = ["PrivacyConfig"]


class PrivacyConfig(StrictModel):
    epsilon: float | None = Field(
        None, gt=0, description="Differentially private training (DP-SGD with Opacus, needs pip "
        "install 'meddx[privacy]'): the target epsilon of the whole training run. None: off. "
        "Works with model.mode frozen (the head on cached embeddings), lora and full.",
    )
    delta: float | None = Field(
        None, gt=0, lt=1, description="Target delta; default min(1/n_train, 1e-5).",
    )
    max_grad_norm: float = Field(
        1.0, gt=0, description="Per-example gradient clipping norm (the sensitivity of a step).",
    )
    accountant: Literal["prv", "rdp"] = Field(
        "prv", description="Privacy accountant: 'prv' (privacy random variables, tighter) or "
        "'rdp' (Renyi DP).",
    )
    poisson_sampling: bool = Field(
        True, description="Draw each batch by Poisson sampling (each note joins a batch with "
        "probability batch_size / n_train), as the accounting assumes. Off: fixed-size shuffled "
        "batches, an approximation the accounting does not cover.",
    )
    epochs: int = Field(
        30, ge=1, description="With model.mode frozen: DP-SGD epochs of the head (other modes "
        "use train.epochs).",
    )
    batch_size: int = Field(
        64, ge=1, description="With model.mode frozen: expected batch size of the DP head (other "
        "modes use train.batch_size).",
    )
    learning_rate: float = Field(
        0.1, gt=0, description="With model.mode frozen: learning rate of the DP head (other "
        "modes use train.learning_rate).",
    )
