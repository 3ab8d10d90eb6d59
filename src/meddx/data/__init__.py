"""Data stage: load a table of notes, validate it, split it without leakage, describe it."""

from meddx.data._card import content_hash, data_card
from meddx.data._corpus import Corpus
from meddx.data._demo import DEMO_LABEL_NAMES, demo_path
from meddx.data._derived import (
    DERIVED_GROUPS,
    add_derived_groups,
    population_from_text,
    sex_studied_from_text,
)
from meddx.data._fewshot import few_shot_per_class
from meddx.data._ids import UniqueIds, duplicate_id_error
from meddx.data._load import column_not_found, detect_format, load_table
from meddx.data._notes import iter_notes, note_records
from meddx.data._on_invalid import (
    ON_INVALID,
    InvalidRow,
    OnInvalid,
    on_invalid_hint,
    register_on_invalid,
)
from meddx.data._settings import DataConfig, SplitConfig
from meddx.data._sites import read_data_table
from meddx.data._split import SPLITS, make_splits
from meddx.data._validate import (
    OPTIONAL_COLUMNS,
    build_corpus,
    is_missing,
    label_str,
    load_corpus,
)

__all__ = [
    "DEMO_LABEL_NAMES",
    "DERIVED_GROUPS",
    "ON_INVALID",
    "OPTIONAL_COLUMNS",
    "SPLITS",
    "Corpus",
    "DataConfig",
    "InvalidRow",
    "OnInvalid",
    "SplitConfig",
    "UniqueIds",
    "add_derived_groups",
    "build_corpus",
    "column_not_found",
    "content_hash",
    "data_card",
    "demo_path",
    "detect_format",
    "duplicate_id_error",
    "few_shot_per_class",
    "is_missing",
    "iter_notes",
    "label_str",
    "load_corpus",
    "load_table",
    "make_splits",
    "note_records",
    "on_invalid_hint",
    "population_from_text",
    "read_data_table",
    "register_on_invalid",
    "sex_studied_from_text",
]
