"""A small named registry for pluggable parts (model presets, detectors, explainers, modes...).

A settings field that names a registered part is a plain ``str`` checked with
:func:`check_choice` when the config is validated, so a part registered later is accepted; its
help lists the built-in parts from their summaries (:func:`describe_choices`)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from meddx.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    """Maps names to parts. Registering a name twice is an error."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str, item: T) -> T:
        if name in self._items:
            raise ConfigError(f"{self.kind} '{name}' is already registered")
        self._items[name] = item
        return item

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            close = difflib.get_close_matches(name, list(self._items), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else "."
            raise ConfigError(
                f"unknown {self.kind} '{name}'{hint} Known: {', '.join(sorted(self._items))}"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))

    def items(self) -> list[tuple[str, T]]:
        return sorted(self._items.items())

    def in_order(self) -> list[tuple[str, T]]:
        """``(name, part)`` in registration order: the built-ins as their module lists them,
        then the plug-ins."""
        return list(self._items.items())


def describe_choices(parts: Iterable[tuple[str, str]]) -> str:
    """``'a': does this; 'b': does that`` from ``(name, summary)`` pairs: the help of a
    settings field whose values are registered names, written from the registry."""
    return "; ".join(f"'{name}': {summary}" if summary else f"'{name}'" for name, summary in parts)


def check_choice(registry: Registry[T], value: str) -> str:
    """``value`` when it is registered; otherwise a ValueError naming every registered name (in
    registration order) and the closest one, for a settings field's validator."""
    names = [name for name, _ in registry.in_order()]
    if value in names:
        return value
    close = difflib.get_close_matches(value, names, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise ValueError(f"Input should be {one_of(names)} (got {value!r}){hint}")


def one_of(names: Iterable[str]) -> str:
    """``'a', 'b' or 'c'``: names as a message lists the allowed ones."""
    quoted = [f"'{n}'" for n in names]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else "".join(quoted)
