"""``meddx audit RUN``: calibration and a subgroup fairness audit. It only calls the library."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from meddx.cli._common import handle_errors, split_list
from meddx.errors import ConfigError

__all__ = ["register"]


def _targets(values: list[str] | None) -> dict[str, float] | None:
    """``["cardiac=0.95"]`` -> ``{"cardiac": 0.95}``."""
    out: dict[str, float] = {}
    for item in values or []:
        label, sep, value = item.rpartition("=")
        try:
            target = float(value)
        except ValueError:
            target = -1.0
        if not sep or not label or not 0 < target <= 1:
            raise ConfigError(f"--target-sensitivity must look like CLASS=0.95 (a recall in (0, 1]); "
                              f"got {item!r}")
        out[label] = target
    return out or None


def _print_audit(result: dict, path: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    cal = result["calibration"]
    if cal.get("method"):
        console.print(f"calibration ({cal['method']}, {cal.get('source')}): ECE "
                      f"{cal['ece_before']:.4f} -> {cal['ece_after']:.4f}, Brier "
                      f"{cal['brier_before']:.4f} -> {cal['brier_after']:.4f} on {cal['n']} rows")
    else:
        console.print(f"calibration: none (ECE {cal['ece_before']:.4f})")
    gaps = sorted(result["gaps"], key=lambda g: (not g["flagged"], -(g["value"] or 0.0)))
    table = Table(title=f"fairness gaps ({result['n_flagged']} flagged of {len(gaps)})")
    for col in ("group column", "class", "gap", "value", "95% CI", "groups", "flagged"):
        table.add_column(col, justify="right" if col in ("value",) else "left")
    for g in gaps[:20]:
        lo, hi = g["ci95"]
        table.add_row(g["group_column"], str(g.get("class")), g["metric"],
                      "n/a" if g["value"] is None else f"{g['value']:.3f}",
                      "" if lo is None else f"[{lo:.3f}, {hi:.3f}]",
                      f"{g.get('higher_group')} / {g.get('lower_group')}",
                      "[bold red]yes[/]" if g["flagged"] else "no")
    console.print(table)
    if len(gaps) > 20:
        console.print(f"... {len(gaps) - 20} more in {path}")
    if result["warnings"]:  # already logged one by one
        console.print(f"{len(result['warnings'])} warning(s), listed in the audit file")
    console.print(f"audit written to {path}")


def register(app: typer.Typer) -> None:
    """Add the ``audit`` command to ``app``."""

    @app.command()
    @handle_errors
    def audit(
        run: Annotated[Path, typer.Argument(help="Run directory.")],
        groups: Annotated[str | None, typer.Option(
            help="Comma-separated group columns, e.g. sex,age_band (default: the run's "
                 "data.group_columns).")] = None,
        data: Annotated[Path | None, typer.Option(
            help="Audit this labelled file instead of the run's test split.")] = None,
        calibration: Annotated[str, typer.Option(
            help="temperature, vector, dirichlet, isotonic, platt, auto (chosen by cross-validated "
                 "NLL on validation) or none.")] = "temperature",
        target_sensitivity: Annotated[list[str] | None, typer.Option(
            help="CLASS=RECALL: choose CLASS's threshold to reach this recall on validation "
                 "(repeatable).")] = None,
        intersections: Annotated[str, typer.Option(
            help="pairs (every two group columns crossed), all, or none.")] = "pairs",
        tolerance: Annotated[float, typer.Option(
            help="Smallest gap worth flagging.")] = 0.1,
        ratio_tolerance: Annotated[float, typer.Option(
            help="Flag a demographic parity ratio below 1 - this.")] = 0.2,
        n_boot: Annotated[int, typer.Option(help="Bootstrap resamples per gap.")] = 500,
        min_group_size: Annotated[int, typer.Option(
            help="Warn about groups with fewer rows.")] = 30,
        out: Annotated[Path | None, typer.Option(help="Write audit JSON here.")] = None,
        model_card: Annotated[bool, typer.Option(help="Also write model_card.md.")] = True,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    ) -> None:
        """Calibrate a run, choose thresholds and audit it per group; writes audit.json and
        model_card.md."""
        from meddx.audit import audit_run

        result, path = audit_run(
            run, data, split_list(groups),
            calibration=None if calibration.lower() == "none" else calibration,
            target_sensitivity=_targets(target_sensitivity), intersections=intersections,
            tolerance=tolerance, ratio_tolerance=ratio_tolerance, n_boot=n_boot,
            min_group_size=min_group_size, out=out, model_card=model_card, quiet=quiet,
        )
        _print_audit(result, path)
