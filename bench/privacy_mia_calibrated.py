"""The calibrated membership attack against the plain loss attack on the demo's frozen heads:
the non-private logistic-regression head (C chosen on validation) and the DP head at the given
epsilons (privacy defaults). As ``meddx privacy-audit --reference-models K`` does: a random half
of the training split is attacked (members) against the test split (non-members); K reference
heads (logistic regression, C=1) are fitted on random halves of the other training half plus the
validation split.

    python bench/privacy_mia_calibrated.py --config src/meddx/data/demo/demo.yaml \\
        --data src/meddx/data/demo/medical_abstracts.csv --epsilons inf 8
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _embedded import embedded_splits, lr_head  # noqa: E402
from _markdown import write_section  # noqa: E402
from _timing import command_line, emit  # noqa: E402

HEADING = "## Privacy: calibrated membership attack (frozen head, demo)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--epsilons", nargs="+", default=["inf", "8"])
    ap.add_argument("--reference-models", type=int, default=4)
    ap.add_argument("--cache", default="bench/cache/emb")
    ap.add_argument("--out", default="bench/results/privacy_mia_calibrated.json")
    ap.add_argument("--doc", default="docs/benchmarks.md")
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args()

    import numpy as np

    from meddx.privacy import dp_fit_head, membership_attack, reference_probabilities
    from meddx.settings import PrivacyConfig

    e = embedded_splits(args.config, args.data, args.cache)
    X, tr, te, va = e.X["train"], e.parts["train"], e.parts["test"], e.parts["validation"]
    order = np.random.default_rng(1).permutation(len(tr))
    attacked, pool = np.sort(order[: len(tr) // 2]), np.sort(order[len(tr) // 2:])
    ref_m, ref_n = reference_probabilities(
        np.concatenate([X[pool], e.X["validation"]]), np.concatenate([tr.y[pool], va.y]),
        [X[attacked], e.X["test"]], n_classes=len(e.labels), k=args.reference_models, seed=0)
    rows = []
    for eps_text in args.epsilons:
        if eps_text == "inf":
            head, _ = lr_head(e.cfg, X, tr.y, e.X["validation"], va.y, e.labels, e.task)
        else:
            head, _ = dp_fit_head(X, tr.y, n_classes=len(e.labels), seed=e.cfg.train.seed,
                                  privacy=PrivacyConfig(epsilon=float(eps_text)))
        out = membership_attack(head.predict_proba(X[attacked]), tr.y[attacked],
                                head.predict_proba(e.X["test"]), te.y, task=e.task,
                                n_boot=args.bootstrap, reference=(ref_m, ref_n))["attacks"]
        rows.append({"epsilon": eps_text, **{name: {k: out[name][k] for k in (
            "auc", "tpr_at_1pct_fpr")} | {"ci": out[name]["ci"]} for name in out}})
        print(eps_text, {n: round(out[n]["auc"], 3) for n in out}, flush=True)
    result = {"commands": [command_line()], "n_attacked": len(attacked), "n_test": len(te),
              "n_pool": len(pool) + len(va), "reference_models": args.reference_models,
              "rows": rows}
    emit(result, args.out)
    write_section(Path(args.doc), HEADING, _markdown(result))


def _cell(r: dict, key: str) -> str:
    lo, hi = r["ci"][key]
    return f"{r[key]:.3f} [{lo:.3f}, {hi:.3f}]"


def _markdown(r: dict) -> str:
    lines = [HEADING, "",
             f"Members: {r['n_attacked']} training notes (a random half of the training split); "
             f"non-members: the {r['n_test']} test notes. Calibrated: the loss attack minus each "
             f"note's mean loss under {r['reference_models']} reference heads (logistic "
             f"regression, C=1) fitted on random halves of a {r['n_pool']}-note pool (the other "
             "training half and the validation split). 95% bootstrap CIs.", "",
             "| epsilon | loss AUC | calibrated AUC | loss TPR at 1% FPR | calibrated TPR at 1% "
             "FPR |", "| --- | ---: | ---: | ---: | ---: |"]
    for row in r["rows"]:
        lines.append(f"| {row['epsilon']} | {_cell(row['loss'], 'auc')} | "
                     f"{_cell(row['calibrated'], 'auc')} | "
                     f"{_cell(row['loss'], 'tpr_at_1pct_fpr')} | "
                     f"{_cell(row['calibrated'], 'tpr_at_1pct_fpr')} |")
    lines += ["", "```", *r["commands"], "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
