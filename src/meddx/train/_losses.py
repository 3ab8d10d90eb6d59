"""Loss functions used by the fine-tuning trainer."""

from __future__ import annotations

from meddx.errors import require

__all__ = ["make_loss"]


def make_loss(*, task: str, weights, label_smoothing: float, focal_gamma: float | None = None):
    """Return ``loss(logits, labels)`` as a per-batch mean: cross-entropy, or focal loss with
    ``focal_gamma`` when it is given (``train.imbalance.strategy`` 'focal').

    ``weights`` is a float tensor (one per class) or None.
    """
    torch = require("torch", "train")
    F = torch.nn.functional

    if task == "multilabel":
        def bce(logits, labels):
            labels = labels.to(logits.dtype)
            pos = weights.to(logits.device) if weights is not None else None
            if focal_gamma is not None:
                p = torch.sigmoid(logits)
                ce = F.binary_cross_entropy_with_logits(logits, labels, reduction="none")
                pt = p * labels + (1 - p) * (1 - labels)
                return ((1 - pt) ** focal_gamma * ce).mean()
            return F.binary_cross_entropy_with_logits(logits, labels, pos_weight=pos)
        return bce

    def ce(logits, labels):
        w = weights.to(logits.device, logits.dtype) if weights is not None else None
        if focal_gamma is not None:
            logp = F.log_softmax(logits, dim=-1)
            logpt = logp.gather(1, labels[:, None]).squeeze(1)
            pt = logpt.exp()
            loss = -((1 - pt) ** focal_gamma) * logpt
            if w is not None:
                wt = w[labels]
                return (loss * wt).sum() / wt.sum()
            return loss.mean()
        return F.cross_entropy(logits, labels, weight=w, label_smoothing=label_smoothing)

    return ce
