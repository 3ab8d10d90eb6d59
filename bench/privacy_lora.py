"""Utility against privacy for LoRA on the demo: macro-F1 (bootstrap CIs) on the test split at
several target epsilons, beside the same recipe without DP (epsilon = inf: same optimiser,
batches and epochs, no clipping, no noise), with training wall time and the membership-inference
AUC of each model (a sample of training notes against the test notes).

Each DP row is what ``meddx train --mode lora --dp-epsilon E`` trains (``dp_finetune``), with
the reduced settings given on the command line (shorter max length, one epoch: LoRA DP-SGD on
the shared 2-core CPU is slow). Rows are written to ``--out`` as they finish, so an
interrupted run keeps what it measured.

    python bench/privacy_lora.py --config src/meddx/data/demo/demo.yaml \\
        --data src/meddx/data/demo/medical_abstracts.csv --epsilons inf 8 3 1
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _embedded import demo_splits  # noqa: E402
from _markdown import write_section  # noqa: E402
from _timing import command_line, emit  # noqa: E402

HEADING = "## Privacy: utility against epsilon (LoRA, demo, reduced setting)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--epsilons", nargs="+", default=["inf", "8", "3", "1"])
    ap.add_argument("--accountant", default="prv")
    ap.add_argument("--max-length", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--learning-rate", type=float, default=2e-3)
    ap.add_argument("--train-limit", type=int, default=None,
                    help="train on a seeded random sample of this many training notes (DP is "
                    "then over that sample)")
    ap.add_argument("--members", type=int, default=531,
                    help="training notes scored as members by the attack (a seeded sample)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default="bench/results/privacy_lora.json")
    ap.add_argument("--doc", default="docs/benchmarks.md")
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args()

    import numpy as np
    import torch

    from meddx.evaluate import evaluate
    from meddx.privacy import dp_finetune, membership_attack

    torch.set_num_threads(args.threads)
    cfg, corpus, parts = demo_splits(args.config, args.data, {
        "model": {"mode": "lora"}, "prep": {"max_length": args.max_length, "long_text": "head"},
        "train": {"epochs": args.epochs, "batch_size": args.batch_size,
                  "learning_rate": args.learning_rate, "seed": 42}})
    tr, te = parts["train"], parts["test"]
    n_split = len(tr)
    if args.train_limit is not None and args.train_limit < len(tr):
        tr = tr.subset(np.sort(np.random.default_rng(1).choice(len(tr), args.train_limit,
                                                               replace=False)))
    pick = np.sort(np.random.default_rng(0).choice(len(tr), min(args.members, len(tr)),
                                                   replace=False))
    members = tr.subset(pick)
    result = {"commands": [command_line()], "n_train": len(tr), "n_train_split": n_split,
              "n_test": len(te),
              "n_members": len(members), "settings": {
                  "max_length": args.max_length, "epochs": args.epochs,
                  "batch_size": args.batch_size, "learning_rate": args.learning_rate,
                  "lora_r": cfg.model.lora.r, "threads": args.threads}, "rows": []}
    for eps_text in args.epsilons:
        eps = float(eps_text)
        privacy = {"epsilon": None if math.isinf(eps) else eps, "accountant": args.accountant}
        run_cfg = cfg.model_copy(update={"privacy": cfg.privacy.model_copy(update=privacy)})
        started = time.monotonic()
        clf, outcome = dp_finetune(run_cfg, tr, corpus.labels, corpus.task, quiet=True)
        seconds = time.monotonic() - started
        proba = np.asarray(clf.predict_proba(te.texts, quiet=True))
        m = evaluate(te.y, proba, task=corpus.task, labels=corpus.labels, n_boot=args.bootstrap,
                     seed=42, quiet=True)
        mia = membership_attack(np.asarray(clf.predict_proba(members.texts, quiet=True)),
                                members.y, proba, te.y, task=corpus.task, n_boot=args.bootstrap)
        dp = None if math.isinf(eps) else outcome.summary()
        result["rows"].append({
            "epsilon": eps_text, "macro_f1": m["macro_f1"], "macro_f1_ci": m["ci95"]["macro_f1"],
            "train_seconds": round(seconds, 1), "steps": outcome.steps,
            "mia_auc": {k: a["auc"] for k, a in mia["attacks"].items()},
            "mia_auc_ci": {k: a["ci"]["auc"] for k, a in mia["attacks"].items()}, "dp": dp})
        print(f"epsilon {eps_text}: macro-F1 {m['macro_f1']:.3f}, {seconds:.1f} s", flush=True)
        emit(result, args.out)
        write_section(Path(args.doc), HEADING, _markdown(result))


def _ci(ci) -> str:
    return f"[{ci[0]:.3f}, {ci[1]:.3f}]"


def _markdown(r: dict) -> str:
    s = r["settings"]
    lines = [HEADING, "",
             f"Test n={r['n_test']}, train n={r['n_train']} (a seeded sample of the "
             f"{r['n_train_split']}-note training split; DP accounting over that sample). "
             f"LoRA (r={s['lora_r']}, query/value, "
             f"plus the classification head) on MiniLM, trained by `dp_finetune` (what `meddx "
             f"train --mode lora --dp-epsilon E` runs) with a REDUCED setting for the shared "
             f"2-core CPU: max length {s['max_length']} tokens (demo: 128), {s['epochs']} "
             f"epoch(s), expected batch {s['batch_size']}, Adam learning rate "
             f"{s['learning_rate']:g}, clipping norm 1, Poisson sampling, {s['threads']} torch "
             "threads under `nice -n 5` beside other jobs. The inf row is the same loop without "
             "clipping, noise or Poisson sampling (fixed-size shuffled batches), not the "
             "default non-private `meddx train --mode lora` recipe. MIA: membership-inference "
             f"AUC, {r['n_members']} training notes (seeded sample, members) against the test "
             "split (non-members), 95% bootstrap CIs.", "",
             "| epsilon | spent epsilon | noise multiplier | steps | macro-F1 [95% CI] | "
             "train wall time (s) | MIA AUC loss | MIA AUC confidence |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in r["rows"]:
        dp = row["dp"] or {}
        spent = f"{dp['epsilon']:.3f}" if dp else "-"
        sigma = f"{dp['noise_multiplier']:.3f}" if dp else "-"
        lines.append(
            f"| {row['epsilon']} | {spent} | {sigma} | {row['steps']} | {row['macro_f1']:.3f} "
            f"{_ci(row['macro_f1_ci'])} | {row['train_seconds']} | "
            f"{row['mia_auc']['loss']:.3f} {_ci(row['mia_auc_ci']['loss'])} | "
            f"{row['mia_auc']['confidence']:.3f} {_ci(row['mia_auc_ci']['confidence'])} |")
    lines += ["", "```", *r["commands"], "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
