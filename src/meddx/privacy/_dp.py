"""DP-SGD with Opacus: one loop for every trainable torch module (a head, LoRA adapters, a
whole encoder).

The story: resolve delta → plan the steps → let Opacus pick the noise for the target epsilon
(Opacus' ``get_noise_multiplier``, the search ``make_private_with_epsilon`` runs; refuse when
no noise can meet it) → train with Poisson
sampling → after every optimiser step check that the trainable weights moved (Opacus #820:
with PEFT the per-example gradients can silently miss the adapters) → stop at the budget →
read the spent epsilon from Opacus' accountant.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from meddx.errors import ConfigError, ModelError, require
from meddx.settings import PrivacyConfig

__all__ = ["DELTA_CAP", "DPOutcome", "MovementCheck", "dp_train", "plan_noise",
           "plan_noise_after", "resolve_delta", "spent_epsilon"]

log = logging.getLogger("meddx")

DELTA_CAP = 1e-5
_PLANS: dict[tuple, float] = {}


def _opacus():
    """Import Opacus (or raise naming the extra) without the root log handler that its import
    adds (``opacus.utils.module_utils`` calls ``logging.basicConfig``), which would print every
    meddx log line to the console as well, ``--quiet`` or not."""
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        return require("opacus", "privacy")
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)


def resolve_delta(privacy: PrivacyConfig, n_train: int) -> float:
    """The configured delta, else ``min(1 / n_train, DELTA_CAP)``."""
    if privacy.delta is not None:
        return float(privacy.delta)
    return min(1.0 / max(n_train, 1), DELTA_CAP)


class MovementCheck:
    """Snapshots the tensors an optimiser is meant to train; :meth:`after_step` raises
    ModelError when any of them did not change in the step just taken."""

    def __init__(self, named: Sequence[tuple[str, object]]) -> None:
        self.named = [(n, p) for n, p in named]
        if not self.named:
            raise ModelError("DP training: the model has no trainable weights")
        self.before = [p.detach().clone() for _, p in self.named]

    def after_step(self, step: int) -> None:
        import torch

        stuck = [name for (name, p), b in zip(self.named, self.before, strict=True)
                 if torch.equal(p.detach(), b)]
        if stuck:
            raise ModelError(
                f"DP training stopped at optimiser step {step}: {len(stuck)} of "
                f"{len(self.named)} trainable weight tensors did not move (first: '{stuck[0]}'); "
                "the per-example gradients do not reach them (frozen by mistake, or the "
                "Opacus/PEFT hook problem of Opacus issue #820). Nothing was saved.")
        self.before = [p.detach().clone() for _, p in self.named]


@dataclass
class DPOutcome:
    """What was spent: metrics.json's ``privacy`` block, plus the run's own bookkeeping."""

    epsilon: float
    delta: float
    accountant: str
    noise_multiplier: float
    sample_rate: float
    steps: int
    target_epsilon: float
    max_grad_norm: float
    poisson_sampling: bool
    epochs: int
    history: list[dict]
    phases: list[dict] | None = None  # several DP phases composed into ``epsilon``

    def summary(self) -> dict:
        out = {"epsilon": round(self.epsilon, 6), "delta": self.delta,
               "accountant": self.accountant, "noise_multiplier": self.noise_multiplier,
               "sample_rate": self.sample_rate, "steps": self.steps,
               "target_epsilon": self.target_epsilon, "max_grad_norm": self.max_grad_norm,
               "poisson_sampling": self.poisson_sampling, "epochs": self.epochs}
        if self.phases:
            out["phases"] = self.phases
        return out


def plan_noise(privacy: PrivacyConfig, n: int, batch_size: int,
               epochs: int) -> tuple[float, float, float, int]:
    """(noise multiplier, delta, sample rate, planned steps) for ``n`` notes: Opacus' noise
    search (``get_noise_multiplier``, the one ``make_private_with_epsilon`` runs). Raises
    ConfigError, in one line naming the settings, when no noise level meets the target."""
    _opacus()
    from opacus.accountants.utils import get_noise_multiplier

    if n < 2:
        raise ConfigError(f"privacy.epsilon: DP training needs at least 2 training notes, got {n}")
    if batch_size > n:
        raise ConfigError(f"privacy: the expected batch size {batch_size} is larger than the {n} "
                          "training notes; lower the batch size")
    delta = resolve_delta(privacy, n)
    batches = -(-n // batch_size)  # a DataLoader's len: Opacus' sample rate is 1 / len
    sample_rate, planned = 1.0 / batches, epochs * batches
    key = (privacy.epsilon, delta, privacy.accountant, sample_rate, epochs)
    if key in _PLANS:  # the early check and the training itself ask the same question
        return _PLANS[key], delta, sample_rate, planned
    try:
        with _sample_rate_one():
            sigma = float(get_noise_multiplier(
                target_epsilon=privacy.epsilon, target_delta=delta, sample_rate=sample_rate,
                epochs=epochs, accountant=privacy.accountant))
    except ValueError:
        raise ConfigError(
            f"privacy.epsilon {privacy.epsilon:g} cannot be met: with {n} training notes, "
            f"expected batch {batch_size} (sample rate {sample_rate:.4f}), {epochs} epochs "
            f"({planned} steps) and delta {delta:.2e}, no noise level is small enough; raise "
            "privacy.epsilon, train fewer epochs or use more notes") from None
    _PLANS[key] = sigma
    return sigma, delta, sample_rate, planned


def dp_class_weights(cfg, y, labels: list[str], task: str):
    """train.imbalance's class weights (numpy, one per label) when its strategy weights classes
    and the task is single-label, else None: the loss weights of every DP mode. Weighting each
    note's loss before per-note clipping leaves the privacy accounting unchanged."""
    from meddx.settings import IMBALANCE_STRATEGIES
    from meddx.train import class_weights

    imb = cfg.train.imbalance
    if task == "multilabel" or not IMBALANCE_STRATEGIES.get(imb.strategy).class_weights:
        return None
    return class_weights(y, labels, imb)


def weighted_cross_entropy(logits, y, weight):
    """Cross-entropy averaged over the batch (Opacus' ``loss_reduction="mean"``), each note's
    loss scaled by its class weight (``weight`` None: unweighted). Not torch's ``weight=``,
    which divides by the batch's summed weights and so couples the notes of a batch."""
    import torch

    loss = torch.nn.functional.cross_entropy(logits, y, reduction="none")
    if weight is not None:
        loss = loss * weight[y]
    return loss.mean()


def _composed_epsilon(accountant: str, history: Sequence[tuple], delta: float) -> float:
    _opacus()  # first: it takes opacus's console handler off before opacus is imported here
    from opacus.accountants import create_accountant

    acc = create_accountant(mechanism=accountant)
    acc.history = [tuple(h) for h in history]
    with _sample_rate_one():
        return float(acc.get_epsilon(delta=delta))


def _sample_rate_one():
    """The PRV accountant takes log(1 - sample rate); at sample rate 1 (every note in every
    step, the DP head's full batches) numpy warns about log(0) although the epsilon it returns
    is right (tested against the RDP accountant). Silence exactly that numpy warning."""
    import numpy as np

    return np.errstate(divide="ignore")


def plan_noise_after(privacy: PrivacyConfig, delta: float, prior: Sequence[tuple],
                     sample_rate: float, steps: int, tolerance: float = 0.01) -> float:
    """The smallest noise multiplier (within ``tolerance`` in epsilon, the bisection of Opacus'
    ``get_noise_multiplier``) for ``steps`` more DP-SGD steps at ``sample_rate`` after the
    accountant history ``prior`` ((noise, sample rate, steps) entries), so that the composed
    epsilon stays at most ``privacy.epsilon``. ConfigError when the prior already spends it."""
    _opacus()
    target = float(privacy.epsilon)

    def eps(sigma: float) -> float:
        return _composed_epsilon(privacy.accountant, [*prior, (sigma, sample_rate, steps)], delta)

    low, high = 0.0, 10.0
    while eps(high) > target:
        low, high = high, 2 * high
        if high > 1e3:
            raise ConfigError(
                f"privacy.epsilon {target:g} cannot be met: the earlier DP phase(s) already "
                f"spend nearly all of it (delta {delta:.2e}); lower privacy.head_share")
    while True:
        sigma = (low + high) / 2
        spent = eps(sigma)
        if spent < target:
            high = sigma
            if target - spent < tolerance:
                return high
        else:
            low = sigma


def dp_train(module, dataset, *, loss_fn: Callable, privacy: PrivacyConfig, epochs: int,
             batch_size: int, learning_rate: float, seed: int,
             trainable: Sequence[tuple[str, object]] | None = None,
             wrap_model: bool = True, plan_epochs: int | None = None,
             prior: Sequence[tuple] = (), noise_multiplier: float | None = None,
             quiet: bool = True) -> DPOutcome:
    """Train ``module`` in place with DP-SGD on ``dataset`` (a torch Dataset of tensors).

    ``loss_fn(model, batch) -> loss`` (a mean over the batch). ``trainable`` names the
    tensors that must move at every step (default: every parameter with requires_grad); it
    is taken before Opacus wraps anything, so a tensor frozen by mistake still counts.
    ``plan_epochs`` (federated sites): the noise is set for that many epochs in all, of which
    this call trains ``epochs``; the caller accounts for the whole plan. ``prior`` (a later
    phase of a multi-phase recipe): the accountant history of the earlier phases, to which
    this phase's steps are added, so the epsilon returned is the composed one;
    ``noise_multiplier`` then comes from :func:`plan_noise_after`.
    """
    torch = require("torch", "train")
    n = len(dataset)
    named = list(trainable) if trainable is not None else \
        [(k, p) for k, p in module.named_parameters() if p.requires_grad]
    check = MovementCheck(named)
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    loader = torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=True,
                                         generator=generator)
    if privacy.epsilon is None:  # the non-private twin, for benchmarks: same loop and optimiser
        return _reference_train(module, loader, loss_fn, named, epochs=epochs,
                                learning_rate=learning_rate, n=n)
    opacus = _opacus()
    sigma, delta, sample_rate, planned = plan_noise(privacy, n, batch_size,
                                                    plan_epochs or epochs) \
        if noise_multiplier is None else (noise_multiplier, resolve_delta(privacy, n),
                                          1.0 / len(loader), epochs * len(loader))
    planned = min(planned, epochs * len(loader))  # this call's share of the plan
    params = [p for _, p in named]
    module.train()  # Opacus validates the module in training mode
    optimizer = torch.optim.Adam(params, lr=learning_rate)
    engine = opacus.PrivacyEngine(accountant=privacy.accountant)
    model, optimizer, loader = engine.make_private(
        module=module, optimizer=optimizer, data_loader=loader, noise_multiplier=sigma,
        max_grad_norm=privacy.max_grad_norm, poisson_sampling=privacy.poisson_sampling,
        noise_generator=torch.Generator().manual_seed(seed + 1), wrap_model=wrap_model)
    engine.accountant.history = [tuple(h) for h in prior]  # compose with earlier phases
    log.info("DP-SGD: target epsilon %.3g, delta %.2e, noise multiplier %.4f, sample rate %.4f, "
             "%d planned steps, accountant %s", privacy.epsilon, delta, sigma, sample_rate,
             planned, privacy.accountant)
    train_model = model if wrap_model else module
    train_model.train()
    steps, history = 0, []
    for epoch in range(epochs):
        total, batches = 0.0, 0
        for batch in loader:
            if steps >= planned:  # the budget: never step past what the noise was set for
                break
            optimizer.zero_grad(set_to_none=True)
            if len(batch[0]) == 0:  # an empty Poisson batch: Opacus still adds noise
                loss = None
            else:
                loss = loss_fn(train_model, batch)
                with warnings.catch_warnings():  # Opacus' hooks on a first layer whose inputs
                    warnings.filterwarnings(    # need no gradient: expected, harmless
                        "ignore", message="Full backward hook is firing", category=UserWarning)
                    loss.backward()
            optimizer.step()
            steps += 1
            check.after_step(steps)
            if loss is not None:
                total += float(loss.detach())
                batches += 1
        history.append({"epoch": epoch + 1, "step": steps,
                        "loss": round(total / max(batches, 1), 6)})
        log.info("DP epoch %d: loss %.4f", epoch + 1, history[-1]["loss"])
    if not wrap_model and hasattr(model, "cleanup"):
        model.cleanup()
    with _sample_rate_one():
        spent = float(engine.get_epsilon(delta))
    if spent > privacy.epsilon * (1 + 1e-6):  # cannot happen with the planned steps
        raise ModelError(f"DP training overspent: epsilon {spent:.4f} > target "
                         f"{privacy.epsilon:g}")
    return DPOutcome(epsilon=spent, delta=delta, accountant=privacy.accountant,
                     noise_multiplier=sigma, sample_rate=sample_rate, steps=steps,
                     target_epsilon=float(privacy.epsilon), max_grad_norm=privacy.max_grad_norm,
                     poisson_sampling=privacy.poisson_sampling, epochs=epochs,
                     history=history)


def _reference_train(module, loader, loss_fn, named, *, epochs: int,
                     learning_rate: float, n: int) -> DPOutcome:
    """``dp_train`` without clipping, noise or Poisson sampling (``privacy.epsilon`` None): the
    same optimiser, batches and epochs, so a benchmark can tell the cost of privacy from the
    cost of the recipe. Nothing is private; the outcome says epsilon inf. No movement check:
    it guards Opacus' hooks, and without noise LoRA's A matrices rightly stay put at the
    first step (B starts at zero)."""
    import torch

    module.train()
    optimizer = torch.optim.Adam([p for _, p in named], lr=learning_rate)
    steps, history = 0, []
    for epoch in range(epochs):
        total = 0.0
        for batch in loader:
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(module, batch)
            loss.backward()
            optimizer.step()
            steps += 1
            total += float(loss.detach())
        history.append({"epoch": epoch + 1, "step": steps,
                        "loss": round(total / max(len(loader), 1), 6)})
    return DPOutcome(epsilon=float("inf"), delta=0.0, accountant="none", noise_multiplier=0.0,
                     sample_rate=loader.batch_size / max(n, 1), steps=steps,
                     target_epsilon=float("inf"), max_grad_norm=float("inf"),
                     poisson_sampling=False, epochs=epochs, history=history)


def spent_epsilon(accountant: str, noise_multiplier: float, sample_rate: float, steps: int,
                  delta: float, prior: Sequence[tuple] = ()) -> float:
    """Epsilon of ``steps`` DP-SGD steps (after the history ``prior``), from a fresh Opacus
    accountant (for checks)."""
    _opacus()
    return _composed_epsilon(accountant, [*prior, (noise_multiplier, sample_rate, steps)],
                             delta)

