"""One data file per site (hospital): ``data.site_files_column`` (``meddx federate --sites DIR``).

Each file is read and validated on its own first, so that a bad row is reported by its own
file and row; the files must agree on the columns and on how labels are written. The notes of
a file get the file's name (without extension) in the site column; the files are then validated
together as one corpus (labels numbered alike for every site, duplicates across sites handled
by ``data.duplicates``). A single file is read as one site (``meddx evaluate RUN --data FILE``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from meddx.data._corpus import Corpus
from meddx.data._load import load_table
from meddx.data._settings import DataConfig
from meddx.errors import DataError

__all__ = ["load_site_files", "read_data_table", "site_files"]


def site_files(folder: Path) -> list[Path]:
    """The site files of ``folder`` (hidden files left out), sorted by name."""
    if not folder.is_dir():
        return [folder]
    files = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    if not files:
        raise DataError("the sites folder holds no data files (one file per site)",
                        file=str(folder))
    stems: dict[str, Path] = {}
    for path in files:
        if path.stem in stems:
            raise DataError(f"two files name site '{path.stem}' ({stems[path.stem].name}, "
                            f"{path.name}); keep one file per site", file=str(folder))
        stems[path.stem] = path
    return files


def read_data_table(cfg: DataConfig, path: str | Path) -> pd.DataFrame:
    """The raw table behind a corpus, row for row as :func:`load_corpus` read it: the file at
    ``path``, or with ``data.site_files_column`` every site file of ``path`` (each cut to
    ``data.max_rows``) with its site name in that column."""
    path = Path(path)
    if cfg.site_files_column is None:
        return load_table(path, cfg.format)
    frames = []
    for file in site_files(path):
        df = load_table(file, cfg.format)
        if cfg.max_rows is not None:
            df = df.iloc[: cfg.max_rows].reset_index(drop=True)
        frames.append(df.assign(**{cfg.site_files_column: file.stem}))
    return pd.concat(frames, ignore_index=True)


def load_site_files(cfg: DataConfig, target: Path, build) -> Corpus:
    """The corpus of every site file under ``target``; ``build`` is ``build_corpus``."""
    column = cfg.site_files_column
    others = [g for g in cfg.group_columns if g != column]
    one = cfg.model_copy(update={"group_columns": others, "path": None})
    frames, multilabel, spelled, ids = [], {}, {}, {}
    for path in site_files(target):
        df = load_table(path, cfg.format)
        if column in df.columns:
            raise DataError(f"column '{column}' already exists; data.site_files_column names the "
                            "column that gets each file's site name: choose another name",
                            file=str(path), column=column)
        if cfg.max_rows is not None:
            df = df.iloc[: cfg.max_rows].reset_index(drop=True)
        site = build(df, one, source=str(path))  # every row checked against its own file
        multilabel[path.name] = site.multilabel
        if cfg.id_column:
            for note_id, row in zip(site.ids, site.rows, strict=True):
                first, first_row = ids.setdefault(note_id, (path.name, row))
                if first != path.name:  # the id itself is never shown: it may be an MRN
                    raise DataError(f"duplicate id (the same as {first}, row {first_row}); ids "
                                    "must be unique across sites (prefix them with the site)",
                                    file=str(path), row=row, column=cfg.id_column)
        for label in site.labels:
            spelled.setdefault(_folded(label), {}).setdefault(label, path.name)
        frames.append(df.assign(**{column: path.stem}))
    if len(set(multilabel.values())) > 1:
        multi = sorted(n for n, m in multilabel.items() if m)
        single = sorted(n for n, m in multilabel.items() if not m)
        raise DataError(f"sites disagree on the task: {multi[0]} is multilabel but {single[0]} "
                        "has one label per note; make the files agree (or set data.task)",
                        file=str(target))
    for forms in spelled.values():
        if len(forms) > 1:
            (a, fa), (b, fb) = sorted(forms.items())[:2]
            raise DataError(f"sites spell a label differently: '{a}' in {fa}, '{b}' in {fb}; "
                            "make the label names agree (or map them with data.label_names)",
                            file=str(target))
    combined = pd.concat(frames, ignore_index=True)
    return build(combined, cfg.model_copy(update={"group_columns": [*others, column]}),
                 source=str(target))


def _folded(label: str) -> str:
    return " ".join(label.casefold().split())
