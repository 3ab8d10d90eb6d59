"""The fallback for short forms without cue rows: the window without the short form, its own
weights (a tempered note prior, its own abstention threshold), and cued short forms untouched.
The toy model's weights are set by hand, so each probability is checked against the formula
``softmax(window . sense / T + beta * NB + gamma * log prior)`` with the weights that should apply."""

from __future__ import annotations

import numpy as np
import pytest

from meddx.text import AbbreviationModel, build_abbreviation_model, load_inventory
from tests._support.abbrev import PE_EMBOLISM, PE_EXAM, fake_embed, notes

FREQ = "short,sense,frequency\nzq,alpha beta,0.9\nzq,gamma delta,0.1\n"
TEXT = "Findings: ZQ with gamma delta pattern."
MASKED = "Findings: with gamma delta pattern."  # what the fallback's encoder reads
GRID_T = (0.02, 0.04, 0.08, 0.15, 0.3, 1.0)  # the search grids of _abbrev_model
GRID_BETA = (0.0, 0.1, 0.3, 1.0, 2.0, 4.0)
GRID_SCALE = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


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

    # The formula of version 10 (the sentence-embedding term is tested in test_abbrev_embed.py)
    model = AbbreviationModel(inv, embed, sense_embedding=False)
    model.sense_emb_["zq"] = fake_embed([s.name for s in inv.senses["zq"]])
    # Plain weights: gamma 1 (the note prior at full weight); fallback: the prior tempered.
    model.params_ = {"T": 1.0, "beta": 0.0, "gamma": 1.0, "tau": 0.0,
                     "fallback": {"T": 0.5, "beta": 0.0, "gamma": 0.2, "tau": 0.0}}
    return model


def _expected(model: AbbreviationModel, window: str, t: float, gamma: float) -> np.ndarray:
    """The probabilities of (alpha beta, gamma delta) by the formula, computed here."""
    sim = model.sense_emb_["zq"] @ fake_embed([window])[0]
    logits = sim / t + gamma * np.log(model.inventory.clinical_prior("zq", "ZQ"))
    e = np.exp(logits - logits.max())
    return e / e.sum()


def test_without_cue_rows_the_context_can_outweigh_the_prior(tmp_path):
    model = _model(tmp_path, cued=False)
    [got] = model.resolve([TEXT])[0]
    want = _expected(model, MASKED, t=0.5, gamma=0.2)  # the fallback's own T and gamma
    assert got.sense == "gamma delta" and want[1] > want[0]
    assert got.score == pytest.approx(want[1], abs=1e-6)
    # the same window at full prior weight would have given the commonest sense
    assert _expected(model, MASKED, t=0.5, gamma=1.0).argmax() == 0


def test_with_cue_rows_the_prior_keeps_its_full_weight(tmp_path):
    # Same text; the short form has cue rows, so the plain weights apply (window with the
    # short form, T 1, gamma 1) and the 9:1 prior wins over the weak context.
    model = _model(tmp_path, cued=True)
    [got] = model.resolve([TEXT])[0]
    want = _expected(model, TEXT, t=1.0, gamma=1.0)
    assert got.sense == "alpha beta"
    assert got.score == pytest.approx(want[0], abs=1e-6)


@pytest.mark.parametrize(("cued", "window"), [(False, MASKED), (True, TEXT)])
def test_only_the_fallback_reads_the_window_without_the_short_form(tmp_path, cued, window):
    seen: list[str] = []
    _model(tmp_path, cued=cued, record=seen).resolve([TEXT])
    assert seen == [window]


def test_model_saved_before_the_fallback_still_resolves(tmp_path):
    model = _model(tmp_path, cued=False)
    model.params_.pop("fallback")  # an older saved model: one set of weights for everything
    [got] = model.resolve([TEXT])[0]
    want = _expected(model, MASKED, t=1.0, gamma=1.0)  # the plain weights, masked window
    assert got.sense == "alpha beta"
    assert got.score == pytest.approx(want[0], abs=1e-6)


def test_fit_chooses_fallback_weights_on_validation():
    inv = load_inventory(bundled_cues=False)  # no cue rows: every short form is a fallback one
    model = build_abbreviation_model(inv, fake_embed, notes=notes(40), use_demo=False)
    p, fb = model.params_, model.params_["fallback"]
    scale = model.fit_info_["fallback_likelihood_scale"]
    assert p["gamma"] == 1.0 and fb["gamma"] == 0.2  # Bayes' rule; the tempered prior
    # T and beta from the grid search, then one calibration factor on both
    assert scale in GRID_SCALE
    assert any(fb["T"] == pytest.approx(t / scale) for t in GRID_T)
    assert any(fb["beta"] == pytest.approx(b * scale) for b in GRID_BETA)
    assert 0.0 < fb["tau"] < 1.0  # an abstention threshold was chosen, not the default 0
    # and the fitted fallback reads the toy contexts with the short form in place
    texts = [PE_EMBOLISM.replace("pulmonary embolism", "PE"), PE_EXAM.replace("physical exam", "PE")]
    got = [[r.sense for r in res if r.short == "PE"] for res in model.resolve(texts)]
    assert got == [["pulmonary embolism"], ["physical exam"]]
