"""The TF-IDF baseline: C chosen on validation, the same model as a fresh fit at that C."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import f1_score

from meddx.models import TfidfBaseline
from meddx.models._baseline import C_GRID
from meddx.text import PrepConfig

WORDS = {0: "cough fever sputum wheeze", 1: "rash itch lesion scaling", 2: "pain swelling joint stiff"}


def _notes(n: int, seed: int) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    vocab = " ".join(WORDS.values()).split()
    texts = [" ".join(list(rng.choice(WORDS[int(c)].split(), size=3))
                      + list(rng.choice(vocab, size=4))) for c in y]
    return texts, y


def test_fit_keeps_the_best_c_and_equals_a_fresh_fit_at_that_c():
    train, val = _notes(120, 1), _notes(40, 2)
    prep = PrepConfig()
    model = TfidfBaseline.fit(train, val, labels=["a", "b", "c"], task="multiclass", prep=prep)
    scores = {C: f1_score(val[1], TfidfBaseline._make(C, False, 0).fit(*train).predict(val[0]),
                          average="macro", zero_division=0) for C in C_GRID}
    assert model.C == max(C_GRID, key=lambda C: (scores[C], -C_GRID.index(C)))
    fresh = TfidfBaseline._make(model.C, False, 0).fit(*train)
    test = _notes(30, 3)[0]
    np.testing.assert_array_equal(model.pipeline.predict_proba(test), fresh.predict_proba(test))
