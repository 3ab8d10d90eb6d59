"""The streamed note reader of meddx deid / abbrev / augment (``iter_notes``) on files a user
gets wrong: each error is one line naming the file, row and column, never note text."""

from __future__ import annotations

import json

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


@pytest.mark.parametrize("indent", [None, 2])
def test_json_array_file_says_to_save_json_lines(tmp_path, indent):
    src = tmp_path / "notes.json"
    src.write_text(json.dumps([{"id": 1, "text": PHI}], indent=indent), encoding="utf-8")
    with pytest.raises(DataError) as err:
        list(iter_notes(src))
    message = str(err.value)
    assert message.startswith(f"{src}, row 1: the file holds a JSON array"), message
    assert "lines=True" in message and "John" not in message


def test_a_json_line_cut_short_names_the_column_on_that_line(tmp_path):
    src = tmp_path / "notes.jsonl"
    cut = '{"id": 2, "text": "' + PHI + '", "label": '
    src.write_text('{"id": 1, "text": "ok"}\n' + cut + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        list(iter_notes(src))
    message = str(err.value)
    assert message == f"{src}, row 2: not valid JSON (column {len(cut) + 1})", message


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


@pytest.mark.parametrize(("bad_row", "sep"), [(1, ","), (2000, ","), (2001, ","), (4500, "\t")])
def test_non_utf8_csv_row_is_found_in_one_read(tmp_path, monkeypatch, bad_row, sep):
    """The row of a bad byte is named from the chunk being parsed: the file is not read a second
    time (no whole-file load_table), the rows before it are streamed, the header is kept."""
    import meddx.data._load as load
    import meddx.data._notes as notes

    def no_second_read(*args, **kwargs):
        raise AssertionError("the whole file was read again")

    monkeypatch.setattr(load, "load_table", no_second_read)
    monkeypatch.setattr(notes, "load_table", no_second_read, raising=False)
    src = tmp_path / ("notes.csv" if sep == "," else "notes.tsv")
    lines = [b"\xef\xbb\xbfid" + sep.encode() + b"text"]  # with a BOM
    for i in range(1, 5001):
        note = PHI.encode() + (b" caf\xe9" if i == bad_row else " café".encode())
        lines.append(str(i).encode() + sep.encode() + note)
    src.write_bytes(b"\n".join(lines) + b"\n")
    seen = []
    with pytest.raises(DataError) as err:
        for rid, text, record in iter_notes(src):
            seen.append(rid)
            assert text.endswith("café") and list(record) == ["id", "text"]
    assert (err.value.row, err.value.column) == (bad_row, "text")
    assert f"row {bad_row}, column 'text'" in str(err.value) and "John" not in str(err.value)
    assert seen == [str(i) for i in range(1, len(seen) + 1)] and len(seen) < bad_row


def test_non_utf8_csv_header_is_named(tmp_path):
    src = tmp_path / "notes.csv"
    src.write_bytes(b"id,t\xe9xt\n1,fine\n")
    with pytest.raises(DataError, match="notes.csv: the header is not valid UTF-8"):
        list(iter_notes(src))


@pytest.mark.parametrize("size", [1, 3, 5, 64, -1])
def test_marked_utf8_passes_valid_text_through_and_marks_bad_bytes(size):
    import io

    from meddx.data._load import _BAD_BYTE, MarkedUtf8

    def read_all(raw: bytes) -> tuple[bytes, bool]:
        stream = MarkedUtf8(io.BytesIO(raw))
        parts = []
        while part := stream.read(size):
            parts.append(part)
        return b"".join(parts), stream.bad

    good = "id,text\n1,café 10 µg ☃ \U0001f600\n".encode()
    assert read_all(good) == (good, False)  # characters split by any read size come whole
    assert read_all(b"a,caf\xe9\n") == (f"a,caf{_BAD_BYTE}\n".encode(), True)
    assert read_all(b"a,caf\xc3") == (f"a,caf{_BAD_BYTE}".encode(), True)  # cut at the end


@pytest.mark.parametrize("size", [1, 3, 7, 4096])
def test_marked_utf8_never_returns_more_than_asked_even_through_a_buffered_reader(size):
    import io

    from meddx.data._load import MarkedUtf8

    raw = b"a\xe9" * 50  # each bad byte grows to the 4-byte marker
    stream = MarkedUtf8(io.BytesIO(raw))
    parts = []
    while part := stream.read(size):
        assert len(part) <= size
        parts.append(part)
    assert len(b"".join(parts)) == 250 and stream.read(0) == b""
    assert len(io.BufferedReader(MarkedUtf8(io.BytesIO(raw))).read(7)) == 7


def test_non_utf8_byte_in_a_row_with_a_field_too_many_is_still_an_error(tmp_path):
    src = tmp_path / "notes.csv"
    src.write_bytes(b"id,text\n1\xe9,a,b\n2,c\n")  # pandas makes the first column the index
    with pytest.raises(DataError) as err:
        list(iter_notes(src))
    assert "UTF-8" in str(err.value) and "notes.csv" in str(err.value)


def test_unique_ids_refuses_a_repeated_id_naming_rows_not_the_id(tmp_path):
    src = tmp_path / "notes.csv"
    src.write_text(f"id,text\nMRN123,{PHI} a\nMRN456,{PHI} b\nMRN123,{PHI} c\n")
    assert len(list(iter_notes(src))) == 3  # without unique_ids (abbrev-train reads text only)
    with pytest.raises(DataError) as err:
        list(iter_notes(src, unique_ids=True))
    assert str(err.value) == f"{src}, row 3, column 'id': duplicate id (the same as row 1)"
    assert (err.value.file, err.value.row, err.value.column) == (str(src), 3, "id")
