"""The calibrated membership attack is unbiased: with a target that never trained on the
"members" (they are training-split notes it did not see), its AUC sits at 0.5 with a CI that
covers 0.5; the same set-up finds real members; and the null check is sensitive, since a
reference pool that overlaps the attacked notes pushes the null AUC far from 0.5."""

from __future__ import annotations

import numpy as np

from meddx.privacy import membership_attack, reference_probabilities
from meddx.settings import ImbalanceConfig
from meddx.train import fit_head


def _splits(seed=0, d=100, k=3):
    """Gaussian classes with 20% flipped labels: notes differ in difficulty, as real ones do.
    Returns (train, validation, test) as (X, y)."""
    rng = np.random.default_rng(seed)
    means = rng.normal(scale=0.6, size=(k, d))

    def draw(n):
        y = rng.integers(0, k, n)
        X = means[y] + rng.normal(size=(n, d))
        flip = rng.random(n) < 0.2
        y[flip] = rng.integers(0, k, int(flip.sum()))
        return X, y

    return draw(600), draw(200), draw(400)


def _attack(target, refs, X_a, y_a, X_te, y_te):
    out = membership_attack(target.predict_proba(X_a), y_a, target.predict_proba(X_te), y_te,
                            task="multiclass", n_boot=200, reference=refs)
    return out["attacks"]["calibrated"]


def _head(X, y, C=10.0):  # weakly regularised: memorises its training notes
    return fit_head(X, y, n_classes=3, C=C, imbalance=ImbalanceConfig(), seed=0)


def test_calibrated_attack_null_members_not_trained_on_give_chance():
    (X, y), (Xv, yv), (Xte, yte) = _splits()
    order = np.random.default_rng(1).permutation(len(X))
    a, b = order[:300], order[300:]
    refs = reference_probabilities(np.concatenate([X[b], Xv]), np.concatenate([y[b], yv]),
                                   [X[a], Xte], n_classes=3, k=4, seed=0)
    null = _attack(_head(X[b], y[b]), refs, X[a], y[a], Xte, yte)  # A: never trained on
    lo, hi = null["ci"]["auc"]
    assert lo < 0.5 < hi and abs(null["auc"] - 0.5) < 0.06  # null SD of the AUC here: ~0.02
    real = _attack(_head(X, y), refs, X[a], y[a], Xte, yte)  # A: members of the target
    assert real["auc"] > 0.6 and real["ci"]["auc"][0] > 0.55  # here 0.675 [0.634, ...]


def test_null_check_catches_a_reference_pool_that_overlaps_the_members():
    """The bias the null row guards against: reference heads that saw the attacked notes give
    them a low reference loss, so they look less like members than the test notes: AUC below 0.5."""
    (X, y), (Xv, yv), (Xte, yte) = _splits(seed=2)
    order = np.random.default_rng(1).permutation(len(X))
    a, b = order[:300], order[300:]
    leaky = reference_probabilities(np.concatenate([X[a], Xv]), np.concatenate([y[a], yv]),
                                    [X[a], Xte], n_classes=3, k=4, seed=0)  # the pool holds A
    null = _attack(_head(X[b], y[b]), leaky, X[a], y[a], Xte, yte)
    assert null["ci"]["auc"][1] < 0.49  # here 0.441 [..., 0.481]
