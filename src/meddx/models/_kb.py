"""A knowledge base: chunked passages indexed by BM25 and by dense embeddings (faiss), searched
alone or fused by reciprocal rank.

A knowledge base is a folder, written atomically (built in a hidden sibling, then renamed; where
the folder given is a symbolic link, the link is kept and the folder it points to replaced)::

    KB/manifest.json      format, encoder name + fingerprint, chunk settings, counts, checksums
    KB/chunks.jsonl       one passage a line: source_id, text, metadata
    KB/index.faiss        IndexFlatIP over L2-normalised vectors (inner product = cosine)
    KB/bm25_tokens.json   the BM25 tokens of each passage (the index is rebuilt on load)
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from meddx._io import output_target
from meddx.errors import ConfigError, ModelError, RunError, require
from meddx.models._dense import DenseEncoder
from meddx.models._fusion import bm25_tokens, reciprocal_rank_fusion

__all__ = ["SEARCH_MODES", "Chunk", "KnowledgeBase", "Passage", "index_chunks"]

log = logging.getLogger("meddx")

FORMAT = "meddx-knowledge-base"
VERSION = 1
SEARCH_MODES = ("hybrid", "bm25", "dense")
_FILES = ("chunks.jsonl", "index.faiss", "bm25_tokens.json")


@dataclass
class Chunk:
    source_id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Passage:
    """A retrieved passage: its stable id (``guideline.md#3``), text, score and metadata."""

    source_id: str
    text: str
    score: float
    metadata: dict[str, Any] = field(default_factory=dict)


class KnowledgeBase:
    """Passages with a BM25 index and a dense index. Build with :func:`build_kb`, reopen with
    :meth:`load`, query with :meth:`search`."""

    def __init__(self, *, chunks: list[Chunk], tokens: list[list[str]], index, manifest: dict,
                 encoder: DenseEncoder, path: Path | None = None, rrf_k: float = 60) -> None:
        self.chunks = chunks
        self.tokens = tokens
        self.index = index
        self.manifest = manifest
        self.encoder = encoder
        self.path = path
        self.rrf_k = rrf_k
        self._bm25 = None

    def __len__(self) -> int:
        return len(self.chunks)

    def __repr__(self) -> str:
        return (f"KnowledgeBase(path={str(self.path)!r}, passages={len(self)}, "
                f"encoder={self.manifest['encoder']['name']!r})")

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path, *, encoder: str | None = None) -> KnowledgeBase:
        """Open a knowledge base folder. ``encoder`` (a preset or model folder) defaults to the
        one it was built with; either way its fingerprint must match the one recorded."""
        path = Path(path)
        manifest = _read_manifest(path)
        for name in _FILES:
            _check_file(path, name, manifest)
        chunks = []
        for n, line in enumerate((path / "chunks.jsonl").read_text(encoding="utf-8").splitlines(), 1):
            try:
                row = json.loads(line)
                chunks.append(Chunk(row["source_id"], row["text"], row.get("metadata", {})))
            except (ValueError, KeyError, TypeError):
                raise RunError(f"knowledge base '{path}' is corrupt: chunks.jsonl line {n} is not a "
                               "passage") from None
        try:
            tokens = json.loads((path / "bm25_tokens.json").read_text(encoding="utf-8"))
        except ValueError:
            raise RunError(f"knowledge base '{path}' is corrupt: bm25_tokens.json is not JSON") from None
        faiss = require("faiss", "llm")
        try:
            index = faiss.deserialize_index(np.frombuffer((path / "index.faiss").read_bytes(),
                                                          dtype=np.uint8))
        except RuntimeError:
            raise RunError(f"knowledge base '{path}' is corrupt: index.faiss cannot be read") from None
        expected = manifest["counts"].get("passages")
        if not (len(chunks) == len(tokens) == index.ntotal == expected):
            raise RunError(f"knowledge base '{path}' is corrupt: {len(chunks)} passages, "
                           f"{len(tokens)} BM25 rows, {index.ntotal} vectors, manifest says "
                           f"{expected}")
        built = manifest["encoder"]
        name = encoder if encoder is not None else built["name"]
        try:
            enc = DenseEncoder(name)
        except ModelError as exc:
            raise ModelError(f"knowledge base '{path}' was built with the encoder '{built['name']}'; "
                             f"{exc}. Pass the same model with --encoder / encoder=") from None
        if enc.fingerprint != built["fingerprint"]:
            raise RunError(
                f"knowledge base '{path}' was built with the embedding model '{built['name']}' "
                f"(fingerprint {built['fingerprint'][:12]}) but is queried with '{enc.name}' "
                f"(fingerprint {enc.fingerprint[:12]}); query it with the same model or rebuild it"
            )
        return cls(chunks=chunks, tokens=tokens, index=index, manifest=manifest, encoder=enc,
                   path=path)

    # ---- search --------------------------------------------------------------------------
    def search(self, query: str, k: int = 5, *, mode: str = "hybrid",
               rrf_k: float | None = None) -> list[Passage]:
        """The ``k`` best passages for ``query``: ``bm25``, ``dense`` (cosine) or ``hybrid``
        (reciprocal rank fusion of both, constant ``rrf_k``, default ``self.rrf_k``)."""
        return self.search_many([query], k, mode=mode, rrf_k=rrf_k)[0]

    def search_many(self, queries: list[str], k: int = 5, *, mode: str = "hybrid",
                    rrf_k: float | None = None, quiet: bool = True) -> list[list[Passage]]:
        """:meth:`search` for several queries (their embeddings are computed in one batch)."""
        if mode not in SEARCH_MODES:
            raise ConfigError(f"search mode must be one of {', '.join(SEARCH_MODES)}; got {mode!r}")
        if not isinstance(k, int) or k < 1:
            raise ConfigError(f"k must be a positive integer; got {k!r}")
        if not queries:
            return []
        k = min(k, len(self))
        depth = min(len(self), max(50, 4 * k)) if mode == "hybrid" else k
        sparse = [self._bm25_ranking(q, depth) for q in queries] if mode != "dense" else None
        dense = self._dense_ranking(queries, depth, quiet=quiet) if mode != "bm25" else None
        out = []
        for i in range(len(queries)):
            ranks = None
            if mode == "bm25":
                ranked = sparse[i]
            elif mode == "dense":
                ranked = dense[i]
            else:
                ids = [[j for j, _ in sparse[i]], [j for j, _ in dense[i]]]
                ranks = [{j: r for r, j in enumerate(lst, 1)} for lst in ids]
                ranked = reciprocal_rank_fusion(ids, k=self.rrf_k if rrf_k is None else rrf_k)
            out.append([self._passage(j, s, mode, ranks) for j, s in ranked[:k]])
        return out

    def _passage(self, j: int, score: float, mode: str, ranks) -> Passage:
        c = self.chunks[j]
        meta = dict(c.metadata, retriever=mode)
        if ranks is not None:
            meta["rank_bm25"] = ranks[0].get(j)
            meta["rank_dense"] = ranks[1].get(j)
        return Passage(c.source_id, c.text, float(score), meta)

    def _bm25_ranking(self, query: str, depth: int) -> list[tuple[int, float]]:
        if self._bm25 is None:
            rank_bm25 = require("rank_bm25", "llm")
            self._bm25 = rank_bm25.BM25Okapi(self.tokens)
        tokens = bm25_tokens(query)
        if not tokens:
            return []
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float64)
        order = np.lexsort((np.arange(len(scores)), -scores))[:depth]
        return [(int(j), float(scores[j])) for j in order if scores[j] > 0]

    def _dense_ranking(self, queries: list[str], depth: int, *, quiet: bool) -> list[list[tuple[int, float]]]:
        vectors = self.encoder.embed(list(queries), quiet=quiet)
        scores, ids = self.index.search(np.ascontiguousarray(vectors, dtype=np.float32), depth)
        return [[(int(j), float(s)) for j, s in zip(row_ids, row_s, strict=True) if j >= 0]
                for row_ids, row_s in zip(ids, scores, strict=True)]


# ---- building and saving -----------------------------------------------------------------
def index_chunks(chunks: list[Chunk], out: Path, *, encoder: str, kind: str,
                 chunking: dict[str, Any], extra: dict[str, Any] | None = None,
                 quiet: bool = True) -> KnowledgeBase:
    """Embed and index ``chunks``, write the folder ``out`` atomically, return the open KB."""
    faiss = require("faiss", "llm")
    require("rank_bm25", "llm")
    enc = DenseEncoder(encoder)
    tokens = [bm25_tokens(c.text) for c in chunks]
    vectors = enc.embed([c.text for c in chunks], quiet=quiet)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "encoder": dict(enc.describe(), dim=int(vectors.shape[1])),
        "bm25": {"variant": "okapi", "tokenizer": "lowercase words, English stop words removed"},
        "chunking": chunking,
        "counts": {"documents": len({c.metadata.get("source", c.source_id) for c in chunks}),
                   "passages": len(chunks),
                   "words": int(sum(len(c.text.split()) for c in chunks))},
        **(extra or {}),
    }
    payload = {
        "chunks.jsonl": "".join(json.dumps({"source_id": c.source_id, "text": c.text,
                                            "metadata": c.metadata}, ensure_ascii=False) + "\n"
                                for c in chunks).encode("utf-8"),
        "index.faiss": faiss.serialize_index(index).tobytes(),
        "bm25_tokens.json": json.dumps(tokens, ensure_ascii=False).encode("utf-8"),
    }
    manifest["sha256"] = {name: hashlib.sha256(data).hexdigest() for name, data in payload.items()}
    _write_folder(Path(out), payload, manifest)
    log.info("knowledge base written to %s: %d passages", out, len(chunks))
    return KnowledgeBase(chunks=chunks, tokens=tokens, index=index, manifest=manifest, encoder=enc,
                         path=Path(out))


def _write_folder(out: Path, payload: dict[str, bytes], manifest: dict) -> None:
    import os
    import shutil
    import tempfile

    if out.exists() and not (out / "manifest.json").is_file() and (
        not out.is_dir() or any(out.iterdir())
    ):
        raise ConfigError(f"'{out}' exists and is not a knowledge base; choose another --out")
    out = output_target(out)  # a symbolic link is kept: the folder it points to is replaced
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    old = None
    try:
        for name, data in payload.items():
            (tmp / name).write_bytes(data)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; a KB folder is an ordinary one
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.replace(out, old / "kb")
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and (old / "kb").exists() and not out.exists():
            os.replace(old / "kb", out)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _read_manifest(path: Path) -> dict:
    if not path.is_dir():
        raise RunError(f"knowledge base folder '{path}' does not exist; build one with `meddx kb build`")
    file = path / "manifest.json"
    if not file.is_file():
        raise RunError(f"'{path}' is not a knowledge base (no manifest.json); build one with "
                       "`meddx kb build`")
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise RunError(f"knowledge base '{path}' is corrupt: manifest.json is not JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RunError(f"'{path}' is not a knowledge base (manifest.json format is not '{FORMAT}')")
    if manifest.get("version") != VERSION:
        raise RunError(f"knowledge base '{path}' has format version {manifest.get('version')!r}; "
                       f"this meddx reads version {VERSION}: rebuild it")
    for key in ("encoder", "counts", "sha256"):
        if not isinstance(manifest.get(key), dict):
            raise RunError(f"knowledge base '{path}' is corrupt: manifest.json has no '{key}'")
    return manifest


def _check_file(path: Path, name: str, manifest: dict) -> None:
    file = path / name
    if not file.is_file():
        raise RunError(f"knowledge base '{path}' is incomplete: {name} is missing")
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    if digest != manifest["sha256"].get(name):
        raise RunError(f"knowledge base '{path}' is corrupt: {name} does not match its checksum "
                       "in manifest.json")
