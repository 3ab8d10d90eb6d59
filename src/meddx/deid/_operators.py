"""Operators: what replaces each PHI span (redact, mask, surrogate).

An operator turns one span of a text into its replacement. They are registered by name in
:data:`OPERATORS` (registering a name twice is an error); ``deid.mode`` picks one.

* ``redact``: a typed tag, ``[DATE]``, ``[NAME]``.
* ``mask``: ``*`` repeated to the span's length (``mask_style: stars``), or ``[PHI]``
  (``mask_style: tag``).
* ``surrogate``: a realistic fake value, consistent per patient (see ``_surrogate.py``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from meddx._registry import Registry
from meddx.deid._span import Span

__all__ = ["OPERATORS", "MaskOperator", "Operator", "RedactOperator", "apply_operator",
           "register_operator"]


class Operator(ABC):
    """Replaces PHI. ``patient`` keys per-patient consistency (surrogates); others ignore it."""

    name: str = ""

    @abstractmethod
    def replace(self, value: str, span: Span, *, patient: str) -> str:
        """The replacement for ``value`` (the text of ``span``)."""


OPERATORS: Registry[type[Operator]] = Registry("de-identification operator")


def register_operator(name: str) -> Callable[[type[Operator]], type[Operator]]:
    """Class decorator: register an :class:`Operator` subclass under ``name``."""

    def deco(cls: type[Operator]) -> type[Operator]:
        cls.name = name
        OPERATORS.register(name, cls)
        return cls

    return deco


@register_operator("redact")
class RedactOperator(Operator):
    def __init__(self, **_: Any) -> None:
        pass

    def replace(self, value: str, span: Span, *, patient: str) -> str:
        return f"[{span.label}]"


@register_operator("mask")
class MaskOperator(Operator):
    def __init__(self, *, mask_style: str = "stars", **_: Any) -> None:
        self.style = mask_style

    def replace(self, value: str, span: Span, *, patient: str) -> str:
        return "*" * len(value) if self.style == "stars" else "[PHI]"


def apply_operator(text: str, spans: list[Span], operator: Operator, *, patient: str = "") -> str:
    """``text`` with every (sorted, disjoint) span replaced by ``operator``."""
    parts: list[str] = []
    pos = 0
    for span in spans:
        parts.append(text[pos:span.start])
        parts.append(operator.replace(text[span.start:span.end], span, patient=patient))
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)
