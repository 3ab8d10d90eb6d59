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


def test_a_missing_column_says_which_role_and_which_flag(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("nid,body\na7,one\n", encoding="utf-8")
    run = _run(tmp_path, text_column="note", id_column="note_id")
    with pytest.raises(DataError) as err:
        run.input_notes(path)
    assert str(err.value) == (f"{path}, column 'note': text column 'note' not found; columns "
                              "are: nid, body (set --text-column)")
    with pytest.raises(DataError) as err:
        run.input_notes(path, text_column="body")
    assert str(err.value) == (f"{path}, column 'note_id': id column 'note_id' not found; "
                              "columns are: nid, body (set --id-column)")


def test_an_empty_text_names_its_row_and_column_not_the_notes(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "seen by Dr. Quellbrand"}\n{"text": "   "}\n', encoding="utf-8")
    with pytest.raises(DataError) as err:
        _run(tmp_path).input_notes(path)
    assert (err.value.row, err.value.column) == (2, "text")
    assert "Quellbrand" not in str(err.value)


def _write(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "content", "row"), [
    ("in.jsonl", '{"id": 7, "text": "one"}\n{"text": "two by Dr. Quellbrand"}\n', 2),
    ("in.jsonl", '{"id": 7, "text": "one"}\n{"id": null, "text": "two"}\n', 2),
    ("in.jsonl", '{"id": "", "text": "one"}\n', 1),
    ("in.csv", "id,text\n7,one\n,two by Dr. Quellbrand\n", 2),
    ("in.csv", "id,text\n7,one\n  ,two\n", 2),
])
def test_a_missing_id_names_its_row_and_column(tmp_path, name, content, row):
    path = _write(tmp_path, name, content)
    with pytest.raises(DataError) as err:
        _run(tmp_path).input_notes(path, id_column="id")
    assert (err.value.row, err.value.column) == (row, "id")
    assert "id is missing" in str(err.value) and "Quellbrand" not in str(err.value)


@pytest.mark.parametrize(("name", "content"), [
    ("in.jsonl", '{"id": 7, "text": "one"}\n{"id": 8, "text": "two"}\n{"id": 7, "text": "x"}\n'),
    ("in.csv", "id,text\nMRN7,one\nMRN8,two\nMRN7,three\n"),
])
def test_a_duplicate_id_names_both_rows_but_not_the_id(tmp_path, name, content):
    path = _write(tmp_path, name, content)
    with pytest.raises(DataError) as err:
        _run(tmp_path, id_column="id").input_notes(path)
    assert (err.value.row, err.value.column) == (3, "id")
    assert "duplicate id (the same as row 1)" in str(err.value)
    assert "MRN" not in str(err.value) and "7" not in str(err.value).replace(str(path), "")


def test_ids_are_kept_as_written(tmp_path):
    path = _write(tmp_path, "in.jsonl", '{"id": 7, "text": "one"}\n{"id": "007", "text": "two"}\n'
                                        '{"id": 123456789012345678, "text": "three"}\n')
    ids, _ = _run(tmp_path).input_notes(path, id_column="id")
    assert ids == ["7", "007", "123456789012345678"]
    mixed = _write(tmp_path, "mixed.jsonl", '{"id": 7, "text": "one"}\n{"id": 8.5, "text": "two"}\n'
                                            '{"id": 123456789012345678, "text": "three"}\n')
    assert _run(tmp_path).input_notes(mixed, id_column="id")[0] == ["7", "8.5",
                                                                     "123456789012345678"]
    csv = _write(tmp_path, "in.csv", "id,text\n007,one\n7.0,two\n")
    assert _run(tmp_path).input_notes(csv, id_column="id")[0] == ["007", "7.0"]


@pytest.mark.parametrize("value", ['["Dr. Quellbrand", "cough"]', '{"a": "Dr. Quellbrand"}', "5"])
def test_a_text_that_is_not_a_string_names_its_row_and_field(tmp_path, value):
    path = _write(tmp_path, "in.jsonl", f'{{"text": "one"}}\n{{"text": {value}}}\n')
    with pytest.raises(DataError) as err:
        _run(tmp_path).input_notes(path)
    assert (err.value.row, err.value.column) == (2, "text")
    assert "text must be a string" in str(err.value) and "Quellbrand" not in str(err.value)


def test_a_header_only_file_has_no_notes(tmp_path):
    path = _write(tmp_path, "in.csv", "id,text\n")
    with pytest.raises(DataError, match="no notes in the file") as err:
        _run(tmp_path).input_notes(path, id_column="id")
    assert err.value.file == str(path)


@pytest.mark.parametrize("limit", [-1, 0])
def test_a_limit_below_one_is_refused(tmp_path, limit):
    path = _write(tmp_path, "in.csv", "text\none\ntwo\n")
    with pytest.raises(ValueError, match="limit must be at least 1"):
        _run(tmp_path).input_notes(path, limit=limit)


def test_predict_file_checks_the_input_before_loading_the_model(tmp_path, monkeypatch):
    import meddx.runs
    from meddx.serve import predict_file

    def boom(*args, **kwargs):
        raise AssertionError("the model was loaded before the input was checked")

    monkeypatch.setattr(meddx.runs, "load_run", boom)
    with pytest.raises(DataError, match="file not found"):
        predict_file(tmp_path / "run", tmp_path / "missing.csv", tmp_path / "out.jsonl")
    with pytest.raises(DataError, match="not a file"):
        predict_file(tmp_path / "run", tmp_path, tmp_path / "out.jsonl")


# Parquet written by pyarrow: an integer id column with a null comes back from pandas as
# floats (12 -> 12.0); the reader keeps the integers as written and names the null's row.

def _parquet(tmp_path, ids, id_type="int64"):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "in.parquet"
    texts = ["first note", "second by Dr. Quellbrand", "third note"][:len(ids)]
    pq.write_table(pa.table({"id": pa.array(ids, type=getattr(pa, id_type)()),
                             "text": texts}), path)
    return path


@pytest.mark.parametrize("id_type", ["int64", "int32", "uint64"])
def test_parquet_integer_ids_with_a_null_keep_their_spelling(tmp_path, id_type):
    path = _parquet(tmp_path, [12, 9_007_199_254_740_993 if id_type != "int32" else 7, None],
                    id_type)
    ids, _ = _run(tmp_path).input_notes(path, id_column="id", limit=2)
    assert ids == ["12", "9007199254740993" if id_type != "int32" else "7"]


def test_parquet_null_id_names_its_row_and_column(tmp_path):
    path = _parquet(tmp_path, [12, None, 3])
    with pytest.raises(DataError) as err:
        _run(tmp_path).input_notes(path, id_column="id")
    assert (err.value.file, err.value.row, err.value.column) == (str(path), 2, "id")
    assert "id is missing" in str(err.value) and "Quellbrand" not in str(err.value)


@pytest.mark.parametrize("dtype", ["Int64", "string"])
def test_parquet_from_pandas_nullable_columns_treat_na_as_missing(tmp_path, dtype):
    """pandas' nullable dtypes come back with pd.NA, not None: a null id is still "id is
    missing" (not the id '<NA>'), and a null patient is no patient (as in a CSV)."""
    import pandas as pd

    from meddx.data import DataConfig, load_corpus

    path = tmp_path / "in.parquet"
    ids = [12, None, 3] if dtype == "Int64" else ["12", None, "3"]
    pd.DataFrame({"id": pd.array(ids, dtype=dtype), "text": ["a b", "c d", "e f"]}).to_parquet(path)
    with pytest.raises(DataError) as err:
        _run(tmp_path).input_notes(path, id_column="id", limit=2)
    assert (err.value.row, err.value.column) == (2, "id") and "id is missing" in str(err.value)
    pd.DataFrame({"id": ["a", "b", "c"], "text": ["a b", "c d", "e f"], "label": ["x", "y", "x"],
                  "patient": pd.array([7, None, 8], dtype="Int64")}).to_parquet(path)
    corpus = load_corpus(DataConfig(label_column="label", patient_column="patient"), path)
    assert corpus.patients == ["7", "", "8"]
