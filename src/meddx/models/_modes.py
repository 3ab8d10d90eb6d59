"""Training modes as the layers below training see them.

A mode is what ``model.mode`` names: ``frozen``, ``full``, ``lora`` and ``setfit`` for an encoder;
``zero-shot``, ``few-shot``, ``rag``, ``lora`` (LoRA SFT) and ``seqcls`` for a causal LM. The
config, the models and the checks before training ask a :class:`Mode` what it does (does it
fine-tune the encoder, wrap it in LoRA, put examples or passages in the prompt, support DP,
which weights federated training sends) instead of comparing names. Each mode's fit lives in
``meddx.train`` (one module per mode, registered under :attr:`Mode.key` in ``meddx.train.FITS``); the DP fits
of the modes that support ``privacy.epsilon`` are registered in ``meddx.privacy``.

A mode is registered here, below the config, because the config validates ``model.mode``
against the registered modes; training sits above the config, so the fit is registered there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from meddx._registry import Registry

__all__ = ["MODES", "Mode", "get_mode", "mode_names", "register_mode", "registered_modes"]

Backend = Literal["encoder", "causal_lm"]
FEDERATED_WEIGHTS = ("", "head", "adapters")  # the values of Mode.federates


@dataclass(frozen=True)
class Mode:
    """One training mode: its ``model.mode`` name, its model family and what it does."""

    name: str  # the value of model.mode
    backend: Backend  # the model family (model.backend) the mode belongs to
    key: str = ""  # the registry name, unique over families; default: ``name``
    summary: str = ""  # one line: what it trains (the help of model.mode and `meddx train --mode`)
    fine_tunes: bool = False  # trains the encoder's weights with the Trainer, one input per note
    lora: bool = False  # wraps the model in LoRA adapters (PEFT) for training
    embedding_head: bool = False  # a head fitted on embeddings, not by a loss (no focal loss)
    frozen_embeddings: bool = False  # its head reads cached frozen-encoder embeddings (SMOTE)
    trains_weights: bool = True  # False: the model is used as it is (prompting only)
    examples: bool = False  # the prompt carries in-context examples from a stored pool
    passages: bool = False  # the prompt carries retrieved passages
    private: bool = False  # privacy.epsilon (DP-SGD) can train it (its DP fit: meddx.privacy)
    # what `meddx federate` trains across sites (only these weights travel): "head", a linear
    # head on frozen-encoder embeddings at federated.learning_rate; "adapters", LoRA adapters
    # and the classification head, fine-tuned at train.learning_rate; "": not federated
    federates: Literal["", "head", "adapters"] = ""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.name)
        if self.federates not in FEDERATED_WEIGHTS:
            raise ValueError(f"training mode '{self.name}': federates must be one of "
                             f"{', '.join(repr(k) for k in FEDERATED_WEIGHTS)}; got "
                             f"{self.federates!r}")

    @property
    def federated(self) -> bool:
        """`meddx federate` can train it."""
        return bool(self.federates)


MODES: Registry[Mode] = Registry("training mode")
_ORDER: list[Mode] = []  # registration order: how allowed modes are listed in messages


def register_mode(mode: Mode) -> Mode:
    """Register ``mode`` under its key; a (family, name) pair may be registered once."""
    if any(m.backend == mode.backend and m.name == mode.name for m in _ORDER):
        from meddx.errors import ConfigError

        raise ConfigError(f"training mode '{mode.name}' is already registered for model.backend "
                          f"'{mode.backend}'")
    MODES.register(mode.key, mode)
    _ORDER.append(mode)
    return mode


def registered_modes(backend: str | None = None) -> list[Mode]:
    """The modes of ``backend`` (every family when None), in registration order."""
    return [m for m in _ORDER if backend is None or m.backend == backend]


def mode_names(backend: str | None = None) -> list[str]:
    """The ``model.mode`` names of ``backend`` (every family when None), in registration order:
    the choices of ``model.mode``."""
    return list(dict.fromkeys(m.name for m in registered_modes(backend)))


def get_mode(backend: str, name: str) -> Mode:
    """The mode ``name`` of the model family ``backend``; a ConfigError names the allowed ones."""
    for m in _ORDER:
        if m.backend == backend and m.name == name:
            return m
    from meddx.errors import ConfigError

    raise ConfigError(f"model.mode '{name}' does not fit model.backend '{backend}'; allowed "
                      f"modes: {', '.join(mode_names(backend))}")


for _mode in (
    Mode("full", "encoder", summary="fine-tunes every weight of the encoder", fine_tunes=True,
         private=True),
    Mode("lora", "encoder", summary="trains LoRA adapters on the encoder", fine_tunes=True,
         lora=True, private=True, federates="adapters"),
    Mode("frozen", "encoder", summary="a linear head on cached, pooled encoder embeddings, the "
         "fastest on CPU",
         embedding_head=True, frozen_embeddings=True, private=True, federates="head"),
    Mode("setfit", "encoder", summary="contrastive fine-tuning of the encoder on pairs of "
         "training notes, then the head: few-shot learning, see model.setfit", embedding_head=True),
    Mode("zero-shot", "causal_lm", summary="each label's likelihood after the prompt",
         trains_weights=False),
    Mode("few-shot", "causal_lm", summary="in-context examples from the training split",
         trains_weights=False, examples=True),
    Mode("lora", "causal_lm", key="lora-sft", summary="LoRA adapters fine-tuned on (prompt, "
         "answer) pairs, the loss on the answer only", lora=True),
    Mode("seqcls", "causal_lm", summary="a classification head on the LM with LoRA", lora=True),
    Mode("rag", "causal_lm", summary="retrieved passages in the prompt", trains_weights=False,
         passages=True),
):
    register_mode(_mode)
