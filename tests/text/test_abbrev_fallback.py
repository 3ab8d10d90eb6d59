"""The fallback for short forms without cue rows: the window without the short form, its own
weights (a tempered note prior, its own abstention threshold), and cued short forms untouched."""

from __future__ import annotations

import numpy as np
import pytest

from meddx.text import AbbreviationModel, build_abbreviation_model, load_inventory
from tests._support.abbrev import fake_embed, notes

FREQ = "short,sense,frequency\nzq,alpha beta,0.9\nzq,gamma delta,0.1\n"
TEXT = "Findings: ZQ with gamma delta pattern."


def _model(tmp_path, *, cued: bool, record: list | None = None) -> AbbreviationModel:
    inv_file = tmp_path / "zq.csv"
    inv_file.write_text(FREQ, encoding="utf-8")
    cues = []
    if cued:  # sense rows only: the short form counts as cued, no cue matches the text
        cue_file = tmp_path / "zq.tsv"
        cue_file.write_text("short\tsense\tkind\tweight\ttext\nzq\talpha beta\tsense\t90\t\n"
                            "zq\tgamma delta\tsense\t10\t\n", encoding="utf-8")
        cues = [cue_file]
    inv = load_inventory([inv_file], bundled=False, cues=cues, bundled_cues=False)

    def embed(texts):
        if record is not None:
            record.extend(texts)
        return fake_embed(texts)

    model = AbbreviationModel(inv, embed)
    model.sense_emb_["zq"] = fake_embed([s.name for s in inv.senses["zq"]])
    # Plain weights: gamma 1 (the note prior at full weight); fallback: the prior tempered.
    model.params_ = {"T": 1.0, "beta": 0.0, "gamma": 1.0, "tau": 0.0,
                     "fallback": {"T": 1.0, "beta": 0.0, "gamma": 0.2, "tau": 0.0}}
    return model


def test_without_cue_rows_the_context_can_outweigh_the_prior(tmp_path):
    got = _model(tmp_path, cued=False).resolve([TEXT])[0]
    assert [r.sense for r in got] == ["gamma delta"]


def test_with_cue_rows_the_prior_keeps_its_full_weight(tmp_path):
    # Same text, same similarity; the short form has cue rows, so the plain weights apply and
    # the 9:1 prior wins over the weak context (the cue file's priors are set against it).
    got = _model(tmp_path, cued=True).resolve([TEXT])[0]
    assert [r.sense for r in got] == ["alpha beta"]


@pytest.mark.parametrize(("cued", "has_short"), [(False, False), (True, True)])
def test_only_the_fallback_reads_the_window_without_the_short_form(tmp_path, cued, has_short):
    seen: list[str] = []
    _model(tmp_path, cued=cued, record=seen).resolve([TEXT])
    assert len(seen) == 1
    assert ("ZQ" in seen[0]) is has_short
    assert "gamma delta" in seen[0]


def test_model_saved_before_the_fallback_still_resolves(tmp_path):
    model = _model(tmp_path, cued=False)
    model.params_.pop("fallback")  # an older saved model: one set of weights for everything
    assert [r.sense for r in model.resolve([TEXT])[0]] == ["alpha beta"]


def test_fit_chooses_fallback_weights_on_validation(inventory):
    model = build_abbreviation_model(inventory, fake_embed, notes=notes(40), use_demo=False)
    fb = model.params_["fallback"]
    assert fb["gamma"] == pytest.approx(0.2)
    assert 0.0 <= fb["tau"] <= 1.0 and fb["T"] > 0
    assert model.params_["gamma"] == 1.0  # the cued short forms keep Bayes' rule
    assert np.isfinite(model.fit_info_["fallback_likelihood_scale"])
