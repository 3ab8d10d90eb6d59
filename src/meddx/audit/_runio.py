"""Read what an audit needs from a finished run: test predictions, validation probabilities
recomputed with the run's own model, and group columns joined from the data file.

Texts are de-identified as training did (``run.config.deid``) before the split is redrawn
and before the model sees them, so the validation split is the one training used.

Nothing here logs or raises note text: errors name files, columns and counts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from meddx.errors import DataError, RunError

__all__ = ["Scored", "attach_groups", "labelled_file", "run_baseline", "test_predictions",
           "validation_predictions"]

log = logging.getLogger("meddx")

MISSING_GROUP = "(missing)"


@dataclass
class Scored:
    """True labels and model probabilities of one set of rows, with their ids and groups."""

    y: np.ndarray
    proba: np.ndarray
    labels: list[str]
    task: str
    ids: list[str]
    rows: list[int]
    source: str
    groups: pd.DataFrame | None = None
    baseline_proba: np.ndarray | None = None  # the TF-IDF baseline's, for a blended run
    dropped: dict[str, int] | None = None  # a labelled file's rows dropped, by reason


def test_predictions(run, *, column_prefix: str | None = None) -> Scored:
    """The run's test split from ``predictions.csv`` (ids, rows, true labels, probabilities).

    By default the model's own (uncalibrated) probabilities: ``model_uncalibrated_p[...]``
    where the run fitted a calibrator (``model_p[...]`` are then the calibrated, served ones),
    else ``model_p[...]``."""
    path = Path(run.path) / "predictions.csv"
    if not path.is_file():
        raise RunError(f"'{run.path}' has no predictions.csv; is the run finished?")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if not isinstance(frame.index, pd.RangeIndex):  # row 1 has a field too many: values shift
        raise RunError(f"{path} row 1: more fields than the header; was the file edited?")
    labels = list(run.model.labels)
    task = run.model.task
    if column_prefix is None:
        raw = f"model_uncalibrated_p[{labels[0]}]" in frame.columns
        column_prefix = "model_uncalibrated" if raw else "model"
    cols = [f"{column_prefix}_p[{lab}]" for lab in labels]
    missing = [c for c in ["id", "row", "true", *cols] if c not in frame.columns]
    if missing:
        raise RunError(f"{path}: column '{missing[0]}' not found; columns are: "
                       f"{', '.join(frame.columns)}")
    proba = frame[cols].astype(np.float64).to_numpy()
    index = {lab: j for j, lab in enumerate(labels)}
    if task == "multilabel":
        y = np.zeros((len(frame), len(labels)), dtype=np.int64)
        for r, cell in enumerate(frame["true"]):
            for lab in filter(None, cell.split("|")):
                y[r, _label_index(index, lab, path, r)] = 1
    else:
        y = np.array([_label_index(index, lab, path, r) for r, lab in enumerate(frame["true"])],
                     dtype=np.int64)
        # predictions.csv rounds to 6 decimals: renormalise so rows sum to 1 again.
        proba = proba / np.clip(proba.sum(axis=1, keepdims=True), 1e-12, None)
    base = [f"baseline_p[{lab}]" for lab in labels]
    baseline = None
    if task != "multilabel" and all(c in frame.columns for c in base):
        baseline = frame[base].astype(np.float64).to_numpy()
        baseline = baseline / np.clip(baseline.sum(axis=1, keepdims=True), 1e-12, None)
    return Scored(y=y, proba=proba, labels=labels, task=task, ids=frame["id"].tolist(),
                  rows=[int(r) for r in frame["row"]], source=str(path), baseline_proba=baseline)


def _label_index(index: dict[str, int], label: str, path: Path, r: int) -> int:
    if label not in index:
        raise RunError(f"{path}, row {r + 1}, column 'true': label '{label}' is not one of the "
                       f"model's labels: {', '.join(index)}")
    return index[label]


def validation_predictions(run, *, quiet: bool = True, with_baseline: bool = False) -> Scored:
    """Reload the run's corpus, redo its split and score the validation split with the model
    (and, ``with_baseline``, with the run's TF-IDF baseline)."""
    from meddx.data import make_splits

    cfg = run.config
    if cfg.data.split.column is None and cfg.data.split.validation == 0:
        raise RunError(
            f"run '{run.path}' has no validation split (data.split.validation is 0), so there is "
            "no calibration data; train with a validation split or audit without calibration "
            "(--calibration none)"
        )
    corpus = run.corpus(quiet=quiet)  # de-identified before splitting, as train_run does
    splits = make_splits(corpus, cfg.data.split)
    idx = splits.get("validation", np.array([], dtype=np.int64))
    if len(idx) == 0:
        raise RunError(
            f"run '{run.path}' has an empty validation split, so there is no calibration data; "
            "audit without calibration (--calibration none)"
        )
    card = run.card()
    expected = (card.get("splits") or {}).get("validation", {}).get("n")
    if card.get("file_sha256") not in (None, corpus.file_sha256) or expected not in (None, len(idx)):
        raise RunError(
            f"the data file '{cfg.data.path}' is not the one run '{run.path}' was trained on "
            f"(its hash or validation split differs: {len(idx)} rows, trained with {expected}); "
            "calibrate with the original file in place, or audit without calibration "
            "(--calibration none)"
        )
    part = corpus.subset(idx)
    from meddx.runs import cached_proba

    proba = cached_proba(run.path, part.texts)  # scored at training time, if the texts match
    if proba is None:
        proba = run.model.predict_proba(part.texts, quiet=quiet)
    proba = np.asarray(proba, dtype=np.float64)
    return Scored(y=part.y, proba=proba, labels=part.labels, task=part.task, ids=part.ids,
                  rows=part.rows, source=part.source, groups=part.groups,
                  baseline_proba=_baseline_proba(run, part.texts, with_baseline))


def _baseline_proba(run, texts, wanted: bool) -> np.ndarray | None:
    if not wanted:
        return None
    return np.asarray(run_baseline(run).predict_proba(texts), dtype=np.float64)


def run_baseline(run):
    """The run's TF-IDF baseline, loaded from ``RUN/baseline`` when the run was loaded
    without it."""
    if getattr(run, "baseline", None) is not None:
        return run.baseline
    from meddx.models import load_classifier

    folder = Path(run.path) / "baseline"
    if not folder.is_dir():
        raise RunError(f"run '{run.path}' serves a blend with its TF-IDF baseline, but "
                       f"'{folder}' is missing")
    run.baseline = load_classifier(folder)
    return run.baseline


def labelled_file(run, data: str | Path, groups: list[str], *, quiet: bool = True,
                  with_baseline: bool = False, on_invalid: str | None = None) -> Scored:
    """Score a new labelled file with the run's model (and, ``with_baseline``, its TF-IDF
    baseline); its group columns come along. ``on_invalid`` overrides the run's
    ``data.on_invalid`` ('drop': invalid rows are dropped and counted in ``dropped``)."""
    if on_invalid:
        from meddx.data import ON_INVALID

        ON_INVALID.get(on_invalid)  # an unknown name: ConfigError naming the known ones
    overrides = {"on_invalid": on_invalid} if on_invalid else None
    corpus = run.corpus(data, overrides=overrides, groups=groups, quiet=quiet)  # as trained
    proba = np.asarray(run.model.predict_proba(corpus.texts, quiet=quiet), dtype=np.float64)
    return Scored(y=corpus.y, proba=proba, labels=corpus.labels, task=corpus.task,
                  ids=corpus.ids, rows=corpus.rows, source=corpus.source,
                  groups=_clean_groups(corpus.groups, groups),
                  baseline_proba=_baseline_proba(run, corpus.texts, with_baseline),
                  dropped=dict(corpus.dropped))


def attach_groups(run, scored: Scored, groups: list[str], data: str | Path | None = None) -> None:
    """Read ``groups`` from the run's data file (or ``data``) and align them to ``scored``.

    Rows are matched on ``data.id_column`` when the run has one, otherwise on the 1-based row
    numbers that ``predictions.csv`` records.
    """
    from meddx.data import label_str

    cfg = run.config.data
    target = data if data is not None else cfg.path
    if target is None:
        raise RunError(f"run '{run.path}' does not record its data file; pass --data FILE")
    path = Path(target)
    from meddx.data import add_derived_groups, read_data_table

    table = add_derived_groups(read_data_table(cfg, path), cfg.text_column, groups)
    columns = [str(c) for c in table.columns]
    for col in groups:
        if col not in columns:
            raise DataError(f"group column '{col}' not found; columns are: {', '.join(columns)}",
                            file=str(path), column=col)
    if cfg.id_column:
        if cfg.id_column not in columns:
            raise DataError(f"id column '{cfg.id_column}' not found; columns are: "
                            f"{', '.join(columns)}", file=str(path), column=cfg.id_column)
        keys = [label_str(v) for v in table[cfg.id_column].tolist()]
        position = {k: i for i, k in enumerate(keys)}
        where = [position.get(i, -1) for i in scored.ids]
        how = f"id column '{cfg.id_column}'"
    else:
        where = [r - 1 if 1 <= r <= len(table) else -1 for r in scored.rows]
        how = "row number"
    lost = sum(1 for w in where if w < 0)
    if lost:
        raise DataError(
            f"{lost} of {len(where)} predicted rows have no match by {how} in this file; is it "
            "the file the run was trained on?", file=str(path),
        )
    frame = table[groups].iloc[where].reset_index(drop=True)
    scored.groups = _clean_groups(frame, groups)


def _clean_groups(frame: pd.DataFrame | None, groups: list[str]) -> pd.DataFrame:
    """Group values as strings; missing cells become ``(missing)``."""
    from meddx.data import is_missing, label_str

    if frame is None:
        raise DataError("no group columns were loaded")
    out = pd.DataFrame(index=range(len(frame)))
    for col in groups:
        values: list[Any] = frame[col].tolist()
        out[col] = [MISSING_GROUP if is_missing(v) else label_str(v) for v in values]
    return out
