"""Preparation stage: normalise text and fit it into the model's window."""

from meddx.text._normalize import normalize, normalize_all, prep_steps
from meddx.text._windows import Encoded, encode, pool_by_document, truncation_stats

__all__ = ["Encoded", "encode", "normalize", "normalize_all", "pool_by_document", "prep_steps",
           "truncation_stats"]
