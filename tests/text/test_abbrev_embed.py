"""The sentence-embedding term of abbreviation disambiguation (session 10): weight * cosine
between the context window and "the patient has <sense>", added for short forms without cue rows
(the masked window, FALLBACK_EMBED_WEIGHT) and, as a tie-breaker, for short forms with cue rows
when none of their cues is found (the window as it stands, TIE_EMBED_WEIGHT); sense embeddings
once per short form in one batch; the model resolves without an encoder (one log line)."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from meddx.errors import MissingExtraError
from meddx.text import AbbreviationModel, load_inventory, missing_embedder
from meddx.text._abbrev_embed import FALLBACK_EMBED_WEIGHT, TIE_EMBED_WEIGHT, SenseVectors
from meddx.text._abbrev_model import embedding_term
from tests._support.abbrev import fake_embed

FREQ = "short,sense,frequency\nzq,alpha beta,0.9\nzq,gamma delta,0.1\n"
TEXT = "Findings: ZQ with gamma delta pattern."
MASKED = "Findings: with gamma delta pattern."
TEMPLATES = ["the patient has alpha beta", "the patient has gamma delta"]


def _model(tmp_path, *, cued: bool, cue_text: str = "", record: list | None = None,
           embed=None) -> AbbreviationModel:
    inv_file = tmp_path / "zq.csv"
    inv_file.write_text(FREQ, encoding="utf-8")
    cues = []
    if cued:
        cue_file = tmp_path / "zq.tsv"
        rows = "zq\talpha beta\tsense\t90\t\nzq\tgamma delta\tsense\t10\t\n"
        if cue_text:
            rows += f"zq\talpha beta\tcue\t3\t{cue_text}\n"
        cue_file.write_text("short\tsense\tkind\tweight\ttext\n" + rows, encoding="utf-8")
        cues = [cue_file]
    inv = load_inventory([inv_file], bundled=False, cues=cues, bundled_cues=False)

    def recording(texts):
        if record is not None:
            record.append(list(texts))
        return fake_embed(texts)

    model = AbbreviationModel(inv, embed or recording)
    model.sense_emb_["zq"] = fake_embed([s.name for s in inv.senses["zq"]])
    model.params_ = {"T": 1.0, "beta": 0.0, "gamma": 1.0, "tau": 0.0,
                     "fallback": {"T": 0.5, "beta": 0.0, "gamma": 0.2, "tau": 0.0}}
    return model


def _expected(model, window: str, t: float, gamma: float, weight: float) -> np.ndarray:
    c = fake_embed([window])[0]
    logits = (model.sense_emb_["zq"] @ c / t
              + gamma * np.log(model.inventory.clinical_prior("zq", "ZQ"))
              + weight * (fake_embed(TEMPLATES) @ c))
    e = np.exp(logits - logits.max())
    return e / e.sum()


def test_fallback_adds_the_template_similarity_to_the_masked_window(tmp_path):
    model = _model(tmp_path, cued=False)
    [got] = model.resolve([TEXT])[0]
    want = _expected(model, MASKED, t=0.5, gamma=0.2, weight=FALLBACK_EMBED_WEIGHT)
    without = _expected(model, MASKED, t=0.5, gamma=0.2, weight=0.0)
    assert got.sense == "gamma delta"
    assert got.score == pytest.approx(want[1], abs=1e-6)
    assert got.score != pytest.approx(without[1], abs=1e-3)  # the term changed the score


def test_turned_off_gives_the_formula_without_the_term(tmp_path):
    model = _model(tmp_path, cued=False)
    model.sense_embedding = False
    [got] = model.resolve([TEXT])[0]
    want = _expected(model, MASKED, t=0.5, gamma=0.2, weight=0.0)
    assert got.score == pytest.approx(want[1], abs=1e-6)


def test_tie_breaker_when_the_cue_rows_find_no_cue(tmp_path):
    model = _model(tmp_path, cued=True)  # sense rows only: no cue can match
    [got] = model.resolve([TEXT])[0]
    want = _expected(model, TEXT, t=1.0, gamma=1.0, weight=TIE_EMBED_WEIGHT)
    assert got.score == pytest.approx(want.max(), abs=1e-6)


def test_no_term_when_a_cue_is_found(tmp_path):
    model = _model(tmp_path, cued=True, cue_text="findings")
    [got] = model.resolve([TEXT])[0]
    assert got.sense == "alpha beta" and got.cues
    e = fake_embed([TEXT])[0]
    vectors = SenseVectors(model.inventory)
    vectors.ensure(["zq"], fake_embed)
    assert embedding_term(vectors, "zq", e, fallback=False, cued=True) == 0.0
    assert np.allclose(embedding_term(vectors, "zq", e, fallback=True, cued=False),
                       FALLBACK_EMBED_WEIGHT * (fake_embed(TEMPLATES) @ e))
    assert embedding_term(None, "zq", e, fallback=True, cued=False) == 0.0


def test_sense_embeddings_once_per_short_form_in_one_batch(tmp_path):
    calls: list[list[str]] = []
    model = _model(tmp_path, cued=False, record=calls)
    model.resolve([TEXT, TEXT.replace("gamma", "alpha")])
    model.resolve([TEXT])
    # windows of a call in one batch; the templates once, after the first windows
    assert calls == [[MASKED, MASKED.replace("gamma", "alpha")], TEMPLATES, [MASKED]]


def test_without_an_encoder_it_resolves_and_says_so_once(tmp_path, caplog):
    embed = missing_embedder(MissingExtraError("torch", "train"))
    model = _model(tmp_path, cued=False, embed=embed)
    with caplog.at_level(logging.WARNING, logger="meddx"):
        first = model.resolve([TEXT])[0]
        second = model.resolve([TEXT])[0]
    lines = [r.getMessage() for r in caplog.records if "sentence encoder" in r.getMessage()]
    assert len(lines) == 1 and "MissingExtraError" in lines[0] and "ZQ" not in lines[0]
    # no context similarity: the tempered prior alone (0.9 vs 0.1) decides
    assert first[0].sense == second[0].sense == "alpha beta"
    assert first[0].score == pytest.approx(0.9 ** 0.2 / (0.9 ** 0.2 + 0.1 ** 0.2), abs=1e-6)


def test_cli_loader_does_without_the_default_encoder(tmp_path, monkeypatch, caplog):
    import meddx.models
    from meddx.cli._abbrev import load_abbreviation_model

    inv_file = tmp_path / "zq.csv"
    inv_file.write_text(FREQ, encoding="utf-8")
    saved = AbbreviationModel(load_inventory([inv_file], bundled_cues=False), fake_embed)
    saved.sense_emb_["zq"] = fake_embed(["alpha beta", "gamma delta"])
    saved.params_ = {"T": 1.0, "beta": 0.0, "gamma": 1.0, "tau": 0.0}
    saved.save(tmp_path / "m")

    def no_encoder(name):
        raise MissingExtraError("torch", "train")

    monkeypatch.setattr(meddx.models, "text_embedder", no_encoder)
    _, model = load_abbreviation_model(tmp_path / "m", [inv_file], no_cues=True,
                                       no_sense_embedding=True)
    assert model.sense_embedding is False
    with caplog.at_level(logging.WARNING, logger="meddx"):
        [got] = model.resolve([TEXT])[0]
    assert got.sense == "alpha beta"
    assert any("sentence encoder unavailable" in r.getMessage() for r in caplog.records)
    with pytest.raises(MissingExtraError):  # a named encoder that cannot load stays an error
        load_abbreviation_model(tmp_path / "m", [inv_file], encoder="other", no_cues=True)
