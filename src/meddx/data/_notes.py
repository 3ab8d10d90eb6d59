"""The one note-file reader: JSONL line by line or CSV in chunks, as a stream.

``meddx deid``, ``meddx abbrev``, ``abbrev-eval``, ``abbrev-train`` and ``augment`` read notes
through it, so a file means the same thing to each: a text column, an id column (the row number
when missing), blank JSONL lines skipped, and errors of one line naming the file, row and
column, never note text.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from meddx.data._ids import UniqueIds
from meddx.data._load import (
    JSON_ARRAY,
    RESAVE_HINT,
    MarkedUtf8,
    check_bad_bytes,
    check_field_counts,
    column_not_found,
    csv_parser_error,
    csv_sep,
)
from meddx.errors import DataError

__all__ = ["iter_notes", "note_records"]


def _jsonl_records(path: Path, text_col: str, id_col: str, patient_col: str | None,
                   keep: bool = False) -> Iterator[tuple[int, tuple | None]]:
    """(bytes consumed, record) for each line; blank lines are skipped (and counted)."""
    with path.open("rb") as fh:
        for row, raw in enumerate(fh, start=1):
            size = len(raw)
            if not raw.strip():
                yield size, None  # type: ignore[misc]
                continue
            if row == 1 and raw.lstrip().startswith(b"["):  # a .json export, not JSON Lines
                raise DataError(JSON_ARRAY, file=str(path), row=row)
            try:
                obj = json.loads(raw.decode("utf-8").rstrip("\r\n"))
            except UnicodeDecodeError:
                raise DataError("not valid UTF-8; re-save the file as UTF-8", file=str(path),
                                row=row) from None
            except json.JSONDecodeError as exc:
                raise DataError(f"not valid JSON (column {exc.colno})", file=str(path),
                                row=row) from None
            if not isinstance(obj, dict):
                raise DataError("each line must be a JSON object", file=str(path), row=row)
            yield size, _record(obj, row, path, text_col, id_col, patient_col, keep)


def _record(obj: dict, row: int, path: Path, text_col: str, id_col: str,
            patient_col: str | None, keep: bool = False) -> tuple[str, str, str, dict | None]:
    """(id, text, patient, the whole record when ``keep``)."""
    if text_col not in obj:
        raise column_not_found(text_col, obj, path, role="text", hint=" (set --text-column)",
                               row=row)
    text = obj[text_col]
    if text is None or (isinstance(text, float) and text != text):
        text = ""
    if not isinstance(text, str):
        raise DataError(f"text must be a string, got {type(text).__name__}", file=str(path),
                        row=row, column=text_col)
    rid = obj.get(id_col)
    rid = str(row) if rid is None or rid == "" else str(rid)
    patient = obj.get(patient_col) if patient_col else None
    patient = rid if patient is None or patient == "" else str(patient)
    return rid, text, patient, (obj if keep else None)


def _csv_records(path: Path, text_col: str, id_col: str, patient_col: str | None,
                 keep: bool = False) -> Iterator[tuple[int, tuple | None]]:
    import pandas as pd

    row = 0
    approx = max(1, os.path.getsize(path) // _csv_rows_hint(path))  # bytes per row, for the bar
    try:
        with path.open("rb") as fh:
            text = MarkedUtf8(fh)  # a byte that is not UTF-8 is named in the chunk holding it
            with pd.read_csv(text, sep=csv_sep(path), dtype=str, keep_default_na=False,
                             chunksize=2000, encoding="utf-8") as reader:
                for chunk in reader:
                    if text.bad:
                        check_bad_bytes(chunk, path, first_row=row + 1)
                    check_field_counts(chunk, path)
                    if text_col not in chunk.columns:
                        raise column_not_found(text_col, chunk.columns, path, role="text",
                                               hint=" (set --text-column)")
                    for obj in chunk.to_dict("records"):
                        row += 1
                        yield approx, _record(obj, row, path, text_col, id_col, patient_col,
                                              keep)
                if text.bad:  # read, but in no cell check_bad_bytes looks at
                    raise DataError(f"not valid UTF-8 after row {row}; {RESAVE_HINT}",
                                    file=str(path))
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty: no header, no rows", file=str(path)) from None
    except pd.errors.ParserError as exc:
        raise csv_parser_error(exc, path, _header_width(path)) from None


def _header_width(path: Path) -> int | None:
    """The header's field count, read again after a parser error."""
    import pandas as pd

    try:
        with path.open("rb") as fh:
            return len(pd.read_csv(MarkedUtf8(fh), sep=csv_sep(path), dtype=str, nrows=0,
                                   encoding="utf-8").columns)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None


def _csv_rows_hint(path: Path) -> int:
    """A cheap guess of the row count (lines), for the progress bar only."""
    with path.open("rb") as fh:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return max(1, lines - 1)


def note_records(path: str | Path, text_column: str = "text", id_column: str = "id",
                 patient_column: str | None = None, keep: bool = False
                 ) -> Iterator[tuple[int, tuple | None]]:
    """(bytes read, record) per row: record is (id, text, patient, the whole row when ``keep``)
    or None for a blank line. The byte counts drive progress bars."""
    src = Path(path)
    return _reader(src)(src, text_column, id_column, patient_column, keep)


def _reader(src: Path):
    suffix = src.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _jsonl_records
    if suffix in (".csv", ".tsv"):
        return _csv_records
    raise DataError(f"cannot read '{suffix}' files; use .jsonl or .csv", file=str(src))


def iter_notes(path: str | Path, text_column: str = "text", id_column: str = "id", *,
               unique_ids: bool = False) -> Iterator[tuple[str, str, dict]]:
    """(id, text, record) for each row of a JSONL or CSV file, read as a stream (JSONL line by
    line, CSV in chunks): the one note-file reader of ``meddx deid``, ``abbrev``, ``augment``.
    Blank JSONL lines are skipped; a missing id becomes the row number. With ``unique_ids`` a
    repeated id stops the read, as ``meddx train`` and ``predict`` do (the message names the
    rows, not the id: it may be a record number). Errors are one line naming the file, row and
    column, never note text."""
    src = Path(path)
    if not src.is_file():
        raise DataError("file not found", file=str(src))
    if src.stat().st_size == 0:
        raise DataError("the file is empty", file=str(src))
    rows = 0
    seen = UniqueIds(src, id_column)
    for row, (_, rec) in enumerate(note_records(src, text_column, id_column, None, True),
                                   start=1):
        if rec is None:
            continue
        rows += 1
        rid, text, _, obj = rec
        if unique_ids:
            seen.add(rid, row)
        yield rid, text, obj
    if rows == 0:
        raise DataError("the file has no rows", file=str(src))
