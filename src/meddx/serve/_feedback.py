"""Clinician feedback on logged predictions: the ``feedback`` table, next to ``predictions`` in
the prediction-log database, and the review queue read from both.

The table (other stages read it: ``meddx monitor report`` joins ``label`` on ``prediction_id``,
``meddx retrain`` builds its extra training rows from it; keep the columns as they are):

=============  =========================================================================
id             integer primary key
prediction_id  ``predictions.id`` the feedback is about
label          the correct label as the reviewer judged it (JSON, like ``predictions.label``:
               a string, or a list for multilabel runs); on *agree* the predicted label;
               NULL for a comment alone
agree          true: the reviewer agrees with the prediction; false: relabelled;
               NULL: comment only
comment        free text of the reviewer or NULL (stored, never logged)
reviewer       who gave the feedback (the name given at login, or ``key:HASH8`` for a
               bearer key)
created_at     UTC time
model_version  the model version of the prediction
=============  =========================================================================
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from meddx.errors import DataError

__all__ = ["FEEDBACK_TABLE", "FeedbackStore"]

FEEDBACK_TABLE = "feedback"


def _table(sa, metadata):
    return sa.Table(
        FEEDBACK_TABLE, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("prediction_id", sa.Integer, nullable=False, index=True),
        sa.Column("label", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("agree", sa.Boolean, nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("model_version", sa.String(200), nullable=False),
    )


class FeedbackStore:
    """The ``feedback`` table on the engine of a :class:`PredictionStore` (created if missing)."""

    def __init__(self, predictions) -> None:
        self._log = predictions
        self._sa = predictions._sa
        self.engine = predictions.engine
        self.predictions = predictions.table
        self.table = _table(self._sa, self._sa.MetaData())
        self.table.metadata.create_all(self.engine)

    def prediction(self, prediction_id: int) -> dict[str, Any] | None:
        self._log.flush()  # rows still queued for the writer thread are not in the table yet
        query = self._sa.select(self.predictions).where(self.predictions.c.id == prediction_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return dict(row._mapping) if row is not None else None

    def queue(self, limit: int) -> list[dict[str, Any]]:
        """The ``limit`` most recent predictions that have de-identified text, newest first,
        each with ``reviews``: its feedback rows so far (oldest first)."""
        sa, p, f = self._sa, self.predictions, self.table
        self._log.flush()
        query = sa.select(p).where(p.c.text.is_not(None)).order_by(p.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
            ids = [r["id"] for r in rows]
            reviews: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
            if ids:
                for r in conn.execute(sa.select(f).where(f.c.prediction_id.in_(ids)).order_by(f.c.id)):
                    reviews[r.prediction_id].append(dict(r._mapping))
        for row in rows:
            row["reviews"] = reviews[row["id"]]
        return rows

    def add(self, prediction_id: int, *, reviewer: str, label: Any = None, agree: bool | None = None,
            comment: str | None = None) -> dict[str, Any]:
        """Store one feedback row about a logged prediction; a DataError when there is none."""
        pred = self.prediction(prediction_id)
        if pred is None:
            raise DataError(f"no logged prediction with id {prediction_id}", column="prediction_id")
        row = {"prediction_id": prediction_id, "label": label, "agree": agree, "comment": comment,
               "reviewer": reviewer, "created_at": datetime.now(UTC),
               "model_version": pred["model_version"]}
        with self.engine.begin() as conn:
            row["id"] = conn.execute(self.table.insert(), row).inserted_primary_key[0]
        return row

    def rows(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                self._sa.select(self.table).order_by(self.table.c.id))]
