"""The Flower apps of ``meddx federate`` for the frozen-encoder head (Message API).

- ``ClientApp`` (one per site): receives the global head as an ``ArrayRecord``, trains it on
  the site's own embeddings for ``local-epochs`` (FedProx adds ``proximal-mu/2 ||w - w_g||^2``),
  replies with the new weights and ``num-examples``. Notes and embeddings never leave it.
- ``ServerApp``: runs Flower's ``FedAvg`` or ``FedProx`` for ``num-rounds`` rounds and keeps
  the final arrays and the per-round train loss in the server context.

``load_site(settings)`` returns the site's ``(X, y)``; ``settings`` is the run config overlaid
with the node config. In the loopback runtime it is a closure over the already-split corpus; on
a real SuperNode (:mod:`meddx.federated.app`) it reads the site's own file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from meddx.errors import require

__all__ = ["STRATEGIES", "head_round", "initial_head", "local_train", "make_client_app",
           "make_server_app", "make_strategy"]


def initial_head(dim: int, n_classes: int) -> dict:
    torch = require("torch", "train")
    return {"weight": torch.zeros(n_classes, dim), "bias": torch.zeros(n_classes)}


def local_train(state: dict, X: np.ndarray, y: np.ndarray, *, epochs: int, lr: float,
                batch_size: int, mu: float, seed: int, dp: dict | None = None,
                optimizer: str = "adam", max_steps: int = 0,
                weight_decay: float = 0.0) -> tuple[dict, float]:
    """Train a linear head from ``state`` on one site's data; returns (state, mean loss).

    ``optimizer``: ``adam`` or ``sgd`` (plain SGD: with one full-batch step per round, FedAvg
    is gradient descent on the pooled objective). ``max_steps`` caps the local steps of a round
    (0: ``epochs`` full passes); ``batch_size`` 0 is the whole site in one batch;
    ``weight_decay`` adds ``weight_decay/2 ||W||^2`` (not the bias) to the loss, the L2 penalty
    of a logistic regression.

    ``dp`` (per-site differential privacy, the site's own setting): ``{"privacy":
    PrivacyConfig, "plan_epochs": rounds x local epochs}``; DP-SGD with the noise set for the
    whole plan, of which this round trains ``epochs``."""
    torch = require("torch", "train")
    multilabel = y.ndim == 2
    head = torch.nn.Linear(state["weight"].shape[1], state["weight"].shape[0])
    head.load_state_dict(state)
    if dp is not None:
        return _dp_local(head, X, y, epochs=epochs, lr=lr, seed=seed, dp=dp), float("nan")
    global_params = [p.detach().clone() for p in head.parameters()]
    opt = (torch.optim.SGD if optimizer == "sgd" else torch.optim.Adam)(head.parameters(), lr=lr)
    xt = torch.as_tensor(X, dtype=torch.float32)
    yt = torch.as_tensor(y, dtype=torch.float32 if multilabel else torch.long)
    g = torch.Generator().manual_seed(seed)
    batch_size = batch_size if batch_size > 0 else len(xt)  # 0: the whole site, one batch
    total, batches = 0.0, 0
    for _ in range(epochs):
        order = torch.randperm(len(xt), generator=g)
        for start in range(0, len(xt), batch_size):
            if max_steps and batches >= max_steps:
                break
            idx = order[start:start + batch_size]
            logits = head(xt[idx])
            if multilabel:
                loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, yt[idx])
            else:
                loss = torch.nn.functional.cross_entropy(logits, yt[idx])
            if mu > 0:  # FedProx's proximal term keeps the site near the global model
                loss = loss + mu / 2 * sum(((p - q) ** 2).sum()
                                           for p, q in zip(head.parameters(), global_params,
                                                           strict=True))
            if weight_decay > 0:
                loss = loss + weight_decay / 2 * (head.weight ** 2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach())
            batches += 1
    return {k: v.detach().clone() for k, v in head.state_dict().items()}, total / max(batches, 1)


def _dp_local(head, X, y, *, epochs: int, lr: float, seed: int, dp: dict) -> dict:
    torch = require("torch", "train")
    from meddx.privacy import dp_train, head_batch_size

    multilabel = y.ndim == 2
    data = torch.utils.data.TensorDataset(
        torch.as_tensor(X, dtype=torch.float32),
        torch.as_tensor(y, dtype=torch.float32 if multilabel else torch.long))

    def loss_fn(model, batch):
        logits = model(batch[0])
        if multilabel:
            return torch.nn.functional.binary_cross_entropy_with_logits(logits, batch[1])
        return torch.nn.functional.cross_entropy(logits, batch[1])

    privacy = dp["privacy"]
    dp_train(head, data, loss_fn=loss_fn, privacy=privacy, epochs=epochs,
             batch_size=head_batch_size(privacy, len(data)), learning_rate=lr, seed=seed,
             plan_epochs=dp["plan_epochs"])
    return {k.removeprefix("_module."): v.detach().clone() for k, v in head.state_dict().items()}


def head_round(state: dict, data: tuple[np.ndarray, np.ndarray], config, seed: int,
               dp: dict | None = None) -> tuple[dict, float]:
    """One site's round of the frozen-encoder head: ``data`` is the site's (embeddings,
    labels); ``config`` the round's ConfigRecord."""
    X, y = data
    return local_train(state, X, y, epochs=int(config["local-epochs"]), lr=float(config["lr"]),
                       batch_size=int(config["batch-size"]),
                       mu=float(config.get("proximal-mu", 0.0)), seed=seed, dp=dp,
                       optimizer=str(config.get("optimizer", "adam")),
                       max_steps=int(config.get("local-steps", 0)),
                       weight_decay=float(config.get("weight-decay", 0.0)))


def make_client_app(load_site: Callable[[dict], object], *, seed: int = 0,
                    dp: dict | None = None, train_round: Callable | None = None):
    """The ClientApp. ``load_site(settings)`` returns the site's data (its ``len`` is the
    number of notes); ``train_round(state, data, config, seed) -> (state, loss)`` trains one
    round (default: :func:`head_round`, the frozen-encoder head)."""
    require("flwr", "federated")
    from flwr.app import ArrayRecord, Message, MetricRecord, RecordDict
    from flwr.clientapp import ClientApp

    app = ClientApp()

    @app.train()
    def train(msg: Message, context) -> Message:
        data = load_site({**context.run_config, **context.node_config})
        config = msg.content["config"]
        state = msg.content["arrays"].to_torch_state_dict()
        round_seed = seed + int(config.get("server-round", 0))
        if train_round is None:
            new, loss = head_round(state, data, config, round_seed, dp)
        else:
            new, loss = train_round(state, data, config, round_seed)
        n = len(data[0]) if isinstance(data, tuple) else len(data)
        metrics = {"num-examples": n}
        if loss == loss:  # DP rounds report no loss: it would be computed on the notes
            metrics["train_loss"] = loss
        content = RecordDict({"arrays": ArrayRecord(new), "metrics": MetricRecord(metrics)})
        return Message(content=content, reply_to=msg)

    return app


STRATEGIES = ("fedavg", "fedprox", "fedavgm", "fedadam", "fedyogi")


def make_strategy(name: str, *, n_sites: int, proximal_mu: float = 0.0,
                  server_lr: float = 1.0, server_momentum: float = 0.0):
    """Flower's strategy ``name`` (one of :data:`STRATEGIES`), training every site each round.

    ``fedavgm``: server momentum (``server_lr``, ``server_momentum``); ``fedadam``/``fedyogi``:
    the server treats the averaged update as a gradient for Adam/Yogi with step ``server_lr``."""
    require("flwr", "federated")
    from flwr.serverapp import strategy as flwr_strategy

    common = {"fraction_train": 1.0, "fraction_evaluate": 0.0, "min_train_nodes": n_sites,
              "min_available_nodes": n_sites, "min_evaluate_nodes": 0}
    flwr_log = logging.getLogger("flwr")
    flwr_log.addFilter(_no_evaluation_warning)  # meddx evaluates the run itself, on purpose
    try:
        return _strategy(flwr_strategy, name, common, proximal_mu, server_lr, server_momentum)
    finally:
        flwr_log.removeFilter(_no_evaluation_warning)


def _no_evaluation_warning(record: logging.LogRecord) -> bool:
    """Drop Flower's console warning that federated evaluation is off (fraction_evaluate 0):
    meddx turns it off on purpose and evaluates the finished run on its test split."""
    return "fraction_evaluate is set to 0.0" not in record.getMessage()


def _strategy(flwr_strategy, name: str, common: dict, proximal_mu: float, server_lr: float,
              server_momentum: float):
    if name == "fedprox":
        return flwr_strategy.FedProx(proximal_mu=proximal_mu, **common)
    if name == "fedavgm":
        return _float32(flwr_strategy.FedAvgM)(server_learning_rate=server_lr,
                                               server_momentum=server_momentum, **common)
    if name in ("fedadam", "fedyogi"):
        cls = flwr_strategy.FedAdam if name == "fedadam" else flwr_strategy.FedYogi
        return _float32(cls)(eta=server_lr, beta_1=server_momentum or 0.9, **common)
    if name != "fedavg":
        raise ValueError(f"unknown federated strategy '{name}'; use one of {', '.join(STRATEGIES)}")
    return flwr_strategy.FedAvg(**common)


def _float32(cls):
    """``cls`` whose new global arrays go out as float32: Flower's server optimisers compute
    in float64, which would double the bytes sent to the sites after the first round."""
    from flwr.app import Array, ArrayRecord

    class Float32(cls):
        def aggregate_train(self, server_round, replies):
            arrays, metrics = super().aggregate_train(server_round, replies)
            if arrays is not None:
                arrays = ArrayRecord({k: Array(np.asarray(v.numpy(), dtype=np.float32))
                                      for k, v in arrays.items()})
            return arrays, metrics

    Float32.__name__ = cls.__name__
    return Float32


def make_server_app(*, strategy: str, rounds: int, n_sites: int, dim: int, n_classes: int,
                    local_epochs: int, lr: float, batch_size: int, proximal_mu: float,
                    optimizer: str = "adam", local_steps: int = 0, weight_decay: float = 0.0,
                    server_lr: float = 1.0, server_momentum: float = 0.0,
                    initial: dict | None = None, evaluate_fn=None):
    """The ServerApp: ``strategy`` for ``rounds`` rounds from ``initial`` (default: a zero
    linear head of ``n_classes x dim``); the sites' local settings travel in each round's
    config. ``evaluate_fn(round, arrays)``: Flower's server-side evaluation of the global
    model after each round (the benchmark's validation curve)."""
    require("flwr", "federated")
    from flwr.app import ArrayRecord, ConfigRecord
    from flwr.serverapp import ServerApp

    app = ServerApp()

    @app.main()
    def main(grid, context) -> None:
        algo = make_strategy(strategy, n_sites=n_sites, proximal_mu=proximal_mu,
                             server_lr=server_lr, server_momentum=server_momentum)
        start = initial if initial is not None else initial_head(dim, n_classes)
        result = algo.start(
            grid=grid, initial_arrays=ArrayRecord(start), num_rounds=rounds,
            train_config=ConfigRecord({"local-epochs": local_epochs, "lr": lr,
                                       "batch-size": batch_size, "optimizer": optimizer,
                                       "local-steps": local_steps,
                                       "weight-decay": weight_decay}),
            evaluate_fn=evaluate_fn)
        context.state["final"] = result.arrays
        losses = result.train_metrics_clientapp
        context.state["losses"] = ConfigRecord(
            {str(r): float(m.get("train_loss", float("nan"))) for r, m in losses.items()})

    return app
