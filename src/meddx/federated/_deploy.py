"""What a hospital's SuperNode runs in a real deployment: read the site's own notes, prepare
them as ``meddx train`` would, and embed the training split with the frozen encoder.

Settings come from Flower: the run config (the same for every site, from the app's
pyproject ``[tool.flwr.app.config]`` or ``flwr run --run-config``) names the meddx YAML config
(``meddx-config``), which must list ``data.labels`` so that every site numbers the labels the
same way; the node config (``flower-supernode --node-config``) names the site's file
(``data-path``) and, optionally, a folder on the site's own disk where its embeddings are
cached (``cache-dir``): Flower's deployment runtime starts a fresh ClientApp process for every
round, so without it each round embeds the site's notes again. Nothing read here is sent
anywhere: the ClientApp returns only head weights.
"""

from __future__ import annotations

import numpy as np

from meddx.errors import ConfigError

__all__ = ["head_shape", "load_site_from_settings", "site_config", "site_task"]

_CACHE: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}


def site_task(cfg) -> str:
    """The task every site trains, from the config alone (no site sees the others' labels)."""
    if cfg.data.task != "auto":
        return cfg.data.task
    if cfg.data.label_columns or cfg.data.label_delimiter:
        return "multilabel"
    return "binary" if len(cfg.data.labels) == 2 else "multiclass"


def site_config(settings: dict):
    from meddx.config import load_config

    if "meddx-config" not in settings:
        raise ConfigError("federated app: the run config needs 'meddx-config' (the path of the "
                          "meddx YAML config every site uses)")
    over = {"model": {"mode": "frozen"}}
    if "data-path" in settings:
        over["data"] = {"path": str(settings["data-path"])}
    cfg = load_config(str(settings["meddx-config"]), over)
    if not cfg.data.labels:
        raise ConfigError(f"{settings['meddx-config']}: federated sites need data.labels (the "
                          "label list, in order) so that every site numbers the labels alike")
    return cfg


def head_shape(settings: dict) -> tuple[int, int]:
    """(embedding size, number of labels) of the head, from the meddx config alone."""
    import json

    from meddx.models import resolve_model

    cfg = site_config(settings)
    hidden = json.loads((resolve_model(cfg.model.name) / "config.json").read_text())
    return int(hidden["hidden_size"]), len(cfg.data.labels)


def load_site_from_settings(settings: dict) -> tuple[np.ndarray, np.ndarray]:
    """The site's training embeddings and labels (memoised per process, and on disk under the
    node config's ``cache-dir`` when it names one)."""
    from pathlib import Path

    from meddx.data import load_corpus, make_splits
    from meddx.deid import deidentify_corpus
    from meddx.models import FrozenEncoderClassifier

    key = (str(settings.get("meddx-config")), str(settings.get("data-path")))
    if key not in _CACHE:
        cfg = site_config(settings)
        corpus = load_corpus(cfg.data)
        deidentify_corpus(corpus, cfg.deid, quiet=True)
        train = corpus.subset(make_splits(corpus, cfg.data.split)["train"])
        cache = settings.get("cache-dir")
        if cache:
            Path(str(cache)).mkdir(parents=True, exist_ok=True)
        clf = FrozenEncoderClassifier(labels=corpus.labels, task=corpus.task, prep=cfg.prep,
                                      model=cfg.model.name, pooling=cfg.model.pooling,
                                      cache_dir=Path(str(cache)) if cache else None)
        _CACHE[key] = (clf.embed(train.texts, quiet=True), train.y)
    return _CACHE[key]
