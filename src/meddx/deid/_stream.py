"""``meddx deid``: de-identify a JSONL or CSV file into JSONL, streaming, on every core.

JSONL is read line by line and CSV in pandas chunks; chunks of records go to a process pool
a few at a time and are collected in input order. So the output keeps the input order and
memory stays bounded whatever the file size. The output grows in ``<output>.partial`` beside
it (beside the file it points to, where the output is a symlink, which is kept), one batch at
a time, and is renamed at the end: a crash never leaves a half-written output, a stopped run
resumes when started again with the same input and options, and the input is never
overwritten. Errors name the file, row and column, never note text nor an id.

Each output line: ``{"id": ..., "text": <de-identified>, "spans": [{start, end, label}]}``,
offsets into the INPUT text.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from meddx._io import output_target, publish_temp, resume_point, same_file, stamp_path, start_partial
from meddx.data import UniqueIds, note_records
from meddx.deid._deidentifier import Deidentifier
from meddx.errors import DataError

__all__ = ["deid_file", "partial_output"]

_CHUNK = 64  # records per task sent to a worker

_worker: Deidentifier | None = None


def _init(options: dict[str, Any]) -> None:
    global _worker
    _worker = Deidentifier(**options)


def _pool_init(options: dict[str, Any]) -> None:
    """A pool worker's start: Ctrl-C reaches the whole process group, and the parent alone
    answers it (it stops the pool; the worker would print a traceback of its own)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init(options)


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


def _batches(records: Iterator, counter: list[int], ids: UniqueIds) -> Iterator[list[tuple]]:
    """Batches of ``_CHUNK`` records, always cut at the same rows (the facility names a batch
    shares depend on its notes: a resumed run must batch as the first did). A repeated id
    stops the read (:class:`meddx.data.UniqueIds`: rows named, never the id)."""
    batch: list[tuple] = []
    for row, (size, rec) in enumerate(records, start=1):
        counter[0] += size
        if rec is None:
            continue
        ids.add(rec[0], row)
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

    The output grows in ``<output>.partial``, a batch of notes at a time (flushed to disk),
    and is renamed over ``output_path`` at the end: a failed run leaves any earlier output
    untouched, and a run stopped half-way resumes where it stopped when started again with the
    same input and options (the batches already written are kept, not redone; the output is
    the same as an uninterrupted run's). A repeated id is refused (file, row, column; never
    the id): the output is keyed by id.

    Returns a summary: rows, counts per PHI type, input and output paths, the notes kept
    from a stopped run (``resumed_after``). Never PHI.
    """
    src, dst = Path(input_path), Path(output_path)
    if not src.is_file():
        raise DataError("file not found", file=str(src))
    if same_file(src, dst):
        raise DataError("--output must differ from --input (the input is never overwritten)",
                        file=str(dst))
    options = dict(operator_options, mode=mode, seed=seed, ner_model=ner_model, times=times,
                   ner_guard=ner_guard)
    if detectors:
        options["detectors"] = detectors
    Deidentifier(**options)  # fail early on a bad option, before any worker starts
    target = _writable(dst)  # a symlink is kept and the file it points to replaced
    partial = partial_output(target)
    stamp = _stamp(src, options, text_column, id_column, patient_column)
    done = resume_point(partial, stamp, every=_CHUNK)
    if done == 0:
        start_partial(partial, stamp)
    total = src.stat().st_size
    workers = max(1, workers or os.cpu_count() or 1)
    counter = [0, 0]  # bytes read, records
    counts = _kept_counts(partial) if done else Counter()
    pool = None
    try:
        batches = _batches(note_records(src, text_column, id_column, patient_column), counter,
                           UniqueIds(src, id_column))
        todo = itertools.islice(batches, done // _CHUNK, None)  # read (ids checked), not redone
        if workers > 1:
            import multiprocessing as mp

            pool = mp.get_context("spawn").Pool(workers, initializer=_pool_init,
                                                initargs=(options,))
            results = _ordered(pool, todo, window=4 * workers)
        else:
            _init(options)
            results = map(_work, todo)
        with partial.open("a", encoding="utf-8") as out, _bar(quiet, total) as advance:
            for batch in results:
                out.write("".join(line for line, _ in batch))
                out.flush()
                os.fsync(out.fileno())  # a stopped run resumes after this batch
                for _, c in batch:
                    counts.update(c)
                advance(min(counter[0], total))
    except BaseException:
        if partial.is_file() and partial.stat().st_size == 0:  # nothing written to resume
            partial.unlink()
            stamp_path(partial).unlink(missing_ok=True)
        raise
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    if counter[1] == 0:
        partial.unlink(missing_ok=True)
        stamp_path(partial).unlink(missing_ok=True)
        raise DataError("no records to de-identify (the file is empty)", file=str(src))
    if counter[1] < done:
        raise DataError(f"the partial output has {done} notes but the input only "
                        f"{counter[1]}; delete {partial.name} to start again", file=str(dst))
    publish_temp(partial, target)
    stamp_path(partial).unlink(missing_ok=True)
    return {"input": str(src), "output": str(dst), "rows": counter[1], "mode": mode,
            "counts_by_type": dict(sorted(counts.items())), "n_spans": sum(counts.values()),
            "resumed_after": done}


def partial_output(target: Path) -> Path:
    """Where the output to ``target`` grows until the run ends (``<output>.partial``)."""
    return target.with_name(target.name + ".partial")


def _writable(dst: Path) -> Path:
    """The file to replace for ``dst`` (:func:`output_target`), its folder made; a folder, a
    loop of links or a folder that cannot be made is refused before any note is read."""
    try:
        target = output_target(dst)
        if target.is_dir():
            raise DataError("--output is a folder; name a file (e.g. deid.jsonl)", file=str(dst))
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot write the output here ({exc.strerror or exc})",
                        file=str(dst)) from None
    return target


def _stamp(src: Path, options: dict, text_column: str, id_column: str,
           patient_column: str | None) -> dict:
    """What made a partial output: the input as it was, the columns and every option."""
    st = src.stat()
    return {"input": str(src.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            "text_column": text_column, "id_column": id_column,
            "patient_column": patient_column, "chunk": _CHUNK,
            "options": json.loads(json.dumps(options, sort_keys=True, default=str))}


def _kept_counts(partial: Path) -> Counter:
    """PHI counts per label of the notes a stopped run wrote (the summary covers the file)."""
    counts: Counter[str] = Counter()
    with partial.open(encoding="utf-8") as fh:
        for row, line in enumerate(fh, start=1):
            try:
                counts.update(s["label"] for s in json.loads(line)["spans"])
            except (ValueError, KeyError, TypeError):  # edited by hand: never guess
                raise DataError(f"not an output line of meddx deid; delete {partial.name} to "
                                "start again", file=str(partial), row=row) from None
    return counts


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
