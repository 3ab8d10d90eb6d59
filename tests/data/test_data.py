"""meddx.data: loading and validating tables of notes, duplicates, and the data card.

Rows are counted from 1 as data records (a CSV header is not a row), and an error names the
file, the row and the column, but never the note text.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from meddx.config import load_config
from meddx.data import (
    DEMO_LABEL_NAMES,
    DataConfig,
    build_corpus,
    content_hash,
    data_card,
    demo_path,
    load_corpus,
    load_table,
    make_splits,
)
from meddx.errors import ConfigError, DataError

PHI = "Patient John Smith"


def _csv(*rows: str, header: str = "id,text,label") -> str:
    return "\n".join([header, *rows]) + "\n"


def _jsonl(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


GOOD = [f"{PHI} has chest pain", f"{PHI} reports a seizure", f"{PHI} notes melena"]

# (case id, file name, content, DataConfig kwargs, row, column, fragment of the message)
BAD_INPUTS = [
    (
        "missing-text-column", "notes.csv",
        _csv(f"1,{GOOD[0]},a", f"2,{GOOD[1]},b", header="id,note,label"),
        {}, None, "text", "text column 'text' not found; columns are: id, note, label",
    ),
    (
        "missing-label-column", "notes.csv", _csv(f"1,{GOOD[0]},a", f"2,{GOOD[1]},b"),
        {"label_column": "dx"}, None, "dx",
        "label column 'dx' not found; columns are: id, text, label",
    ),
    (
        "missing-label-columns-entry", "notes.csv",
        _csv(f"{GOOD[0]},1,0", f"{GOOD[1]},0,1", header="text,x,y"),
        {"label_columns": ["x", "z"]}, None, "z",
        "label column 'z' not found; columns are: text, x, y",
    ),
    (
        "missing-id-column", "notes.csv", _csv(f"1,{GOOD[0]},a", f"2,{GOOD[1]},b"),
        {"id_column": "mrn"}, None, "mrn",
        "id column 'mrn' not found; columns are: id, text, label",
    ),
    (
        "missing-patient-column", "notes.jsonl",
        _jsonl({"id": 1, "text": GOOD[0], "label": "a"}, {"id": 2, "text": GOOD[1], "label": "b"}),
        {"patient_column": "pid"}, None, "pid",
        "patient column 'pid' not found; columns are: id, text, label",
    ),
    (
        "empty-text", "notes.csv", _csv(f"1,{GOOD[0]},a", "2,,b", f"3,{GOOD[2]},a"),
        {}, 2, "text", "text is empty",
    ),
    (
        "whitespace-text", "notes.csv", _csv(f"1,{GOOD[0]},a", f"2,{GOOD[1]},b", '3,"  \t ",a'),
        {}, 3, "text", "text is empty",
    ),
    (
        "null-text-jsonl", "notes.jsonl",
        _jsonl({"text": GOOD[0], "label": "a"}, {"text": None, "label": "b"}),
        {}, 2, "text", "text is empty",
    ),
    (
        "empty-label-csv", "notes.csv", _csv(f"1,{GOOD[0]},a", f"2,{GOOD[1]},b", f"3,{GOOD[2]},"),
        {}, 3, "label", "label is missing",
    ),
    (
        "null-label-jsonl", "notes.jsonl",
        _jsonl({"text": GOOD[0], "label": "a"}, {"text": GOOD[1], "label": None},
               {"text": GOOD[2], "label": "b"}),
        {}, 2, "label", "label is missing",
    ),
    (
        "absent-label-key-jsonl", "notes.jsonl",
        _jsonl({"text": GOOD[0], "label": "a"}, {"text": GOOD[1], "label": "b"},
               {"text": GOOD[2]}),
        {}, 3, "label", "label is missing",
    ),
    (
        "missing-label-in-label-columns", "notes.csv",
        _csv(f"{GOOD[0]},1,0", f"{GOOD[1]},,1", header="text,x,y"),
        {"label_columns": ["x", "y"]}, 2, "x", "label value is missing",
    ),
    (
        "non-binary-label-column", "notes.csv",
        _csv(f"{GOOD[0]},1,0", f"{GOOD[1]},0,2", header="text,x,y"),
        {"label_columns": ["x", "y"]}, 2, "y", "must hold 0 or 1",
    ),
    (
        "unknown-label", "notes.csv", _csv(f"1,{GOOD[0]},a", f"2,{GOOD[1]},b", f"3,{GOOD[2]},c"),
        {"labels": ["a", "b"]}, 3, "label", "unknown label 'c'; allowed: a, b",
    ),
    (
        "non-utf8-csv", "notes.csv",
        _csv(f"1,{GOOD[0]},a", f"2,{GOOD[1]},b").encode() + f"3,{PHI} caf".encode() + b"\xe9,a\n",
        {}, 3, "text", "not valid UTF-8",
    ),
    (
        "non-utf8-csv-label", "notes.csv",
        _csv(f"1,{GOOD[0]},a").encode() + f"2,{GOOD[1]},".encode() + b"b\xff\n",
        {}, 2, "label", "not valid UTF-8",
    ),
    (
        "non-utf8-jsonl", "notes.jsonl",
        _jsonl({"text": GOOD[0], "label": "a"}).encode()
        + b'{"text": "' + PHI.encode() + b' caf\xe9", "label": "b"}\n',
        {}, 2, "text", "not valid UTF-8",
    ),
    (
        "lone-surrogate-escape-jsonl", "notes.jsonl",
        _jsonl({"text": GOOD[0], "label": "a"}) + '{"text": "' + PHI + r' \udce9", "label": "b"}',
        {}, 2, "text", "unpaired surrogate",
    ),
    (
        "duplicate-id", "notes.csv", _csv(f"7,{GOOD[0]},a", f"8,{GOOD[1]},b", f"7,{GOOD[2]},a"),
        {"id_column": "id"}, 3, "id", "duplicate id (the same as row 1)",
    ),
    (
        "missing-id", "notes.csv", _csv(f"7,{GOOD[0]},a", f",{GOOD[1]},b"),
        {"id_column": "id"}, 2, "id", "id is missing",
    ),
    (
        "invalid-json-line", "notes.jsonl",
        _jsonl({"text": GOOD[0], "label": "a"}) + "\n" + f'{{"text": "{PHI}", "label": \n',
        {}, 2, None,  # the column is on the line (it read "column 1" of the next line before)
        "not valid JSON (Expecting value, column "
        + str(len('{"text": "' + PHI + '", "label": ') + 1) + ")",
    ),
    (
        "json-line-with-a-raw-control-character", "notes.jsonl",  # a tab pasted into a string
        _jsonl({"text": GOOD[0], "label": "a"}) + '{"text": "' + PHI + '\tx", "label": "b"}\n',
        {}, 2, None, "not valid JSON (Invalid control character, column ",
    ),
    (
        "json-line-not-an-object", "notes.jsonl",
        _jsonl({"text": GOOD[0], "label": "a"}) + f'["{PHI}", "b"]\n',
        {}, 2, None, "each line must be a JSON object",
    ),
    (
        "json-array-file", "notes.json",  # json.dump(records): an array on one line
        json.dumps([{"text": PHI, "label": "a"}, {"text": GOOD[1], "label": "b"}]),
        {}, 1, None, "the file holds a JSON array",
    ),
    (
        "pretty-printed-json-array", "notes.json",
        json.dumps([{"text": PHI, "label": "a"}, {"text": GOOD[1], "label": "b"}], indent=2),
        {}, 1, None, "lines=True",
    ),
    ("empty-csv", "notes.csv", "", {}, None, None, "the file is empty"),
    ("empty-jsonl", "notes.jsonl", "\n\n", {}, None, None, "the file has no records"),
    ("header-only-csv", "notes.csv", "id,text,label\n", {}, None, None, "the file has no rows"),
    (
        "one-label-only", "notes.csv", _csv(f"1,{GOOD[0]},a", f"2,{GOOD[1]},a"),
        {}, None, "label", "need at least 2 distinct labels",
    ),
    ("unknown-extension", "notes.txt", _csv(f"1,{GOOD[0]},a"), {}, None, None, "'.txt'"),
]


@pytest.mark.parametrize(
    ("name", "content", "kwargs", "row", "column", "fragment"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_names_file_row_and_column(
    data_write, name, content, kwargs, row, column, fragment
):
    path = data_write(name, content)
    with pytest.raises(DataError) as info:
        load_corpus(DataConfig(**kwargs), path)
    err = info.value
    msg = str(err)
    assert (err.file, err.row, err.column) == (str(path), row, column), msg
    assert msg.startswith(str(path)), msg
    if row is not None:
        assert f"row {row}" in msg, msg
    if column is not None:
        assert f"column '{column}'" in msg, msg
    assert fragment in msg, msg
    assert "John" not in msg and "Smith" not in msg, msg  # never the note text
    assert "\n" not in msg


def test_invalid_rows_report_the_file_row_after_max_rows(data_write):
    path = data_write("notes.csv", _csv(f"1,{GOOD[0]},a", f"2,{GOOD[1]},b", "3,,a", "4,,b"))
    corpus = load_corpus(DataConfig(max_rows=2), path)
    assert corpus.rows == [1, 2]
    with pytest.raises(DataError) as info:
        load_corpus(DataConfig(max_rows=3), path)
    assert info.value.row == 3


# --- on_invalid: drop -----------------------------------------------------------------------


def test_drop_mode_drops_and_counts_each_reason(data_write):
    path = data_write(
        "notes.csv",
        _csv(
            "1,chest pain,a",      # kept
            "2,,b",                # empty_text
            '3,"   ",a',           # empty_text
            "4,seizure,",          # missing_label
            "5,melena,c",          # unknown_label
            "6,tremor,b",          # kept
            "7,jaundice,a",        # duplicate text with conflicting labels ...
            "8,jaundice,b",        # ... both copies dropped
            "9,angina,a",          # kept
            "10,angina,a",         # duplicate_text_same_labels
            "11,polyp,b",          # kept
        ),
    )
    corpus = load_corpus(DataConfig(on_invalid="drop", labels=["a", "b"], id_column="id"), path)
    assert corpus.dropped == Counter(
        empty_text=2, missing_label=1, unknown_label=1,
        duplicate_text_conflicting_labels=2, duplicate_text_same_labels=1,
    )
    assert corpus.rows == [1, 6, 9, 11]
    assert corpus.ids == ["1", "6", "9", "11"]
    assert corpus.texts == ["chest pain", "tremor", "angina", "polyp"]
    assert corpus.y.tolist() == [0, 1, 0, 1]


def test_drop_mode_with_nothing_left_is_an_error(data_write):
    path = data_write("notes.csv", _csv("1,,a", "2,  ,b"))
    with pytest.raises(DataError, match="no valid rows left") as info:
        load_corpus(DataConfig(on_invalid="drop", labels=["a", "b"]), path)
    assert info.value.file == str(path)


def test_a_registered_on_invalid_policy_is_accepted_and_sees_each_problem(data_write,
                                                                        monkeypatch):
    """data.on_invalid is checked against meddx.data.ON_INVALID and dispatched through it: a
    policy registered later passes validation and gets file, row, column and reason, never
    the note's text."""
    from meddx.data import ON_INVALID, register_on_invalid

    with pytest.raises(ConfigError, match="'error' or 'drop' \\(got 'keep_note'\\)"):
        load_config(overrides={"data": {"on_invalid": "keep_note"}})
    seen = []
    monkeypatch.setattr(ON_INVALID, "_items", dict(ON_INVALID.in_order()))  # undone after
    register_on_invalid("keep_note", "records the problem, then drops the row")(seen.append)
    assert load_config(overrides={"data": {"on_invalid": "keep_note"}}).data.on_invalid \
        == "keep_note"
    path = data_write("notes.csv", _csv("1,chest pain,a", "2,,b", "3,tremor,c", "4,polyp,b"))
    corpus = load_corpus(DataConfig(on_invalid="keep_note", labels=["a", "b"]), path)
    assert corpus.rows == [1, 4]
    assert [(p.source, p.row, p.column, p.reason) for p in seen] == [
        (str(path), 2, "text", "empty_text"), (str(path), 3, "label", "unknown_label")]
    assert not any("tremor" in p.message for p in seen)


# --- formats --------------------------------------------------------------------------------


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a1", "a2", "a3", "a4", "a5"],
            "text": [
                "chest pain", "seizure, new onset", 'said "stop"', "melena\nand pain", "é ü ß"
            ],
            "label": ["cardiac", "neuro", "neuro", "gi", "cardiac"],
        }
    )


def _write_format(df: pd.DataFrame, fmt: str, tmp_path):
    if fmt == "csv":
        path = tmp_path / "notes.csv"
        df.to_csv(path, index=False)
    elif fmt == "jsonl":
        path = tmp_path / "notes.jsonl"
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    elif fmt == "parquet":
        path = tmp_path / "notes.parquet"
        df.to_parquet(path, index=False)
    else:
        import datasets as datasets
        path = tmp_path / "notes_hf"
        datasets.Dataset.from_pandas(df, preserve_index=False).save_to_disk(str(path))
    return path


def _same_corpus(a, b) -> None:
    assert a.texts == b.texts
    assert a.labels == b.labels
    assert a.task == b.task
    assert a.ids == b.ids
    assert a.rows == b.rows
    np.testing.assert_array_equal(a.y, b.y)
    assert content_hash(a) == content_hash(b)


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "hf"])
def test_every_format_loads_the_same_corpus(tmp_path, fmt):
    cfg = DataConfig(id_column="id")
    reference = load_corpus(cfg, _write_format(_frame(), "csv", tmp_path))
    assert reference.texts == _frame()["text"].tolist()
    assert reference.labels == ["cardiac", "gi", "neuro"]
    corpus = load_corpus(cfg, _write_format(_frame(), fmt, tmp_path))
    _same_corpus(corpus, reference)
    assert corpus.file_sha256 and corpus.file_sha256 != reference.file_sha256


def test_numeric_columns_load_like_their_text(tmp_path):
    df = pd.DataFrame({"id": [1, 2, 3], "text": ["x", "y", "z"], "label": [1, 2, 1]})
    csv = load_corpus(DataConfig(id_column="id"), _write_format(df, "csv", tmp_path))
    pq = load_corpus(DataConfig(id_column="id"), _write_format(df, "parquet", tmp_path))
    _same_corpus(pq, csv)
    assert pq.labels == ["1", "2"] and pq.ids == ["1", "2", "3"]


def test_hf_dataset_dict_adds_a_split_column(tmp_path):
    import datasets as datasets
    df = _frame()
    train = datasets.Dataset.from_pandas(df.iloc[:3], preserve_index=False)
    test = datasets.Dataset.from_pandas(df.iloc[3:].reset_index(drop=True), preserve_index=False)
    path = tmp_path / "notes_dd"
    datasets.DatasetDict(train=train, test=test).save_to_disk(str(path))
    table = load_table(path)
    assert table["split"].tolist() == ["train"] * 3 + ["test"] * 2
    corpus = load_corpus(DataConfig(id_column="id", split={"column": "split"}), path)
    assert corpus.split_values == ["train"] * 3 + ["test"] * 2
    assert corpus.texts == df["text"].tolist()


def test_csv_bom_and_tsv(data_write):
    bom = data_write("bom.csv", b"\xef\xbb\xbf" + _csv("1,x,a", "2,y,b").encode())
    assert list(load_table(bom).columns) == ["id", "text", "label"]
    tsv = data_write("notes.tsv", "id\ttext\tlabel\n1\tx, y\ta\n2\tz\tb\n")
    assert load_table(tsv)["text"].tolist() == ["x, y", "z"]


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="file not found") as info:
        load_corpus(DataConfig(), tmp_path / "nope.csv")
    assert info.value.file == str(tmp_path / "nope.csv")


def test_no_path_at_all_is_a_config_error():
    with pytest.raises(ConfigError, match="--data"):
        load_corpus(DataConfig())


# --- labels and tasks -----------------------------------------------------------------------


def test_multilabel_by_delimiter(data_write):
    path = data_write("notes.csv", _csv("1,w,a|b", "2,x,b", "3,y, c | a ", "4,z,c"))
    corpus = load_corpus(DataConfig(label_delimiter="|"), path)
    assert corpus.task == "multilabel" and corpus.multilabel
    assert corpus.labels == ["a", "b", "c"]
    assert corpus.y.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 1], [0, 0, 1]]
    assert corpus.label_counts() == {"a": 2, "b": 2, "c": 2}


def test_multilabel_by_label_columns(data_write):
    path = data_write(
        "notes.csv", _csv("w,1,0,0", "x,0,1,1", "y,true,false,0", "z,0,0,0", header="text,x,y,q")
    )
    cfg = DataConfig(label_columns=["y", "x", "q"], label_names={"q": "quiet"})
    corpus = load_corpus(cfg, path)
    assert corpus.task == "multilabel"
    assert corpus.labels == ["y", "x", "quiet"]  # column order, names mapped
    assert corpus.y.tolist() == [[0, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 0]]


@pytest.mark.parametrize(
    ("labels", "kwargs", "task", "expected_labels"),
    [
        (["yes", "no", "no"], {}, "binary", ["no", "yes"]),
        (["a", "b", "c"], {}, "multiclass", ["a", "b", "c"]),
        (["10", "9", "2", "1"], {}, "multiclass", ["1", "2", "9", "10"]),  # natural order
        (["a", "b", "a"], {"task": "binary"}, "binary", ["a", "b"]),
        (["a", "b", "a"], {"task": "multiclass"}, "binary", ["a", "b"]),
        (["a", "b", "a"], {"labels": ["b", "a", "c"]}, "multiclass", ["b", "a", "c"]),
    ],
)
def test_task_inference(labels, kwargs, task, expected_labels):
    df = pd.DataFrame({"text": [f"note {i}" for i in range(len(labels))], "label": labels})
    corpus = build_corpus(df, DataConfig(**kwargs))
    assert corpus.task == task
    assert corpus.labels == expected_labels
    assert [corpus.labels[j] for j in corpus.y] == labels


def test_label_names_map_values_and_set_the_order():
    df = pd.DataFrame({"text": ["a", "b", "c", "d"], "label": ["1", "2", "1", "3"]})
    corpus = build_corpus(df, DataConfig(label_names={"3": "three", "1": "one", "2": "two"}))
    assert corpus.labels == ["three", "one", "two"]
    assert corpus.y.tolist() == [1, 2, 1, 0]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"task": "binary"}, "task 'binary' needs exactly 2 labels, found 3: a, b, c"),
        ({"task": "multilabel"}, "needs data.label_columns or data.label_delimiter"),
        ({"label_column": None}, "no label column"),
    ],
)
def test_label_config_errors(kwargs, fragment):
    df = pd.DataFrame({"text": ["x", "y", "z"], "label": ["a", "b", "c"]})
    with pytest.raises(ConfigError) as info:
        build_corpus(df, DataConfig(**kwargs))
    assert fragment in str(info.value)


# --- duplicates -----------------------------------------------------------------------------


def test_demo_drop_conflicting_duplicates():
    cfg = DataConfig(
        text_column="medical_abstract", label_column="condition_label",
        label_names=DEMO_LABEL_NAMES,
    )
    corpus = load_corpus(cfg, demo_path())
    assert corpus.dropped == Counter(duplicate_text_conflicting_labels=231)
    assert len(corpus) == 2657
    assert len(set(corpus.texts)) == len(corpus)
    assert corpus.labels == list(DEMO_LABEL_NAMES.values())
    assert corpus.task == "multiclass"


DUP_TABLE = pd.DataFrame(
    {
        "text": ["A", "A ", "A", "B", "B", "C", " C"],
        "label": ["x", "y", "x", "x", "x", "y", "y"],
    }
)


@pytest.mark.parametrize(
    ("policy", "rows", "dropped"),
    [
        (
            "drop_conflicting", [4, 6],
            {"duplicate_text_conflicting_labels": 3, "duplicate_text_same_labels": 2},
        ),
        (
            "keep_first", [1, 4, 6],
            {"duplicate_text_conflicting_labels": 2, "duplicate_text_same_labels": 2},
        ),
        ("keep_all", [1, 2, 3, 4, 5, 6, 7], {}),
    ],
)
def test_duplicate_policies(policy, rows, dropped):
    corpus = build_corpus(DUP_TABLE, DataConfig(duplicates=policy))
    assert corpus.rows == rows
    assert dict(corpus.dropped) == dropped
    assert [corpus.labels[j] for j in corpus.y] == [DUP_TABLE.label[r - 1] for r in rows]


# --- data card ------------------------------------------------------------------------------


def test_data_card(data_write, data_notes_frame):
    df = data_notes_frame.copy()
    df.loc[len(df)] = ["n13", "p7", "", "gi", "F"]  # dropped: empty text
    path = data_write("notes.csv", df.to_csv(index=False))
    cfg = DataConfig(
        id_column="id", patient_column="patient", group_columns=["sex"], on_invalid="drop",
        split={"train": 0.5, "validation": 0.25, "test": 0.25},
    )
    corpus = load_corpus(cfg, path)
    splits = make_splits(corpus, cfg.split)
    card = data_card(corpus, splits, cfg, prep_steps=["lowercase"])

    assert json.loads(json.dumps(card)) == card  # JSON-serialisable as it is
    assert card["source"] == str(path)
    assert card["file_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert card["content_sha256"] == content_hash(corpus)
    assert card["task"] == "multiclass"
    assert card["labels"] == ["cardiac", "gi", "neuro"]
    assert (card["n_rows_used"], card["n_rows_dropped"]) == (12, 1)
    assert card["dropped_by_reason"] == {"empty_text": 1}
    assert card["n_patients"] == 6
    assert card["split_grouping"] == "patient and identical text"
    assert card["duplicates_policy"] == "drop_conflicting"
    assert card["group_columns"] == {"sex": {"F": 6, "M": 6}}
    assert card["prep_steps"] == ["lowercase"]
    assert set(card["splits"]) == {"train", "validation", "test"}
    assert sum(s["n"] for s in card["splits"].values()) == 12
    for label in card["labels"]:
        assert sum(s["labels"][label] for s in card["splits"].values()) == 4
    for name, split in card["splits"].items():
        assert split["n"] == len(splits[name]) == sum(split["labels"].values())
        assert card["text_length"][name]["chars_max"] == max(
            len(corpus.texts[i]) for i in splits[name]
        )
        assert set(card["text_length"][name]) == {
            "chars_mean", "chars_median", "chars_p95", "chars_max",
            "words_mean", "words_median", "words_p95", "words_max",
        }
    assert "chest pain" not in json.dumps(card)  # numbers only, never note text


def test_content_hash_ignores_row_order_but_not_content(data_notes_frame):
    cfg = DataConfig()
    base = content_hash(build_corpus(data_notes_frame, cfg))
    shuffled = data_notes_frame.sample(frac=1.0, random_state=3).reset_index(drop=True)
    assert not shuffled["text"].equals(data_notes_frame["text"])
    assert content_hash(build_corpus(shuffled, cfg)) == base
    relabelled = data_notes_frame.copy()
    relabelled.loc[0, "label"] = "gi"
    assert content_hash(build_corpus(relabelled, cfg)) != base
    edited = data_notes_frame.copy()
    edited.loc[0, "text"] += "."
    assert content_hash(build_corpus(edited, cfg)) != base


def test_build_corpus_on_a_filtered_frame_keeps_columns_aligned(data_notes_frame):
    df = data_notes_frame.iloc[[11, 3, 0, 7, 5, 8]]  # the index is no longer 0..n-1
    cfg = DataConfig(id_column="id", patient_column="patient", group_columns=["sex"])
    corpus = build_corpus(df, cfg)
    assert corpus.ids == df["id"].tolist()
    assert corpus.texts == df["text"].tolist()
    assert corpus.patients == df["patient"].tolist()
    assert corpus.groups["sex"].tolist() == df["sex"].tolist()
    assert corpus.rows == [1, 2, 3, 4, 5, 6]


def test_parquet_integer_columns_with_nulls_keep_their_integer_spelling(tmp_path):
    """pyarrow-written Parquet: an integer column holding a null is not turned into floats
    (pandas' default: 12 -> 12.0, and 2**53 + 1 rounded); a null id is the CSV path's error."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    big = 9_007_199_254_740_993  # 2**53 + 1: not a float64
    path = tmp_path / "notes.parquet"
    pq.write_table(pa.table({
        "id": pa.array([12, big, 3], pa.int64()),
        "text": ["x y", "y z", "z w"],
        "label": ["a", "b", "a"],
        "patient": pa.array([big, None, 5], pa.int64()),
        "site": pa.array([3, None, 4], pa.int32()),
    }), path)
    table = load_table(path)
    assert table["patient"].tolist() == [big, None, 5]
    cfg = DataConfig(id_column="id", patient_column="patient", group_columns=["site"])
    corpus = load_corpus(cfg, path)
    assert corpus.ids == ["12", str(big), "3"]
    assert corpus.patients == [str(big), "", "5"]
    assert [str(v) for v in corpus.groups["site"]] == ["3", "None", "4"]

    pq.write_table(pa.table({"id": pa.array([12, None, 3], pa.int64()),
                             "text": ["x y", "y z", "z w"], "label": ["a", "b", "a"]}), path)
    with pytest.raises(DataError) as err:
        load_corpus(DataConfig(id_column="id"), path)
    csv = tmp_path / "notes.csv"
    csv.write_text("id,text,label\n12,x y,a\n,y z,b\n3,z w,a\n", encoding="utf-8")
    with pytest.raises(DataError) as csv_err:
        load_corpus(DataConfig(id_column="id"), csv)
    assert (err.value.row, err.value.column) == (csv_err.value.row, csv_err.value.column) == (
        2, "id")
    assert str(err.value).replace(str(path), "F") == str(csv_err.value).replace(str(csv), "F")


def test_an_invalid_row_error_names_the_setting_or_the_command_option(data_write):
    """The library names data.on_invalid; a CLI command with --on-invalid names its option."""
    from meddx.data import on_invalid_hint

    path = data_write("notes.csv", _csv("1,chest pain,a", "2,,b", "3,tremor,a"))
    with pytest.raises(DataError) as info:
        load_corpus(DataConfig(labels=["a", "b"]), path)
    assert str(info.value).endswith("text is empty (set data.on_invalid: drop to drop such rows)")
    with on_invalid_hint("pass --on-invalid drop"), pytest.raises(DataError) as info:
        load_corpus(DataConfig(labels=["a", "b"]), path)
    assert str(info.value).endswith("text is empty (pass --on-invalid drop to drop such rows)")
    with pytest.raises(DataError, match=r"\(set data.on_invalid: drop"):  # restored after
        load_corpus(DataConfig(labels=["a", "b"]), path)
