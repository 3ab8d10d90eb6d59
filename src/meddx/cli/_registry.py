"""``meddx registry list|show|promote`` and ``meddx retrain``: the model registry (MLflow).
They only call :mod:`meddx.registry`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from meddx.cli._common import ModelName, Quiet, TrackingUri, handle_errors
from meddx.cli._flags import described

__all__ = ["commands"]


commands = typer.Typer()
registry = typer.Typer(help="Registered models in MLflow: versions, aliases candidate and "
                            "champion, promotion.", no_args_is_help=True)
commands.add_typer(registry, name="registry")


@registry.command("list")
@handle_errors
def list_(tracking_uri: TrackingUri = None) -> None:
    """List registered models with their number of versions and aliases."""
    from meddx.registry import list_models

    models = list_models(tracking_uri=tracking_uri)
    if not models:
        typer.echo("no registered models")
    for m in models:
        aliases = ", ".join(f"{a}=v{v}" for a, v in m["aliases"].items()) or "no aliases"
        typer.echo(f"{m['name']}: {m['versions']} version(s), latest v{m['latest']}; {aliases}")

@registry.command("show")
@handle_errors
def show(
    name: ModelName,
    tracking_uri: TrackingUri = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a registered model's versions: aliases, run directory, serving version."""
    from meddx.registry import show_model

    info = show_model(name, tracking_uri=tracking_uri)
    if as_json:
        typer.echo(json.dumps(info, indent=2))
        return
    typer.echo(f"{info['name']}: " + (", ".join(f"{a}=v{v}" for a, v in info["aliases"].items())
                                      or "no aliases"))
    for v in info["versions"]:
        alias = f" [{', '.join(v['aliases'])}]" if v["aliases"] else ""
        verdict = v["tags"].get("meddx.comparison")
        typer.echo(f"  v{v['version']}{alias} {v['created']} run {v['run_dir']}"
                   + (f" (comparison: {verdict})" if verdict else ""))

@registry.command("promote")
@handle_errors
def promote(
    name: ModelName,
    version: Annotated[int, typer.Option(help="Version to make the champion.")],
    force: Annotated[bool, typer.Option(
        "--force", help="Promote even when the version is worse than the champion "
                        "(logged, and recorded on the version).")] = False,
    tolerance: Annotated[float | None, described(
        "registry.promote_tolerance", note="Default: the candidate's.")] = None,
    tracking_uri: TrackingUri = None,
) -> None:
    """Move the champion alias to a version. Refused (exit 2) when the version is worse
    than the current champion beyond the tolerance, overall or in any subgroup, on the
    champion's validation split or the retraining feedback; --force overrides."""
    from meddx.pipeline import promote as do_promote

    out = do_promote(name, version, force=force, tolerance=tolerance, tracking_uri=tracking_uri)
    if out.get("unchanged"):
        typer.echo(f"{name} version {version} is already the champion")
        return
    if out["forced"]:
        typer.echo(f"warning: promoted despite {len(out['failures'])} failed check(s) "
                   "(--force)", err=True)
    typer.echo(f"{name}: champion is now version {version} (was "
               f"{out['previous'] if out['previous'] is not None else 'none'})")


@commands.command()
@handle_errors
def retrain(
    model: Annotated[str, typer.Argument(
        help="The champion: run directory or models:/NAME@champion.")],
    feedback: Annotated[str, typer.Option(
        help="Prediction-log URL with a feedback table (sqlite:///RUN/predictions.db) or a "
             "CSV with text and label columns.")],
    name: Annotated[str | None, typer.Option(
        help="Name of the candidate run (default: NAME-retrain-TIMESTAMP).")] = None,
    holdout: Annotated[float, typer.Option(
        help="Share of the feedback held out for the comparison, not trained on.")] = 0.3,
    seed: Annotated[int, typer.Option(help="Seed of the feedback hold-out draw.")] = 0,
    tracking_uri: TrackingUri = None,
    quiet: Quiet = False,
) -> None:
    """Train a candidate on the champion's data plus corrected feedback labels, compare it
    with the champion (fixed validation split, held-out feedback; overall and per
    subgroup), register it as candidate and write comparison.json / comparison.md."""
    from meddx.pipeline import retrain as do_retrain

    out = do_retrain(model, feedback, tracking_uri=tracking_uri, name=name, holdout=holdout,
                     seed=seed, quiet=quiet)
    fb = out["feedback"]
    typer.echo(f"candidate {out['run_dir']}: {fb['used_for_training']} feedback rows trained "
               f"on, {fb['held_out']} held out, skipped {fb['skipped']}")
    version = f"version {out['version']}" if out["version"] else "NOT registered (see train.log)"
    typer.echo(f"{out['model_name']} {version} (alias candidate); against the champion: "
               f"{out['verdict']} ({len(out['failures'])} check(s) failed); see "
               f"{out['comparison']}")
