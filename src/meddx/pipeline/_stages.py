"""The stages of a run, as train.log tells them: each stage's start and end, with counts.

The console shows progress bars; a log file read while a run works in the background gets
these lines instead (and, during fine-tuning, progress lines)."""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager

__all__ = ["Stages"]

log = logging.getLogger("meddx")


class Stages:
    """``with stages("training", notes=120): ...`` logs "training: start (notes 120)" and
    "training: done in 12.3 s"; :attr:`current` names the stage under way (for a failure's
    reason)."""

    def __init__(self) -> None:
        self.current = "setup"

    @contextmanager
    def __call__(self, name: str, **counts: int):
        self.current = name
        what = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items())
        log.info("%s: start%s", name, f" ({what})" if what else "")
        started = time.monotonic()
        yield
        log.info("%s: done in %.1f s", name, time.monotonic() - started)
