"""The preparation settings: normalisation and how a note fits the model's window."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from meddx._settings import StrictModel

__all__ = ["PrepConfig"]


class PrepConfig(StrictModel):
    unicode_normalize: Literal["NFKC", "NFC", "none"] = Field(
        "NFKC", description="Unicode normalisation form applied to every text."
    )
    collapse_whitespace: bool = Field(True, description="Collapse runs of whitespace to one space.")
    lowercase: bool = Field(
        False, description="Lowercase texts (a warning is given if the tokenizer is cased)."
    )
    remove_brackets: bool = Field(
        False, description="Remove text inside (...) and [...] (loses e.g. '(n = 11)')."
    )
    max_length: int = Field(256, ge=16, le=8192, description="Tokens per model input window.")
    long_text: Literal["head", "head_tail", "chunks"] = Field(
        "head",
        description="Notes longer than max_length: keep the head, keep head and tail, or split "
        "into overlapping chunks whose predictions are pooled per document.",
    )
    head_fraction: float = Field(
        0.5, gt=0, lt=1, description="With head_tail: share of the window taken from the head."
    )
    chunk_stride: int = Field(
        64, ge=0, description="With chunks: tokens of overlap between consecutive chunks."
    )
    max_chunks: int = Field(8, ge=1, description="With chunks: at most this many chunks per note.")
    chunk_pool: Literal["mean", "max"] = Field(
        "mean", description="With chunks: how chunk probabilities (or embeddings) are pooled."
    )
