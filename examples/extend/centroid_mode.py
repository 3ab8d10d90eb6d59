"""A training mode, registered in ``meddx.models.MODES`` with its fit in ``meddx.train.FITS``
(docs/architecture.md, "How to add").

``centroid``: each class's mean embedding of the frozen encoder is the class's prototype, and a
note goes to the nearest one. Nearest-centroid is a linear rule (``argmax_k x.c_k -
|c_k|^2 / 2``), so the fitted model is the usual frozen-encoder classifier with a
``LinearHead``: ``load_run`` reloads it, and calibration, the audit and serving apply unchanged.
"""

from __future__ import annotations

import numpy as np

from meddx.errors import ConfigError
from meddx.models import FrozenEncoderClassifier, LinearHead, Mode, register_mode
from meddx.train import FitContext, Fitted, register_fit

SHARPNESS = 20.0  # the softmax temperature's inverse: distances of L2-normalised embeddings are small

CENTROID = register_mode(Mode(
    "centroid", "encoder", summary="the nearest class mean of frozen-encoder embeddings",
    embedding_head=True))


@register_fit(CENTROID.key)
def fit_centroid(ctx: FitContext) -> Fitted:
    cfg = ctx.cfg
    if ctx.task == "multilabel":
        raise ConfigError("model.mode 'centroid' supports single-label tasks only")
    if cfg.train.imbalance.strategy != "none":
        raise ConfigError(f"model.mode 'centroid' takes no train.imbalance.strategy (got "
                          f"'{cfg.train.imbalance.strategy}'): every class has one prototype")
    clf = FrozenEncoderClassifier(labels=ctx.labels, task=ctx.task, prep=cfg.prep,
                                  model=cfg.model.name, pooling=cfg.model.pooling,
                                  cache_dir=ctx.run.cache if ctx.run else None)
    x = clf.embed(ctx.train.texts, quiet=ctx.quiet, label="embedding train")
    y = np.asarray(ctx.train.y)
    weight = np.zeros((len(ctx.labels), x.shape[1]))
    bias = np.full(len(ctx.labels), -1e4)  # a class without training notes is never predicted
    for k in np.unique(y):
        centre = x[y == k].mean(axis=0)
        weight[k], bias[k] = SHARPNESS * centre, -SHARPNESS * float(centre @ centre) / 2
    clf.head = LinearHead(weight, bias, multilabel=False)
    ctx.notes.append(f"Nearest class centroid of '{cfg.model.name}' embeddings "
                     f"({len(np.unique(y))} classes, sharpness {SHARPNESS:g}); no training.")
    return Fitted(clf, [])
