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
        "Works with model.mode frozen (the head on cached embeddings), lora (a DP head, then "
        "DP-LoRA on the top encoder layer: head_share, lora_*) and full.",
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
        100, ge=1, description="With model.mode frozen: DP-SGD epochs of the head (mode full "
        "uses train.epochs, mode lora lora_epochs). The head's defaults (100 epochs, expected "
        "batch 256, Adam learning rate 0.01) were chosen on the demo's validation split at epsilon 8 "
        "(docs/benchmarks.md); that choice is outside the guarantee of the demo runs.",
    )
    batch_size: int = Field(
        256, ge=1, description="With model.mode frozen: expected batch size of the DP head, "
        "capped at the number of training notes (mode full uses train.batch_size, mode lora "
        "lora_batch_size).",
    )
    learning_rate: float = Field(
        0.01, gt=0, description="With model.mode frozen: Adam learning rate of the DP head "
        "(mode full uses train.learning_rate, mode lora lora_learning_rate).",
    )
    head_share: float = Field(
        0.5, gt=0, lt=1, description="With model.mode lora: the DP-LoRA recipe first fits a DP "
        "head on the frozen model (linear probing) with this share of epsilon as its own "
        "target, then DP-trains LoRA on the encoder's top layer with noise set so that both "
        "phases composed (one accountant) spend at most epsilon.",
    )
    lora_epochs: int = Field(
        20, ge=1, description="With model.mode lora: DP-SGD epochs of the LoRA phase (LoRA on "
        "the top encoder layer's query/value plus the classifier; lower layers frozen).",
    )
    lora_batch_size: int = Field(
        512, ge=1, description="With model.mode lora: expected (Poisson) batch of the LoRA "
        "phase, capped at the number of training notes.",
    )
    lora_learning_rate: float = Field(
        0.01, gt=0, description="With model.mode lora: Adam learning rate of the LoRA phase "
        "(chosen among 0.001, 0.003 and 0.01 on the demo's validation split at epsilon 8, "
        "docs/benchmarks.md; the other lora_* defaults and head_share were set beforehand).",
    )
    canaries: int = Field(
        0, ge=0, description="Causal-LM LoRA fine-tunes: plant this many random fake-PHI "
        "sentences (a fake name and a random 6-digit record number) in training notes after "
        "de-identification, then measure their exposure rank and greedy extraction (Carlini et "
        "al., 'The Secret Sharer') into metrics.json 'canaries' and `meddx privacy-audit`. "
        "0: off.",
    )
    canary_repeats: int = Field(
        1, ge=1, description="Each canary goes into this many distinct training notes.",
    )
    canary_candidates: int = Field(
        200, ge=10, description="Random secrets of the same format each canary is ranked "
        "against (the rank-based exposure is at most log2(candidates + 1) bits).",
    )
