"""The preparation settings: normalisation, abbreviations, augmentation, and how a note fits
the model's window."""

from __future__ import annotations

import difflib
from typing import Literal

from pydantic import Field, field_validator, model_validator

from meddx._settings import StrictModel

__all__ = ["AugmentConfig", "PrepConfig"]


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
    train_max_chunks: int | None = Field(
        None, ge=1, description="With chunks, when fine-tuning: at most this many chunks per note "
        "to train (and evaluate during training) on, e.g. 1 for the head only, which costs a "
        "third of the steps of 3 chunks; prediction still pools max_chunks (default: the same "
        "as max_chunks)."
    )
    chunk_pool: Literal["mean", "max"] = Field(
        "mean", description="With chunks: how chunk probabilities (or embeddings) are pooled."
    )
    units: bool = Field(
        False, description="Put a space between a number and its unit ('10mg' -> '10 mg'); "
        "'x3', 'T4' are kept."
    )
    lemmatize: bool = Field(
        False, description="Replace words by their spaCy lemma (en_core_web_sm; needs "
        "meddx[text]); guarded words are kept."
    )
    stem: bool = Field(
        False, description="Replace words by their Snowball stem (needs meddx[text]); guarded "
        "words are kept."
    )
    guard: bool = Field(
        True, description="With units, lemmatize or stem: never change negation cues, "
        "laterality, abbreviations, drug names or numbers with units."
    )
    abbreviations: Literal["off", "annotate", "expand"] = Field(
        "off", description="Clinical abbreviations (meddx abbrev's default model): 'annotate' "
        "writes the sense after each resolved short form ('PE (pulmonary embolism)'), 'expand' "
        "replaces it; unresolved ones are kept. Runs first, on the cased text."
    )

    @model_validator(mode="after")
    def _steps_fit(self) -> PrepConfig:
        if self.abbreviations == "annotate" and self.remove_brackets:
            raise ValueError("prep.abbreviations 'annotate' puts each sense in (...) and "
                             "prep.remove_brackets would delete it again; use 'expand' or "
                             "remove_brackets: false")
        if self.lemmatize and self.stem:
            raise ValueError("prep.lemmatize and prep.stem both rewrite every word: a stem of a "
                             "lemma loses what lemmatising keeps; choose one")
        return self


AUGMENT_OP_NAMES = ("synonym", "abbrev", "insert", "delete", "swap", "backtranslate",
                    "paraphrase")


def close_op(unknown: list[str]) -> str:
    """``; did you mean 'synonym'?`` for the first unknown operation close to a known one."""
    for name in unknown:
        close = difflib.get_close_matches(name, AUGMENT_OP_NAMES, n=1)
        if close:
            return f"; did you mean '{close[0]}'?"
    return ""


class AugmentConfig(StrictModel):
    ops: list[str] = Field(
        default_factory=list, description="Augmentation of the TRAINING split only (never "
        f"validation or test): any of {', '.join(AUGMENT_OP_NAMES)}. Empty: off."
    )
    n_per_note: int = Field(1, ge=1, le=20, description="Augmented copies made per note.")
    p: float = Field(0.1, ge=0.0, le=1.0, description="Share of free (unguarded) words an "
                     "operation touches.")
    seed: int = Field(0, description="Seed of the operations.")
    marian_to: str | None = Field(None, description="Local MarianMT folder, English -> pivot "
                                  "language (for backtranslate).")
    marian_back: str | None = Field(None, description="Local MarianMT folder, pivot -> English.")
    paraphrase_model: str = Field("smollm2", description="Causal LM for paraphrase: a preset "
                                  "(smollm2: the bundled SmolLM2-135M-Instruct GGUF) or a local "
                                  "folder.")
    max_paraphrases: int = Field(100, ge=0, description="At most this many copies are made by "
                                 "paraphrase (later draws use the other operations); the LM "
                                 "is slow on CPU.")
    paraphrase_unit: Literal["note", "sentence"] = Field(
        "note", description="Paraphrase the whole note at once, or each sentence (a sentence "
        "that fails the guards keeps its wording).")

    @field_validator("ops")
    @classmethod
    def _known_ops(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if v not in AUGMENT_OP_NAMES]
        if bad:
            raise ValueError(f"unknown operation(s) {', '.join(bad)}; choose from "
                             f"{', '.join(AUGMENT_OP_NAMES)}{close_op(bad)}")
        return value

    @model_validator(mode="after")
    def _marian(self) -> AugmentConfig:
        if "backtranslate" in self.ops and not (self.marian_to and self.marian_back):
            raise ValueError("augment op backtranslate needs marian_to and marian_back")
        return self
