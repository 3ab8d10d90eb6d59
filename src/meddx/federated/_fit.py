"""``meddx federate``: the federated counterpart of ``meddx.train.fit_model``.

The corpus is split as ``meddx train`` splits it (so the run's test split is the usual one);
each note belongs to the site named in ``federated.site_column``. What travels is the mode's
``federates`` (``meddx.models.MODES``): ``head``, every site embeds its own notes with the same
public, frozen encoder (here computed once for all, which gives the same numbers) and Flower's
strategy trains one linear head across the sites; ``adapters``, every site fine-tunes the same
seeded LoRA model and only adapters and head travel. Both go through the in-process loopback
runtime: only weights and training metrics cross the grid.

Returns the usual ``Fitted`` plus metrics.json's ``federated`` block: sites, rounds,
strategy, bytes per round and, per site, its sizes, label mix and test metrics.
"""

from __future__ import annotations

import logging
import time
from collections import Counter

import numpy as np

from meddx.config import RunConfig
from meddx.data import Corpus
from meddx.errors import ConfigError, DataError
from meddx.models import get_mode

__all__ = ["fit_federated", "server_settings", "site_index"]

log = logging.getLogger("meddx")


def site_index(cfg: RunConfig, corpus: Corpus) -> np.ndarray:
    """The site of every note of ``corpus`` (strings), from ``federated.site_column``."""
    column = cfg.federated.site_column
    groups = corpus.groups
    if groups is None or column not in groups:
        raise DataError(f"site column '{column}' not found in {cfg.data.path}")
    return groups[column].astype(str).to_numpy()


def _check_sites(cfg: RunConfig, sites: np.ndarray) -> list[str]:
    column = cfg.federated.site_column
    counts = Counter(sites.tolist())
    names = sorted(counts)
    files = cfg.data.site_files_column is not None
    where = f"sites folder '{cfg.data.path}'" if files else f"site column '{column}'"
    if len(names) < 2:
        raise ConfigError(f"{where} has one site ('{names[0] if names else ''}') among the "
                          "training notes; federated training needs at least 2")
    small = [(n, counts[n]) for n in names if counts[n] < cfg.federated.min_site_notes]
    if small:
        raise ConfigError(
            f"site '{small[0][0]}' ({where}) has {small[0][1]} training notes, fewer than "
            f"federated.min_site_notes={cfg.federated.min_site_notes}; merge it with another "
            "site or drop it")
    return names


def server_settings(fed) -> dict:
    """``make_server_app``'s keyword arguments from a ``FederatedConfig`` (all but the shape
    and the number of sites)."""
    return {"strategy": fed.strategy, "rounds": fed.rounds, "local_epochs": fed.local_epochs,
            "lr": fed.learning_rate, "batch_size": fed.batch_size,
            "proximal_mu": fed.proximal_mu if fed.strategy == "fedprox" else 0.0,
            "optimizer": fed.local_optimizer, "local_steps": fed.local_steps,
            "weight_decay": fed.weight_decay, "server_lr": fed.server_learning_rate,
            "server_momentum": fed.server_momentum}


def fit_federated(cfg: RunConfig, part: dict[str, Corpus], labels: list[str], task: str, run,
                  *, resume: bool, quiet: bool, notes: list[str], phi=None):
    from meddx.train import Fitted

    if resume:
        raise ConfigError("meddx federate cannot resume a run; start it again without --resume")
    fed = cfg.federated
    train, test = part["train"], part["test"]
    train_sites, test_sites = site_index(cfg, train), site_index(cfg, test)
    names = _check_sites(cfg, train_sites)
    rows = {name: np.flatnonzero(train_sites == name) for name in names}
    nodes = [{"partition-id": i, "num-partitions": len(names), "site": name}
             for i, name in enumerate(names)]
    mode = get_mode(cfg.model.backend, cfg.model.mode)
    trainer, what = _TRAINERS[mode.federates]
    started = time.monotonic()
    clf, grid, privacy = trainer(cfg, train, rows, nodes, labels, task, run, quiet, notes)
    seconds = time.monotonic() - started
    losses = dict(grid.context.state["losses"])
    history = [{"round": int(r), "train_loss": round(float(v), 6)} for r, v in losses.items()]
    proba_test = clf.predict_proba(test.texts, quiet=quiet) if len(test) else None
    per_site = _per_site(proba_test, train, train_sites, test, test_sites, names, labels, task)
    block = {"sites": names, "rounds": fed.rounds, "strategy": fed.strategy,
             "mode": cfg.model.mode,
             "site_column": fed.site_column, "local_epochs": fed.local_epochs,
             "proximal_mu": fed.proximal_mu if fed.strategy == "fedprox" else None,
             "local_steps": fed.local_steps or None, "local_optimizer": fed.local_optimizer,
             "learning_rate": _local_lr(cfg, mode), "weight_decay": fed.weight_decay,
             "server_learning_rate": fed.server_learning_rate
             if fed.strategy in ("fedavgm", "fedadam", "fedyogi") else None,
             "runtime": "flwr Message API, in-process loopback grid (no Ray)",
             "bytes_to_sites_per_round": grid.bytes_sent // fed.rounds,
             "bytes_from_sites_per_round": grid.bytes_received // fed.rounds,
             "seconds": round(seconds, 1), "per_site": per_site}
    if privacy is not None:
        for name in names:
            per_site[name]["dp_epsilon"] = privacy["per_site"][name]["epsilon"]
        notes.append(
            f"Per-site differential privacy: each site clipped (norm "
            f"{cfg.privacy.max_grad_norm:g}) and noised its own updates; the largest spent "
            f"epsilon is {privacy['epsilon']:.3f} (target {cfg.privacy.epsilon:g}, delta "
            f"{privacy['delta']:.2e}, {privacy['accountant']}), per site in metrics.json.")
    local = (f"at most {fed.local_steps} local step(s)" if fed.local_steps
             else f"{fed.local_epochs} local epoch(s)")
    notes.append(
        f"Federated ({fed.strategy}, Flower Message API, {len(names)} sites by "
        f"'{fed.site_column}', {fed.rounds} rounds of {local}): only "
        f"{what} weights travelled, {block['bytes_to_sites_per_round']} bytes to the sites and "
        f"{block['bytes_from_sites_per_round']} back per round. The TF-IDF baseline and "
        "calibration were fitted centrally in this simulation, for comparison only.")
    for name in names:
        s = per_site[name]
        mix = ", ".join(f"{k}: {v}" for k, v in s["label_mix"].items())
        f1 = "n/a" if s["test_macro_f1"] is None else f"{s['test_macro_f1']:.3f}"
        notes.append(f"Site '{name}': {s['n_train']} training notes ({mix}); test n="
                     f"{s['n_test']}, macro-F1 {f1}, accuracy "
                     f"{'n/a' if s['test_accuracy'] is None else format(s['test_accuracy'], '.3f')}.")
    log.info("federated: %d sites, %d rounds (%s) in %.1f s", len(names), fed.rounds,
             fed.strategy, seconds)
    extra = {"federated": block}
    if privacy is not None:
        extra["privacy"] = privacy
    return Fitted(clf, history, extra)


def _local_lr(cfg: RunConfig, mode) -> float:
    """A mode that fine-tunes the encoder trains at the rate `meddx train` uses for it
    (``meddx.train.peak_learning_rate``); a head on frozen embeddings at
    federated.learning_rate."""
    from meddx.train import peak_learning_rate

    return peak_learning_rate(cfg) if mode.fine_tunes else cfg.federated.learning_rate


def _train_head(cfg: RunConfig, train, rows, nodes, labels, task, run, quiet, notes):
    """The frozen-encoder head: each site's embeddings, Flower's strategy, the final head."""
    from meddx.federated._apps import make_client_app, make_server_app
    from meddx.federated._loopback import run_loopback
    from meddx.models import FrozenEncoderClassifier, LinearHead

    fed = cfg.federated
    clf = FrozenEncoderClassifier(labels=labels, task=task, prep=cfg.prep, model=cfg.model.name,
                                  pooling=cfg.model.pooling, head=None, cache_dir=run.cache)
    X = clf.embed(train.texts, quiet=quiet, label="embedding train (all sites)")

    def load_site(node_config: dict):  # what a SuperNode would read from its own disk
        idx = rows[node_config["site"]]
        return X[idx], train.y[idx]

    server = make_server_app(n_sites=len(nodes), dim=X.shape[1], n_classes=len(labels),
                             **server_settings(fed))
    dp, privacy = None, None
    if cfg.privacy.epsilon is not None:  # per-site DP: each site clips and adds its own noise
        plan_epochs = fed.rounds * fed.local_epochs
        dp = {"privacy": cfg.privacy, "plan_epochs": plan_epochs}
        privacy = _site_budgets(cfg, {n: len(r) for n, r in rows.items()}, plan_epochs)
    client = make_client_app(load_site, seed=cfg.train.seed, dp=dp)
    grid = run_loopback(server, client, nodes, run_config={}, quiet=quiet)
    state = grid.context.state["final"].to_torch_state_dict()
    clf.head = LinearHead(state["weight"].double().numpy(), state["bias"].double().numpy(),
                          task == "multilabel")
    return clf, grid, privacy


def _train_lora(cfg: RunConfig, train, rows, nodes, labels, task, run, quiet, notes):
    """LoRA adapters and head: every site fine-tunes its own copy of the same seeded model;
    only the trainable weights travel (one model object serves the in-process sites in turn:
    each round starts by loading the global weights into it)."""
    from meddx.federated._apps import make_client_app, make_server_app
    from meddx.federated._loopback import run_loopback
    from meddx.federated._lora import LoraSite, build_lora_model, lora_train, trainable_state
    from meddx.models import FineTunedClassifier

    fed = cfg.federated
    model, tokenizer = build_lora_model(cfg, labels, task)
    sites = {name: LoraSite(tokenizer, [train.texts[i] for i in idx], train.y[idx], cfg.prep)
             for name, idx in rows.items()}

    def train_round(state, site, config, seed):
        return lora_train(model, state, site, epochs=int(config["local-epochs"]),
                          lr=float(config["lr"]), batch_size=int(config["batch-size"]),
                          mu=float(config.get("proximal-mu", 0.0)), seed=seed,
                          max_steps=int(config.get("local-steps", 0)))

    lr = _local_lr(cfg, get_mode(cfg.model.backend, cfg.model.mode))
    settings = {**server_settings(fed), "lr": lr, "batch_size": cfg.train.batch_size}
    initial = trainable_state(model)
    server = make_server_app(n_sites=len(nodes), dim=0, n_classes=len(labels), initial=initial,
                             **settings)
    client = make_client_app(lambda nc: sites[nc["site"]], seed=cfg.train.seed,
                             train_round=train_round)
    grid = run_loopback(server, client, nodes, run_config={}, quiet=quiet)
    final = grid.context.state["final"].to_torch_state_dict()
    model.load_state_dict(final, strict=False)
    model.eval()
    n_params = sum(int(v.numel()) for v in initial.values())
    lora = cfg.model.lora
    targets = ", ".join(sorted(model.peft_config["default"].target_modules))
    notes.append(f"Federated LoRA: r={lora.r}, alpha={lora.alpha}, dropout={lora.dropout}, "
                 f"targets {targets}; {n_params} trainable weights "
                 f"(adapters and head) travelled, local AdamW at {lr:g}, "
                 f"batch {cfg.train.batch_size}.")
    clf = FineTunedClassifier(labels=labels, task=task, prep=cfg.prep, model=model,
                              tokenizer=tokenizer, base_model=cfg.model.name,
                              mode=cfg.model.mode, batch_size=cfg.train.eval_batch_size)
    return clf, grid, None


# What each mode's ``federates`` trains across sites, and how the report names what travelled.
_TRAINERS = {"head": (_train_head, "head"), "adapters": (_train_lora, "adapter and head")}


def _site_budgets(cfg: RunConfig, sizes: dict[str, int], plan_epochs: int) -> dict:
    """Each site's spent budget after the planned rounds (every site trains every round), and
    metrics.json's ``privacy`` block: the worst site's figures."""
    from meddx.privacy import head_batch_size, plan_noise, spent_epsilon

    per_site = {}
    for name, n in sizes.items():
        sigma, delta, q, steps = plan_noise(cfg.privacy, n, head_batch_size(cfg.privacy, n),
                                             plan_epochs)
        per_site[name] = {"epsilon": round(spent_epsilon(cfg.privacy.accountant, sigma, q, steps,
                                                         delta), 6),
                          "delta": delta, "noise_multiplier": sigma, "sample_rate": q,
                          "steps": steps}
    worst = max(per_site.values(), key=lambda s: s["epsilon"])
    return {**worst, "delta": max(s["delta"] for s in per_site.values()),
            "accountant": cfg.privacy.accountant, "target_epsilon": cfg.privacy.epsilon,
            "max_grad_norm": cfg.privacy.max_grad_norm,
            "poisson_sampling": cfg.privacy.poisson_sampling, "epochs": plan_epochs,
            "scope": "per site (each site's notes, against its own updates)",
            "per_site": per_site}


def _label_mix(y: np.ndarray, labels: list[str]) -> dict[str, int]:
    counts = y.sum(axis=0) if y.ndim == 2 else np.bincount(y, minlength=len(labels))
    return {lab: int(c) for lab, c in zip(labels, counts, strict=True)}


def _per_site(proba_test, train, train_sites, test, test_sites, names, labels, task):
    from sklearn.metrics import accuracy_score, f1_score

    out = {}
    for name in names:
        idx = np.flatnonzero(train_sites == name)
        tidx = np.flatnonzero(test_sites == name)
        entry = {"n_train": int(len(idx)), "label_mix": _label_mix(train.y[idx], labels),
                 "n_test": int(len(tidx)), "test_macro_f1": None, "test_accuracy": None}
        if len(tidx):
            proba = proba_test[tidx]
            y = test.y[tidx]
            pred = (proba >= 0.5).astype(int) if task == "multilabel" else proba.argmax(1)
            entry["test_macro_f1"] = float(f1_score(y, pred, average="macro", zero_division=0))
            entry["test_accuracy"] = float(accuracy_score(y, pred))
        out[name] = entry
    return out
