"""``prep.abbreviations``: resolve short forms before the other preparation steps.

The text stage cannot import the models stage, so encoders are plugged in through
``TEXT_EMBEDDERS``: ``meddx.models`` registers ``minilm`` there when it is imported. The default
abbreviation model (built from the bundled abstracts on first use, cached) resolves each text
once per process; results are kept by text so training and prediction see the same output.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

from meddx._registry import Registry
from meddx.errors import ConfigError, ModelError

__all__ = ["TEXT_EMBEDDERS", "apply_abbreviations", "register_text_embedder"]

TEXT_EMBEDDERS: Registry[Callable[[], Callable[[list[str]], np.ndarray]]] = Registry(
    "text embedder")
_DONE: dict[str, list] = {}  # text -> its resolved short forms (this process)


def register_text_embedder(name: str, factory: Callable[[], Callable]) -> None:
    """Make ``factory()`` (texts -> normalised rows) available to text-stage helpers."""
    TEXT_EMBEDDERS.register(name, factory)


@lru_cache(maxsize=2)
def _model(encoder: str):
    from meddx.text._abbrev_build import default_abbreviation_model
    from meddx.text._abbrev_embed import missing_embedder
    from meddx.text._abbrev_inventory import load_inventory

    if encoder not in TEXT_EMBEDDERS:
        raise ConfigError(f"prep.abbreviations needs the text embedder '{encoder}'; import "
                          "meddx.models first (it registers 'minilm')")
    try:
        embed = TEXT_EMBEDDERS.get(encoder)()
    except (ImportError, ModelError) as exc:  # the cached model resolves without it (logged)
        embed = missing_embedder(exc)
    return default_abbreviation_model(load_inventory(), embed)


def apply_abbreviations(texts: list[str], mode: str, encoder: str = "minilm") -> list[str]:
    """``texts`` with resolved short forms annotated ("PE (pulmonary embolism)") or expanded."""
    from meddx.text._abbrev_file import expand_text

    if mode == "off":
        return list(texts)
    todo = list(dict.fromkeys(t for t in texts if t not in _DONE))
    if todo:
        for text, found in zip(todo, _model(encoder).resolve(todo), strict=True):
            _DONE[text] = found
    rewrite = expand_text if mode == "expand" else _annotate
    return [rewrite(t, _DONE[t]) for t in texts]


def _annotate(text: str, found: list) -> str:
    parts, last = [], 0
    for r in sorted(found, key=lambda r: r.start):
        if r.sense is None or r.start < last or r.sense.lower() == r.short.lower():
            continue
        parts += [text[last:r.end], f" ({r.sense})"]
        last = r.end
    parts.append(text[last:])
    return "".join(parts)
