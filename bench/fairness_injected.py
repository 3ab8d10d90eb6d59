"""Fairness audit on injected bias, with the real frozen MiniLM encoder.

    PYTHONPATH=src nice -n 10 .venv/bin/python bench/fairness_injected.py [--n 1200] [--seeds 5]

Synthetic notes (``meddx.audit.synthetic_biased_notes``, bias ``missing_symptoms``: in 70% of
women's cardiac notes the cardiac symptoms are replaced by GI ones) are split 60/20/20
(train / validation / test, stratified by label x sex). Embeddings: frozen MiniLM (preset
``minilm``, mean pooling, 128 tokens). Every choice (the head's C, calibration, the group
offsets) is made on validation; the test split is scored once per method.

Reports, for the TPR (equal opportunity) gap of class ``cardiac`` between sexes on test:
the plain head's gap with its 95% CI and verdict; the control (same predictions, sexes
reassigned at random, several seeds); and each mitigation's gap and macro-F1 change.
Writes bench/results/fairness_injected.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)


def _split(notes: pd.DataFrame, seed: int) -> dict[str, np.ndarray]:
    from sklearn.model_selection import train_test_split

    strata = notes["dx"] + "|" + notes["sex"]
    idx = np.arange(len(notes))
    train, rest = train_test_split(idx, test_size=0.4, stratify=strata, random_state=seed)
    val, test = train_test_split(rest, test_size=0.5, stratify=strata.iloc[rest], random_state=seed)
    return {"train": train, "validation": val, "test": test}


def _gap(table, method, cls="cardiac", column="sex"):
    row = table[(table["method"] == method) & (table["metric"] == "equal_opportunity_difference")
                & (table["class"] == cls) & (table["group_column"] == column)].iloc[0]
    return {"value": round(float(row["value"]), 4), "ci95": [round(float(v), 4) for v in row["ci95"]],
            "flagged": bool(row["flagged"]), "macro_f1": round(float(row["macro_f1"]), 4),
            "macro_f1_change": round(float(row["macro_f1_change"]), 4)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", type=int, default=5, help="random-group control seeds")
    ap.add_argument("--adversary-weight", type=float, default=1.0)
    ap.add_argument("--n-boot", type=int, default=500)
    args = ap.parse_args()
    from sklearn.metrics import f1_score

    from meddx.audit import (
        CALIBRATORS,
        GroupOffsetMitigator,
        compare_mitigations,
        group_balanced_indices,
        reweighting_weights,
        synthetic_biased_notes,
    )
    from meddx.config import ImbalanceConfig, PrepConfig
    from meddx.models import resolve_model
    from meddx.models._encoder import embed
    from meddx.train._adversarial import fit_adversarial_head
    from meddx.train._head import fit_head

    started = time.monotonic()
    notes = synthetic_biased_notes(args.n, bias="missing_symptoms", rate=0.7, seed=args.seed)
    labels = sorted(notes["dx"].unique())
    y = np.array([labels.index(v) for v in notes["dx"]])
    X = embed(resolve_model("minilm"), notes["note"].tolist(), PrepConfig(max_length=128),
              pooling="mean", quiet=True)
    embed_s = time.monotonic() - started
    sp = _split(notes, args.seed)
    tr, va, te = sp["train"], sp["validation"], sp["test"]
    sex = notes["sex"].to_numpy()
    kw = {"n_classes": len(labels), "imbalance": ImbalanceConfig(), "seed": args.seed}

    def best_c(fit):
        scores = {C: f1_score(y[va], fit(C).predict_proba(X[va]).argmax(1), average="macro")
                  for C in C_GRID}
        return max(C_GRID, key=lambda C: scores[C])

    C = best_c(lambda C: fit_head(X[tr], y[tr], C=C, **kw))
    plain = fit_head(X[tr], y[tr], C=C, **kw)
    w = reweighting_weights(y[tr], sex[tr])
    reweighted = fit_head(X[tr], y[tr], C=C, sample_weight=w, **kw)
    rows = tr[group_balanced_indices(y[tr], sex[tr], seed=args.seed)]
    resampled = fit_head(X[rows], y[rows], C=C, **kw)
    adversarial = fit_adversarial_head(X[tr], y[tr], sex[tr], n_classes=len(labels),
                                       adversary_weight=args.adversary_weight, seed=args.seed)
    # Group offsets on calibrated validation probabilities of the plain head.
    cal = CALIBRATORS.get("temperature")().fit(plain.predict_proba(X[va]), y[va])
    offsets = GroupOffsetMitigator().fit(cal.transform(plain.predict_proba(X[va])), y[va], sex[va])
    test_p = plain.predict_proba(X[te])
    preds = {"none": test_p, "reweighting": reweighted.predict_proba(X[te]),
             "resampling": resampled.predict_proba(X[te]),
             "adversarial": adversarial.predict_proba(X[te]),
             "threshold (group offsets)": offsets.predict(cal.transform(test_p), sex[te])}
    groups = pd.DataFrame({"sex": sex[te]})
    table = compare_mitigations(y[te], preds, groups, labels=labels, n_boot=args.n_boot,
                                seed=args.seed)
    result = {"n": args.n, "split": {k: int(len(v)) for k, v in sp.items()}, "head_C": C,
              "adversary_weight": args.adversary_weight, "offsets": offsets.offsets_,
              "methods": {m: _gap(table, m) for m in preds}}
    rng = np.random.default_rng(1000 + args.seed)
    control = []
    for s in range(args.seeds):
        random_sex = pd.DataFrame({"sex": rng.choice(["F", "M"], size=len(te))})
        t = compare_mitigations(y[te], {"none": test_p}, random_sex, labels=labels,
                                n_boot=args.n_boot, seed=s)
        flagged_any = bool(t[t["group_column"] == "sex"]["flagged"].any())
        control.append({**_gap(t, "none"), "any_gap_flagged": flagged_any})
    result["control_random_groups"] = control
    result["seconds"] = {"embedding": round(embed_s, 1), "total": round(time.monotonic() - started, 1)}
    out = ROOT / "bench" / "results" / "fairness_injected.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
