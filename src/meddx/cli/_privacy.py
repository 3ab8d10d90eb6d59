"""``meddx privacy-audit RUN``: membership inference against a trained run. It only calls the
library (meddx.privacy) and refreshes the model card (meddx.audit) when the run has one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from meddx.cli._common import Quiet, RunDir, handle_errors

__all__ = ["commands"]


def _print(result: dict, path: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"membership inference ({result['n_members']} members, "
                        f"{result['n_nonmembers']} non-members)")
    for col in ("attack", "AUC", "TPR @ 1% FPR", "TPR @ 0.1% FPR"):
        table.add_column(col, justify="left" if col == "attack" else "right")
    for name, r in result["attacks"].items():
        cells = []
        for key in ("auc", "tpr_at_1pct_fpr", "tpr_at_0p1pct_fpr"):
            lo, hi = r["ci"][key]
            cells.append(f"{r[key]:.3f}" + (f" [{lo:.3f}, {hi:.3f}]" if lo is not None else ""))
        table.add_row(name, *cells)
    console = Console()
    console.print(table)
    if result.get("dp"):
        console.print(f"trained with DP: epsilon {result['dp']['epsilon']:.3f}")
    console.print(f"written to {path}")


commands = typer.Typer()


@commands.command("privacy-audit")
@handle_errors
def privacy_audit(
    run: RunDir,
    bootstrap: Annotated[int, typer.Option(help="Bootstrap resamples for the CIs.")] = 1000,
    ci: Annotated[float, typer.Option(help="Confidence level of the intervals.")] = 0.95,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap.")] = 0,
    max_members: Annotated[int | None, typer.Option(
        help="Score at most this many training notes (drawn at random; slow models).")] = None,
    reference_models: Annotated[int, typer.Option(
        help="Frozen-encoder runs: reference heads for the calibrated attack (0: off).")] = 4,
    quiet: Quiet = False,
) -> None:
    """Membership inference (loss and confidence threshold attacks; on frozen-encoder runs also
    the calibrated attack with reference heads): can the model's outputs tell training notes
    from held-out ones? AUC, TPR at 1% and 0.1% FPR, with bootstrap CIs, into
    RUN/privacy_audit.json, the report and the model card."""
    from meddx.privacy import privacy_audit_run

    result, path = privacy_audit_run(run, n_boot=bootstrap, ci=ci, seed=seed,
                                     max_members=max_members,
                                     reference_models=reference_models, quiet=quiet)
    if (Path(run) / "model_card.md").is_file():
        from meddx.audit import write_model_card

        write_model_card(run)  # its Privacy section reads privacy_audit.json
    _print(result, path)
