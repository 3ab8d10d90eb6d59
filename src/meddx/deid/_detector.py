"""The detector contract and the registry of detectors.

A detector finds PHI spans in one text. Detectors are registered by name in
:data:`DETECTORS` (registering a name twice is an error) and built by name from the config
(``deid.detectors``), so a trainable tagger or Presidio can be added later as one more
registered class without touching the rest.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from meddx._registry import Registry
from meddx.deid._span import Span

__all__ = ["DETECTORS", "Detector", "build_detectors", "register_detector"]


class Detector(ABC):
    """Finds PHI in a text. Subclasses set ``name`` and implement :meth:`detect`."""

    name: str = ""

    @classmethod
    def build(cls, **options: Any) -> Detector:
        """An instance from the deid options (``ner_model`` ...); most detectors take none."""
        return cls()

    @abstractmethod
    def detect(self, text: str) -> list[Span]:
        """Every PHI span found in ``text``; overlaps are allowed (they are merged later)."""


DETECTORS: Registry[type[Detector]] = Registry("de-identification detector")


def register_detector(name: str) -> Callable[[type[Detector]], type[Detector]]:
    """Class decorator: register a :class:`Detector` subclass under ``name``."""

    def deco(cls: type[Detector]) -> type[Detector]:
        if not (isinstance(cls, type) and issubclass(cls, Detector)):
            raise TypeError(f"{cls!r} is not a Detector subclass")
        cls.name = name
        DETECTORS.register(name, cls)
        return cls

    return deco


def build_detectors(names: list[str], **options: Any) -> list[Detector]:
    """One instance of each named detector (unknown names raise ConfigError with a hint);
    ``options`` (such as ``ner_model``) go to every detector's :meth:`Detector.build`."""
    return [DETECTORS.get(n).build(**options) for n in names]
