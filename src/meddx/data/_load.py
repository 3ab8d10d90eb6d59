"""Read a table of notes from CSV, JSONL, Parquet or a local Hugging Face datasets folder.

Everything is read as text first, so that bad bytes and bad rows can be reported by file,
row and column. Rows are numbered from 1, counting data records (a CSV header is not a row).
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from meddx.errors import DataError, require

__all__ = ["detect_format", "load_table"]

_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


_SEPARATORS = {"\t": "tab", ";": "semicolon", "|": "pipe"}


def column_not_found(name: str, columns, source: str | Path, *, role: str = "",
                     hint: str = "", row: int | None = None) -> DataError:
    """The error for a column missing from a file: the file, the column, the columns there are,
    and, when the header read as one column holds another delimiter, what to do about it (a
    tab-separated file saved as .csv). ``role`` ("text", "id" ...) prefixes the column."""
    columns = [str(c) for c in columns]
    shown = ", ".join(repr(c) if any(sep in c for sep in _SEPARATORS) else c for c in columns)
    what = f"{role} column" if role else "column"
    return DataError(f"{what} '{name}' not found; columns are: {shown}{hint}"
                     f"{_delimiter_hint(columns, str(source))}", file=str(source), row=row,
                     column=name)


def _delimiter_hint(columns: list[str], source: str) -> str:
    """A hint when the header read as one column holds another delimiter."""
    if len(columns) != 1:
        return ""
    for sep, name in _SEPARATORS.items():
        if columns[0].count(sep) >= 1:
            fix = ("rename it to .tsv" if sep == "\t"
                   else "re-save it comma-separated (or as .tsv)")
            return (f"; the header holds {name}s, so the file looks {name}-separated, but "
                    f"'{Path(source).suffix or source}' files are read comma-separated: {fix}")
    return ""


def detect_format(path: Path, fmt: str = "auto") -> str:
    if fmt != "auto":
        return fmt
    if path.is_dir():
        return "hf"
    suffix = path.suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    raise DataError(
        f"cannot tell the file format from the extension '{suffix}'; use one of "
        f"{', '.join(sorted(_EXTENSIONS))} or set data.format (csv, jsonl, parquet, hf)",
        file=str(path),
    )


def load_table(path: str | Path, fmt: str = "auto", *, as_written: Collection[str] = ()
               ) -> pd.DataFrame:
    """Load ``path`` into a DataFrame of the file's own columns, in file order. The JSONL
    columns named in ``as_written`` keep each line's own value (None where a line lacks it), so
    that a missing value does not turn the other lines' numbers into floats (7 -> 7.0)."""
    path = Path(path)
    if not path.exists():
        raise DataError("file not found", file=str(path))
    kind = detect_format(path, fmt)
    if kind == "csv":
        return _load_csv(path)
    if kind == "jsonl":
        return _load_jsonl(path, as_written)
    if kind == "parquet":
        return _load_parquet(path)
    return _load_hf(path)


def _decode(raw: bytes) -> tuple[str, bool]:
    """The text, and whether it held bytes that are not UTF-8.

    Such bytes become _BAD_BYTE (pandas and pyarrow refuse lone surrogates), so the row and
    column holding them can be named after parsing (see check_bad_bytes).
    """
    bad = False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = _BAD_BYTES.sub(_BAD_BYTE, raw.decode("utf-8", errors="surrogateescape"))
        bad = True
    return (text[1:] if text.startswith("\ufeff") else text), bad


# A Unicode noncharacter: never produced by a text editor, accepted by pandas and pyarrow.
_BAD_BYTE = "\U0010ffff"
_BAD_BYTES = re.compile("[\udc80-\udcff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
RESAVE_HINT = _RESAVE = "re-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)"


class MarkedUtf8(io.RawIOBase):
    """A binary file passed on as UTF-8 bytes, as a stream, in which each byte that is not
    UTF-8 becomes _BAD_BYTE (as in _decode) and ``bad`` turns True: a chunked reader finds the
    row and column of the byte in the chunk it parsed (check_bad_bytes), in one read of the
    file. Measured as fast as pandas decoding the file itself (docs/benchmarks.md)."""

    def __init__(self, raw: io.RawIOBase | io.BufferedIOBase) -> None:
        self._raw = raw
        self._tail = b""  # the start of a character split by the read, passed on with the next
        self._pending = b""  # converted bytes beyond what the last read asked for
        self.bad = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        """At most ``size`` bytes (all that is left when ``size`` is None or negative)."""
        whole = size is None or size < 0
        if size == 0:
            return b""
        if whole or len(self._pending) < size:
            self._pending += self._convert(-1 if whole else max(size - len(self._pending), 4))
        n = len(self._pending) if whole else size
        out, self._pending = self._pending[:n], self._pending[n:]
        return out

    def _convert(self, size: int) -> bytes:
        out = b""
        while not out:
            data = self._tail + self._raw.read(size)
            final = len(data) == len(self._tail)
            try:  # valid UTF-8 (the common case) is only checked and passed on as it is
                used = codecs.utf_8_decode(data, "strict", final)[1]
            except UnicodeDecodeError:
                text, used = codecs.utf_8_decode(data, "surrogateescape", final)
                self.bad = True
                out = _BAD_BYTES.sub(_BAD_BYTE, text).encode("utf-8")
            else:
                out = data[:used]
            self._tail = data[used:]
            if final:
                break
        return out

    def readinto(self, buffer: bytearray | memoryview) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def check_bad_bytes(df: pd.DataFrame, path: Path, first_row: int = 1) -> None:
    """Raise naming the first row (then column) holding a byte that was not UTF-8; the rows
    of ``df`` are numbered from ``first_row``."""
    for column in df.columns:
        if _BAD_BYTE in str(column):
            raise DataError(f"the header is not valid UTF-8; {_RESAVE}", file=str(path))
    hits = []
    if not isinstance(df.index, pd.RangeIndex):  # a row with a field too many: pandas made
        # its first column the index
        mask = df.index.map(lambda v: any(isinstance(x, str) and _BAD_BYTE in x for x in (
            v if isinstance(v, tuple) else (v,)))).to_numpy(bool)
        if mask.any():
            hits.append((int(mask.nonzero()[0][0]), -1))
    for j, column in enumerate(df.columns):
        mask = df[column].map(lambda v: isinstance(v, str) and _BAD_BYTE in v).to_numpy(bool)
        if mask.any():
            hits.append((int(mask.nonzero()[0][0]), j))
    if hits:
        row, j = min(hits)
        raise DataError(
            f"text is not valid UTF-8; {_RESAVE}", file=str(path), row=row + first_row,
            column=str(df.columns[j]) if j >= 0 else None,
        )


def csv_sep(path: Path) -> str:
    """The delimiter of a delimited text file: a tab for ``.tsv``, else a comma."""
    return "\t" if path.suffix.lower() == ".tsv" else ","


_FIELDS_SEEN = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _too_many_fields(path: Path, row: int, fields: int, header: int) -> DataError:
    what = "tab" if csv_sep(path) == "\t" else "comma"
    return DataError(f"{fields} fields, the header has {header} (an unquoted {what} in a text "
                     f"field, or a trailing {what} on the data rows? quote the field or remove "
                     "it)", file=str(path), row=row)


def check_field_counts(df: pd.DataFrame, path: Path) -> None:
    """Refuse a table pandas read with its first column(s) as the index: it does so when the
    first data row has more fields than the header (an unquoted comma in a note), shifting
    every value, so that ``id`` would hold a piece of the note."""
    if not isinstance(df.index, pd.RangeIndex):
        header = len(df.columns)
        hint = _delimiter_hint([str(c) for c in df.columns], str(path))
        if hint:  # one column whose name holds another separator: say that, not "quote it"
            raise DataError(hint.removeprefix("; "), file=str(path))
        raise _too_many_fields(path, 1, header + df.index.nlevels, header)


def csv_parser_error(exc: Exception, path: Path, header: int | None) -> DataError:
    """A DataError for pandas' ParserError, naming the row and its field count (pandas counts
    records from the header as line 1); ``header`` is the header's field count when known."""
    found = _FIELDS_SEEN.search(str(exc))
    if found is None:
        return DataError(f"not a valid CSV file ({_first_line(exc)})", file=str(path))
    expected, line, seen = map(int, found.groups())
    if header is not None and expected > header:  # the first row set a wider width
        return _too_many_fields(path, 1, expected, header)
    return _too_many_fields(path, line - 1, seen, expected if header is None else header)


def _csv_header_width(text: str, sep: str) -> int | None:
    """The number of fields in the header of ``text`` (None if it cannot be read)."""
    try:
        return len(pd.read_csv(io.StringIO(text), sep=sep, dtype=str, nrows=0).columns)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None


def _load_csv(path: Path) -> pd.DataFrame:
    text, bad = _decode(path.read_bytes())
    sep = csv_sep(path)
    try:
        df = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[]
        )
    except pd.errors.ParserError as exc:
        raise csv_parser_error(exc, path, _csv_header_width(text, sep)) from None
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty", file=str(path)) from None
    if bad:
        check_bad_bytes(df, path)
    check_field_counts(df, path)
    return df


JSON_ARRAY = ("the file holds a JSON array, but JSON files are read as JSON Lines (one object "
               "per line); re-save it so, e.g. with pandas: "
               "df.to_json(path, orient='records', lines=True)")


def _load_jsonl(path: Path, as_written: Collection[str] = ()) -> pd.DataFrame:
    records = []
    any_bad = False
    with path.open("rb") as fh:
        row = 0
        for raw in fh:
            if not raw.strip():
                continue
            row += 1
            line, bad = _decode(raw)
            any_bad = any_bad or bad
            if row == 1 and line.lstrip().startswith("["):  # a .json export, not JSON Lines
                raise DataError(JSON_ARRAY, file=str(path), row=row)
            try:
                obj = json.loads(line.rstrip("\r\n"))  # a column past the end is on this line
            except json.JSONDecodeError as exc:
                reason = exc.msg.removesuffix(" at")  # "Invalid control character at"
                raise DataError(f"not valid JSON ({reason}, column {exc.colno})", file=str(path),
                                row=row) from None
            if not isinstance(obj, dict):
                raise DataError("each line must be a JSON object", file=str(path), row=row)
            if "\\ud" in line.lower():  # a JSON escape may spell a lone surrogate
                _check_escapes(obj, path, row)
            records.append(obj)
    if not records:
        raise DataError("the file has no records", file=str(path))
    df = pd.DataFrame.from_records(records)
    for column in as_written:
        if column in df.columns:
            df[column] = pd.Series([r.get(column) for r in records], dtype=object)
    if any_bad:
        check_bad_bytes(df, path)
    return df


def _check_escapes(obj: dict, path: Path, row: int) -> None:
    """A JSON escape can spell a lone surrogate (e.g. \\udce9), which no table can hold."""
    for key, value in obj.items():
        if isinstance(value, str) and _SURROGATES.search(value):
            raise DataError(
                "text holds an unpaired surrogate escape (\\ud800-\\udfff), which is not "
                "valid Unicode", file=str(path), row=row, column=str(key),
            )


def _load_parquet(path: Path) -> pd.DataFrame:
    """The table, an integer column holding a null kept as Python ints and None (pandas
    would make it floats: an id 12 read back as "12.0", 2**53 + 1 rounded), so that ids read
    as written and a null is missing, as an empty CSV cell is."""
    try:
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pandas(integer_object_nulls=True)
    except Exception as exc:  # pyarrow raises many types; report one line
        raise DataError(f"cannot read Parquet ({type(exc).__name__})", file=str(path)) from None


def _load_hf(path: Path) -> pd.DataFrame:
    datasets = require("datasets", "hf-datasets")
    try:
        ds = datasets.load_from_disk(str(path))
    except Exception as exc:
        raise DataError(
            f"not a Hugging Face datasets folder saved with save_to_disk ({type(exc).__name__})",
            file=str(path),
        ) from None
    if isinstance(ds, datasets.DatasetDict):
        frames = []
        for name, part in ds.items():
            frame = part.to_pandas()
            if "split" not in frame.columns:
                frame["split"] = name
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)
    return ds.to_pandas()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
