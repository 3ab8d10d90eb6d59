"""``BatchWriter``: writes the prediction log from one background thread, many rows a transaction.

A commit per request costs an fsync (SQLite) or a round trip (PostgreSQL) on the request's path,
and concurrent requests queue on SQLite's write lock. Here a request only appends its rows to a
queue in memory and returns; one thread takes everything queued and writes it in one
transaction. What it guarantees:

* **No row is dropped.** A failed write keeps its rows at the front of the queue and retries
  with back-off. While the last write failed, :meth:`put` raises :class:`~meddx.errors.RunError`
  (the request is answered 503 and not served), as a synchronous write would have failed it.
* **Bounded memory.** With ``max_pending`` rows queued, :meth:`put` waits for the writer.
* **Shutdown writes everything.** :meth:`close` (the app's shutdown, ``PredictionService.close``,
  or at the latest interpreter exit) drains the queue before it returns. Only a hard kill
  (SIGKILL, power loss) can lose the rows of the last moments.
* :meth:`flush` waits until every row queued so far is written (readers of the log call it).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from meddx.errors import RunError

__all__ = ["BatchWriter"]

log = logging.getLogger("meddx")

_BACKOFF_S = (0.05, 0.2, 1.0, 5.0)
_CLOSE_RETRIES = 3


class BatchWriter:
    """Calls ``write(rows)`` from a daemon thread with all rows queued since the last call."""

    def __init__(self, write: Callable[[list[dict[str, Any]]], None], *, max_pending: int = 10_000,
                 name: str = "meddx-prediction-log") -> None:
        self._write = write
        self.max_pending = max_pending
        self._cond = threading.Condition()
        self._pending: list[dict[str, Any]] = []
        self._queued = 0  # rows ever accepted
        self._written = 0  # rows ever committed
        self._failures = 0  # failed write attempts
        self._failing = False  # the last write attempt failed
        self._closing = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        ref = weakref.ref(self)
        self._atexit = lambda: (w := ref()) is not None and w.close()
        atexit.register(self._atexit)

    def put(self, rows: list[dict[str, Any]]) -> None:
        """Queue ``rows``; returns once they are queued (waits while ``max_pending`` rows are)."""
        if not rows:
            return
        with self._cond:
            if self._closing:  # after close: write here, in the caller's thread
                self._write(rows)
                self._queued += len(rows)
                self._written += len(rows)
                return
            if self._failing:
                raise RunError("the prediction log cannot be written (see the server log); "
                               "predictions are refused until it can")
            while len(self._pending) >= self.max_pending and not self._closing:
                self._cond.wait(0.5)
            self._pending.extend(rows)
            self._queued += len(rows)
            self._cond.notify_all()

    def flush(self, timeout: float | None = 30.0) -> None:
        """Wait until every row queued before this call is written; RunError after ``timeout``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            target = self._queued
            while self._written < target:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise RunError(f"the prediction log did not catch up within {timeout} s "
                                   f"({target - self._written} rows waiting)")
                if not self._thread.is_alive():
                    raise RunError("the prediction log writer has stopped")
                self._cond.wait(left if left is not None else 0.5)

    def stats(self) -> dict[str, int]:
        with self._cond:
            return {"pending": len(self._pending), "written": self._written,
                    "write_failures": self._failures}

    def close(self) -> None:
        """Write everything queued, then stop the thread. Idempotent."""
        with self._cond:
            if self._closing:
                return
            self._closing = True
            self._cond.notify_all()
        self._thread.join()
        atexit.unregister(self._atexit)
        lost = len(self._pending)
        if lost:  # only when the store failed on every retry at shutdown
            log.error("serve: %d prediction-log rows could not be written at shutdown", lost)

    def _run(self) -> None:
        attempt = 0
        while True:
            with self._cond:
                while not self._pending and not self._closing:
                    self._cond.wait()
                if not self._pending:  # closing and drained
                    return
                batch, self._pending = self._pending, []
            try:
                self._write(batch)
            except Exception as exc:  # keep the rows, say so, retry; never the rows themselves
                attempt += 1
                log.error("serve: writing %d rows to the prediction log failed (%s, attempt %d); "
                          "they are kept and retried", len(batch), type(exc).__name__, attempt)
                with self._cond:
                    self._pending[:0] = batch
                    self._failures += 1
                    self._failing = True
                    if self._closing and attempt >= _CLOSE_RETRIES:
                        return
                time.sleep(_BACKOFF_S[min(attempt, len(_BACKOFF_S)) - 1])
                continue
            attempt = 0
            with self._cond:
                self._written += len(batch)
                self._failing = False
                self._cond.notify_all()
