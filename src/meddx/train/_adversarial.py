"""Adversarial debiasing with a gradient-reversal layer (``fairness.mitigation: adversarial``).

An adversary tries to predict the patient group from the model's representation; the
representation is trained to predict the label *and* to defeat the adversary. Between the two
sits a gradient-reversal layer (Ganin & Lempitsky 2015): identity on the way forward, gradient
times ``-lambda`` on the way back, so one optimiser step moves the adversary towards predicting
the group and the representation away from carrying it. ``lambda`` is
``fairness.adversary_weight``; it ramps up linearly over the first half of training.

The adversary is *conditional* by default (Zhang, Lemoine & Mitchell 2018): it sees the true
label beside the representation, so it can only exploit group information the label does not
explain. Removing that targets equalised odds (equal TPR and FPR) rather than demographic
parity, which would also remove genuine differences in prevalence.

Two places use it:

* fine-tuning (``mode: full`` / ``lora``): :class:`Adversary` on the encoder's [CLS] hidden
  state, inside :class:`meddx.train._trainer.MeddxTrainer`;
* the frozen encoder (``mode: frozen``): :func:`fit_adversarial_head`, a linear projection of
  the cached embeddings, a softmax head on it and the adversary on it, trained with Adam in a
  few seconds. Projection and head are both linear, so the result collapses to the same
  :class:`~meddx.models.LinearHead` the frozen classifier saves and loads.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from meddx.errors import ConfigError, DataError, require

ADVERSARY_INPUTS = ("logits", "representation")

__all__ = ["ADVERSARY_INPUTS", "Adversary", "fit_adversarial_head", "grad_reverse", "group_codes",
           "ramp"]


def _torch():
    return require("torch", "train")


def grad_reverse(x, weight: float):
    """Identity forward; the gradient is multiplied by ``-weight`` backward."""
    torch = _torch()

    class _Reverse(torch.autograd.Function):
        @staticmethod
        def forward(ctx, inp, w):
            ctx.w = float(w)
            return inp.view_as(inp)

        @staticmethod
        def backward(ctx, grad):
            return -ctx.w * grad, None

    return _Reverse.apply(x, weight)


def ramp(progress: float, weight: float) -> float:
    """``lambda`` at ``progress`` in [0, 1]: linear from 0 to ``weight`` over the first half."""
    return float(weight) * min(1.0, max(0.0, 2.0 * progress))


def Adversary(dim: int, n_groups: int, n_labels: int, *, hidden: int = 64, conditional: bool = True):
    """A small MLP predicting the group from a representation (and the one-hot label)."""
    torch = _torch()
    nn = torch.nn

    class _Adversary(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.n_labels = n_labels
            self.conditional = conditional
            self.net = nn.Sequential(nn.Linear(dim + (n_labels if conditional else 0), hidden),
                                     nn.ReLU(), nn.Linear(hidden, n_groups))

        def forward(self, h, labels, weight: float):
            z = grad_reverse(h, weight)
            if self.conditional:
                y = labels.float() if labels.dim() == 2 else \
                    torch.nn.functional.one_hot(labels.long(), self.n_labels).to(z.dtype)
                z = torch.cat([z, y.to(z.dtype)], dim=1)
            return self.net(z)

    return _Adversary()


def group_codes(groups: Any, n: int) -> tuple[np.ndarray, list[str]]:
    """Integer code per row and the sorted group keys (crossed columns as ``F & 40-59``)."""
    from meddx.audit import group_keys

    keys = group_keys(groups, n)
    names, codes = np.unique(keys.astype(str), return_inverse=True)
    if len(names) < 2:
        raise DataError(f"adversarial debiasing needs at least 2 groups; the training split has "
                        f"only '{names[0] if len(names) else '(none)'}'")
    return codes.astype(np.int64), [str(v) for v in names]


def fit_adversarial_head(
    X: np.ndarray,
    y: np.ndarray,
    groups: Any,
    *,
    n_classes: int,
    adversary_weight: float = 1.0,
    adversary_on: str = "logits",
    weight_decay: float = 1e-3,
    epochs: int = 400,
    learning_rate: float = 1e-2,
    conditional: bool = True,
    seed: int = 0,
):
    """A :class:`~meddx.models.LinearHead` on ``X`` (n, d) for labels ``y`` (n,), trained
    against an adversary that predicts ``groups``.

    Full-batch Adam for ``epochs`` steps. ``adversary_on="logits"`` (default): the adversary
    reads the head's logits (Zhang et al.'s architecture; the head can defeat it only by
    making its output independent of the group given the label). ``"representation"``: the
    head reads ``h = X P`` (``P`` a learned projection, initialised to the identity) and the
    adversary reads ``h``; the returned head has weight ``(P W^T)^T``. Either way through
    the gradient-reversal layer, conditional on the label by default.
    ``adversary_weight=0`` trains a plain softmax head.
    """
    from meddx.models import LinearHead

    torch = _torch()
    if adversary_weight < 0:
        raise ConfigError(f"fairness.adversary_weight must be >= 0; got {adversary_weight}")
    if adversary_on not in ADVERSARY_INPUTS:
        raise ConfigError(f"adversary_on must be one of {', '.join(ADVERSARY_INPUTS)}; "
                          f"got {adversary_on!r}")
    y = np.asarray(y)
    if y.ndim != 1:
        raise ConfigError("adversarial debiasing on the frozen head supports single-label tasks "
                          f"only (y of shape (n,)); got y of shape {y.shape}")
    X = np.asarray(X, dtype=np.float32)
    if len(X) != len(y):
        raise DataError(f"X has {len(X)} rows but y has {len(y)}")
    codes, names = group_codes(groups, len(y))
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    d = X.shape[1]
    xt, yt, gt = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64)), torch.from_numpy(codes)
    on_rep = adversary_on == "representation"
    proj = torch.nn.Parameter(torch.eye(d)) if on_rep else None
    head = torch.nn.Linear(d, n_classes)
    with torch.no_grad():  # small random start, reproducible from the seed
        head.weight.copy_(torch.randn(n_classes, d, generator=gen) * 0.01)
        head.bias.zero_()
    adversary = Adversary(d if on_rep else n_classes, len(names), n_classes,
                          conditional=conditional)
    params = [*head.parameters()] + ([proj] if on_rep else [])
    optimizer = torch.optim.Adam([
        {"params": params, "weight_decay": weight_decay},
        {"params": adversary.parameters(), "weight_decay": 0.0},
    ], lr=learning_rate)
    ce = torch.nn.functional.cross_entropy
    for step in range(epochs):
        optimizer.zero_grad()
        h = xt @ proj if on_rep else xt
        logits = head(h)
        loss = ce(logits, yt)
        if adversary_weight > 0:
            lam = ramp(step / max(1, epochs - 1), adversary_weight)
            loss = loss + ce(adversary(h if on_rep else logits, yt, lam), gt)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        weight = head.weight if proj is None else (proj @ head.weight.T).T
        weight, bias = weight.double().numpy().copy(), head.bias.double().numpy().copy()
    missing = sorted(set(range(n_classes)) - set(np.unique(y).tolist()))
    bias[missing] = -1e4  # a class absent from training data is never predicted
    return LinearHead(weight, bias, False)
