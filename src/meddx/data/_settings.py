"""The data stage's settings: which file, which columns, how rows are validated and split."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from meddx._registry import check_choice, describe_choices
from meddx._settings import StrictModel
from meddx.data._on_invalid import ON_INVALID

__all__ = ["DataConfig", "SplitConfig"]


class SplitConfig(StrictModel):
    train: float = Field(0.7, gt=0, lt=1, description="Fraction of rows for training.")
    validation: float = Field(
        0.1, ge=0, lt=1, description="Fraction for validation (early stopping, calibration)."
    )
    test: float = Field(0.2, gt=0, lt=1, description="Fraction for the held-out test split.")
    seed: int = Field(13, description="Seed of the split; the same seed gives the same split.")
    column: str | None = Field(
        None,
        description="Use this column's values (train/validation/test, also val/dev/valid) as a "
        "predefined split instead of drawing one. Without validation rows, validation is carved "
        "from train.",
    )

    @model_validator(mode="after")
    def _sums_to_one(self) -> SplitConfig:
        total = self.train + self.validation + self.test
        if abs(total - 1.0) > 1e-6:
            raise ValueError(
                f"split fractions train+validation+test must sum to 1, got {total:.3f}"
            )
        return self


class DataConfig(StrictModel):
    path: str | None = Field(None, description="CSV, JSONL, Parquet file or local HF datasets folder.")
    format: Literal["auto", "csv", "jsonl", "parquet", "hf"] = Field(
        "auto", description="File format; 'auto' guesses from the extension."
    )
    site_files_column: str | None = Field(
        None, description="When set, data.path is a folder with one data file per site "
        "(hospital), e.g. north.csv and south.csv (`meddx federate --sites DIR`); each note gets "
        "its file's name (without extension) in this column. A single file is one site.",
    )
    text_column: str = Field("text", description="Column holding the note text.")
    label_column: str | None = Field(
        "label", description="Column holding the label (or a delimited list for multilabel)."
    )
    label_columns: list[str] | None = Field(
        None, description="Several 0/1 columns, one per label (multilabel). Overrides label_column."
    )
    label_delimiter: str | None = Field(
        None, description="Split label_column on this delimiter to get several labels (multilabel)."
    )
    task: Literal["auto", "binary", "multiclass", "multilabel"] = Field(
        "auto", description="Task type; 'auto' infers it from the labels."
    )
    labels: list[str] | None = Field(
        None, description="The allowed labels, in order. Labels outside this list are errors."
    )
    label_names: dict[str, str] | None = Field(
        None, description="Map raw label values to readable names (e.g. '1': 'neoplasms')."
    )
    id_column: str | None = Field(None, description="Unique id per row (checked for duplicates).")
    patient_column: str | None = Field(
        None, description="Patient id; all notes of a patient stay in one split."
    )
    timestamp_column: str | None = Field(None, description="Note time, kept for monitoring.")
    group_columns: list[str] = Field(
        default_factory=list, description="Demographic columns kept for subgroup audits. "
        "'population' and 'sex_studied', when the file has no such column, are derived from the "
        "text by keyword rules (study-population descriptors, not patient demographics; see "
        "meddx.data.population_from_text)."
    )
    on_invalid: str = Field(
        "error",
        description="What to do with an invalid row (empty text, missing label), by registered "
        "name (meddx.data.ON_INVALID): " + describe_choices(
            (name, policy.summary) for name, policy in ON_INVALID.in_order()) + ".",
    )
    duplicates: Literal["drop_conflicting", "keep_first", "keep_all"] = Field(
        "drop_conflicting",
        description="Identical texts: 'drop_conflicting' keeps one copy of same-label duplicates "
        "and drops every copy whose labels disagree; 'keep_first' keeps the first copy; "
        "'keep_all' keeps all (they still share one split).",
    )
    max_rows: int | None = Field(None, gt=0, description="Use only the first N rows (quick runs).")
    split: SplitConfig = Field(default_factory=SplitConfig, description="How to split.")

    @field_validator("on_invalid")
    @classmethod
    def _registered_policy(cls, value: str) -> str:
        """A registered policy (meddx.data.ON_INVALID), so a plug-in's name is accepted."""
        return check_choice(ON_INVALID, value)
