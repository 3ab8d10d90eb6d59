"""The calibrated membership attack against the plain loss attack on the demo's frozen heads:
the non-private logistic-regression head (C chosen on validation) and the DP head at the given
epsilons (privacy defaults). As ``meddx privacy-audit --reference-models K`` does: a random half
A of the training split is attacked (members) against the test split (non-members); K reference
heads (logistic regression, C=1) are fitted on random halves of the other training half B plus
the validation split, so no reference head saw A or the test split.

Null rows (``--null-epsilons``): the same attack, the same attacked notes A and the same
reference heads, against a target fitted on B only, so that A holds no member at all. Its AUC
must sit at 0.5 (CI covering 0.5): anything else would be a bias of the attack (the training
and test splits differing, duplicates across them, a reference pool that overlaps A or the test
split), not membership.

    python bench/privacy_mia_calibrated.py --config src/meddx/data/demo/demo.yaml \\
        --data src/meddx/data/demo/medical_abstracts.csv --epsilons inf 8 3 1 \\
        --null-epsilons inf 8
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _embedded import embedded_splits, lr_head  # noqa: E402
from _markdown import write_section  # noqa: E402
from _timing import command_line, emit  # noqa: E402

HEADING = "## Privacy: calibrated membership attack (frozen head, demo)"


def _target(e, eps_text: str, X, y):
    """The head ``meddx train`` (mode frozen) fits on (X, y): logistic regression with C on
    validation (inf) or the DP head with the privacy defaults at epsilon ``eps_text``."""
    from meddx.privacy import dp_fit_head
    from meddx.settings import PrivacyConfig

    if eps_text == "inf":
        head, _ = lr_head(e.cfg, X, y, e.X["validation"], e.parts["validation"].y, e.labels,
                          e.task)
        return head, None
    head, outcome = dp_fit_head(X, y, n_classes=len(e.labels), seed=e.cfg.train.seed,
                                privacy=PrivacyConfig(epsilon=float(eps_text)))
    return head, outcome.summary()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--epsilons", nargs="+", default=["inf", "8", "3", "1"])
    ap.add_argument("--null-epsilons", nargs="*", default=["inf", "8"])
    ap.add_argument("--null-seeds", type=int, nargs="+", default=[1],
                    help="partition seeds of the null rows (seed 1: the members rows' A and B)")
    ap.add_argument("--reference-models", type=int, default=4)
    ap.add_argument("--cache", default="bench/cache/emb")
    ap.add_argument("--out", default="bench/results/privacy_mia_calibrated.json")
    ap.add_argument("--doc", default="docs/benchmarks.md")
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args()

    import numpy as np
    from sklearn.metrics import f1_score

    from meddx.privacy import membership_attack, reference_probabilities

    e = embedded_splits(args.config, args.data, args.cache)
    X, tr, te, va = e.X["train"], e.parts["train"], e.parts["test"], e.parts["validation"]

    def partition(seed):
        order = np.random.default_rng(seed).permutation(len(tr))
        a, b = np.sort(order[: len(tr) // 2]), np.sort(order[len(tr) // 2:])
        refs = reference_probabilities(  # never fitted on A or the test split
            np.concatenate([X[b], e.X["validation"]]), np.concatenate([tr.y[b], va.y]),
            [X[a], e.X["test"]], n_classes=len(e.labels), k=args.reference_models, seed=0)
        return a, b, refs

    parts = {seed: partition(seed) for seed in sorted({1, *args.null_seeds})}
    plan = [("members", eps, 1, None) for eps in args.epsilons]
    plan += [("null", eps, seed, "b") for seed in args.null_seeds for eps in args.null_epsilons]
    rows = []
    for kind, eps_text, seed, half in plan:
        attacked, pool, (ref_m, ref_n) = parts[seed]
        fit_on = pool if half == "b" else np.arange(len(tr))
        started = time.monotonic()
        head, dp = _target(e, eps_text, X[fit_on], tr.y[fit_on])
        seconds = time.monotonic() - started
        p_test = head.predict_proba(e.X["test"])
        out = membership_attack(head.predict_proba(X[attacked]), tr.y[attacked], p_test, te.y,
                                task=e.task, n_boot=args.bootstrap,
                                reference=(ref_m, ref_n))["attacks"]
        rows.append({"kind": kind, "epsilon": eps_text, "partition_seed": seed,
                     "n_fit": int(len(fit_on)), "dp": dp,
                     "macro_f1": float(f1_score(te.y, p_test.argmax(1), average="macro")),
                     "head_seconds": round(seconds, 1),
                     **{name: {k: out[name][k] for k in ("auc", "tpr_at_1pct_fpr")}
                        | {"ci": out[name]["ci"]} for name in out}})
        print(kind, eps_text, seed, {n: round(out[n]["auc"], 3) for n in out},
              f"{seconds:.0f} s", flush=True)
    attacked, pool, _ = parts[1]
    result = {"commands": [command_line()], "n_attacked": len(attacked), "n_test": len(te),
              "n_pool": len(pool) + len(va), "n_half": len(pool),
              "reference_models": args.reference_models, "rows": rows}
    emit(result, args.out)
    write_section(Path(args.doc), HEADING, _markdown(result))


def _cell(r: dict, key: str) -> str:
    lo, hi = r["ci"][key]
    return f"{r[key]:.3f} [{lo:.3f}, {hi:.3f}]"


def _markdown(r: dict) -> str:
    lines = [HEADING, "",
             f"Members: {r['n_attacked']} training notes (a random half A of the training "
             f"split); non-members: the {r['n_test']} test notes. Calibrated: the loss attack "
             f"minus each note's loss under the mean probabilities of {r['reference_models']} "
             "reference heads (logistic regression, C=1) fitted on random halves of a "
             f"{r['n_pool']}-note pool (the other training half B and the validation split), "
             "so no reference head saw A or the test split. Null rows: the same attack on the "
             "same notes A with the same reference heads (partition 1; other partition seeds "
             "draw another A, B and reference heads), against a target fitted on B only "
             f"({r['n_half']} notes), so that A holds no member: an unbiased attack scores 0.5 "
             "there. 95% bootstrap CIs (members and non-members resampled; the target and the "
             "reference heads held fixed). Test macro-F1 without CI (see the utility table).",
             "",
             "| target | epsilon | spent epsilon | test macro-F1 | loss AUC | calibrated AUC | "
             "loss TPR at 1% FPR | calibrated TPR at 1% FPR | head time (s) |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in r["rows"]:
        target = ("full training split (A members)" if row["kind"] == "members"
                  else f"null: half B only (A not members), partition {row['partition_seed']}")
        spent = f"{row['dp']['epsilon']:.3f}" if row["dp"] else "-"
        lines.append(f"| {target} | {row['epsilon']} | {spent} | {row['macro_f1']:.3f} | "
                     f"{_cell(row['loss'], 'auc')} | {_cell(row['calibrated'], 'auc')} | "
                     f"{_cell(row['loss'], 'tpr_at_1pct_fpr')} | "
                     f"{_cell(row['calibrated'], 'tpr_at_1pct_fpr')} | {row['head_seconds']} |")
    lines += ["", "```", *r["commands"], "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
