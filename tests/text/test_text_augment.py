"""Augmentation: guards under every operation, the validity filter, and `meddx augment`."""

from __future__ import annotations

import json
import re

import pytest

from meddx.errors import ConfigError
from meddx.text import AUGMENT_OPS, augment_texts

LOCAL_OPS = [op for op in AUGMENT_OPS if op not in ("backtranslate", "paraphrase")]
NOTES = [
    "Patient reports no chest pain and denies fever, pain in the left arm treated with "
    "lisinopril 10 mg daily for hypertension and headache",
    "Without edema; abdomen soft with normal bowel sounds, [NAME] seen on [DATE] for "
    "rheumatoid arthritis and anxiety",
]
KEPT = ["no", "denies", "left", "lisinopril", "10 mg", "Without", "[NAME]", "[DATE]"]


@pytest.mark.parametrize("op", LOCAL_OPS)
def test_guarded_words_survive_every_operation(op):
    out = augment_texts(NOTES, [op], n_per_text=5, p=0.5, seed=3)
    for a in out:
        for word in KEPT:
            pattern = r"(?<![\w\[])" + re.escape(word) + r"(?![\w\]])"
            if re.search(pattern, NOTES[a.source]):
                assert re.search(pattern, a.text), (op, word, a.text)


def test_operations_change_free_words():
    changed = {op: any(a.text != NOTES[a.source]
                       for a in augment_texts(NOTES, [op], n_per_text=5, p=0.5, seed=1))
               for op in LOCAL_OPS}
    assert all(changed.values()), changed


def test_validity_filter_rejects_lost_negation():
    out = augment_texts(["no chest pain"], ["backtranslate"],
                        translate=lambda texts: ["chest pain" for _ in texts])
    assert [(a.kept, a.reason) for a in out] == [(False, "negation cues or numbers changed")]
    out = augment_texts(["no chest pain today"], ["backtranslate"],
                        translate=lambda texts: ["no pain of the chest today" for _ in texts])
    assert out[0].kept


def test_teacher_filter():
    out = augment_texts(["no chest pain today"], ["backtranslate"], labels=[1],
                        teacher=lambda texts: [0 for _ in texts],
                        translate=lambda texts: ["no thoracic pain today" for _ in texts])
    assert out[0].reason == "teacher label changed"


@pytest.mark.parametrize(("ops", "message"), [
    (["typo"], "unknown typo"),
    ([], "none given"),
    (["backtranslate"], "marian"),
])
def test_bad_ops_one_line(ops, message):
    with pytest.raises(ConfigError, match=message):
        augment_texts(["no pain"], ops)


def test_augment_command(tmp_path):
    from typer.testing import CliRunner

    from meddx.cli import app

    src = tmp_path / "notes.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n"
                           for i, t in enumerate(NOTES)))
    out = tmp_path / "aug.jsonl"
    res = CliRunner().invoke(app, ["augment", "--input", str(src), "--output", str(out),
                                   "--n", "3", "--ops", "synonym,swap", "--show-rejected"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 6 and {r["source_id"] for r in rows} == {"0", "1"}
    assert all(r["ops"][0] in ("synonym", "swap") for r in rows)
    assert "rejected" in res.output


def test_augment_corpus_adds_copies_with_their_labels():
    import numpy as np

    from meddx.data import Corpus
    from meddx.text import AugmentConfig, augment_corpus

    corpus = Corpus(texts=list(NOTES), y=np.array([0, 1]), labels=["a", "b"], task="multiclass",
                    ids=["n0", "n1"], rows=[1, 2], source="t")
    new, summary = augment_corpus(corpus, AugmentConfig(ops=["synonym", "swap"], n_per_note=3))
    assert new.texts[:2] == NOTES and new.ids[:2] == ["n0", "n1"]
    assert len(new) == 2 + summary["added"] and summary["added"] + summary["rejected"] == 6
    for text, y, rid in zip(new.texts[2:], new.y[2:], new.ids[2:], strict=True):
        source = int(rid[1])
        assert rid.startswith(f"n{source}-aug") and y == corpus.y[source]
        assert text != NOTES[source]  # an unchanged copy is rejected
    assert summary["split"] == "train"


def test_augment_config_errors_are_one_line():
    from meddx.config import load_config

    with pytest.raises(ConfigError, match="unknown operation"):
        load_config(overrides={"augment": {"ops": ["typo"]}})
    with pytest.raises(ConfigError, match="marian"):
        load_config(overrides={"augment": {"ops": ["backtranslate"]}})


@pytest.mark.parametrize(("ops", "hint"), [
    (["synonyms"], "; did you mean 'synonym'?"),
    (["swap", "paraphrasing"], "; did you mean 'paraphrase'?"),
    (["xyz"], ""),
])
def test_an_unknown_operation_names_the_closest_one(ops, hint):
    from meddx.config import load_config

    with pytest.raises(ConfigError) as config_error:
        load_config(overrides={"augment": {"ops": ops}})
    with pytest.raises(ConfigError) as call_error:
        augment_texts(NOTES[:1], ops=ops)
    for message in (str(config_error.value), str(call_error.value)):
        assert message.endswith("backtranslate, paraphrase" + hint), message


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_augment_never_overwrites_its_input(tmp_path, how):
    """Writes follow a symlinked --output (meddx._io.output_target), so an output that is the
    input, a link to it or a hard link of it is refused before anything is written."""
    import os

    from typer.testing import CliRunner

    from meddx.cli import app

    src = tmp_path / "notes.jsonl"
    body = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(NOTES))
    src.write_text(body)
    out = src if how == "same" else tmp_path / "aug.jsonl"
    if how == "symlink":
        out.symlink_to(src.name)
    elif how == "hardlink":
        os.link(src, out)
    res = CliRunner().invoke(app, ["augment", "--input", str(src), "--output", str(out),
                                   "--ops", "swap"])
    assert res.exit_code != 0
    assert "--output must differ from --input" in res.output
    assert src.read_text() == body
