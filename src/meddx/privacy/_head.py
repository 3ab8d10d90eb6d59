"""The frozen-encoder head, trained with DP-SGD on cached embeddings.

The encoder is pretrained and never sees the training notes' gradients; only the linear head
learns from them, so the guarantee covers everything trained on the notes. The head is the
same :class:`~meddx.models.LinearHead` the non-private path saves, so loading, serving and
auditing are unchanged.
"""

from __future__ import annotations

import numpy as np

from meddx.errors import require
from meddx.privacy._dp import DPOutcome, dp_train, weighted_cross_entropy
from meddx.settings import PrivacyConfig

__all__ = ["dp_fit_head", "head_batch_size"]


def head_batch_size(privacy: PrivacyConfig, n: int) -> int:
    """The DP head's expected batch: ``privacy.batch_size``, at most the ``n`` notes."""
    return max(1, min(privacy.batch_size, n))


def dp_fit_head(X: np.ndarray, y: np.ndarray, *, n_classes: int, privacy: PrivacyConfig,
                seed: int, class_weight: np.ndarray | None = None,
                quiet: bool = True) -> tuple[object, DPOutcome]:
    """A softmax (single-label) or sigmoid (multilabel) linear head fitted with DP-SGD on the
    (unit-length) embeddings: zero-initialised, Adam, expected batch ``privacy.batch_size``
    (Poisson), ``privacy.epochs`` epochs. With ``privacy.epsilon`` None, the same loop without
    clipping or noise (a benchmark's reference, not private).

    Returns ``(LinearHead, DPOutcome)``."""
    torch = require("torch", "train")
    from meddx.models import LinearHead

    multilabel = y.ndim == 2
    torch.manual_seed(seed)
    head = torch.nn.Linear(X.shape[1], n_classes)
    torch.nn.init.zeros_(head.weight)
    torch.nn.init.zeros_(head.bias)
    xt = torch.as_tensor(X, dtype=torch.float32)
    yt = torch.as_tensor(y, dtype=torch.float32 if multilabel else torch.long)
    dataset = torch.utils.data.TensorDataset(xt, yt)
    weight = None if class_weight is None else torch.as_tensor(class_weight, dtype=torch.float32)

    def loss_fn(model, batch):
        xb, yb = batch
        logits = model(xb)
        if multilabel:
            return torch.nn.functional.binary_cross_entropy_with_logits(logits, yb)
        return weighted_cross_entropy(logits, yb, weight)

    outcome = dp_train(head, dataset, loss_fn=loss_fn, privacy=privacy, epochs=privacy.epochs,
                       batch_size=head_batch_size(privacy, len(X)),
                       learning_rate=privacy.learning_rate, seed=seed, quiet=quiet)
    W = head.weight.detach().double().numpy().copy()
    b = head.bias.detach().double().numpy().copy()
    return LinearHead(W, b, multilabel), outcome
