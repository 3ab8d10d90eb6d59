"""``meddx deid``: de-identify a JSONL or CSV file into JSONL, streaming, on every core.

JSONL is read line by line and CSV in pandas chunks; chunks of records go to a process pool
a few at a time and are collected in input order. So the output keeps the input order and
memory stays bounded whatever the file size. The output is written to a temporary file
beside it and renamed at the end: a crash never leaves a half-written file, and the input is
never overwritten. Errors name the file, row and column, never note text.

Each output line: ``{"id": ..., "text": <de-identified>, "spans": [{start, end, label}]}``,
offsets into the INPUT text.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from meddx.deid._deidentifier import Deidentifier
from meddx.errors import DataError

__all__ = ["deid_file", "iter_notes"]

_CHUNK = 64  # records per task sent to a worker

_worker: Deidentifier | None = None


def _init(options: dict[str, Any]) -> None:
    global _worker
    _worker = Deidentifier(**options)


def _work(batch: list[tuple[str, str, str, None]]) -> list[tuple[str, Counter]]:
    """(id, text, patient, _) records -> (JSON line, counts per label)."""
    if _worker is None:  # pragma: no cover - _init runs first in every worker
        raise RuntimeError("de-identification worker used before _init")
    out = []
    found = _worker.detect_many([text for _, text, _, _ in batch])
    for (rid, text, patient, _), spans in zip(batch, found, strict=True):
        new = _worker.transform(text, spans, patient=patient)
        line = json.dumps({"id": rid, "text": new, "spans": [s.as_dict() for s in spans]},
                          ensure_ascii=False)
        out.append((line + "\n", Counter(s.label for s in spans)))
    return out


def _jsonl_records(path: Path, text_col: str, id_col: str, patient_col: str | None,
                   keep: bool = False) -> Iterator[tuple[int, tuple | None]]:
    """(bytes consumed, record) for each line; blank lines are skipped (and counted)."""
    with path.open("rb") as fh:
        for row, raw in enumerate(fh, start=1):
            size = len(raw)
            if not raw.strip():
                yield size, None  # type: ignore[misc]
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
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
        raise DataError(f"text column '{text_col}' not found; columns are: "
                        f"{', '.join(map(str, obj))} (set --text-column)", file=str(path),
                        row=row, column=text_col)
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
        reader = pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=2000,
                             encoding="utf-8", encoding_errors="strict")
        with reader:
            for chunk in reader:
                if text_col not in chunk.columns:
                    raise DataError(f"text column '{text_col}' not found; columns are: "
                                    f"{', '.join(map(str, chunk.columns))} (set --text-column)",
                                    file=str(path), column=text_col)
                for obj in chunk.to_dict("records"):
                    row += 1
                    yield approx, _record(obj, row, path, text_col, id_col, patient_col, keep)
    except UnicodeDecodeError:
        raise DataError(f"not valid UTF-8 after row {row}; re-save the file as UTF-8",
                        file=str(path)) from None
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty: no header, no rows", file=str(path)) from None
    except pd.errors.ParserError as exc:
        raise DataError(f"not valid CSV after row {row} ({str(exc).splitlines()[0][:80]})",
                        file=str(path)) from None


def _csv_rows_hint(path: Path) -> int:
    """A cheap guess of the row count (lines), for the progress bar only."""
    with path.open("rb") as fh:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return max(1, lines - 1)


def _batches(records: Iterator, counter: list[int]) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for size, rec in records:
        counter[0] += size
        if rec is None:
            continue
        counter[1] += 1
        batch.append(rec)
        if len(batch) >= _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def deid_file(
    input_path: str | Path, output_path: str | Path, *, text_column: str = "text",
    id_column: str = "id", patient_column: str | None = "patient_id", mode: str = "redact",
    detectors: list[str] | None = None, seed: int = 0, workers: int | None = None,
    quiet: bool = False, ner_model: str | None = None, times: bool = False,
    **operator_options: Any,
) -> dict[str, Any]:
    """De-identify ``input_path`` (JSONL or CSV) into ``output_path`` (JSONL). ``times``:
    also tag times of day as DATE (``deid.times``).

    Returns a summary: rows, counts per PHI type, input and output paths. Never PHI.
    """
    src, dst = Path(input_path), Path(output_path)
    if not src.is_file():
        raise DataError("file not found", file=str(src))
    if dst.resolve() == src.resolve() or (dst.exists() and os.path.samefile(src, dst)):
        raise DataError("--output must differ from --input (the input is never overwritten)",
                        file=str(dst))
    reader = _reader(src)
    options = dict(operator_options, mode=mode, seed=seed, ner_model=ner_model, times=times)
    if detectors:
        options["detectors"] = detectors
    Deidentifier(**options)  # fail early on a bad option, before any worker starts
    total = src.stat().st_size
    workers = max(1, workers or os.cpu_count() or 1)
    counter = [0, 0]  # bytes read, records
    counts: Counter[str] = Counter()
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    out = os.fdopen(fd, "w", encoding="utf-8")
    pool = None
    try:
        batches = _batches(reader(src, text_column, id_column, patient_column), counter)
        if workers > 1:
            import multiprocessing as mp

            pool = mp.get_context("spawn").Pool(workers, initializer=_init, initargs=(options,))
            results = _ordered(pool, batches, window=4 * workers)
        else:
            _init(options)
            results = map(_work, batches)
        with out, _bar(quiet, total) as advance:
            for done in results:
                for line, c in done:
                    out.write(line)
                    counts.update(c)
                advance(min(counter[0], total))
            out.flush()
            os.fsync(out.fileno())
        if counter[1] == 0:
            raise DataError("no records to de-identify (the file is empty)", file=str(src))
        from meddx._io import _umask

        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, dst)
    finally:
        out.close()
        if pool is not None:
            pool.terminate()
            pool.join()
        if os.path.exists(tmp):
            os.unlink(tmp)
    return {"input": str(src), "output": str(dst), "rows": counter[1], "mode": mode,
            "counts_by_type": dict(sorted(counts.items())), "n_spans": sum(counts.values())}


def _reader(src: Path):
    suffix = src.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _jsonl_records
    if suffix in (".csv", ".tsv"):
        return _csv_records
    raise DataError(f"cannot read '{suffix}' files; use .jsonl or .csv", file=str(src))


def iter_notes(path: str | Path, text_column: str = "text", id_column: str = "id"
               ) -> Iterator[tuple[str, str, dict]]:
    """(id, text, record) for each row of a JSONL or CSV file, read as a stream (JSONL line by
    line, CSV in chunks): the one note-file reader of ``meddx deid``, ``abbrev``, ``augment``.
    Blank JSONL lines are skipped; a missing id becomes the row number. Errors are one line
    naming the file, row and column, never note text."""
    src = Path(path)
    if not src.is_file():
        raise DataError("file not found", file=str(src))
    if src.stat().st_size == 0:
        raise DataError("the file is empty", file=str(src))
    rows = 0
    for _, rec in _reader(src)(src, text_column, id_column, None, True):
        if rec is None:
            continue
        rows += 1
        rid, text, _, obj = rec
        yield rid, text, obj
    if rows == 0:
        raise DataError("the file has no rows", file=str(src))


def _ordered(pool, batches: Iterator, *, window: int) -> Iterator[list[tuple[str, Counter]]]:
    """Results of ``_work`` in input order, with at most ``window`` batches in flight (unlike
    Pool.imap, which reads its whole input ahead: memory would grow with the file)."""
    from collections import deque

    pending: deque = deque()
    for batch in batches:
        pending.append(pool.apply_async(_work, (batch,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


class _bar:
    """A byte-based progress bar (or nothing with ``quiet``); yields ``advance(done)``."""

    def __init__(self, quiet: bool, total: int) -> None:
        self.quiet, self.total, self.progress = quiet, total, None

    def __enter__(self):
        if self.quiet:
            return lambda done: None
        from meddx._progress import make_progress

        self.progress = make_progress()
        self.progress.__enter__()
        task = self.progress.add_task("de-identifying", total=self.total)
        return lambda done: self.progress.update(task, completed=done)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.__exit__(*exc)
