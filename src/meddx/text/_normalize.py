"""Text normalisation: each step switchable in PrepConfig and recorded in the run."""

from __future__ import annotations

import re
import unicodedata

from meddx.text._settings import PrepConfig

__all__ = ["normalize", "normalize_all", "prep_steps"]

_WS = re.compile(r"\s+")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def normalize(text: str, cfg: PrepConfig) -> str:
    """Apply the configured steps, in a fixed order, to one text."""
    if cfg.unicode_normalize != "none":
        text = unicodedata.normalize(cfg.unicode_normalize, text)
    if cfg.remove_brackets:
        text = _BRACKETS.sub(" ", text)
    if cfg.lowercase:
        text = text.lower()
    if cfg.collapse_whitespace:
        text = _WS.sub(" ", text).strip()
    return text


def normalize_all(texts: list[str], cfg: PrepConfig) -> list[str]:
    return [normalize(t, cfg) for t in texts]


def prep_steps(cfg: PrepConfig) -> list[str]:
    """Human-readable list of the steps applied, for the report."""
    steps = []
    if cfg.unicode_normalize != "none":
        steps.append(f"unicode {cfg.unicode_normalize}")
    if cfg.remove_brackets:
        steps.append("remove (...) and [...]")
    if cfg.lowercase:
        steps.append("lowercase")
    if cfg.collapse_whitespace:
        steps.append("collapse whitespace")
    steps.append(f"tokenize to {cfg.max_length} tokens, long notes: {cfg.long_text}")
    return steps
