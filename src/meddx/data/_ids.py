"""One wording for a repeated id, shared by every command that reads notes with ids.

An id may be a medical record number, so the message names the rows and the column, never
the id itself: ``notes.csv, row 3, column 'id': duplicate id (the same as row 1)``.
"""

from __future__ import annotations

from meddx.errors import DataError

__all__ = ["UniqueIds", "duplicate_id_error"]


def duplicate_id_error(first_row: int, *, file: str, row: int, column: str) -> DataError:
    """The error for an id at ``row`` that ``first_row`` already had (1-based rows)."""
    return DataError(f"duplicate id (the same as row {first_row})", file=file, row=row,
                     column=column)


class UniqueIds:
    """Ids seen so far in one file: :meth:`add` refuses a repeated one with
    :func:`duplicate_id_error`."""

    def __init__(self, file: object, column: str) -> None:
        self.file, self.column = str(file), column
        self._first: dict[str, int] = {}

    def add(self, rid: str, row: int) -> None:
        first = self._first.setdefault(rid, row)
        if first != row:
            raise duplicate_id_error(first, file=self.file, row=row, column=self.column)
