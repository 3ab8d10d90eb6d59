"""``meddx deid``: de-identify a JSONL or CSV file into JSONL, streaming, on every core.

JSONL is read line by line and CSV in pandas chunks; chunks of records go to a process pool
a few at a time and are collected in input order. So the output keeps the input order and
memory stays bounded whatever the file size. The output is written to a temporary file
beside it (beside the file it points to, where the output is a symlink, which is kept) and
renamed at the end: a crash never leaves a half-written file, and the input is
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

from meddx._io import output_target, publish_temp, same_file
from meddx.data import note_records
from meddx.deid._deidentifier import Deidentifier
from meddx.errors import DataError

__all__ = ["deid_file"]

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
    ner_guard: str = "on", **operator_options: Any,
) -> dict[str, Any]:
    """De-identify ``input_path`` (JSONL or CSV) into ``output_path`` (JSONL). ``times``:
    also tag times of day as DATE (``deid.times``); ``ner_guard``: "off" keeps the ``ner``
    spans that no other detector confirms (``deid.ner_guard``).

    Returns a summary: rows, counts per PHI type, input and output paths. Never PHI.
    """
    src, dst = Path(input_path), Path(output_path)
    if not src.is_file():
        raise DataError("file not found", file=str(src))
    if same_file(src, dst):
        raise DataError("--output must differ from --input (the input is never overwritten)",
                        file=str(dst))
    reader = note_records
    options = dict(operator_options, mode=mode, seed=seed, ner_model=ner_model, times=times,
                   ner_guard=ner_guard)
    if detectors:
        options["detectors"] = detectors
    Deidentifier(**options)  # fail early on a bad option, before any worker starts
    total = src.stat().st_size
    workers = max(1, workers or os.cpu_count() or 1)
    counter = [0, 0]  # bytes read, records
    counts: Counter[str] = Counter()
    target = output_target(dst)  # a symlink is kept and the file it points to replaced
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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
        publish_temp(tmp, target)
    finally:
        out.close()
        if pool is not None:
            pool.terminate()
            pool.join()
        if os.path.exists(tmp):
            os.unlink(tmp)
    return {"input": str(src), "output": str(dst), "rows": counter[1], "mode": mode,
            "counts_by_type": dict(sorted(counts.items())), "n_spans": sum(counts.values())}


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
