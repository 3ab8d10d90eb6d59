"""Reading a window of the prediction log (and feedback labels, once a ``feedback`` table with
``prediction_id`` and ``label`` exists) with SQLAlchemy, read-only: nothing is created."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from meddx.errors import ConfigError, RunError, require

__all__ = ["parse_time", "read_feedback", "read_window"]

_COLUMNS = ("id", "created_at", "model_version", "n_chars", "n_tokens_approx", "oov_rate",
            "label", "probabilities", "abstain", "groups", "text")


def parse_time(value: str | date | datetime | None, *, option: str, end: bool = False) -> datetime | None:
    """A bound of the window as an aware UTC datetime. A date alone means the start of that day
    (UTC); as an end bound (``--until``) the day is included. Times without a zone are UTC."""
    if value is None or isinstance(value, datetime | date):
        parsed = value
    else:
        text = str(value).strip()
        try:
            parsed = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise ConfigError(f"{option}: '{text}' is not a date or time; use ISO 8601, such as "
                              "2026-11-01 or 2026-11-01T08:00:00Z") from None
    if parsed is None:
        return None
    if not isinstance(parsed, datetime):
        parsed = datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC)
        if end:
            parsed += timedelta(days=1)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _engine(url: str):
    sa = require("sqlalchemy", "monitor")
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise ConfigError(f"--store: cannot use the URL ({type(exc).__name__})") from None
    if engine.url.get_backend_name() == "sqlite":
        db = engine.url.database
        if not db or db == ":memory:" or not Path(db).is_file():
            engine.dispose()
            raise RunError(f"no prediction log at '{db}'; serve the run first (meddx serve) or "
                           "pass --store")
    return sa, engine


def _bound(engine, moment: datetime) -> datetime:
    # SQLite keeps naive UTC times; other backends compare aware ones
    return moment.replace(tzinfo=None) if engine.url.get_backend_name() == "sqlite" else moment


def read_window(url: str, *, since: datetime | None = None, until: datetime | None = None) -> pd.DataFrame:
    """Rows of the ``predictions`` table with ``since <= created_at < until``, oldest first;
    ``created_at`` as aware UTC timestamps."""
    sa, engine = _engine(url)
    try:
        if not sa.inspect(engine).has_table("predictions"):
            raise RunError(f"the store '{engine.url.render_as_string(hide_password=True)}' has no "
                           "'predictions' table")
        table = sa.Table("predictions", sa.MetaData(), autoload_with=engine)
        cols = [table.c[c] for c in _COLUMNS if c in table.c]
        query = sa.select(*cols).order_by(table.c.id)
        if since is not None:
            query = query.where(table.c.created_at >= _bound(engine, since))
        if until is not None:
            query = query.where(table.c.created_at < _bound(engine, until))
        with engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
    finally:
        engine.dispose()
    frame = pd.DataFrame(rows, columns=[c.name for c in cols])
    for col in ("label", "probabilities", "groups"):  # JSON reflected from SQLite may be text
        if col in frame:
            frame[col] = frame[col].map(_json)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


def read_feedback(url: str) -> pd.DataFrame | None:
    """``prediction_id`` and ``label`` of the ``feedback`` table (the review page writes it; a
    comment alone has no label and is skipped; the latest label per prediction wins), or None
    when there is none yet."""
    sa, engine = _engine(url)
    try:
        inspector = sa.inspect(engine)
        if not inspector.has_table("feedback"):
            return None
        names = {c["name"] for c in inspector.get_columns("feedback")}
        if not {"prediction_id", "label"} <= names:
            return None
        table = sa.Table("feedback", sa.MetaData(), autoload_with=engine)
        with engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(
                sa.select(table.c.prediction_id, table.c.label).where(table.c.label.is_not(None))
                .order_by(table.c.prediction_id, *([table.c.id] if "id" in table.c else [])))]
    finally:
        engine.dispose()
    frame = pd.DataFrame(rows, columns=["prediction_id", "label"])
    frame["label"] = frame["label"].map(_json)
    return frame.drop_duplicates("prediction_id", keep="last")


def _json(value: Any) -> Any:
    import json

    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value
