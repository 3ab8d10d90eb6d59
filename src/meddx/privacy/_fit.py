"""``meddx train`` with ``privacy.epsilon``: the DP counterpart of ``meddx.train.fit_model``.

The pipeline calls :func:`fit_private` instead of ``fit_model``; it looks the DP fit of the
configured mode up in :data:`PRIVATE_FITS` (frozen, full and lora, the modes whose
``Mode.private`` is True); it returns the same
``Fitted`` (classifier, history) plus the ``privacy`` block for metrics.json. What lies outside
the guarantee (calibration and thresholds fitted on validation, the TF-IDF baseline, the
embedding cache) is said in the notes, and the model card repeats it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

from meddx._registry import Registry
from meddx.config import RunConfig
from meddx.data import Corpus
from meddx.errors import ConfigError
from meddx.models import get_mode

__all__ = ["OUTSIDE_GUARANTEE", "PRIVATE_FITS", "PrivateFit", "fit_private"]

log = logging.getLogger("meddx")

OUTSIDE_GUARANTEE = (
    "Outside the DP guarantee: calibration and decision thresholds fitted on the validation "
    "split, the TF-IDF baseline in baseline/ (trained without DP on the same notes: do not "
    "share it), and the cached embeddings in cache/.")


def fit_private(cfg: RunConfig, part: dict[str, Corpus], labels: list[str], task: str, run, *,
                resume: bool, quiet: bool, notes: list[str], phi=None):
    """Fit the configured encoder mode with DP-SGD; returns ``meddx.train.Fitted``."""
    import os

    from meddx.train import Fitted

    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        raise ConfigError("privacy.epsilon: DP training runs on one process; the accounting "
                          "does not cover distributed (DDP) training")
    import torch

    torch.set_num_threads(cfg.train.threads or os.cpu_count() or 1)
    if resume:
        raise ConfigError("privacy.epsilon: a DP run cannot be resumed (the accountant's "
                          "history is not checkpointed); start it again without --resume")
    from meddx.privacy._dp import plan_noise

    dp = PRIVATE_FITS.get(get_mode(cfg.model.backend, cfg.model.mode).key)
    # Refuse an unreachable target before minutes of embedding or model loading.
    n_train = len(part["train"])
    plan_noise(cfg.privacy, n_train, *dp.plan(cfg, n_train))
    classifier, outcome = dp.fit(cfg, part["train"], labels, task, run, quiet)
    privacy = outcome.summary()
    batches = "Poisson-sampled" if privacy["poisson_sampling"] else \
        "shuffled fixed-size (NOT covered by the accounting)"
    notes.append(
        f"Differential privacy (DP-SGD, Opacus): epsilon {privacy['epsilon']:.3f} spent of a "
        f"target {privacy['target_epsilon']:g}, delta {privacy['delta']:.2e}, accountant "
        f"{privacy['accountant']}, noise multiplier {privacy['noise_multiplier']:.4f}, clipping "
        f"norm {privacy['max_grad_norm']:g}, sample rate {privacy['sample_rate']:.4f} "
        f"({batches} batches), {privacy['steps']} steps{_phases(privacy)}. {OUTSIDE_GUARANTEE}")
    log.info("DP training done: epsilon %.3f (delta %.2e) after %d steps", privacy["epsilon"],
             privacy["delta"], privacy["steps"])
    return Fitted(classifier, outcome.history, {"privacy": privacy})


def _phases(privacy: dict) -> str:
    if not privacy.get("phases"):
        return ""
    return " (all phases; " + "; ".join(
        f"{p['phase']}: noise {p['noise_multiplier']:.4f}, {p['steps']} steps"
        for p in privacy["phases"]) + "; composed by one accountant)"


@dataclass(frozen=True)
class PrivateFit:
    """The DP-SGD variant of a training mode (one whose ``Mode.private`` is True)."""

    plan: Callable[[RunConfig, int], tuple[int, int]]  # (expected batch, epochs) for n notes
    fit: Callable  # (cfg, train, labels, task, run, quiet) -> (classifier, DPOutcome)


PRIVATE_FITS: Registry[PrivateFit] = Registry("DP training mode fit")


def _fine_tune_plan(cfg: RunConfig, n: int) -> tuple[int, int]:
    return cfg.train.batch_size, max(1, math.ceil(cfg.train.epochs))


def _fine_tune(cfg: RunConfig, train: Corpus, labels, task, run, quiet):
    from meddx.privacy._encoder import dp_finetune

    return dp_finetune(cfg, train, labels, task, quiet=quiet)


def _frozen(cfg: RunConfig, train: Corpus, labels, task, run, quiet):
    from meddx.models import FrozenEncoderClassifier
    from meddx.privacy._dp import dp_class_weights
    from meddx.privacy._head import dp_fit_head

    probe = FrozenEncoderClassifier(labels=labels, task=task, prep=cfg.prep,
                                    model=cfg.model.name, pooling=cfg.model.pooling,
                                    head=None, cache_dir=run.cache)
    x_train = probe.embed(train.texts, quiet=quiet, label="embedding train")
    weights = dp_class_weights(cfg, train.y, labels, task)
    probe.head, outcome = dp_fit_head(x_train, train.y, n_classes=len(labels),
                                      privacy=cfg.privacy, seed=cfg.train.seed,
                                      class_weight=weights, quiet=quiet)
    return probe, outcome


def _frozen_plan(cfg: RunConfig, n: int) -> tuple[int, int]:
    from meddx.privacy._head import head_batch_size

    return head_batch_size(cfg.privacy, n), cfg.privacy.epochs


PRIVATE_FITS.register("frozen", PrivateFit(plan=_frozen_plan, fit=_frozen))
PRIVATE_FITS.register("full", PrivateFit(plan=_fine_tune_plan, fit=_fine_tune))
def _lora(cfg: RunConfig, train: Corpus, labels, task, run, quiet):
    from meddx.privacy._lora import dp_lora

    return dp_lora(cfg, train, labels, task, quiet=quiet)


def _lora_plan(cfg: RunConfig, n: int) -> tuple[int, int]:
    from meddx.privacy._lora import lora_plan

    return lora_plan(cfg, n)


PRIVATE_FITS.register("lora", PrivateFit(plan=_lora_plan, fit=_lora))
