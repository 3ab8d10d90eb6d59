"""The dense side of retrieval: a frozen sentence encoder (meddx's own ``embed``) and its
fingerprint, so a knowledge base is never queried with vectors from another model."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from meddx.models._frozen import weights_hash
from meddx.models._presets import resolve_model
from meddx.text import PrepConfig, normalize_all

__all__ = ["EMBED_PREP", "DenseEncoder"]

# all-MiniLM-L6-v2 was trained on 128-token inputs and reads up to 256: passages are cut there.
EMBED_PREP = PrepConfig(max_length=256, long_text="head")
POOLING = "mean"


class DenseEncoder:
    """A preset name or local model folder that embeds texts into L2-normalised vectors."""

    def __init__(self, name: str) -> None:
        from meddx.models._presets import PRESETS

        self.path: Path = resolve_model(str(name))
        # a preset keeps its name; a folder is recorded by its absolute path
        self.name = str(name) if str(name) in PRESETS else str(self.path)
        self._fingerprint: str | None = None

    @property
    def fingerprint(self) -> str:
        """SHA-256 over the model's config.json, its weight files' names and sizes and their
        first MiB, and the embedding settings (window, pooling)."""
        if self._fingerprint is None:
            h = hashlib.sha256()
            h.update((self.path / "config.json").read_bytes())
            h.update(weights_hash(self.path).encode())
            h.update(EMBED_PREP.model_dump_json().encode())
            h.update(POOLING.encode())
            self._fingerprint = h.hexdigest()
        return self._fingerprint

    def embed(self, texts: list[str], *, quiet: bool = True) -> np.ndarray:
        from meddx.models._encoder import embed

        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return embed(self.path, normalize_all(list(texts), EMBED_PREP), EMBED_PREP,
                     pooling=POOLING, quiet=quiet, label="embedding passages")

    def describe(self) -> dict[str, str | int]:
        return {"name": self.name, "path": str(self.path), "fingerprint": self.fingerprint,
                "max_length": EMBED_PREP.max_length, "pooling": POOLING}
