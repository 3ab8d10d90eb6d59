"""``meddx federate``: ``meddx train`` across sites with Flower; only weights travel. It only
parses options and calls the library (the training pipeline with ``federated.*`` set)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from meddx.cli._common import handle_errors, set_overrides

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    from meddx.cli._app import _data_flags, _print_metrics

    @app.command()
    @handle_errors
    def federate(
        config: Annotated[Path | None, typer.Argument(help="YAML run config (optional).")] = None,
        data: Annotated[Path | None, typer.Option(help="CSV, JSONL, Parquet or HF folder.")] = None,
        site_column: Annotated[str | None, typer.Option(
            help="Column naming each note's site (hospital); one local model per site.")] = None,
        sites: Annotated[Path | None, typer.Option(
            help="Folder with one data file per site (north.csv, south.csv, ...), instead of "
            "--data and --site-column; the file name is the site.")] = None,
        rounds: Annotated[int | None, typer.Option(help="Federated rounds.")] = None,
        strategy: Annotated[str | None, typer.Option(
            help="fedavg, fedprox, fedavgm, fedadam or fedyogi.")] = None,
        local_epochs: Annotated[int | None, typer.Option(
            help="Local epochs per site and round.")] = None,
        local_steps: Annotated[int | None, typer.Option(
            help="Cap on each site's optimiser steps per round (0: whole epochs).")] = None,
        mode: Annotated[str | None, typer.Option(
            help="frozen (a head on the frozen encoder) or lora (LoRA adapters and head).")] = None,
        text_column: Annotated[str | None, typer.Option(help="Column with the note text.")] = None,
        label_column: Annotated[str | None, typer.Option(help="Column with the label(s).")] = None,
        id_column: Annotated[str | None, typer.Option(help="Unique id column.")] = None,
        patient_column: Annotated[str | None, typer.Option(
            help="Patient id: a patient's notes share one split.")] = None,
        group_columns: Annotated[str | None, typer.Option(
            help="Comma-separated demographic columns to keep.")] = None,
        dp_epsilon: Annotated[float | None, typer.Option(
            help="Per-site differential privacy: each site clips and noises its own updates to "
            "this target epsilon (privacy.*; frozen mode, not fedprox).")] = None,
        model: Annotated[str | None, typer.Option(help="Preset name or local model folder.")] = None,
        seed: Annotated[int | None, typer.Option(help="Training seed.")] = None,
        name: Annotated[str | None, typer.Option(help="Run name (default: a timestamp).")] = None,
        out: Annotated[Path | None, typer.Option(help="Folder for runs (default: runs).")] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    ) -> None:
        """Federated training (Flower FedAvg, FedProx, FedAvgM, FedAdam, FedYogi) of the
        frozen-encoder head or LoRA adapters across the sites of --site-column or --sites DIR;
        only weights travel. Writes a standard run directory (runs/NAME/)."""
        from meddx.config import load_config
        from meddx.errors import ConfigError
        from meddx.pipeline import train_run

        if sites is not None and data is not None:
            raise ConfigError("give either --sites DIR (one file per site) or --data FILE with "
                              "--site-column, not both")
        tree: dict[str, Any] = {"model": {"mode": mode or "frozen"}}
        _data_flags(tree, data=sites or data, text_column=text_column,
                    label_column=label_column, id_column=id_column,
                    patient_column=patient_column, group_columns=group_columns)
        if sites is not None:
            set_overrides(tree, "data.site_files_column", site_column or "site")
        set_overrides(tree, "federated.site_column", site_column or ("site" if sites else None))
        set_overrides(tree, "federated.rounds", rounds)
        set_overrides(tree, "federated.strategy", strategy)
        set_overrides(tree, "federated.local_epochs", local_epochs)
        set_overrides(tree, "federated.local_steps", local_steps)
        set_overrides(tree, "privacy.epsilon", dp_epsilon)
        set_overrides(tree, "model.name", model)
        set_overrides(tree, "train.seed", seed)
        set_overrides(tree, "name", name)
        set_overrides(tree, "out_dir", str(out) if out else None)
        cfg = load_config(config, tree)
        if cfg.federated.site_column is None:
            raise ConfigError("meddx federate needs --site-column or --sites DIR (or "
                              "federated.site_column in the config)")
        result = train_run(cfg, quiet=quiet)
        if result is not None:
            _print_metrics(result.metrics, result.run_dir)
            fed = result.metrics["federated"]
            print(f"federated: {len(fed['sites'])} sites, {fed['rounds']} rounds "
                  f"({fed['strategy']}), {fed['bytes_to_sites_per_round']} bytes to the sites "
                  "per round")
