"""Turn a raw table into a validated :class:`Corpus`, or stop with one clear error.

Each problem names the file, the row and the column. The ``data.on_invalid`` policy (a name in
:data:`meddx.data.ON_INVALID`) stops with that error (``error``) or lets the row be dropped and
the reason counted (``drop``); nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from meddx.data._corpus import Corpus
from meddx.data._derived import DERIVED_GROUPS
from meddx.data._ids import UniqueIds
from meddx.data._load import column_not_found, load_table
from meddx.data._on_invalid import ON_INVALID, InvalidRow
from meddx.data._settings import DataConfig
from meddx.errors import ConfigError, DataError

__all__ = ["build_corpus", "load_corpus"]

# Cells read as missing. "NA" and "None" are not in the list: they can be real labels.
_MISSING_STRINGS = {"", "nan", "null"}


# The columns that only describe rows (never the text or the label): scoring another file with
# a run's data settings uses them where that file has them (``load_corpus(optional=...)``).
OPTIONAL_COLUMNS = ("id_column", "patient_column", "timestamp_column", "group_columns")


def load_corpus(cfg: DataConfig, path: str | Path | None = None, *,
                optional: Collection[str] = (),
                roles: Mapping[str, str] | None = None) -> Corpus:
    """Load and validate the file named by ``path`` (or ``cfg.path``).

    ``optional``: names of ``OPTIONAL_COLUMNS`` fields used only where the file has the column
    (`meddx evaluate` on a file without the patient column the run was trained with).
    ``roles``: what a group column is called when the file lacks it (``{"hospital": "site"}``
    for ``meddx federate``'s site column); ``"group"`` otherwise."""
    target = path or cfg.path
    if target is None:
        raise ConfigError("no data given: pass --data FILE or set data.path in the config")
    target = Path(target)
    if cfg.site_files_column is not None:  # one file per site (meddx federate --sites DIR)
        from meddx.data._sites import load_site_files

        if not target.exists():
            raise DataError("sites folder not found", file=str(target))
        corpus = load_site_files(cfg, target, build_corpus)
        corpus.file_sha256 = _file_hash(target)
        return corpus
    df = load_table(target, cfg.format)
    if optional:
        cfg = _present_only(cfg, [str(c) for c in df.columns], optional)
    if cfg.max_rows is not None:
        df = df.iloc[: cfg.max_rows].reset_index(drop=True)
    corpus = build_corpus(df, cfg, source=str(target), roles=roles)
    corpus.file_sha256 = _file_hash(target)
    return corpus


def _present_only(cfg: DataConfig, columns: list[str], optional: Collection[str]) -> DataConfig:
    unknown = sorted(set(optional) - set(OPTIONAL_COLUMNS))
    if unknown:
        raise ValueError(f"not optional columns: {unknown}")
    update: dict[str, Any] = {}
    for field in optional:
        value = getattr(cfg, field)
        if field == "group_columns":
            update[field] = [c for c in value if c in columns or c in DERIVED_GROUPS]
        elif value and value not in columns:
            update[field] = None
    return cfg.model_copy(update=update)


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        with f.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def is_missing(value: Any) -> bool:
    if value is None or type(value).__name__ in ("NAType", "NaTType"):  # pandas' pd.NA, pd.NaT
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and value.strip().lower() in _MISSING_STRINGS:
        return True
    return False


def label_str(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    return str(value).strip()


def _require_columns(df: pd.DataFrame, cfg: DataConfig, source: str,
                     roles: Mapping[str, str]) -> None:
    wanted: list[tuple[str, str]] = [("text", cfg.text_column)]
    if cfg.label_columns:
        wanted += [("label", c) for c in cfg.label_columns]
    elif cfg.label_column:
        wanted.append(("label", cfg.label_column))
    else:
        raise ConfigError("no label column: set data.label_column or data.label_columns")
    for role, attr in (("id", cfg.id_column), ("patient", cfg.patient_column),
                       ("timestamp", cfg.timestamp_column), ("split", cfg.split.column)):
        if attr:
            wanted.append((role, attr))
    wanted += [(roles.get(c, "group"), c) for c in cfg.group_columns]
    columns = [str(c) for c in df.columns]
    for role, name in wanted:
        if name not in columns:
            raise column_not_found(name, columns, source, role=role)


class _Rows:
    """Collects invalid rows: the ``data.on_invalid`` policy stops the load (it raises) or the
    row is dropped with its reason counted."""

    def __init__(self, cfg: DataConfig, source: str) -> None:
        self.policy = ON_INVALID.get(cfg.on_invalid)
        self.source = source
        self.bad: dict[int, str] = {}

    def invalid(self, i: int, column: str, reason: str, message: str) -> None:
        self.policy.handle(InvalidRow(self.source, i + 1, column, reason, message))
        self.bad.setdefault(i, reason)


def build_corpus(df: pd.DataFrame, cfg: DataConfig, *, source: str = "<table>",
                 roles: Mapping[str, str] | None = None) -> Corpus:
    """Validate ``df`` against ``cfg``; see the module docstring (``roles``: as
    :func:`load_corpus`)."""
    from meddx.data._derived import add_derived_groups

    df = add_derived_groups(df, cfg.text_column, cfg.group_columns)  # e.g. population
    _require_columns(df, cfg, source, roles or {})
    rows = _Rows(cfg, source)
    n = len(df)
    if n == 0:
        raise DataError("the file has no rows", file=source)

    texts: list[str] = []
    for i, value in enumerate(df[cfg.text_column].tolist()):
        if is_missing(value) or not str(value).strip():
            rows.invalid(i, cfg.text_column, "empty_text", "text is empty")
            texts.append("")
        else:
            texts.append(str(value))
    _check_words(texts, cfg.text_column, source)

    raw_labels = _read_labels(df, cfg, rows)
    labels, task = _label_set(raw_labels, rows.bad, cfg, source)

    known = set(labels)
    for i, labs in enumerate(raw_labels):
        if i in rows.bad:
            continue
        unknown = [lab for lab in labs if lab not in known]
        if unknown:
            col = cfg.label_column or ",".join(cfg.label_columns or [])
            rows.invalid(
                i, col, "unknown_label",
                f"unknown label '{unknown[0]}'; allowed: {', '.join(labels)}",
            )

    ids = _ids(df, cfg, source)
    keep = [i for i in range(n) if i not in rows.bad]
    dropped = Counter(rows.bad.values())
    before = keep
    keep = _handle_duplicates(keep, texts, raw_labels, cfg, dropped)
    kept = set(keep)
    by_label = Counter(lab for i in before if i not in kept for lab in raw_labels[i])
    if not keep:
        raise DataError("no valid rows left after validation", file=source)

    index = {lab: j for j, lab in enumerate(labels)}
    if task == "multilabel":
        y = np.zeros((len(keep), len(labels)), dtype=np.int64)
        for r, i in enumerate(keep):
            for lab in raw_labels[i]:
                y[r, index[lab]] = 1
    else:
        y = np.array([index[raw_labels[i][0]] for i in keep], dtype=np.int64)

    def column(name: str | None) -> list[str] | None:
        if not name:
            return None
        values = df[name].tolist()
        return [("" if is_missing(values[i]) else label_str(values[i])) for i in keep]

    patients = column(cfg.patient_column)
    groups = None
    if cfg.group_columns:
        groups = df[cfg.group_columns].iloc[keep].reset_index(drop=True).astype(object)
        groups = groups.where(~groups.isna(), None)
    return Corpus(
        texts=[texts[i] for i in keep],
        y=y,
        labels=labels,
        task=task,
        ids=[ids[i] for i in keep],
        rows=[i + 1 for i in keep],
        source=source,
        patients=patients,
        timestamps=column(cfg.timestamp_column),
        groups=groups,
        split_values=column(cfg.split.column),
        dropped=dropped,
        dropped_duplicates=by_label,
    )


def _read_labels(df: pd.DataFrame, cfg: DataConfig, rows: _Rows) -> list[list[str]]:
    """One list of raw label strings per row (names mapped through label_names)."""
    names = cfg.label_names or {}
    out: list[list[str]] = []
    if cfg.label_columns:
        matrix = df[cfg.label_columns]
        for i, record in enumerate(matrix.itertuples(index=False)):
            labs = []
            for col, value in zip(cfg.label_columns, record, strict=True):
                if is_missing(value):
                    rows.invalid(i, col, "missing_label", "label value is missing")
                    break
                flag = label_str(value).lower()
                if flag in {"1", "true", "yes"}:
                    labs.append(names.get(col, col))
                elif flag not in {"0", "false", "no"}:
                    rows.invalid(i, col, "unknown_label", "a label column must hold 0 or 1")
                    break
            out.append(labs)
        return out
    for i, value in enumerate(df[cfg.label_column].tolist()):
        if cfg.label_delimiter and isinstance(value, str) and not value.strip():
            out.append([])  # multilabel: an empty cell is a note with none of the labels
            continue
        if is_missing(value):
            rows.invalid(i, cfg.label_column, "missing_label", "label is missing")
            out.append([])
            continue
        if cfg.label_delimiter:
            parts = [p.strip() for p in str(value).split(cfg.label_delimiter) if p.strip()]
        else:
            parts = [label_str(value)]
        out.append([names.get(p, p) for p in parts])
    return out


def _check_words(texts: list[str], column: str, source: str) -> None:
    """A text column in which no value holds a letter (ids or numbers, not notes)."""
    filled = [i for i, t in enumerate(texts) if t]
    if filled and not any(any(c.isalpha() for c in texts[i]) for i in filled):
        raise DataError(
            f"text column '{column}' has no words: all {len(filled)} values are numbers or "
            "punctuation; is it an id column? Set data.text_column to the notes",
            file=source, row=filled[0] + 1, column=column,
        )


def _label_set(
    raw: list[list[str]], bad: dict[int, str], cfg: DataConfig, source: str
) -> tuple[list[str], str]:
    multilabel = bool(cfg.label_columns or cfg.label_delimiter)
    if cfg.task == "multilabel" and not multilabel:
        raise ConfigError(
            "task 'multilabel' needs data.label_columns or data.label_delimiter"
        )
    if cfg.labels:
        labels = list(cfg.labels)
    elif cfg.label_columns:
        names = cfg.label_names or {}
        labels = [names.get(c, c) for c in cfg.label_columns]
    elif cfg.label_names:
        labels = list(dict.fromkeys(cfg.label_names.values()))
    else:
        seen = {lab for i, labs in enumerate(raw) if i not in bad for lab in labs}
        labels = sorted(seen, key=_natural_key)
    if multilabel:
        task = "multilabel"
    else:
        task = "binary" if len(labels) == 2 else "multiclass"
        if cfg.task == "binary" and len(labels) != 2:
            raise ConfigError(
                f"task 'binary' needs exactly 2 labels, found {len(labels)}: {', '.join(labels[:10])}"
            )
    if len(labels) < 2 and task != "multilabel" and len(raw) - len(bad) == 1:
        raise DataError(
            f"the file has 1 {'valid ' if bad else ''}row; training needs rows of at least 2 "
            "labels, with enough of each for the train, validation and test splits",
            file=source, column=cfg.label_column,
        )
    if len(labels) < 2 and task != "multilabel":
        raise DataError(
            f"need at least 2 distinct labels to train a classifier, found {len(labels)}",
            file=source, column=cfg.label_column,
        )
    return labels, task


def _natural_key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)


def _ids(df: pd.DataFrame, cfg: DataConfig, source: str) -> list[str]:
    if not cfg.id_column:
        return [str(i + 1) for i in range(len(df))]
    ids = []
    seen = UniqueIds(source, cfg.id_column)
    for i, value in enumerate(df[cfg.id_column].tolist()):
        if is_missing(value):
            raise DataError("id is missing", file=source, row=i + 1, column=cfg.id_column)
        key = label_str(value)
        seen.add(key, i + 1)  # an id may be an MRN: the message names rows, never the id
        ids.append(key)
    return ids


def _handle_duplicates(
    keep: list[int], texts: list[str], raw: list[list[str]], cfg: DataConfig, dropped: Counter
) -> list[int]:
    """Apply the duplicate-text policy; identical texts are compared after stripping."""
    if cfg.duplicates == "keep_all":
        return keep
    by_text: dict[str, list[int]] = {}
    for i in keep:
        by_text.setdefault(texts[i].strip(), []).append(i)
    out = []
    for i in keep:
        copies = by_text[texts[i].strip()]
        if len(copies) == 1:
            out.append(i)
            continue
        label_sets = {tuple(sorted(raw[j])) for j in copies}
        if cfg.duplicates == "drop_conflicting" and len(label_sets) > 1:
            dropped["duplicate_text_conflicting_labels"] += 1
        elif i == copies[0]:
            out.append(i)
        elif len(label_sets) > 1:
            dropped["duplicate_text_conflicting_labels"] += 1
        else:
            dropped["duplicate_text_same_labels"] += 1
    return out
