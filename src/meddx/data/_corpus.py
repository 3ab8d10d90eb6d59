"""The validated dataset that every later stage reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["Corpus"]


@dataclass
class Corpus:
    """Validated notes with labels, ids and optional patient, time and group columns.

    ``y`` is an int array of class indices (binary, multiclass) or an (n, k) 0/1 array
    (multilabel). ``rows`` holds each kept record's 1-based row number in the source file.
    """

    texts: list[str]
    y: np.ndarray
    labels: list[str]
    task: str
    ids: list[str]
    rows: list[int]
    source: str
    patients: list[str] | None = None
    timestamps: list[str] | None = None
    groups: pd.DataFrame | None = None
    split_values: list[str] | None = None
    dropped: Counter = field(default_factory=Counter)
    #: Rows of each label that the duplicate-text policy dropped (for error messages).
    dropped_duplicates: Counter = field(default_factory=Counter)
    file_sha256: str = ""
    deid: dict | None = None  # the de-identification summary, once the texts are de-identified

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def multilabel(self) -> bool:
        return self.task == "multilabel"

    def label_counts(self, index: np.ndarray | None = None) -> dict[str, int]:
        y = self.y if index is None else self.y[index]
        if self.multilabel:
            sums = y.sum(axis=0) if len(y) else np.zeros(len(self.labels))
            return {lab: int(c) for lab, c in zip(self.labels, sums, strict=True)}
        counts = np.bincount(y, minlength=len(self.labels)) if len(y) else np.zeros(
            len(self.labels), dtype=int
        )
        return {lab: int(c) for lab, c in zip(self.labels, counts, strict=True)}

    def subset(self, index: np.ndarray) -> Corpus:
        """A new Corpus holding only the rows at ``index`` (drop counts are not carried)."""
        idx = [int(i) for i in index]
        return Corpus(
            texts=[self.texts[i] for i in idx],
            y=self.y[idx],
            labels=self.labels,
            task=self.task,
            ids=[self.ids[i] for i in idx],
            rows=[self.rows[i] for i in idx],
            source=self.source,
            patients=None if self.patients is None else [self.patients[i] for i in idx],
            timestamps=None if self.timestamps is None else [self.timestamps[i] for i in idx],
            groups=None if self.groups is None else self.groups.iloc[idx].reset_index(drop=True),
            split_values=None
            if self.split_values is None
            else [self.split_values[i] for i in idx],
            file_sha256=self.file_sha256,
        )
