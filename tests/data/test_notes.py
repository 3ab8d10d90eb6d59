"""The streamed note reader of meddx deid / abbrev / augment (``iter_notes``) on files a user
gets wrong: each error is one line naming the file, row and column, never note text."""

from __future__ import annotations

import pytest

from meddx.data import column_not_found, iter_notes
from meddx.errors import DataError

PHI = "Patient John Smith"


def test_tsv_is_read_tab_separated(tmp_path):
    src = tmp_path / "notes.tsv"
    src.write_text(f"id\ttext\n1\t{PHI}, seen today\n2\tno comma here\n", encoding="utf-8")
    assert [(i, t) for i, t, _ in iter_notes(src)] == [("1", f"{PHI}, seen today"),
                                                      ("2", "no comma here")]


def test_tab_separated_saved_as_csv_says_so(tmp_path):
    src = tmp_path / "notes.csv"
    src.write_text(f"id\tnote\n1\t{PHI}\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        list(iter_notes(src, "note"))
    message = str(err.value)
    assert "notes.csv" in message and "column 'note'" in message
    assert "tab-separated" in message and "rename it to .tsv" in message
    assert "John" not in message


def test_non_utf8_csv_names_the_row_and_column(tmp_path):
    src = tmp_path / "notes.csv"
    src.write_bytes(b"id,text\n1,fine\n2,also fine\n3," + PHI.encode() + b" caf\xe9\n")
    with pytest.raises(DataError) as err:
        list(iter_notes(src))
    message = str(err.value)
    assert "notes.csv, row 3, column 'text'" in message and "UTF-8" in message
    assert "John" not in message and "row 0" not in message


@pytest.mark.parametrize(("columns", "hint"), [
    (["id", "note"], None),
    (["id\tnote\tdx"], "tab-separated"),
    (["id;note;dx"], "semicolon-separated"),
])
def test_column_not_found_names_the_columns_and_the_delimiter(columns, hint):
    error = column_not_found("text", columns, "notes.csv", role="text", row=4)
    message = str(error)
    assert message.startswith("notes.csv, row 4, column 'text': text column 'text' not found")
    assert error.file == "notes.csv" and error.column == "text" and error.row == 4
    if hint is None:
        assert "columns are: id, note" in message and "separated" not in message
    else:
        assert hint in message
