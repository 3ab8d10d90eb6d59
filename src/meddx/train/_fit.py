"""Fit the configured model on the training split, using validation for selection.

:func:`fit_model` looks the configured mode up (``meddx.models.get_mode``) and calls the fit
registered under its key in :data:`FITS`. Each built-in mode's fit is one module of
``meddx.train._modes``; a new mode registers its own with :func:`register_fit`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from meddx._registry import Registry
from meddx.config import RunConfig
from meddx.data import Corpus
from meddx.models import get_mode, load_tokenizer, resolve_model, tokenizer_lowercases
from meddx.runs import RunDir

__all__ = ["FITS", "FitContext", "Fitted", "encoder_tokenizer", "fit_mode", "fit_model",
           "register_fit"]

log = logging.getLogger("meddx")


@dataclass
class Fitted:
    classifier: object
    history: list[dict]
    # Extra blocks for metrics.json from other training paths: 'privacy' (DP-SGD),
    # 'federated' (meddx federate).
    metrics: dict = field(default_factory=dict)
    stop: dict | None = None  # fine-tuning: why it stopped and the share of the plan that ran


@dataclass
class FitContext:
    """What a mode's fit gets: the run config, the splits, the labels and where to write.

    ``run`` is None outside a run (``meddx prompts compare``); ``notes`` collects the sentences
    the report prints about training; ``phi`` (a PhiRecorder of the input's PHI) keeps flagged
    strings out of stored example pools (causal-LM few-shot and rag)."""

    cfg: RunConfig
    part: dict[str, Corpus]
    labels: list[str]
    task: str
    run: RunDir | None
    resume: bool = False
    quiet: bool = False
    notes: list[str] = field(default_factory=list)
    phi: object = None

    @property
    def train(self) -> Corpus:
        return self.part["train"]

    @property
    def val(self) -> Corpus:
        return self.part["validation"]


FITS: Registry[Callable[[FitContext], Fitted]] = Registry("training mode fit")


def register_fit(key: str):
    """Decorator: ``fit(ctx) -> Fitted`` trains the mode registered as ``key`` in
    ``meddx.models.MODES``."""
    def deco(fit: Callable[[FitContext], Fitted]) -> Callable[[FitContext], Fitted]:
        FITS.register(key, fit)
        return fit
    return deco


def fit_mode(ctx: FitContext) -> Fitted:
    """Call the fit registered for the configured mode."""
    mode = get_mode(ctx.cfg.model.backend, ctx.cfg.model.mode)
    return FITS.get(mode.key)(ctx)


def fit_model(cfg: RunConfig, part: dict[str, Corpus], labels: list[str], task: str,
              run: RunDir, *, resume: bool, quiet: bool, notes: list[str], phi=None) -> Fitted:
    """Fit the configured mode for a run (``meddx.pipeline.train_run`` calls this)."""
    _set_threads(cfg)
    return fit_mode(FitContext(cfg, part, labels, task, run, resume=resume, quiet=quiet,
                               notes=notes, phi=phi))


def encoder_tokenizer(ctx: FitContext):
    """The encoder's tokenizer, after a warning in the notes when a prep step contradicts it."""
    tokenizer = load_tokenizer(resolve_model(ctx.cfg.model.name))
    _check_lowercase(ctx.cfg, tokenizer, ctx.notes)
    return tokenizer


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


def _set_threads(cfg: RunConfig) -> None:
    import os

    import torch

    threads = cfg.train.threads or os.cpu_count() or 1
    torch.set_num_threads(threads)
