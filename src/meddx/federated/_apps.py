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

from collections.abc import Callable

import numpy as np

from meddx.errors import require

__all__ = ["initial_head", "local_train", "make_client_app", "make_server_app"]


def initial_head(dim: int, n_classes: int) -> dict:
    torch = require("torch", "train")
    return {"weight": torch.zeros(n_classes, dim), "bias": torch.zeros(n_classes)}


def local_train(state: dict, X: np.ndarray, y: np.ndarray, *, epochs: int, lr: float,
                batch_size: int, mu: float, seed: int, dp: dict | None = None) -> tuple[dict, float]:
    """Train a linear head from ``state`` on one site's data; returns (state, mean loss).

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
    optimizer = torch.optim.Adam(head.parameters(), lr=lr)
    xt = torch.as_tensor(X, dtype=torch.float32)
    yt = torch.as_tensor(y, dtype=torch.float32 if multilabel else torch.long)
    g = torch.Generator().manual_seed(seed)
    total, batches = 0.0, 0
    for _ in range(epochs):
        order = torch.randperm(len(xt), generator=g)
        for start in range(0, len(xt), batch_size):
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
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss.detach())
            batches += 1
    return {k: v.detach().clone() for k, v in head.state_dict().items()}, total / max(batches, 1)


def _dp_local(head, X, y, *, epochs: int, lr: float, seed: int, dp: dict) -> dict:
    torch = require("torch", "train")
    from meddx.privacy import dp_train

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
             batch_size=privacy.batch_size, learning_rate=lr, seed=seed,
             plan_epochs=dp["plan_epochs"])
    return {k.removeprefix("_module."): v.detach().clone() for k, v in head.state_dict().items()}


def make_client_app(load_site: Callable[[dict], tuple[np.ndarray, np.ndarray]], *,
                    seed: int = 0, dp: dict | None = None):
    require("flwr", "federated")
    from flwr.app import ArrayRecord, Message, MetricRecord, RecordDict
    from flwr.clientapp import ClientApp

    app = ClientApp()

    @app.train()
    def train(msg: Message, context) -> Message:
        X, y = load_site({**context.run_config, **context.node_config})
        config = msg.content["config"]
        state = msg.content["arrays"].to_torch_state_dict()
        mu = float(config.get("proximal-mu", 0.0))
        new, loss = local_train(state, X, y, epochs=int(config["local-epochs"]),
                                lr=float(config["lr"]), batch_size=int(config["batch-size"]),
                                mu=mu, seed=seed + int(config.get("server-round", 0)), dp=dp)
        metrics = {"num-examples": len(X)}
        if loss == loss:  # DP rounds report no loss: it would be computed on the notes
            metrics["train_loss"] = loss
        content = RecordDict({"arrays": ArrayRecord(new), "metrics": MetricRecord(metrics)})
        return Message(content=content, reply_to=msg)

    return app


def make_server_app(*, strategy: str, rounds: int, n_sites: int, dim: int, n_classes: int,
                    local_epochs: int, lr: float, batch_size: int, proximal_mu: float):
    require("flwr", "federated")
    from flwr.app import ArrayRecord, ConfigRecord
    from flwr.serverapp import ServerApp
    from flwr.serverapp.strategy import FedAvg, FedProx

    app = ServerApp()

    @app.main()
    def main(grid, context) -> None:
        common = {"fraction_train": 1.0, "fraction_evaluate": 0.0, "min_train_nodes": n_sites,
                  "min_available_nodes": n_sites, "min_evaluate_nodes": 0}
        algo = FedProx(proximal_mu=proximal_mu, **common) if strategy == "fedprox" \
            else FedAvg(**common)
        result = algo.start(
            grid=grid, initial_arrays=ArrayRecord(initial_head(dim, n_classes)),
            num_rounds=rounds,
            train_config=ConfigRecord({"local-epochs": local_epochs, "lr": lr,
                                       "batch-size": batch_size}))
        context.state["final"] = result.arrays
        losses = result.train_metrics_clientapp
        context.state["losses"] = ConfigRecord(
            {str(r): float(m.get("train_loss", float("nan"))) for r, m in losses.items()})

    return app
