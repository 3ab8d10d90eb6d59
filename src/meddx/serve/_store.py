"""The prediction log: one row per note the service scored, through SQLAlchemy 2.

SQLite in the run directory by default (``sqlite:///RUN/predictions.db``); any SQLAlchemy URL
works (``postgresql+psycopg://...`` with its driver installed). The table is created when the
store opens. A row holds the time (UTC), the request id, the model version, the SHA-256 of the
de-identified text, summary features, the probabilities, the label, the abstain flag and its
reasons, and the group attributes the request passed. The note text is never stored, except
the de-identified text when ``store_text`` is set.

Rows are written by a :class:`~meddx.serve._writer.BatchWriter` thread, many requests a
transaction (``commit="batched"``, the default), or in the request's own transaction
(``commit="per_request"``). Readers of the log in this process call :meth:`flush` first
(:meth:`rows` does); :meth:`close` writes everything queued.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from meddx.errors import ConfigError, require

__all__ = ["PredictionStore", "default_store_url", "text_sha256"]

log = logging.getLogger("meddx")

TABLE = "predictions"


def default_store_url(run_dir: str | Path) -> str:
    return f"sqlite:///{(Path(run_dir) / 'predictions.db').as_posix()}"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _table(sa, metadata):
    return sa.Table(
        TABLE, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("request_id", sa.String(64), nullable=False, index=True),
        sa.Column("model_version", sa.String(200), nullable=False, index=True),
        sa.Column("text_sha256", sa.String(64), nullable=False, index=True),
        sa.Column("n_chars", sa.Integer, nullable=False),
        sa.Column("n_tokens_approx", sa.Integer, nullable=False),
        sa.Column("oov_rate", sa.Float, nullable=True),
        sa.Column("label", sa.JSON, nullable=False),
        sa.Column("probabilities", sa.JSON, nullable=False),
        sa.Column("abstain", sa.Boolean, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("groups", sa.JSON, nullable=True),
        sa.Column("text", sa.Text, nullable=True),
    )


class PredictionStore:
    """Append-only log of predictions. ``log`` queues one request's rows for the writer thread
    (``commit="batched"``) or writes them in one transaction (``commit="per_request"``)."""

    def __init__(self, url: str, *, store_text: bool = False,
                 commit: Literal["batched", "per_request"] = "batched", max_pending: int = 10_000) -> None:
        if commit not in ("batched", "per_request"):
            raise ConfigError(f"prediction log commit must be 'batched' or 'per_request'; got {commit!r}")
        sa = require("sqlalchemy", "serve")
        self._sa = sa
        try:
            # SQLite: writers from many request threads wait for the lock (60 s) instead of
            # failing with 'database is locked' on a busy machine.
            sqlite = sa.engine.make_url(url).get_backend_name() == "sqlite"
            self.engine = sa.create_engine(url, connect_args={"timeout": 60} if sqlite else {})
        except (sa.exc.ArgumentError, ImportError) as exc:
            hint = ("; the PostgreSQL driver comes with pip install 'meddx[postgres]'"
                    if isinstance(exc, ImportError) and url.startswith("postgres") else "")
            raise ConfigError(f"--store: cannot use the URL '{_safe(sa, url)}' "
                              f"({type(exc).__name__}: {exc}){hint}") from None
        self.url = self.engine.url.render_as_string(hide_password=True)
        self.store_text = store_text
        self.table = _table(sa, sa.MetaData())
        if self.engine.url.get_backend_name() == "sqlite" and self.engine.url.database:
            Path(self.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
        self.table.metadata.create_all(self.engine)
        self.commit = commit
        self._writer = None
        if commit == "batched":
            from meddx.serve._writer import BatchWriter

            self._writer = BatchWriter(self._insert, max_pending=max_pending)
        log.info("serve: prediction log at %s (text stored: %s, commit %s)", self.url,
                 "de-identified" if store_text else "no", commit)

    def log(self, records: list[dict[str, Any]], *, request_id: str, model_version: str) -> None:
        """Write one row per record (keys: ``text`` (de-identified), ``label``,
        ``probabilities``, ``abstain``, ``reasons``, ``features``, ``groups``)."""
        now = datetime.now(UTC)
        rows = [{
            "created_at": now, "request_id": request_id, "model_version": model_version,
            "text_sha256": text_sha256(r["text"]),
            "n_chars": int(r["features"]["n_chars"]),
            "n_tokens_approx": int(r["features"]["n_tokens_approx"]),
            "oov_rate": r["features"].get("oov_rate"),
            "label": r["label"], "probabilities": r["probabilities"],
            "abstain": bool(r["abstain"]), "reasons": list(r["reasons"]),
            "groups": r.get("groups") or None,
            "text": r["text"] if self.store_text else None,
        } for r in records]
        if self._writer is not None:
            self._writer.put(rows)
        else:
            self._insert(rows)

    def _insert(self, rows: list[dict[str, Any]]) -> None:
        with self.engine.begin() as conn:
            conn.execute(self.table.insert(), rows)

    def flush(self, timeout: float | None = 30.0) -> None:
        """Wait until every row logged so far is in the database."""
        if self._writer is not None:
            self._writer.flush(timeout)

    def stats(self) -> dict[str, int]:
        """``pending`` (queued, not yet written), ``written`` and ``write_failures`` (batched)."""
        return self._writer.stats() if self._writer is not None else {}

    def rows(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The logged rows, oldest first (for reports and tests)."""
        self.flush()
        query = self._sa.select(self.table).order_by(self.table.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def close(self) -> None:
        """Write every queued row, then release the connections. Idempotent."""
        if self._writer is not None:
            self._writer.close()
        self.engine.dispose()


def _safe(sa, url: str) -> str:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # unparsable: show only the scheme
        return url.split(":", 1)[0] + ":..."
