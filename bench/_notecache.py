"""Frozen-encoder embeddings cached note by note on disk, keyed by what the encoder sees.

A note's key is the SHA-256 of the encoder folder, the pooling and the token ids of every
window the note becomes (after ``prep`` and the long-text strategy). A note whose windows did
not change is never embedded again: a prep step that only touches words past the demo's 128
tokens, lowercasing for an uncased tokenizer, or the same note in another benchmark or another
augmented copy all hit the cache. Only hashes and vectors are stored, never text.

Shards are ``<folder>/<encoder key>/shard-*.npz`` (keys + vectors), each written atomically
after every ``flush_every`` new notes, so a killed run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import numpy as np


class NoteEmbeddingCache:
    def __init__(self, folder: str | Path, *, model: str = "minilm", pooling: str = "mean",
                 flush_every: int = 256) -> None:
        from meddx.models import load_tokenizer, resolve_model

        self.path = resolve_model(model)
        self.pooling = pooling
        self.tokenizer = load_tokenizer(self.path)
        tag = hashlib.sha256(f"{self.path}|{pooling}".encode()).hexdigest()[:16]
        self.folder = Path(folder) / tag
        self.folder.mkdir(parents=True, exist_ok=True)
        self.store: dict[str, np.ndarray] = {}
        self.seen: set[str] = set()
        self._refresh()
        self.flush_every = flush_every
        self.hits = self.misses = 0
        self.embed_seconds = 0.0

    def _refresh(self) -> None:
        """Load the shards written since (by this process or another one running beside)."""
        for shard in sorted(self.folder.glob("shard-*.npz")):
            if shard.name not in self.seen:
                with np.load(shard) as z:
                    self.store.update(zip(map(str, z["keys"]), z["vectors"], strict=True))
                self.seen.add(shard.name)

    def keys(self, texts: list[str], prep) -> list[str]:
        from meddx.text import encode

        enc = encode(self.tokenizer, texts, prep, quiet=True)
        digests = [hashlib.sha256() for _ in texts]
        for ids, doc in zip(enc.input_ids, enc.doc_index, strict=True):
            digests[doc].update(np.asarray(ids, dtype=np.int32).tobytes() + b"|")
        return [d.hexdigest()[:32] for d in digests]

    def embed(self, texts: list[str], prep, *, quiet: bool = True) -> np.ndarray:
        """Embeddings of ``texts`` (already normalised with ``prep``), one row per text."""
        from meddx.models import embed

        keys = self.keys(texts, prep)
        self._refresh()
        todo = sorted({k: i for i, k in enumerate(keys) if k not in self.store}.items(),
                      key=lambda kv: kv[1])
        embedded = 0
        for start in range(0, len(todo), self.flush_every):
            self._refresh()  # another process may have embedded some meanwhile
            part = [(k, i) for k, i in todo[start:start + self.flush_every]
                    if k not in self.store]
            if not part:
                continue
            embedded += len(part)
            t0 = time.monotonic()
            vecs = embed(self.path, [texts[i] for _, i in part], prep, pooling=self.pooling,
                         quiet=quiet)
            self.embed_seconds += time.monotonic() - t0
            new = {k: v for (k, _), v in zip(part, vecs, strict=True)}
            self.store.update(new)
            self._write(new)
        self.misses += embedded
        self.hits += len(keys) - embedded
        return np.stack([self.store[k] for k in keys]).astype(np.float32)

    def _write(self, new: dict[str, np.ndarray]) -> None:
        import io

        buf = io.BytesIO()
        np.savez(buf, keys=np.array(list(new), dtype="U32"), vectors=np.stack(list(new.values())))
        name = self.folder / f"shard-{time.time_ns()}-{os.getpid()}.npz"
        tmp = name.with_suffix(".tmp")
        tmp.write_bytes(buf.getvalue())
        os.replace(tmp, name)
        self.seen.add(name.name)

    def reset(self) -> None:
        """Start counting hits, misses and seconds afresh."""
        self.hits = self.misses = 0
        self.embed_seconds = 0.0

    def stats(self) -> dict:
        rate = self.misses / self.embed_seconds if self.embed_seconds else None
        return {"notes_embedded": self.misses, "cache_hits": self.hits,
                "embed_seconds": round(self.embed_seconds, 1),
                "notes_per_second": round(rate, 1) if rate else None}
