"""What validation does with an invalid row (``data.on_invalid``), by registered name.

A policy in :data:`ON_INVALID` gets each problem as an :class:`InvalidRow` (file, row, column,
reason, message; never the note's text). It stops the load by raising
:class:`meddx.errors.DataError`, or returns, and the row is dropped with its reason counted in
the data card. ``DataConfig`` checks ``data.on_invalid`` against the registry, so a policy
registered with :func:`register_on_invalid` is accepted by the config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from meddx._registry import Registry
from meddx.errors import DataError

__all__ = ["ON_INVALID", "InvalidRow", "OnInvalid", "on_invalid_hint", "register_on_invalid"]


@dataclass(frozen=True)
class InvalidRow:
    """One invalid row: where it is and why (``reason`` is the data card's key, e.g.
    ``empty_text``); ``message`` says what is wrong without quoting the note."""

    source: str
    row: int  # 1-based, as the user counts rows
    column: str
    reason: str
    message: str


@dataclass(frozen=True)
class OnInvalid:
    """A ``data.on_invalid`` policy: ``handle`` raises to stop the load, or returns to drop the
    row."""

    name: str
    summary: str
    handle: Callable[[InvalidRow], None]


ON_INVALID: Registry[OnInvalid] = Registry("data.on_invalid policy")


def register_on_invalid(name: str, summary: str):
    """Decorator: register ``handle(problem)`` as the ``data.on_invalid`` policy ``name``."""
    def deco(handle: Callable[[InvalidRow], None]) -> Callable[[InvalidRow], None]:
        ON_INVALID.register(name, OnInvalid(name, summary, handle))
        return handle
    return deco


# How the 'error' policy's message tells the user to drop such rows: the config setting, or the
# option of the CLI command being run (set with on_invalid_hint).
_HINT: ContextVar[str] = ContextVar("on_invalid_hint", default="set data.on_invalid: drop")


@contextmanager
def on_invalid_hint(hint: str) -> Iterator[None]:
    """Within the block, an invalid row's error says ``hint`` (e.g. 'pass --on-invalid drop')
    instead of 'set data.on_invalid: drop'."""
    token = _HINT.set(hint)
    try:
        yield
    finally:
        _HINT.reset(token)


@register_on_invalid("error", "stops with an error naming the file, row and column")
def _stop(problem: InvalidRow) -> None:
    raise DataError(f"{problem.message} ({_HINT.get()} to drop such rows)",
                    file=problem.source, row=problem.row, column=problem.column)


@register_on_invalid("drop", "drops the row and reports the reason in the data card")
def _drop(problem: InvalidRow) -> None:
    return None
