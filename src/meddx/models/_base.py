"""The classifier contract every backend implements, and the registry that reloads them.

A backend turns notes into class probabilities. Encoders (fine-tuned or frozen with a head)
and the TF-IDF baseline implement it today; a causal-LM backend registers itself the same
way. A saved classifier is a folder holding ``meddx_model.json`` (its kind, labels, task and
preparation settings) plus whatever weights the backend writes.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from meddx._io import atomic_write_json
from meddx._registry import Registry
from meddx.errors import RunError
from meddx.text import PrepConfig

__all__ = ["CLASSIFIERS", "Classifier", "load_classifier", "register_classifier"]

MANIFEST = "meddx_model.json"


class Classifier(ABC):
    """Predicts per-class probabilities for raw note texts."""

    kind: ClassVar[str]

    def __init__(self, *, labels: list[str], task: str, prep: PrepConfig) -> None:
        self.labels = list(labels)
        self.task = task
        self.prep = prep

    @abstractmethod
    def predict_proba(self, texts: list[str], *, quiet: bool = True) -> np.ndarray:
        """(n, k) probabilities: rows sum to 1 (single-label) or independent (multilabel)."""

    @abstractmethod
    def _save_weights(self, folder: Path) -> dict[str, Any]:
        """Write weights into ``folder``; return extra manifest fields."""

    @classmethod
    @abstractmethod
    def _load(cls, folder: Path, manifest: dict[str, Any]) -> Classifier:
        """Rebuild from ``folder`` and its manifest."""

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        extra = self._save_weights(folder)
        manifest = {
            "kind": self.kind,
            "labels": self.labels,
            "task": self.task,
            "prep": self.prep.model_dump(mode="json"),
            **extra,
        }
        atomic_write_json(folder / MANIFEST, manifest)


CLASSIFIERS: Registry[type[Classifier]] = Registry("classifier kind")


def register_classifier(cls: type[Classifier]) -> type[Classifier]:
    """Class decorator: make a backend reloadable by its ``kind``."""
    CLASSIFIERS.register(cls.kind, cls)
    return cls


def load_classifier(folder: str | Path) -> Classifier:
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise RunError(f"'{folder}' holds no saved model (missing {MANIFEST})")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    cls = CLASSIFIERS.get(manifest["kind"])
    return cls._load(folder, manifest)

