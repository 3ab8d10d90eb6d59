"""One wording for a repeated id in every command (session 19): rows and column, never the id
(an id may be a medical record number)."""

from __future__ import annotations

import json

import pytest

from meddx.data import DataConfig, UniqueIds, duplicate_id_error, iter_notes, load_corpus
from meddx.errors import DataError

MRN = "MRN0042917"
WORDING = "duplicate id (the same as row 1)"


def test_unique_ids_refuses_the_second_sighting_with_the_shared_wording():
    ids = UniqueIds("notes.csv", "mrn")
    ids.add(MRN, 1)
    ids.add("MRN0042918", 2)
    with pytest.raises(DataError) as err:
        ids.add(MRN, 4)
    assert str(err.value) == f"notes.csv, row 4, column 'mrn': {WORDING}"
    assert (err.value.file, err.value.row, err.value.column) == ("notes.csv", 4, "mrn")
    assert str(duplicate_id_error(1, file="f", row=4, column="mrn")) == str(err.value).replace(
        "notes.csv", "f")


def test_train_refuses_a_repeated_id_without_showing_it(tmp_path):
    path = tmp_path / "notes.csv"
    rows = [f"{MRN},Seen for chest pain today.,a", "MRN0042918,Cough and fever.,b",
            f"{MRN},Follow-up of a rash.,a"]
    path.write_text("id,text,label\n" + "\n".join(rows) + "\n")
    with pytest.raises(DataError) as err:
        load_corpus(DataConfig(id_column="id"), path)
    assert str(err.value) == f"{path}, row 3, column 'id': {WORDING}"
    assert MRN not in str(err.value)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_the_note_reader_refuses_a_repeated_id_without_showing_it(tmp_path, suffix):
    path = tmp_path / f"notes{suffix}"
    if suffix == ".jsonl":
        path.write_text("".join(json.dumps({"id": i, "text": "x"}) + "\n"
                                for i in (MRN, "B", MRN)))
    else:
        path.write_text(f"id,text\n{MRN},x\nB,y\n{MRN},z\n")
    with pytest.raises(DataError) as err:
        list(iter_notes(path, unique_ids=True))
    assert str(err.value) == f"{path}, row 3, column 'id': {WORDING}"
