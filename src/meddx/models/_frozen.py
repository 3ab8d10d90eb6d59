"""Frozen encoder + linear head: embeddings are computed once, the head trains in seconds."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from meddx.models._base import Classifier, register_classifier
from meddx.models._encoder import embed
from meddx.models._presets import resolve_model
from meddx.text import PrepConfig, normalize_all

__all__ = ["FrozenEncoderClassifier", "cached_embeddings"]


def cached_embeddings(
    model: str, texts: list[str], prep: PrepConfig, pooling: str, cache_dir: Path | None,
    *, quiet: bool, label: str = "embedding",
) -> np.ndarray:
    """Embeddings of ``texts`` (already normalised), cached on disk by content hash."""
    key = hashlib.sha256()
    for part in (str(resolve_model(model)), prep.model_dump_json(), pooling):
        key.update(part.encode())
    for t in texts:
        key.update(t.encode("utf-8"))
        key.update(b"\x1e")
    path = cache_dir / f"emb-{key.hexdigest()[:24]}.npy" if cache_dir else None
    if path is not None and path.is_file():
        return np.load(path)
    out = embed(resolve_model(model), texts, prep, pooling=pooling, quiet=quiet, label=label)
    if path is not None:
        import io

        from meddx._io import atomic_write_bytes

        buf = io.BytesIO()
        np.save(buf, out)
        atomic_write_bytes(path, buf.getvalue())
    return out


@register_classifier
class FrozenEncoderClassifier(Classifier):
    kind = "frozen_encoder"

    def __init__(self, *, labels, task, prep, model: str, pooling: str, head=None,
                 cache_dir: Path | None = None) -> None:
        super().__init__(labels=labels, task=task, prep=prep)
        self.model = model
        self.pooling = pooling
        self.head = head
        self.cache_dir = cache_dir  # where embeddings are cached by content hash (optional)

    def embed(self, texts: list[str], *, quiet: bool = True, cache_dir: Path | None = None,
              label: str = "embedding") -> np.ndarray:
        return cached_embeddings(self.model, normalize_all(texts, self.prep), self.prep,
                                 self.pooling, cache_dir or self.cache_dir, quiet=quiet,
                                 label=label)

    def predict_proba(self, texts: list[str], *, quiet: bool = True) -> np.ndarray:
        if self.head is None:
            from meddx.errors import ModelError

            raise ModelError("this frozen-encoder classifier has no fitted head yet")
        return self.head.predict_proba(self.embed(texts, quiet=quiet))

    def _save_weights(self, folder: Path) -> dict[str, Any]:
        from safetensors.numpy import save_file

        save_file({"weight": self.head.weight.astype(np.float32),
                   "bias": self.head.bias.astype(np.float32)}, str(folder / "head.safetensors"))
        from meddx.models._encoder import load_tokenizer

        load_tokenizer(resolve_model(self.model)).save_pretrained(str(folder / "tokenizer"))
        return {"base_model": self.model, "pooling": self.pooling,
                "base_model_sha256": weights_hash(resolve_model(self.model))}

    @classmethod
    def _load(cls, folder: Path, manifest: dict[str, Any]) -> FrozenEncoderClassifier:
        from safetensors.numpy import load_file

        from meddx.errors import ModelError
        from meddx.models._head import LinearHead

        base = manifest["base_model"]
        digest = weights_hash(resolve_model(base))
        if manifest.get("base_model_sha256") and digest != manifest["base_model_sha256"]:
            raise ModelError(
                f"the encoder '{base}' on this machine differs from the one this run was "
                "trained with (weights hash mismatch)"
            )
        tensors = load_file(str(folder / "head.safetensors"))
        head = LinearHead(tensors["weight"].astype(np.float64), tensors["bias"].astype(np.float64),
                          manifest["task"] == "multilabel")
        return cls(labels=manifest["labels"], task=manifest["task"],
                   prep=PrepConfig(**manifest["prep"]), model=base,
                   pooling=manifest["pooling"], head=head)


def weights_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin")):
        h.update(f.name.encode())
        h.update(str(f.stat().st_size).encode())
        with f.open("rb") as fh:
            h.update(fh.read(1 << 20))  # name, size and first MiB: fast, and enough to tell
    return h.hexdigest()
