"""Validation probabilities scored at training time are reused, only for the same texts."""

from __future__ import annotations

import numpy as np

from meddx.runs import cached_proba, save_proba
from tests._support.helpers import make_tfidf_run, synthetic_notes


def test_cached_proba_needs_the_same_texts(tmp_path):
    (tmp_path / "model").mkdir()
    proba = np.array([[0.2, 0.8], [0.6, 0.4]])
    save_proba(tmp_path, ["a note", "another"], proba)
    assert np.array_equal(cached_proba(tmp_path, ["a note", "another"]), proba)
    assert cached_proba(tmp_path, ["another", "a note"]) is None
    assert cached_proba(tmp_path, ["a note"]) is None
    assert cached_proba(tmp_path / "missing", ["a note", "another"]) is None


def test_the_audit_reuses_the_validation_probabilities(tmp_path):
    from meddx.audit._runio import validation_predictions
    from meddx.runs import load_run

    run = load_run(make_tfidf_run(tmp_path, synthetic_notes(90)))
    seen: list[list[str]] = []
    real = run.model.predict_proba

    def spy(texts, **kw):
        seen.append(list(texts))
        return real(texts, **kw)

    run.model.predict_proba = spy
    first = validation_predictions(run)
    assert len(seen) == 1  # nothing cached yet: scored
    fake = np.full_like(first.proba, 1.0 / first.proba.shape[1])
    save_proba(run.path, seen[0], fake)
    again = validation_predictions(run)
    assert len(seen) == 1 and np.array_equal(again.proba, fake)  # reused, not rescored
