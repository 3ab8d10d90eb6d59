"""``meddx federate``: ``meddx train`` across sites with Flower; only weights travel. It only
parses options and calls the library (the training pipeline with ``federated.*`` set)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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
    Flag("model.mode", name="mode", note="meddx federate takes 'frozen' (default) or 'lora'."),
    Flag("federated.rounds"),
    Flag("federated.strategy"),
    Flag("federated.local_epochs"),
    Flag("federated.local_steps"),
    *(_DATA[n] for n in ("text_column", "label_column", "id_column", "patient_column",
                         "group_columns")),
    Flag("privacy.epsilon", name="dp_epsilon", note="Per site: each site clips and noises its "
         "own updates (frozen mode; any strategy but fedprox)."),
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
    sites: Annotated[Path | None, typer.Option(
        help="Folder with one data file per site (north.csv, south.csv, ...), instead of "
        "--data and --site-column; the file name is the site (config: data.path with "
        "data.site_files_column).")] = None,
    overrides: dict[str, Any] | None = None,
    quiet: Quiet = False,
) -> None:
    """Federated training (Flower FedAvg, FedProx, FedAvgM, FedAdam, FedYogi) of the
    frozen-encoder head or LoRA adapters across the sites of --site-column or --sites DIR;
    only weights travel. Writes a standard run directory (runs/NAME/)."""
    from meddx.config import load_config
    from meddx.errors import ConfigError
    from meddx.pipeline import train_run

    tree: dict[str, Any] = {"model": {"mode": "frozen"}}
    for key, value in (overrides or {}).items():
        tree[key] = {**tree.get(key, {}), **value} if isinstance(value, dict) else value
    if sites is not None:
        if tree.get("data", {}).get("path") is not None:
            raise ConfigError("give either --sites DIR (one file per site) or --data FILE with "
                              "--site-column, not both")
        column = tree.get("federated", {}).get("site_column") or "site"
        tree.setdefault("data", {}).update(path=str(sites), site_files_column=column)
        tree.setdefault("federated", {})["site_column"] = column
    cfg = load_config(config, tree)
    if cfg.federated.site_column is None:
        raise ConfigError("meddx federate needs --site-column or --sites DIR (or "
                          "federated.site_column in the config)")
    result = train_run(cfg, quiet=quiet)
    if result is not None:
        print_metrics(result.metrics, result.run_dir)
        fed = result.metrics["federated"]
        print(f"federated: {len(fed['sites'])} sites, {fed['rounds']} rounds "
              f"({fed['strategy']}), {fed['bytes_to_sites_per_round']} bytes to the sites "
              "per round")
