"""In-context examples and retrieved passages for causal-LM prompts.

``ExamplePool`` holds the labelled training notes a few-shot prompt draws from: the nearest
ones by MiniLM embedding (kNN), a random draw, or a class-balanced round-robin. The same pool
doubles as a small knowledge base (``PoolKnowledgeBase``) when RAG runs without a built
``meddx kb``: its passages are the labelled training neighbours. Any object with
``search(query, k) -> list[Passage]`` (the :class:`KnowledgeBaseLike` protocol, which
``meddx.rag.KnowledgeBase`` follows) plugs in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from meddx.errors import ConfigError

__all__ = ["ExamplePool", "KnowledgeBaseLike", "PassageLike", "PoolKnowledgeBase", "load_kb"]


@runtime_checkable
class PassageLike(Protocol):
    source_id: str
    text: str
    score: float
    metadata: dict


@runtime_checkable
class KnowledgeBaseLike(Protocol):
    def search(self, query: str, k: int) -> list[Any]: ...


@dataclass
class _Passage:
    source_id: str
    text: str
    score: float
    metadata: dict = field(default_factory=dict)


@dataclass
class ExamplePool:
    """Labelled notes (already normalised) with their unit-length embeddings (kNN only)."""

    texts: list[str]
    y: np.ndarray
    embeddings: np.ndarray | None = None

    def select(self, k: int, strategy: str, *, query: np.ndarray | None = None,
               seed: int = 0) -> list[int]:
        """Indices of ``k`` examples; with kNN the most similar comes last (next to the note)."""
        n = len(self.texts)
        k = min(k, n)
        if k == 0:
            return []
        rng = np.random.default_rng(seed)
        if strategy == "knn":
            if self.embeddings is None or query is None:
                raise ConfigError("few-shot strategy 'knn' needs embeddings of the example pool")
            sims = self.embeddings @ query
            sims[sims > 0.9999] = -np.inf  # never show a note as its own example
            top = np.argsort(-sims, kind="stable")[:k]
            return [int(i) for i in top[::-1]]
        if strategy == "random":
            return [int(i) for i in rng.choice(n, size=k, replace=False)]
        if strategy == "balanced":
            by_class = [rng.permutation(np.flatnonzero(self.y == c)) for c in np.unique(self.y)]
            order = [int(group[r]) for r in range(max(len(g) for g in by_class))
                     for group in by_class if r < len(group)]
            picked = order[:k]
            return [picked[i] for i in rng.permutation(len(picked))]
        raise ConfigError(f"llm.few_shot_strategy must be knn, random or balanced (got '{strategy}')")

    def save(self, folder: Path) -> None:
        from meddx._io import atomic_write_json

        atomic_write_json(folder / "example_pool.json", {"texts": self.texts,
                                                         "y": [int(v) for v in self.y]})
        if self.embeddings is not None:
            np.save(folder / "example_pool_emb.npy", self.embeddings)

    @classmethod
    def load(cls, folder: Path) -> ExamplePool:
        import json

        raw = json.loads((folder / "example_pool.json").read_text(encoding="utf-8"))
        emb = folder / "example_pool_emb.npy"
        return cls(raw["texts"], np.asarray(raw["y"], dtype=int),
                   np.load(emb) if emb.is_file() else None)


class PoolKnowledgeBase:
    """Retrieval over the example pool: labelled training neighbours as cited passages."""

    def __init__(self, pool: ExamplePool, labels: list[str], embed_fn) -> None:
        self.pool = pool
        self.labels = labels
        self.embed_fn = embed_fn  # list[str] -> unit-length embeddings

    def search_vectors(self, query: np.ndarray, k: int) -> list[_Passage]:
        sims = self.pool.embeddings @ query
        sims[sims > 0.9999] = -np.inf
        top = np.argsort(-sims, kind="stable")[:k]
        return [_Passage(f"train-{i}", self.pool.texts[i], float(sims[i]),
                         {"label": self.labels[int(self.pool.y[i])]}) for i in top]

    def search(self, query: str, k: int) -> list[_Passage]:
        return self.search_vectors(self.embed_fn([query])[0], k)


def load_kb(path: str, *, encoder: str | None = None) -> KnowledgeBaseLike:
    """A knowledge base built by ``meddx kb build`` (the ``meddx.rag`` package), queried with
    ``encoder`` (default: the embedding model it was built with; another one is an error)."""
    from meddx.models._kb import KnowledgeBase

    kb = KnowledgeBase.load(path, encoder=encoder)
    if not isinstance(kb, KnowledgeBaseLike):
        raise ConfigError(f"the knowledge base at '{path}' has no search(query, k) method")
    return kb
