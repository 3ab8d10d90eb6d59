"""BM25 tokens and reciprocal rank fusion.

Reciprocal rank fusion (Cormack, Clarke and Buettcher, 2009) scores a passage by
``sum over rankings of 1 / (k + rank)`` with ranks counted from 1; a passage missing from a
ranking adds nothing for it. ``k = 60`` is the paper's constant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from meddx.errors import ConfigError

__all__ = ["bm25_tokens", "reciprocal_rank_fusion"]

_WORD = re.compile(r"[0-9a-z]+(?:['.-][0-9a-z]+)*")
# A short English stop list: the words that carry no topic in guidelines and abstracts.
_STOP = frozenset(
    "a an and are as at be been but by can could did do does for from had has have he her his "
    "if in into is it its may might no nor not of on or our she should so such than that the "
    "their them then there these they this those to too under up was we were what when where "
    "which while who whom why will with would you your".split()
)


def bm25_tokens(text: str) -> list[str]:
    """Lowercased word tokens without stop words (numbers and hyphenated terms kept)."""
    return [t for t in _WORD.findall(text.lower()) if t not in _STOP]


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], *, k: float = 60) -> list[tuple[int, float]]:
    """Fuse rankings (lists of item ids, best first) into ``[(id, score)]``, best first.

    Ties are broken by the best single rank an item reached, then by its id, so the order is
    deterministic.
    """
    if not k > 0:
        raise ConfigError(f"rrf_k must be positive; got {k!r}")
    scores: dict[int, float] = {}
    best: dict[int, int] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
            best[item] = min(best.get(item, rank), rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], best[kv[0]], kv[0]))
