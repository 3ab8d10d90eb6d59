"""``meddx audit RUN``: calibration and a subgroup fairness audit. It only calls the library."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from meddx.cli._common import Quiet, RunDir, handle_errors, split_list
from meddx.cli._flags import described
from meddx.errors import ConfigError

__all__ = ["commands"]


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


def _print_audit(result: dict, path: Path, console=None) -> None:
    """The audit on the console, readable at 80 columns: calibration (with a warning when it
    made ECE worse), then difference gaps (0 is parity) and ratio gaps (1 is parity) apart."""
    from rich.console import Console

    console = console or Console(highlight=False)
    cal = result["calibration"]
    if cal.get("method"):
        console.print(f"calibration ({cal['method']}, {cal.get('source')}): ECE "
                      f"{cal['ece_before']:.4f} -> {cal['ece_after']:.4f}, Brier "
                      f"{cal['brier_before']:.4f} -> {cal['brier_after']:.4f} on {cal['n']} rows")
        if cal.get("worsened"):
            console.print("[bold red]warning:[/] calibration made ECE worse on these rows; "
                          "the calibrator fitted on validation does not transfer to them")
    else:
        console.print(f"calibration: none (ECE {cal['ece_before']:.4f})")
    gaps = result["gaps"]
    diffs = sorted((g for g in gaps if g.get("null_value", 0.0) == 0.0),
                   key=lambda g: (not g["flagged"], -(g["value"] or 0.0)))
    ratios = sorted((g for g in gaps if g.get("null_value") == 1.0),
                    key=lambda g: (not g["flagged"], g["value"] if g["value"] is not None else 2))
    console.print(f"fairness gaps: {result['n_flagged']} flagged of {len(gaps)}")
    _gap_table(console, diffs, 15, "differences: largest group minus smallest; 0 is parity")
    _gap_table(console, ratios, 8, "ratios: smallest group / largest; 1 is parity")
    console.print("gap: of the selection rate (demographic parity), TPR (equal opportunity), FPR "
                  "(predictive equality), the larger of TPR and FPR (equalized odds), or over "
                  "all classes (accuracy, macro-F1); audit.json has the full names")
    shown = min(len(diffs), 15) + min(len(ratios), 8)
    if len(gaps) > shown:
        console.print(f"... {len(gaps) - shown} more in {path}")
    if result["warnings"]:  # already logged one by one
        console.print(f"{len(result['warnings'])} warning(s), listed in the audit file")
    console.print(f"audit written to {path}")


#: Short names of the gaps, so that the table fits 80 columns (the legend says what each is).
_SHORT = {
    "demographic_parity_difference": "selection", "demographic_parity_ratio": "selection",
    "equal_opportunity_difference": "TPR", "predictive_equality_difference": "FPR",
    "equalized_odds_difference": "TPR|FPR", "accuracy_difference": "accuracy",
    "macro_f1_difference": "macro-F1",
}


def _gap_table(console, gaps: list[dict], limit: int, title: str) -> None:
    from rich import box
    from rich.table import Table

    if not gaps:
        return
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    for col in ("group", "class", "gap", "value", "95% CI", "high / low", "flag"):
        table.add_column(col, justify="right" if col == "value" else "left", overflow="fold",
                         no_wrap=col in ("gap", "value", "95% CI", "flag"))
    for g in gaps[:limit]:
        lo, hi = g["ci95"]
        table.add_row(g["group_column"], "all" if g.get("class") is None else str(g["class"]),
                      _SHORT.get(g["metric"], g["metric"]),
                      "n/a" if g["value"] is None else f"{g['value']:.3f}",
                      "" if lo is None else f"{lo:.2f}-{hi:.2f}",
                      f"{g.get('higher_group')} / {g.get('lower_group')}",
                      "[bold red]YES[/]" if g["flagged"] else "no")
    console.print(table)


commands = typer.Typer()


@commands.command()
@handle_errors
def audit(
    run: RunDir,
    groups: Annotated[str | None, typer.Option(
        help="Comma-separated group columns, e.g. sex,age_band (default: the run's "
             "data.group_columns).")] = None,
    data: Annotated[Path | None, typer.Option(
        help="Audit this labelled file instead of the run's test split.")] = None,
    calibration: Annotated[str, described("eval.calibration")] = "temperature",
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
    out: Annotated[Path | None, typer.Option(
        help="Write the audit JSON here (default: RUN/audit.json; with --data, "
             "RUN/audits/FILE-HASH.json).")] = None,
    model_card: Annotated[bool, typer.Option(help="Also write model_card.md.")] = True,
    on_invalid: Annotated[str | None, described(
        "data.on_invalid", note="With --data; default: as trained.")] = None,
    quiet: Quiet = False,
) -> None:
    """Calibrate a run, choose thresholds and audit it per group. Writes RUN/audit.json
    (with --data: RUN/audits/FILE-HASH.json; --out sets the path) and RUN/model_card.md."""
    from meddx.audit import audit_run
    from meddx.data import on_invalid_hint

    with on_invalid_hint("pass --on-invalid drop"):  # an invalid row's error names the option
        result, path = audit_run(
            run, data, split_list(groups),
            calibration=None if calibration.lower() == "none" else calibration,
            target_sensitivity=_targets(target_sensitivity), intersections=intersections,
            tolerance=tolerance, ratio_tolerance=ratio_tolerance, n_boot=n_boot,
            min_group_size=min_group_size, out=out, model_card=model_card,
            on_invalid=on_invalid, quiet=quiet,
        )
    _print_audit(result, path)
