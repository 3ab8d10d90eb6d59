"""Progress bars for long steps (rich), written to stderr so stdout stays clean.

Every long step takes ``quiet``; with ``quiet=True`` nothing is drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def make_progress(*, info: bool = False):
    """A rich Progress on stderr: description, bar, n/m, [info field], elapsed, remaining."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn()]
    if info:
        columns.append(TextColumn("{task.fields[info]}"))
    columns += [TimeElapsedColumn(), TimeRemainingColumn()]
    return Progress(*columns, console=Console(stderr=True))


def track(
    items: Iterable[T], description: str, *, total: int | None = None, quiet: bool = False
) -> Iterator[T]:
    """Iterate over ``items`` with a progress bar titled ``description`` (never note text)."""
    if quiet:
        yield from items
        return
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    progress = make_progress()
    with progress:
        task = progress.add_task(description, total=total)
        for item in items:
            yield item
            progress.advance(task)
