"""Membership inference: can an attacker who sees the model's outputs tell whether a note was
in the training set?

Two threshold attacks, the standard baselines of the literature:

- **loss** (Yeom et al. 2018): members tend to have lower loss; score = minus the loss on the
  true label(s). Needs the label.
- **confidence** (Salem et al. 2019): members tend to get more confident predictions; score =
  the largest predicted probability (single-label) or the mean distance of each label's
  probability from 0.5 (multilabel). Needs no label.

With reference models (``reference=``), a third, **calibrated**, attack subtracts each note's
loss under models that never saw it. Each is summarised by its ROC AUC and its TPR at 1% and
0.1% FPR (Carlini et al. 2022: an attack matters by what it finds at low false-positive
rates), with stratified bootstrap CIs.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ATTACKS", "attack_metrics", "attack_scores", "membership_attack"]

ATTACKS = ("loss", "confidence")
FPRS = {"tpr_at_1pct_fpr": 0.01, "tpr_at_0p1pct_fpr": 0.001}


def attack_scores(proba: np.ndarray, y: np.ndarray, task: str) -> dict[str, np.ndarray]:
    """Per-note membership scores (higher = more likely a member) of each attack."""
    p = np.clip(np.asarray(proba, dtype=np.float64), 1e-12, 1 - 1e-12)
    if task == "multilabel":
        yy = np.asarray(y, dtype=np.float64)
        loss = -(yy * np.log(p) + (1 - yy) * np.log(1 - p)).mean(axis=1)
        confidence = np.abs(p - 0.5).mean(axis=1)
    else:
        loss = -np.log(p[np.arange(len(p)), np.asarray(y, dtype=np.int64)])
        confidence = p.max(axis=1)
    return {"loss": -loss, "confidence": confidence}


def attack_metrics(members: np.ndarray, nonmembers: np.ndarray) -> dict[str, float]:
    """AUC and TPR at the fixed FPRs of one attack's scores (higher = member).

    The AUC is the Mann-Whitney statistic (ties count one half), as ``roc_auc_score``; the TPR
    at FPR f is the largest share of members above a threshold that at most ``floor(f * n)``
    of the ``n`` non-members reach (the ROC curve read at f). Plain numpy: the bootstrap calls
    this thousands of times."""
    from scipy.stats import rankdata

    m, n = len(members), len(nonmembers)
    ranks = rankdata(np.r_[members, nonmembers])
    out = {"auc": float((ranks[:m].sum() - m * (m + 1) / 2) / (m * n))}
    desc = np.sort(nonmembers)[::-1]
    for key, target in FPRS.items():
        allowed = int(np.floor(target * n + 1e-9))  # non-members allowed above the threshold
        out[key] = 1.0 if allowed >= n else float(np.mean(members > desc[allowed]))
    return out


def membership_attack(proba_members: np.ndarray, y_members: np.ndarray,
                      proba_nonmembers: np.ndarray, y_nonmembers: np.ndarray, *, task: str,
                      n_boot: int = 1000, ci: float = 0.95, seed: int = 0,
                      reference: tuple[np.ndarray, np.ndarray] | None = None) -> dict:
    """Run every attack; return its metrics with percentile bootstrap intervals (members and
    non-members resampled separately).

    ``reference``: (members, non-members) probabilities averaged over reference models that
    saw neither set; adds the **calibrated** attack (Watson et al. 2022, difficulty
    calibration): score = the reference models' loss minus the target's, so a note that is
    hard for every model no longer looks like a non-member."""
    if len(proba_members) < 2 or len(proba_nonmembers) < 2:
        from meddx.errors import RunError

        raise RunError(f"membership inference needs at least 2 members and 2 non-members, got "
                       f"{len(proba_members)} and {len(proba_nonmembers)}")
    sm = attack_scores(proba_members, y_members, task)
    sn = attack_scores(proba_nonmembers, y_nonmembers, task)
    names = list(ATTACKS)
    if reference is not None:
        names.append("calibrated")
        sm["calibrated"] = sm["loss"] - attack_scores(reference[0], y_members, task)["loss"]
        sn["calibrated"] = sn["loss"] - attack_scores(reference[1], y_nonmembers, task)["loss"]
    rng = np.random.default_rng(seed)
    lo, hi = (1 - ci) / 2 * 100, (1 + ci) / 2 * 100
    m, n = len(proba_members), len(proba_nonmembers)
    draws = [(rng.integers(0, m, m), rng.integers(0, n, n)) for _ in range(n_boot)]
    attacks = {}
    for name in names:
        point = attack_metrics(sm[name], sn[name])
        boots = [attack_metrics(sm[name][i], sn[name][j]) for i, j in draws]
        point["ci"] = {k: ([float(np.percentile([b[k] for b in boots], lo)),
                            float(np.percentile([b[k] for b in boots], hi))] if boots
                           else [None, None]) for k in ("auc", *FPRS)}
        attacks[name] = point
    resolvable = {key: n * target >= 1 for key, target in FPRS.items()}
    return {"n_members": m, "n_nonmembers": n, "ci_level": ci, "n_boot": n_boot,
            "attacks": attacks, "fpr_resolvable": resolvable,
            "best_auc": max(a["auc"] for a in attacks.values())}
