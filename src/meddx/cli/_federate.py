"""``meddx federate``: ``meddx train`` across sites with Flower; only weights travel. It only
parses options and calls the library (the training pipeline with ``federated.*`` set)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from meddx.cli._common import ConfigFile, Quiet, handle_errors
from meddx.cli._flags import Flag, config_flags
from meddx.cli._train import DATA_FLAGS, print_metrics

__all__ = ["commands"]

commands = typer.Typer()

_DATA = {f.param: f for f in DATA_FLAGS}
FEDERATE_FLAGS = (
    _DATA["data"],
    Flag("federated.site_column"),
    Flag("federated.rounds"),
    Flag("federated.strategy"),
    Flag("federated.local_epochs"),
    *(_DATA[n] for n in ("text_column", "label_column", "id_column", "patient_column",
                         "group_columns")),
    Flag("privacy.epsilon", name="dp_epsilon", note="Per site: each site clips and noises its "
         "own updates (fedavg only)."),
    Flag("model.name", name="model"),
    Flag("train.seed"),
    Flag("name"),
    Flag("out_dir", name="out", kind=Path),
)


@commands.command()
@handle_errors
@config_flags(*FEDERATE_FLAGS)
def federate(
    config: ConfigFile = None,
    overrides: dict[str, Any] | None = None,
    quiet: Quiet = False,
) -> None:
    """Federated training (Flower FedAvg/FedProx) of the frozen-encoder head across the
    sites of --site-column; writes a standard run directory (runs/NAME/)."""
    from meddx.config import load_config
    from meddx.pipeline import train_run

    tree: dict[str, Any] = {"model": {"mode": "frozen"}}
    for key, value in (overrides or {}).items():
        tree[key] = {**tree.get(key, {}), **value} if isinstance(value, dict) else value
    cfg = load_config(config, tree)
    if cfg.federated.site_column is None:
        from meddx.errors import ConfigError

        raise ConfigError("meddx federate needs --site-column (or federated.site_column in "
                          "the config)")
    result = train_run(cfg, quiet=quiet)
    if result is not None:
        print_metrics(result.metrics, result.run_dir)
        fed = result.metrics["federated"]
        print(f"federated: {len(fed['sites'])} sites, {fed['rounds']} rounds "
              f"({fed['strategy']}), {fed['bytes_to_sites_per_round']} bytes to the sites "
              "per round")
