"""The crf's word lists travel with the model (session 25, branch crf25; ``_crf_vocab``): a
list edit (a rule's new word in ``resources/medical_terms.txt``) never reaches the features of a
model trained before it; a trained model has its snapshot beside it; a user's model without
one reads today's lists, with a warning."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

pytest.importorskip("pycrfsuite")

from meddx.deid import CrfDetector, _gazetteer, _lexicon, train_crf  # noqa: E402
from meddx.deid import _crf_features as cf  # noqa: E402
from meddx.deid._crf_vocab import (  # noqa: E402
    encode_vocab,
    load_vocab,
    model_vocab,
    vocab_path,
)
from meddx.errors import ModelError  # noqa: E402

#: no list holds it (a made-up word)
NEW = "zqxwvmed"


def _clear_lists() -> None:
    _lexicon.lexicon.cache_clear()
    _gazetteer.gazetteer.cache_clear()
    cf._lists.cache_clear()


@pytest.fixture
def edited_lists(monkeypatch):
    """``medical_terms.txt`` with one more word, as a rule's edit would leave it (the lists
    re-read; restored after the test)."""
    lines = _lexicon._lines

    def more(name: str) -> list[str]:
        return lines(name) + [NEW] if name == "medical_terms.txt" else lines(name)

    _clear_lists()
    monkeypatch.setattr(_lexicon, "_lines", more)
    yield
    monkeypatch.undo()
    _clear_lists()


def _notes(n: int) -> list:
    out = []
    for i in range(n):
        name = ["Ann Lee", "Bo Diaz", "Cy Moss", "Di Park"][i % 4]
        text = f"Seen by {name} on rounds; {NEW} noted, {'stable' if i % 2 else 'improving'}."
        out.append((text, [(8, 8 + len(name), "NAME")]))
    return out


def test_a_list_edit_no_longer_reaches_the_bundled_crf_features(edited_lists):
    assert NEW in cf._lists()[4][1]  # the edit reached today's lists ("med")
    word = NEW.capitalize()
    det = CrfDetector()
    own = det.cache.entry(word)[0]
    assert b"in:med" not in own  # the bundled model reads the lists it was trained with
    text = f"Seen by Dr Lee for {word} review on rounds."
    _clear_lists()  # back to the lists as shipped: the same features, the same tags
    assert det.token_probs(text) == CrfDetector().token_probs(text)


def test_the_bundled_snapshot_holds_every_list_the_features_read():
    vocab = load_vocab(str(vocab_path(CrfDetector().path)))
    assert tuple(flag for flag, _ in vocab) == cf.LIST_FLAGS
    assert all(words for _, words in vocab)
    assert "bipap" in dict(vocab)["med"] and NEW not in dict(vocab)["med"]


def test_a_trained_model_reads_its_own_snapshot_not_a_later_list_edit(tmp_path):
    path = tmp_path / "m.crfsuite"
    info = train_crf(_notes(8), path, max_iterations=20)
    snap = tmp_path / "m.vocab.gz"
    assert snap.is_file() and info["vocab_bytes"] == snap.stat().st_size
    assert NEW not in dict(load_vocab(str(snap)))["med"]
    _clear_lists()
    lines = _lexicon._lines
    try:
        _lexicon._lines = lambda name: lines(name) + ([NEW] if name == "medical_terms.txt"
                                                      else [])
        assert NEW in dict(cf._lists())["med"]  # the edit reached today's lists
        assert NEW not in dict(CrfDetector(path).cache._lists)["med"]
        again = tmp_path / "again.crfsuite"  # trained after the edit: it pins the new word
        train_crf(_notes(8), again, max_iterations=20)
        assert NEW in dict(load_vocab(str(tmp_path / "again.vocab.gz")))["med"]
        assert NEW in dict(CrfDetector(again).cache._lists)["med"]
    finally:
        _lexicon._lines = lines
        _clear_lists()


def test_training_with_a_snapshot_gives_the_same_model_and_snapshot(tmp_path):
    first = tmp_path / "a.crfsuite"
    train_crf(_notes(8), first, max_iterations=20)
    second = tmp_path / "b.crfsuite"
    train_crf(_notes(8), second, max_iterations=20, vocab=tmp_path / "a.vocab.gz")
    assert second.read_bytes() == first.read_bytes()
    assert (tmp_path / "b.vocab.gz").read_bytes() == (tmp_path / "a.vocab.gz").read_bytes()


def test_a_model_without_its_snapshot_reads_todays_lists_and_says_so(tmp_path, caplog):
    path = tmp_path / "old.crfsuite"
    train_crf(_notes(8), path, max_iterations=20)
    vocab_path(path).unlink()
    with caplog.at_level(logging.WARNING, logger="meddx.deid._crf_vocab"):
        det = CrfDetector(path)
        CrfDetector(path)
    warned = [r.getMessage() for r in caplog.records if "snapshot" in r.getMessage()]
    assert len(warned) == 1 and "old.vocab.gz" in warned[0] and "Retrain" in warned[0]
    assert det.cache._lists == cf._lists()
    assert det.detect("Seen by Ann Lee on rounds.") is not None


def test_a_missing_bundled_snapshot_or_a_bad_one_is_a_model_error(tmp_path):
    model = tmp_path / "deid_crf.crfsuite"
    with pytest.raises(ModelError, match="reinstall"):
        model_vocab(str(model), bundled=True)
    vocab_path(model).write_bytes(b"not gzip")
    with pytest.raises(ModelError, match="not a crf word-list snapshot"):
        model_vocab(str(model))
    odd = tmp_path / "odd.vocab.gz"
    odd.write_bytes(encode_vocab((("fn", frozenset({"ann"})), ("zz", frozenset({"x"})))))
    with pytest.raises(ModelError, match="unknown list 'zz'"):
        load_vocab(str(odd))


def test_the_snapshot_name_and_bytes_are_reproducible():
    assert vocab_path("a/deid_crf.crfsuite") == Path("a/deid_crf.vocab.gz")
    assert vocab_path("model") == Path("model.vocab.gz")
    vocab = (("fn", frozenset({"ann", "bo"})), ("med", frozenset()))
    assert encode_vocab(vocab) == encode_vocab(tuple((f, set(w)) for f, w in vocab))
