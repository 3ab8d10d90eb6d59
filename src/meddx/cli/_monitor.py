"""``meddx monitor report RUN``: drift of production traffic against the training reference.
It only calls :func:`meddx.monitor.monitor_report`.

Exit codes: 0 no alert; 3 at least one alert (one JSON line per alert on stdout); 4 no data
(no prediction in the window, so nothing was tested); 5 too few predictions (fewer than
--min-window, so no drift test was run); 2 bad input (one error line on stderr)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from meddx.cli._common import RunDir, handle_errors, split_list

__all__ = ["ALERT_EXIT_CODE", "NO_DATA_EXIT_CODE", "TOO_FEW_EXIT_CODE", "commands"]

ALERT_EXIT_CODE = 3
NO_DATA_EXIT_CODE = 4
TOO_FEW_EXIT_CODE = 5


commands = typer.Typer()
monitor = typer.Typer(help="Watch a served model: drift of the prediction log against the "
                           "training reference.", no_args_is_help=True)
commands.add_typer(monitor, name="monitor")


@monitor.command("report")
@handle_errors
def report(
    run: RunDir,
    store: Annotated[str | None, typer.Option(
        help="SQLAlchemy URL of the prediction log (default: sqlite:///RUN/predictions.db).")
    ] = None,
    since: Annotated[str | None, typer.Option(
        help="Start of the window, ISO 8601 in UTC (2026-11-01 or 2026-11-01T08:00).")] = None,
    until: Annotated[str | None, typer.Option(
        help="End of the window, ISO 8601 in UTC; a date alone includes that day.")] = None,
    groups: Annotated[str | None, typer.Option(
        help="Group attributes to report per value, comma-separated (default: all in the "
             "log).")] = None,
    out: Annotated[Path | None, typer.Option(
        help="Folder for monitor.json and monitor.html (default: RUN/monitor).")] = None,
    min_group_size: Annotated[int, typer.Option(
        help="Fewest predictions a group value needs to be tested.")] = 30,
    min_window: Annotated[int, typer.Option(
        help="Fewest predictions the window needs before any drift test is run; below it "
             "the report says so and the exit code is 5.")] = 30,
) -> None:
    """Compare a window of the prediction log with the run's training reference, overall
    and per group; write monitor.json and monitor.html. Exit 3 with one JSON line per alert
    on stdout when any threshold is crossed; exit 4 ("no data") when the window holds no
    prediction; exit 5 when it holds fewer than --min-window (no drift test run); else 0."""
    from meddx.monitor import NO_DATA, TOO_FEW, monitor_report

    result = monitor_report(run, store, since=since, until=until, groups=split_list(groups),
                            out_dir=out, min_group_size=min_group_size, min_window=min_window)
    if result["status"] == NO_DATA:
        typer.echo(f"monitor: no data: 0 predictions in the window, nothing was tested; "
                   f"report in {result['paths']['html']}", err=True)
        raise typer.Exit(NO_DATA_EXIT_CODE)
    if result["status"] == TOO_FEW:
        typer.echo(f"monitor: {result['overall']['skipped']}; report in "
                   f"{result['paths']['html']}", err=True)
        raise typer.Exit(TOO_FEW_EXIT_CODE)
    for alert in result["alerts"]:
        typer.echo(json.dumps({"alert": True, "run": result["run"], **alert}, sort_keys=True))
    for name, section in (result.get("groups") or {}).items():
        if isinstance(section, dict) and "note" in section:  # e.g. a misspelt --groups name
            typer.echo(f"monitor: group '{name}': {section['note']}", err=True)
    typer.echo(f"monitor: {result['window']['n']} predictions, {len(result['alerts'])} alert(s); "
               f"report in {result['paths']['html']}", err=True)
    if result["alerts"]:
        raise typer.Exit(ALERT_EXIT_CODE)
