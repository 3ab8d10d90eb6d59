"""Utility against privacy for the frozen-encoder head on the demo: macro-F1 (bootstrap CIs) on
the test split at several target epsilons, beside the non-private head (epsilon = inf), with the
head's wall time and the membership-inference AUC of each model (training split vs test split).

The encoder runs once (embeddings cached); each point then fits only the head, as
``meddx train --dp-epsilon E`` (mode frozen) does with the privacy defaults (or the recipe given
by --epochs/--batch-size/--learning-rate). Rows: an epsilon, ``inf`` (the non-private
logistic-regression head) or ``ref`` (the DP head's loop without clipping or noise).

    python bench/privacy_utility.py --config src/meddx/data/demo/demo.yaml \\
        --data src/meddx/data/demo/medical_abstracts.csv --epsilons 1 3 8 inf ref
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

HEADING = "## Privacy: utility against epsilon (frozen head, demo)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--epsilons", nargs="+", default=["1", "3", "8", "inf", "ref"])
    ap.add_argument("--accountant", default="prv")
    ap.add_argument("--epochs", type=int, default=None, help="DP head epochs (default: config)")
    ap.add_argument("--batch-size", type=int, default=None)
    ap.add_argument("--learning-rate", type=float, default=None)
    ap.add_argument("--cache", default="bench/cache/emb")
    ap.add_argument("--out", default="bench/results/privacy_utility.json")
    ap.add_argument("--doc", default="docs/benchmarks.md")
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--append", action="store_true",
                    help="add these rows to the ones already in --out (one table, each command)")
    args = ap.parse_args()

    import numpy as np
    from sklearn.metrics import f1_score

    from meddx.evaluate import evaluate
    from meddx.privacy import dp_fit_head, membership_attack
    from meddx.settings import PrivacyConfig

    e = embedded_splits(args.config, args.data, args.cache)
    cfg, tr, te = e.cfg, e.parts["train"], e.parts["test"]
    recipe = {k: v for k, v in {"epochs": args.epochs, "batch_size": args.batch_size,
                                "learning_rate": args.learning_rate}.items() if v is not None}
    # Balanced attack: as many members (a seeded sample of the training split) as non-members.
    members = np.sort(np.random.default_rng(0).choice(len(tr), len(te), replace=False))
    rows = []
    for eps_text in args.epsilons:
        eps = None if eps_text in ("ref", "inf") else float(eps_text)
        privacy = PrivacyConfig(epsilon=eps, accountant=args.accountant, **recipe)
        started = time.monotonic()
        if eps_text == "inf":  # the non-private head of `meddx train` (mode frozen)
            head, C = lr_head(cfg, e.X["train"], tr.y, e.X["validation"], e.parts["validation"].y,
                              e.labels, e.task)
            dp = None
        else:  # ref: the DP head's own loop and recipe without clipping, noise or Poisson
            head, outcome = dp_fit_head(e.X["train"], tr.y, n_classes=len(e.labels),
                                        privacy=privacy, seed=cfg.train.seed)
            dp = outcome.summary() if eps is not None else None
        seconds = time.monotonic() - started
        proba = head.predict_proba(e.X["test"])
        m = evaluate(te.y, proba, task=e.task, labels=e.labels, n_boot=args.bootstrap,
                     seed=cfg.train.seed, quiet=True)
        mia = membership_attack(head.predict_proba(e.X["train"][members]), tr.y[members], proba,
                                te.y, task=e.task, n_boot=args.bootstrap)
        train_f1 = float(f1_score(tr.y, head.predict_proba(e.X["train"]).argmax(1),
                                  average="macro"))  # the generalisation gap the attack reads
        rows.append({"epsilon": eps_text, "macro_f1": m["macro_f1"],
                     "macro_f1_ci": m["ci95"]["macro_f1"], "train_macro_f1": train_f1,
                     "head_seconds": round(seconds, 1),
                     "recipe": None if eps_text == "inf" else {
                         "epochs": privacy.epochs, "batch_size": privacy.batch_size,
                         "learning_rate": privacy.learning_rate},
                     "mia_auc": {k: a["auc"] for k, a in mia["attacks"].items()},
                     "mia_auc_ci": {k: a["ci"]["auc"] for k, a in mia["attacks"].items()},
                     "dp": dp})
        print(f"epsilon {eps_text}: macro-F1 {m['macro_f1']:.3f}, {seconds:.1f} s", flush=True)
    result = {"commands": [command_line()], "n_train": len(tr), "n_test": len(te),
              "n_members": len(members), "embed_seconds": round(e.embed_seconds, 1),
              "rows": rows, "null": _null_check(e, args.bootstrap)}
    if args.append and Path(args.out).is_file():
        import json

        old = json.loads(Path(args.out).read_text())
        result["rows"] = old["rows"] + rows
        result["commands"] = old.get("commands", [old.get("command")]) + result["commands"]
        result["embed_seconds"] = old["embed_seconds"]
    emit(result, args.out)
    write_section(Path(args.doc), HEADING, _markdown(result))


def _null_check(e, n_boot: int) -> dict:
    """Are members and non-members alike apart from membership? The non-private head is fitted
    on a random half A of the training split; the attack then compares the other half B (not
    members either) with the test split: an AUC near 0.5 says the two pools match, so an AUC
    above it on A is membership, not a difference between the splits."""
    import numpy as np

    from meddx.privacy import membership_attack

    tr, te = e.parts["train"], e.parts["test"]
    perm = np.random.default_rng(1).permutation(len(tr))
    a, b = perm[: len(tr) // 2], perm[len(tr) // 2:]
    head, _ = lr_head(e.cfg, e.X["train"][a], tr.y[a], e.X["validation"],
                      e.parts["validation"].y, e.labels, e.task)
    p_te = head.predict_proba(e.X["test"])
    out = {}
    for name, idx in (("half_b_vs_test", b), ("half_a_vs_test", a)):
        r = membership_attack(head.predict_proba(e.X["train"][idx]), tr.y[idx], p_te, te.y,
                              task=e.task, n_boot=n_boot)["attacks"]["loss"]
        out[name] = {"auc": r["auc"], "ci": r["ci"]["auc"]}
    return out


def _ci(ci) -> str:
    return f"[{ci[0]:.3f}, {ci[1]:.3f}]"


def _recipe(row) -> str:
    r = row.get("recipe")
    return "-" if not r else f"{r['epochs']} ep, batch {r['batch_size']}, lr {r['learning_rate']:g}"


def _markdown(r: dict) -> str:
    lines = [HEADING, "",
             f"Test n={r['n_test']}, train n={r['n_train']}. DP rows: DP-SGD head "
             "(`meddx train --dp-epsilon E`, mode frozen: Adam from zero on the unit-length "
             "MiniLM embeddings, clipping norm 1, Poisson sampling, delta = min(1/n_train, "
             "1e-5), accountant prv) with the recipe in the row. The inf row is the non-private "
             "logistic-regression head of `meddx train` (C chosen on validation); the ref row is "
             "the DP head's own loop and recipe without clipping, noise or Poisson sampling. "
             f"MIA: membership-inference AUC, {r.get('n_members', r['n_test'])} training notes "
             "(seeded sample, members) against the test split (non-members), 95% bootstrap "
             "CIs. Train macro-F1 beside test macro-F1 shows the generalisation gap the loss "
             "attack reads.", "",
             "| epsilon | recipe | spent epsilon | noise multiplier | steps | macro-F1 [95% CI] | "
             "train macro-F1 | head wall time (s) | MIA AUC loss | MIA AUC confidence |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in r["rows"]:
        dp = row["dp"] or {}
        spent = f"{dp['epsilon']:.3f}" if dp else "-"
        sigma = f"{dp['noise_multiplier']:.3f}" if dp else "-"
        steps = str(dp["steps"]) if dp else "-"
        train = f"{row['train_macro_f1']:.3f}" if "train_macro_f1" in row else "-"
        lines.append(
            f"| {row['epsilon']} | {_recipe(row)} | {spent} | {sigma} | {steps} | "
            f"{row['macro_f1']:.3f} {_ci(row['macro_f1_ci'])} | {train} | {row['head_seconds']} | "
            f"{row['mia_auc']['loss']:.3f} {_ci(row['mia_auc_ci']['loss'])} | "
            f"{row['mia_auc']['confidence']:.3f} {_ci(row['mia_auc_ci']['confidence'])} |")
    null = r.get("null")
    if null:
        b, a = null["half_b_vs_test"], null["half_a_vs_test"]
        lines += ["", "Null check (are members and non-members alike?): the non-private head "
                  "fitted on a random half A of the training split; loss attack on the other "
                  f"half B (not members either) against the test split: AUC {b['auc']:.3f} "
                  f"{_ci(b['ci'])}; on half A (members) against the test split: AUC "
                  f"{a['auc']:.3f} {_ci(a['ci'])}."]
    lines += ["", f"Embedding the corpus once (encoder forward passes, cached in bench/cache/emb "
              f"and shared by every row and rerun): {r['embed_seconds']} s on the shared 2-core "
              "CPU. One seed per row.", "",
              "```", *r["commands"], "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
