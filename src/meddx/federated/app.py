"""The Flower entry points for a deployment across machines (importing this module imports
Flower): ``meddx.federated.app:server_app`` and ``meddx.federated.app:client_app``.

Run config keys (all sites and the server): ``meddx-config`` (YAML with ``data.labels``),
``num-server-rounds``, ``strategy`` (fedavg|fedprox|fedavgm|fedadam|fedyogi), ``local-epochs``,
``local-steps``, ``optimizer`` (adam|sgd), ``lr``, ``batch-size``, ``weight-decay``,
``proximal-mu``, ``server-lr``, ``server-momentum``, ``min-nodes``, ``out`` (where the server
writes the final head as a meddx model folder). Node config: ``data-path`` (the site's own
file). See docs/privacy.md.
"""

from __future__ import annotations

from flwr.app import Context
from flwr.serverapp import Grid, ServerApp

from meddx.federated._apps import make_client_app, make_server_app
from meddx.federated._deploy import head_shape, load_site_from_settings

__all__ = ["client_app", "server_app"]

client_app = make_client_app(load_site_from_settings)
server_app = ServerApp()


@server_app.main()
def main(grid: Grid, context: Context) -> None:
    rc = dict(context.run_config)
    dim, n_classes = head_shape(rc)
    inner = make_server_app(
        strategy=str(rc.get("strategy", "fedavg")), rounds=int(rc.get("num-server-rounds", 10)),
        n_sites=int(rc.get("min-nodes", 2)), dim=dim, n_classes=n_classes,
        local_epochs=int(rc.get("local-epochs", 1)), lr=float(rc.get("lr", 0.05)),
        batch_size=int(rc.get("batch-size", 32)), proximal_mu=float(rc.get("proximal-mu", 0.0)),
        optimizer=str(rc.get("optimizer", "adam")), local_steps=int(rc.get("local-steps", 0)),
        weight_decay=float(rc.get("weight-decay", 0.0)),
        server_lr=float(rc.get("server-lr", 1.0)),
        server_momentum=float(rc.get("server-momentum", 0.0)))
    inner(grid, context)  # runs the strategy; the final arrays land in context.state
    if rc.get("out"):
        _save_head(rc, context)


def _save_head(rc: dict, context: Context) -> None:
    from pathlib import Path

    from meddx.federated._deploy import site_config, site_task
    from meddx.models import FrozenEncoderClassifier, LinearHead

    cfg = site_config(rc)
    state = context.state["final"].to_torch_state_dict()
    task = site_task(cfg)
    clf = FrozenEncoderClassifier(
        labels=list(cfg.data.labels), task=task, prep=cfg.prep, model=cfg.model.name,
        pooling=cfg.model.pooling,
        head=LinearHead(state["weight"].double().numpy(), state["bias"].double().numpy(),
                        task == "multilabel"))
    clf.save(Path(str(rc["out"])))
