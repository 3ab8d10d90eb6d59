"""LoadedRun.input_notes: the one reader of new notes for ``meddx predict`` and ``meddx explain``."""

from __future__ import annotations

import pytest

from meddx.config import RunConfig
from meddx.errors import DataError
from meddx.runs import LoadedRun


def _run(tmp_path, **data) -> LoadedRun:
    return LoadedRun(tmp_path, RunConfig(data=data) if data else RunConfig(), None, None)


def test_ids_are_row_numbers_without_an_id_column(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("text\nfirst note\nsecond note\nthird note\n", encoding="utf-8")
    assert _run(tmp_path).input_notes(path) == (["1", "2", "3"],
                                                ["first note", "second note", "third note"])
    assert _run(tmp_path).input_notes(path, limit=2) == (["1", "2"], ["first note", "second note"])


def test_named_columns_win_over_the_run_settings(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"nid": "a7", "body": "one"}\n{"nid": "b9", "body": "two"}\n',
                    encoding="utf-8")
    run = _run(tmp_path)
    assert run.input_notes(path, text_column="body", id_column="nid") == (["a7", "b9"],
                                                                         ["one", "two"])
    with pytest.raises(DataError, match="'text'"):
        run.input_notes(path)


def test_an_empty_text_names_its_row_and_column_not_the_notes(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "seen by Dr. Quellbrand"}\n{"text": "   "}\n', encoding="utf-8")
    with pytest.raises(DataError) as err:
        _run(tmp_path).input_notes(path)
    assert (err.value.row, err.value.column) == (2, "text")
    assert "Quellbrand" not in str(err.value)
