"""Progress bars for long steps (rich), written to stderr so stdout stays clean, and progress
lines in the log (a run's train.log), so that a run in the background can be followed.

Every long step takes ``quiet``; with ``quiet=True`` nothing is drawn. The log gets a line at
most every :data:`LOG_EVERY_S` seconds of a step ("embedding: 1,024/5,000 (20%), 31 s, about
2 min left"), and one at its end when it logged any: quiet or not, short steps stay silent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

#: Seconds between two progress lines of one step in the log.
LOG_EVERY_S = 30.0

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

    class _Progress(Progress):
        def stop(self) -> None:
            """A transient bar (``live.transient``) on stderr that is not a terminal (a log, a
            pipe) drew nothing: rich would still end it with an empty line, which came out
            before a later ``error:`` line."""
            if self.live.transient and not self.console.is_interactive:
                if not self.disable:
                    self.live.stop()
                return
            super().stop()

    return _Progress(*columns, console=Console(stderr=True))


def track(
    items: Iterable[T], description: str, *, total: int | None = None, quiet: bool = False
) -> Iterator[T]:
    """Iterate over ``items`` with a progress bar titled ``description`` (never note text),
    and progress lines in the log (see the module doc)."""
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    logged = LogProgress(description, total)
    if quiet:
        for item in items:
            yield item
            logged.advance()
        logged.close()
        return
    progress = make_progress()
    with progress:
        task = progress.add_task(description, total=total)
        for item in items:
            yield item
            progress.advance(task)
            logged.advance()
    logged.close()


class LogProgress:
    """Progress lines of one step for the log, at most one per :data:`LOG_EVERY_S` seconds."""

    def __init__(self, description: str, total: int | None, *, every: float | None = None):
        self.description = description
        self.total = total
        self.every = LOG_EVERY_S if every is None else every
        self.done = 0
        self.started = self.last = time.monotonic()
        self.lines = 0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.lines += 1
            logging.getLogger("meddx").info("%s: %s", self.description, self._where(now))

    def close(self) -> None:
        if self.lines:
            logging.getLogger("meddx").info("%s: done, %s", self.description,
                                            self._where(time.monotonic()))

    def _where(self, now: float) -> str:
        elapsed = now - self.started
        if not self.total:
            return f"{self.done:,} in {elapsed:.0f} s"
        share = self.done / self.total
        left = elapsed * (1 - share) / share if 0 < share < 1 else 0.0
        eta = f", about {_duration(left)} left" if 0 < share < 1 else ""
        return f"{self.done:,}/{self.total:,} ({share:.0%}) in {elapsed:.0f} s{eta}"


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"
