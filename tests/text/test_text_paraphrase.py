"""Paraphrase augmentation: the guards (table-driven), the cap, sentence mode, the data-card
summary, and the causal-LM paraphraser on a tiny random Llama built from config."""

from __future__ import annotations

import numpy as np
import pytest

from meddx.errors import ConfigError
from meddx.text import augment_texts, paraphrase_check, split_sentences

SOURCE = ("No chest pain; denies fever. Left arm pain treated with lisinopril 10 mg for 3 days. "
          "[NAME] seen on [DATE].")


@pytest.mark.parametrize(("new", "reason"), [
    ("Chest pain absent? no. Denies fever. Pain of the left arm, lisinopril 10 mg given over 3 "
     "days. [NAME] was seen on [DATE].", "negation"),  # "absent" is an extra negation cue
    ("No pain in the chest and denies fever. The left arm hurts; lisinopril 10mg for 3 days. "
     "[NAME] seen on [DATE].", ""),  # "10mg" is "10 mg"
    ("No pain in the chest and denies fever. The arm hurts; lisinopril 10 mg for 3 days. "
     "[NAME] seen on [DATE].", "laterality"),
    ("No pain in the chest and denies fever. The left arm hurts; lisinopril 20 mg for 3 days. "
     "[NAME] seen on [DATE].", "number"),
    ("No pain in the chest and denies fever. The left arm hurts; lisinopril 10 g for 3 days. "
     "[NAME] seen on [DATE].", "unit"),
    ("No pain in the chest and denies fever. The left arm hurts; a drug 10 mg for 3 days. "
     "[NAME] seen on [DATE].", "drug"),
    ("No pain in the chest and denies fever. The left arm hurts; lisinopril 10 mg for 3 days. "
     "John seen on [DATE].", "PHI tag"),
    ("Chest pain and fever. Left arm pain treated with lisinopril 10 mg for 3 days. [NAME] seen "
     "on [DATE].", "negation"),
    (SOURCE, "unchanged"),
    ("", "empty"),
    ("No pain.", "length"),
])
def test_paraphrase_guards(new, reason):
    got = paraphrase_check(SOURCE, new)
    if reason:
        assert got.startswith("paraphrase:") and reason in got, got
    else:
        assert got == ""


def test_split_sentences():
    assert split_sentences("No pain. Left knee 2 cm. [NAME] seen. e.g. here") == [
        "No pain.", "Left knee 2 cm.", "[NAME] seen. e.g. here"]


def _swap_words(texts):
    """A stand-in LM: swaps 'pain' and 'ache', so guards pass and the text changes."""
    return [t.replace("pain", "ache") for t in texts]


def _drop_negation(texts):
    return [t.replace("No ", "").replace("no ", "") for t in texts]


def test_paraphrase_kept_and_rejected():
    out = augment_texts([SOURCE], ["paraphrase"], n_per_text=2, paraphrase=_swap_words)
    assert all(a.kept and "ache" in a.text and a.ops == ["paraphrase"] for a in out)
    out = augment_texts(["no chest pain today"], ["paraphrase"], paraphrase=_drop_negation)
    assert [(a.kept, a.reason) for a in out] == [(False, "paraphrase: negation changed")]


def test_paraphrase_by_sentence_keeps_failed_sentences():
    def lm(texts):  # loses the negation in the first sentence only
        return [t.replace("No chest pain", "Chest ache") if t.startswith("No") else
                t.replace("pain", "ache") for t in texts]

    (a,) = augment_texts([SOURCE], ["paraphrase"], paraphrase=lm, paraphrase_unit="sentence")
    assert a.kept and a.sentences_rejected == 2  # the negation lost, the unchanged
    assert a.text.startswith("No chest pain; denies fever.") and "Left arm ache" in a.text


def test_paraphrase_cap_falls_back_or_skips():
    calls = []

    def lm(texts):
        calls.append(len(texts))
        return _swap_words(texts)

    out = augment_texts([SOURCE] * 5, ["paraphrase", "swap"], n_per_text=4, seed=0,
                        paraphrase=lm, max_paraphrases=2)
    assert sum(a.ops == ["paraphrase"] for a in out) == 2 and calls == [2]
    out = augment_texts([SOURCE] * 3, ["paraphrase"], paraphrase=lm, max_paraphrases=1)
    assert [a.reason for a in out[1:]] == ["over the paraphrase cap"] * 2 and out[0].kept


def test_paraphrase_needs_a_model():
    with pytest.raises(ConfigError, match="paraphrase"):
        augment_texts(["no pain"], ["paraphrase"])


def test_data_card_counts_paraphrases():
    from meddx.data import Corpus
    from meddx.text import AugmentConfig, augment_corpus

    corpus = Corpus(texts=[SOURCE, "no chest pain today"], y=np.array([0, 1]), labels=["a", "b"],
                    task="multiclass", ids=["n0", "n1"], rows=[1, 2], source="t")

    def lm(texts):
        return [_drop_negation([t])[0] if t.startswith("no") else _swap_words([t])[0]
                for t in texts]

    cfg = AugmentConfig(ops=["paraphrase"], n_per_note=2, max_paraphrases=3)
    new, summary = augment_corpus(corpus, cfg, paraphrase=lm)
    para = summary["paraphrase"]
    assert para["generated"] == 3 and para["skipped_over_cap"] == 1
    assert para["kept"] == summary["added"] == len(new) - 2
    assert summary["rejected"] == para["rejected"] == 3 - para["kept"]
    assert summary["rejected_by_reason"].get("paraphrase: negation changed", 0) >= 1


@pytest.mark.slow
def test_causal_paraphraser_tiny_llama(model_tiny_causal):
    from meddx.models import causal_paraphraser

    folder = model_tiny_causal
    lm = causal_paraphraser(str(folder), batch_size=2, max_new_tokens=8, seed=1)
    outs = lm(["no chest pain", "left knee swelling for 2 days", "fever"])
    assert len(outs) == 3 and all(isinstance(t, str) for t in outs)
    assert lm(["no chest pain"]) != [] and causal_paraphraser(str(folder), temperature=0,
                                                             max_new_tokens=4)(["fever"])
    out = augment_texts(["no chest pain today", "left knee swelling for 2 days"],
                        ["paraphrase"], n_per_text=2, paraphrase=lm)
    # A random model keeps neither negation nor numbers: every copy is rejected, with a reason.
    for a in out:
        assert a.kept == (paraphrase_check(
            ["no chest pain today", "left knee swelling for 2 days"][a.source], a.text) == "")
        assert a.kept or a.reason.startswith(("paraphrase:", "negation"))


@pytest.mark.slow
def test_augment_command_paraphrase(model_tiny_causal, tmp_path):
    import json

    from typer.testing import CliRunner

    from meddx.cli import app

    folder = model_tiny_causal
    src = tmp_path / "notes.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n"
                           for i, t in enumerate(["no chest pain", "left knee 2 cm"])))
    out = tmp_path / "aug.jsonl"
    res = CliRunner().invoke(app, ["augment", "--input", str(src), "--output", str(out), "--n",
                                   "2", "--ops", "paraphrase", "--paraphrase-model", str(folder),
                                   "--max-paraphrases", "3", "--show-rejected"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 4 and all(r["ops"] == ["paraphrase"] for r in rows)
    assert sum(r["reason"] == "over the paraphrase cap" for r in rows) == 1
    assert "1 not made (over --max-paraphrases)" in res.output


@pytest.mark.slow
def test_causal_paraphraser_speed_settings(model_tiny_causal):
    """The fix for "one second per token" (docs/benchmarks.md, Paraphrase augmentation):
    generation runs on one torch thread (two were 10-25 times slower on a loaded 2-core
    machine) and restores the caller's setting, keeps the KV cache on, and each row of a
    batch stops at its own cap (twice its length plus 16 tokens), not at the longest row's."""
    import torch

    from meddx.models import causal_paraphraser, load_causal_lm, load_causal_tokenizer

    lm = load_causal_lm(model_tiny_causal)  # the cached model the paraphraser will use
    tok = load_causal_tokenizer(model_tiny_causal)
    seen = []
    generate = lm.generate

    def spy(*args, **kwargs):
        out = generate(*args, **kwargs)
        seen.append((torch.get_num_threads(), kwargs, out[:, kwargs["input_ids"].shape[1]:]))
        return out

    texts = ["fever", "left knee swelling for two days after a fall at home, no bruising"]
    caps = [2 * len(tok(t, add_special_tokens=False)["input_ids"]) + 16 for t in texts]
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    lm.generate = spy
    try:
        outs = causal_paraphraser(str(model_tiny_causal), batch_size=2, seed=3)(texts)
        assert torch.get_num_threads() == 2  # the caller's setting is back
    finally:
        del lm.generate
        torch.set_num_threads(before)
    assert len(outs) == 2 and len(seen) == 1
    threads, kwargs, new = seen[0]
    assert threads == 1
    assert kwargs.get("use_cache", True) and lm.generation_config.use_cache
    assert kwargs["max_new_tokens"] == max(caps)
    # Batched shortest first: row 0 is "fever"; it ends at its own cap (or at an end of
    # sequence), then only padding, while the long row goes on.
    made = [int((row != tok.pad_token_id).sum()) for row in new]
    assert made[0] <= caps[0] < made[1] <= caps[1]
    assert (new[0, caps[0]:] == tok.pad_token_id).all()
