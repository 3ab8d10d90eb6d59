"""The timing loop shared by the in-process serving benchmarks (``serve_quantization.py``,
``explain_serving.py``): the notes, de-identified as the service does; every method warmed up,
then timed in alternation on the same notes, ``repeats`` times; the command line and the JSON
output."""

from __future__ import annotations

import json
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["command_line", "deidentified_texts", "emit", "time_alternating"]


def deidentified_texts(run, n: int, *, data: str | None = None, column: str | None = None,
                       cycle: bool = False) -> list[str]:
    """The first ``n`` non-empty texts of ``data`` (default: the run's data file), repeated up to
    ``n`` when ``cycle``, de-identified with the run's settings."""
    from meddx.data import load_table
    from meddx.deid import deidentify_texts

    path = data or run.config.data.path
    column = column or run.config.data.text_column
    frame = load_table(path)
    texts = [str(t) for t in frame[column].tolist() if isinstance(t, str) and t.strip()][:n]
    if not texts:
        raise SystemExit(f"error: no texts in column '{column}' of {path}")
    if cycle:
        texts = (texts * (n // len(texts) + 1))[:n]
    return deidentify_texts(texts, run.config.deid)[0]


def time_alternating(methods: dict[str, Callable[[list[str]], Any]], texts: list[str], *,
                     repeats: int = 1, warmup: int = 1) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Warm each method up on ``texts[:warmup]``, then call each on all ``texts`` in turn,
    ``repeats`` rounds, so that a change in the load of a shared machine hits all alike.
    Returns the seconds of every call per method and each method's last output."""
    for fn in methods.values():
        fn(texts[: max(1, min(warmup, len(texts)))])
    seconds: dict[str, list[float]] = {name: [] for name in methods}
    outputs: dict[str, Any] = {}
    for _ in range(repeats):
        for name, fn in methods.items():
            start = time.perf_counter()
            outputs[name] = fn(texts)
            seconds[name].append(time.perf_counter() - start)
    return seconds, outputs


def command_line() -> str:
    return " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv])


def emit(result: dict, out: str | None) -> None:
    """Print ``result`` as JSON and also write it to ``out`` when given."""
    text = json.dumps(result, indent=2)
    print(text)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text + "\n", encoding="utf-8")
