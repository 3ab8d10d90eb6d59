"""meddx.data.make_splits: deterministic, leakage-safe, stratified splits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from meddx.data import SPLITS, DataConfig, SplitConfig, build_corpus, load_corpus, make_splits
from meddx.errors import DataError

SHARES = {"a": 0.6, "b": 0.3, "c": 0.1}


def _synthetic(n: int = 1000, seed: int = 0, notes_per_patient: int = 3) -> pd.DataFrame:
    """``n`` notes, labels drawn with SHARES, a few notes per patient, some repeated texts."""
    rng = np.random.default_rng(seed)
    labels = rng.choice(list(SHARES), size=n, p=list(SHARES.values()))
    texts = [f"note {i} about {lab}" for i, lab in enumerate(labels)]
    # Every 50th note repeats an earlier note of another patient (same label).
    for i in range(50, n, 50):
        j = i - 25
        texts[i], labels[i] = texts[j], labels[j]
    return pd.DataFrame(
        {
            "text": texts,
            "label": labels,
            "patient": [f"p{i // notes_per_patient}" for i in range(n)],
        }
    )


@pytest.fixture(scope="module")
def corpus():
    cfg = DataConfig(patient_column="patient", duplicates="keep_all")
    return build_corpus(_synthetic(), cfg)


def _check_partition(splits: dict[str, np.ndarray], n: int) -> None:
    assert set(splits) == set(SPLITS)
    joined = np.concatenate([splits[s] for s in SPLITS])
    assert len(joined) == n and set(joined.tolist()) == set(range(n))
    for idx in splits.values():
        assert idx.dtype == np.int64
        assert idx.tolist() == sorted(idx.tolist())


def _where(splits: dict[str, np.ndarray], n: int) -> list[str]:
    out = [""] * n
    for name, idx in splits.items():
        for i in idx:
            out[i] = name
    return out


def test_same_seed_same_split_other_seed_other_split(corpus):
    cfg = SplitConfig(seed=5)
    first, again = make_splits(corpus, cfg), make_splits(corpus, cfg)
    for s in SPLITS:
        np.testing.assert_array_equal(first[s], again[s])
    other = make_splits(corpus, SplitConfig(seed=6))
    assert not np.array_equal(first["test"], other["test"])
    _check_partition(first, len(corpus))
    _check_partition(other, len(corpus))


@pytest.mark.parametrize("seed", [0, 1, 13])
def test_no_patient_and_no_text_in_two_splits(corpus, seed):
    splits = make_splits(corpus, SplitConfig(seed=seed))
    where = _where(splits, len(corpus))
    by_patient: dict[str, set[str]] = {}
    by_text: dict[str, set[str]] = {}
    for i in range(len(corpus)):
        by_patient.setdefault(corpus.patients[i], set()).add(where[i])
        by_text.setdefault(corpus.texts[i].strip(), set()).add(where[i])
    assert all(len(s) == 1 for s in by_patient.values())
    assert all(len(s) == 1 for s in by_text.values())
    assert len(by_text) < len(corpus)  # the data does repeat texts


def test_identical_texts_of_different_patients_share_a_split():
    # Text "same" is written for patients p0, p1, p2; p1 also has another note.
    df = pd.DataFrame(
        {
            "text": ["same", "same ", " same", "other", "x1", "x2", "x3", "x4", "x5", "x6"],
            "label": ["a", "a", "a", "b", "b", "a", "b", "a", "b", "b"],
            "patient": ["p0", "p1", "p2", "p1", "p3", "p4", "p5", "p6", "p7", "p8"],
        }
    )
    corpus = build_corpus(df, DataConfig(patient_column="patient", duplicates="keep_all"))
    for seed in range(5):
        where = _where(make_splits(corpus, SplitConfig(seed=seed)), len(corpus))
        assert len({where[0], where[1], where[2], where[3]}) == 1


def test_stratification_keeps_class_shares(corpus):
    cfg = SplitConfig()
    splits = make_splits(corpus, cfg)
    total = corpus.label_counts()
    n = len(corpus)
    for name in SPLITS:
        idx = splits[name]
        assert abs(len(idx) / n - getattr(cfg, name)) < 0.02, (name, len(idx))
        counts = corpus.label_counts(idx)
        for label in corpus.labels:
            share = counts[label] / len(idx)
            assert abs(share - total[label] / n) < 0.03, (name, label, share)


@pytest.mark.parametrize(
    "fractions",
    [
        {"train": 0.5, "validation": 0.25, "test": 0.25},
        {"train": 0.8, "validation": 0.0, "test": 0.2},
        {"train": 0.6, "validation": 0.1, "test": 0.3},
    ],
)
def test_fractions_are_respected(corpus, fractions):
    splits = make_splits(corpus, SplitConfig(**fractions))
    _check_partition(splits, len(corpus))
    for name, frac in fractions.items():
        assert abs(len(splits[name]) / len(corpus) - frac) < 0.02, (name, len(splits[name]))
    if fractions["validation"] == 0:
        assert len(splits["validation"]) == 0


@pytest.mark.parametrize(
    ("count", "fractions", "raises"),
    [
        (2, {}, True),  # three splits need three examples
        (1, {"train": 0.8, "validation": 0.0, "test": 0.2}, True),
        (2, {"train": 0.8, "validation": 0.0, "test": 0.2}, False),
        (3, {}, False),
    ],
)
def test_a_class_smaller_than_the_number_of_splits(count, fractions, raises):
    df = pd.DataFrame(
        {"text": [f"n{i}" for i in range(20 + count)], "label": ["common"] * 20 + ["rare"] * count}
    )
    corpus = build_corpus(df, DataConfig())
    cfg = SplitConfig(**fractions)
    if not raises:
        splits = make_splits(corpus, cfg)
        _check_partition(splits, len(corpus))
        return
    with pytest.raises(DataError) as info:
        make_splits(corpus, cfg)
    assert f"label 'rare' has {count} example(s)" in str(info.value)
    assert info.value.file == corpus.source


# --- a predefined split column --------------------------------------------------------------


def _predefined_frame(values: list[str]) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame(
        {
            "text": [f"note {i}" for i in range(n)],
            "label": ["a", "b"] * (n // 2) + ["a"] * (n % 2),
            "fold": values,
        }
    )


def test_predefined_train_test_carves_validation_from_train():
    df = _predefined_frame(["train"] * 80 + ["test"] * 20)
    cfg = DataConfig(split=SplitConfig(column="fold"))
    corpus = build_corpus(df, cfg)
    splits = make_splits(corpus, cfg.split)
    _check_partition(splits, len(corpus))
    assert splits["test"].tolist() == list(range(80, 100))
    assert set(splits["validation"].tolist()) <= set(range(80))
    # validation takes validation / (train + validation) of the train rows: 80 * 0.125 = 10,
    # stratified (5 of each label), give or take the greedy dealing's rounding.
    assert abs(len(splits["validation"]) - 10) <= 1
    counts = corpus.label_counts(splits["validation"])
    assert abs(counts["a"] - counts["b"]) <= 1
    again = make_splits(corpus, cfg.split)
    np.testing.assert_array_equal(splits["validation"], again["validation"])


def test_predefined_split_values_and_aliases_are_used_as_given():
    values = ["Train", "val", " dev", "TEST", "training", "valid", "testing", "eval"] * 3
    cfg = DataConfig(split=SplitConfig(column="fold"))
    corpus = build_corpus(_predefined_frame(values), cfg)
    splits = make_splits(corpus, cfg.split)
    expected = {"train": [0, 4], "validation": [1, 2, 5], "test": [3, 6, 7]}
    for name, offsets in expected.items():
        assert splits[name].tolist() == sorted(o + 8 * k for k in range(3) for o in offsets)


def test_predefined_validation_zero_keeps_train_whole():
    cfg = DataConfig(split=SplitConfig(column="fold", train=0.8, validation=0.0, test=0.2))
    corpus = build_corpus(_predefined_frame(["train"] * 8 + ["test"] * 2), cfg)
    splits = make_splits(corpus, cfg.split)
    assert splits["train"].tolist() == list(range(8))
    assert len(splits["validation"]) == 0


def test_predefined_unknown_value_names_the_file_row_and_column(data_write):
    values = ["train"] * 6 + ["holdout"] + ["test"] * 3
    df = _predefined_frame(values)
    df.loc[1, "text"] = ""  # dropped first: the error must still give the file's row
    path = data_write("notes.csv", df.to_csv(index=False))
    cfg = DataConfig(split=SplitConfig(column="fold"), on_invalid="drop")
    corpus = load_corpus(cfg, path)
    with pytest.raises(DataError) as info:
        make_splits(corpus, cfg.split)
    err = info.value
    assert (err.file, err.row, err.column) == (str(path), 7, "fold")
    assert "unknown split value 'holdout'" in str(err)
    assert "row 7" in str(err) and "column 'fold'" in str(err)


@pytest.mark.parametrize("values", [["train"] * 10, ["test"] * 10, ["validation"] * 10])
def test_predefined_split_needs_train_and_test(values):
    cfg = DataConfig(split=SplitConfig(column="fold"))
    corpus = build_corpus(_predefined_frame(values), cfg)
    with pytest.raises(DataError, match="'train' and some 'test'") as info:
        make_splits(corpus, cfg.split)
    assert info.value.column == "fold"


# --- multilabel -----------------------------------------------------------------------------


def test_multilabel_splits():
    rng = np.random.default_rng(1)
    n = 300
    labels = ["|".join(lab for lab in "xyz" if rng.random() < 0.4) or "x" for _ in range(n)]
    df = pd.DataFrame({"text": [f"note {i}" for i in range(n)], "label": labels})
    corpus = build_corpus(df, DataConfig(label_delimiter="|"))
    assert corpus.task == "multilabel"
    splits = make_splits(corpus, SplitConfig(seed=3))
    _check_partition(splits, n)
    total = corpus.label_counts()
    for name, frac in (("train", 0.7), ("validation", 0.1), ("test", 0.2)):
        assert abs(len(splits[name]) / n - frac) < 0.03
        counts = corpus.label_counts(splits[name])
        for label in corpus.labels:
            assert abs(counts[label] / total[label] - frac) < 0.05, (name, label)
    again = make_splits(corpus, SplitConfig(seed=3))
    for s in SPLITS:
        np.testing.assert_array_equal(splits[s], again[s])
