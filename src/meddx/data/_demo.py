"""The bundled demo corpus: Medical Abstracts (Schopf et al., 2023), CC BY-SA 3.0."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["DEMO_LABEL_NAMES", "demo_path"]

DEMO_LABEL_NAMES = {
    "1": "neoplasms",
    "2": "digestive system diseases",
    "3": "nervous system diseases",
    "4": "cardiovascular diseases",
    "5": "general pathological conditions",
}


def demo_path() -> Path:
    """Path of the bundled CSV (columns: condition_label, medical_abstract)."""
    return Path(str(resources.files("meddx.data") / "demo" / "medical_abstracts.csv"))
