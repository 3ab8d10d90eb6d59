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
    if cfg.abbreviations != "off":
        from meddx.text._abbrev_prep import apply_abbreviations

        text = apply_abbreviations([text], cfg.abbreviations)[0]
    return _steps(text, cfg)


def _steps(text: str, cfg: PrepConfig) -> str:
    text = _before_words(text, cfg)
    if cfg.lemmatize:
        from meddx.text._guards import lemmatize

        text = lemmatize([text], None if cfg.guard else [[]])[0]
    return _after_words(text, cfg)


def _before_words(text: str, cfg: PrepConfig) -> str:
    if cfg.unicode_normalize != "none":
        text = unicodedata.normalize(cfg.unicode_normalize, text)
    if cfg.units:
        from meddx.text._guards import normalize_units

        text = normalize_units(text)
    if cfg.remove_brackets:
        text = _BRACKETS.sub(" ", text)
    return text


def _after_words(text: str, cfg: PrepConfig) -> str:
    if cfg.stem:
        from meddx.text._guards import stem

        text = stem(text, None if cfg.guard else [])
    if cfg.lowercase:
        text = text.lower()
    if cfg.collapse_whitespace:
        text = _WS.sub(" ", text).strip()
    return text


def normalize_all(texts: list[str], cfg: PrepConfig) -> list[str]:
    if cfg.abbreviations != "off":  # one batch: the encoder embeds every context at once
        from meddx.text._abbrev_prep import apply_abbreviations

        texts = apply_abbreviations(list(texts), cfg.abbreviations)
    if cfg.lemmatize:  # spaCy runs in batches
        from meddx.text._guards import lemmatize

        pre = [_before_words(t, cfg) for t in texts]
        words = lemmatize(pre, None if cfg.guard else [[] for _ in pre])
        return [_after_words(t, cfg) for t in words]
    return [_steps(t, cfg) for t in texts]


def prep_steps(cfg: PrepConfig) -> list[str]:
    """Human-readable list of the steps applied, for the report."""
    steps = []
    if cfg.abbreviations != "off":
        steps.append(f"abbreviations: {cfg.abbreviations} (meddx abbrev default model)")
    if cfg.unicode_normalize != "none":
        steps.append(f"unicode {cfg.unicode_normalize}")
    if cfg.units:
        steps.append("number and unit split ('10mg' -> '10 mg')")
    if cfg.remove_brackets:
        steps.append("remove (...) and [...]")
    guard = " (guarded: negation, laterality, abbreviations, drugs, doses)" if cfg.guard else ""
    if cfg.lemmatize:
        steps.append("lemmatise (spaCy en_core_web_sm)" + guard)
    if cfg.stem:
        steps.append("stem (Snowball English)" + guard)
    if cfg.lowercase:
        steps.append("lowercase")
    if cfg.collapse_whitespace:
        steps.append("collapse whitespace")
    steps.append(f"tokenize to {cfg.max_length} tokens, long notes: {cfg.long_text}")
    return steps
