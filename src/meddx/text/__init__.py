"""Preparation stage: normalise text and fit it into the model's window."""

from meddx.text._normalize import normalize, normalize_all, prep_steps
from meddx.text._settings import PrepConfig
from meddx.text._windows import (
    Encoded,
    encode,
    model_max_length,
    pool_by_document,
    special_tokens,
    split_windows,
    truncation_stats,
)

__all__ = [
    "Encoded",
    "PrepConfig",
    "encode",
    "model_max_length",
    "normalize",
    "normalize_all",
    "pool_by_document",
    "prep_steps",
    "special_tokens",
    "split_windows",
    "truncation_stats",
]
