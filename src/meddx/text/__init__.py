"""Preparation stage: normalise text, resolve abbreviations, fit text into the model's window."""

from meddx.text._abbrev_build import (
    build_abbreviation_model,
    default_abbreviation_model,
    demo_split_texts,
)
from meddx.text._abbrev_detect import Mention, find_abbreviations
from meddx.text._abbrev_embed import missing_embedder
from meddx.text._abbrev_file import (
    abbreviate_file,
    evaluate_abbreviations,
    expand_text,
)
from meddx.text._abbrev_harvest import Context, context_window, harvest_contexts
from meddx.text._abbrev_inventory import Inventory, Sense, load_inventory
from meddx.text._abbrev_keys import short_key
from meddx.text._abbrev_model import AbbreviationModel, Resolved, balanced_accuracy
from meddx.text._abbrev_prep import TEXT_EMBEDDERS, apply_abbreviations, register_text_embedder
from meddx.text._augment import AUGMENT_OPS, Augmented, augment_corpus, augment_texts
from meddx.text._guards import NEGATION_CUES, guarded_spans, normalize_units
from meddx.text._normalize import normalize, normalize_all, prep_steps
from meddx.text._paraphrase import paraphrase_check, split_sentences
from meddx.text._settings import AugmentConfig, PrepConfig
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
    "AUGMENT_OPS",
    "NEGATION_CUES",
    "TEXT_EMBEDDERS",
    "AbbreviationModel",
    "AugmentConfig",
    "Augmented",
    "Context",
    "Encoded",
    "Inventory",
    "Mention",
    "PrepConfig",
    "Resolved",
    "Sense",
    "abbreviate_file",
    "apply_abbreviations",
    "augment_corpus",
    "augment_texts",
    "balanced_accuracy",
    "build_abbreviation_model",
    "context_window",
    "default_abbreviation_model",
    "demo_split_texts",
    "encode",
    "evaluate_abbreviations",
    "expand_text",
    "find_abbreviations",
    "guarded_spans",
    "harvest_contexts",
    "load_inventory",
    "missing_embedder",
    "model_max_length",
    "normalize",
    "normalize_all",
    "normalize_units",
    "paraphrase_check",
    "pool_by_document",
    "prep_steps",
    "register_text_embedder",
    "short_key",
    "special_tokens",
    "split_sentences",
    "split_windows",
    "truncation_stats",
]
