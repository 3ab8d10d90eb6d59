"""A CSV row with more fields than its header (an unquoted comma in a note) is an error naming
the file and row, from every CSV reader: pandas would otherwise make the first column the index
and shift every value, putting a piece of the note into ``id``."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from meddx.data import iter_notes, load_table
from meddx.errors import DataError

NOTE = "Pt Jane Quellbrand seen 3/4/2021, cough improving"

CASES = [  # (file name, content, row, fields, header width, separator word)
    ("first.csv", f"id,text\n101,{NOTE}\n", 1, 3, 2, "comma"),
    ("every.csv", f"id,text\n101,{NOTE}\n102,{NOTE}\n", 1, 3, 2, "comma"),
    ("later.csv", f"id,text\n101,fine\n102,{NOTE}\n", 2, 3, 2, "comma"),
    ("two.csv", f"id,text\n101,{NOTE}, again\n102,fine\n", 1, 4, 2, "comma"),
    ("wider.csv", f"id,text\n101,{NOTE}\n102,fine\n103,{NOTE}, again\n", 1, 3, 2, "comma"),
    ("notes.tsv", "id\ttext\n101\tfine\n102\tPt Jane\tQuellbrand\n", 2, 3, 2, "tab"),
]


def _check(err: DataError, name: str, row: int, fields: int, header: int, word: str) -> None:
    message = str(err)
    assert message.startswith(f"{name}, row {row}: {fields} fields, the header has {header} "
                              f"(an unquoted {word} in a text field, or a trailing {word} "
                              f"on the data rows? quote the field or remove it)"), message
    assert err.row == row
    assert "Jane" not in message and "Quellbrand" not in message and "cough" not in message


READERS = {"load_table": load_table, "iter_notes": lambda path: list(iter_notes(path))}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("name", "content", "row", "fields", "header", "word"), CASES)
def test_csv_readers_refuse_a_row_with_a_field_too_many(tmp_path, reader, name, content, row,
                                                        fields, header, word):
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as err:
        READERS[reader](src)
    _check(err.value, str(src), row, fields, header, word)


def test_quoted_commas_are_read_as_written(tmp_path):
    src = tmp_path / "notes.csv"
    src.write_text(f'id,text\n101,"{NOTE}"\n', encoding="utf-8")
    assert load_table(src).to_dict("records") == [{"id": "101", "text": NOTE}]
    assert [(i, t) for i, t, _ in iter_notes(src)] == [("101", NOTE)]


def test_deid_cli_refuses_the_file_and_prints_no_note_text(tmp_path):
    src = tmp_path / "f.csv"
    src.write_text(f"id,text\n101,{NOTE}\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(app, ["deid", "--input", str(src), "--output", str(out), "-q"])
    assert result.exit_code == 2, result.output
    assert "row 1: 3 fields, the header has 2" in result.output
    assert "Jane" not in result.output and "PHI found" not in result.output
    assert not out.exists()


@pytest.mark.parametrize(("sep", "word"), [(";", "semicolon"), ("\t", "tab")])
def test_a_csv_with_another_separator_is_named_as_such(tmp_path, sep, word):
    # third review of session 15: the separator hint had been replaced by "quote the field"
    from meddx.data import load_table
    from meddx.errors import DataError

    path = tmp_path / "notes.csv"
    path.write_text(f"id{sep}text\n1{sep}hello, there\n2{sep}world\n", encoding="utf-8")
    with pytest.raises(DataError, match=f"{word}-separated"):
        load_table(path)
