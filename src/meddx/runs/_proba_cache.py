"""The validation probabilities computed at training time, reused by later steps of the run.

Training scores the validation split to fit the calibrator; the monitoring reference and the
audit need the same probabilities. For a causal LM each pass costs minutes, so the raw
(uncalibrated) probabilities are kept as ``RUN/model/validation_proba.npz`` with a SHA-256
digest of the de-identified texts they belong to (no text, no ids). :func:`cached_proba`
returns them only when the caller's texts have the same digest, else ``None``.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from meddx._io import atomic_write_bytes

__all__ = ["cached_proba", "save_proba"]

_NAME = "validation_proba.npz"


def _digest(texts: Sequence[str]) -> str:
    h = hashlib.sha256()
    for t in texts:
        data = t.encode("utf-8", errors="surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def save_proba(run_path: str | Path, texts: Sequence[str], proba: np.ndarray) -> None:
    buf = io.BytesIO()
    np.savez(buf, digest=np.array(_digest(texts)), proba=np.asarray(proba, dtype=np.float64))
    atomic_write_bytes(Path(run_path) / "model" / _NAME, buf.getvalue())


def cached_proba(run_path: str | Path, texts: Sequence[str]) -> np.ndarray | None:
    path = Path(run_path) / "model" / _NAME
    if not path.is_file():
        return None
    try:
        with np.load(path) as data:
            digest, proba = str(data["digest"]), data["proba"]
    except (OSError, ValueError, KeyError):
        return None
    return proba if digest == _digest(texts) and len(proba) == len(texts) else None
