"""Utility against privacy for DP-LoRA on the demo (full training split): macro-F1 (bootstrap
CIs) on the validation and test splits at several target epsilons, beside the same two-phase
recipe without DP (epsilon = inf: same phases, optimisers, epochs; no clipping, noise or Poisson
sampling), with training wall time and the membership-inference AUC of each model (a sample of
training notes against the test notes).

Each DP row is what ``meddx train --mode lora --dp-epsilon E`` trains (``dp_lora``: a DP head on
the frozen model, then DP-LoRA on the top encoder layer, the two phases composed by one Opacus
accountant). The hidden states entering the top layer come from the frozen lower layers and are
cached in ``--cache`` (computed once); the models are scored with the same [CLS]-only top layer
(``ClsTop``, equal to the full model's logits, tests/privacy/test_privacy_dp_lora.py). Rows are
written to ``--out`` as they finish.

    python bench/privacy_lora.py --config src/meddx/data/demo/demo.yaml \\
        --data src/meddx/data/demo/medical_abstracts.csv --epsilons 8 inf 3 1
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

HEADING = "## Privacy: utility against epsilon (LoRA, demo)"


def _hidden(cfg, parts, labels, task, cache: Path):
    import torch

    from meddx.models import load_classifier_model, load_tokenizer, resolve_model
    from meddx.privacy import note_tensors, top_layer_inputs

    if cache.is_file():
        return torch.load(cache), 0.0
    started = time.monotonic()
    path = resolve_model(cfg.model.name)
    tok = load_tokenizer(path)
    model = load_classifier_model(path, labels=labels, task=task, cfg=cfg.model)
    out = {}
    for name, part in parts.items():
        ids, mask, _ = note_tensors(tok, part.texts, part.y, cfg).tensors
        out[name] = (top_layer_inputs(model, ids, mask), mask)
        print(f"hidden states {name}: {tuple(out[name][0].shape)}", flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    torch.save(out, cache.with_suffix(".tmp"))
    cache.with_suffix(".tmp").replace(cache)
    return out, time.monotonic() - started


def _proba(model, hidden, mask, task):
    import torch

    from meddx.privacy import ClsTop

    top = ClsTop(model).eval()
    with torch.no_grad():
        z = torch.cat([top(hidden[i:i + 256], mask[i:i + 256]) for i in range(0, len(hidden), 256)])
    return (torch.sigmoid(z) if task == "multilabel" else torch.softmax(z, 1)).double().numpy()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--epsilons", nargs="+", default=["8", "inf", "3", "1"])
    ap.add_argument("--accountant", default="prv")
    ap.add_argument("--privacy", nargs="*", default=[], metavar="KEY=VALUE",
                    help="privacy.* overrides (e.g. lora_learning_rate=0.003) for tuning")
    ap.add_argument("--members", type=int, default=531,
                    help="training notes scored as members by the attack (a seeded sample)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--cache", default="bench/cache/lora_top_hidden.pt")
    ap.add_argument("--out", default="bench/results/privacy_lora.json")
    ap.add_argument("--doc", default="docs/benchmarks.md")
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args()

    import numpy as np
    import torch
    from sklearn.metrics import f1_score

    from meddx.evaluate import evaluate
    from meddx.privacy import dp_lora, membership_attack

    torch.set_num_threads(args.threads)
    cfg, corpus, parts = demo_splits(args.config, args.data, {
        "model": {"mode": "lora"}, "prep": {"long_text": "head"}, "train": {"seed": 42}})
    over = {k: float(v) if "." in v or "e" in v else int(v)
            for k, v in (kv.split("=", 1) for kv in args.privacy)}
    cfg = cfg.model_copy(update={"privacy": cfg.privacy.model_copy(update=over)})
    hidden, hidden_seconds = _hidden(cfg, parts, corpus.labels, corpus.task, Path(args.cache))
    tr = parts["train"]
    pick = np.sort(np.random.default_rng(0).choice(len(tr), min(args.members, len(tr)),
                                                   replace=False))
    p = cfg.privacy
    result = {"commands": [command_line()], "n_train": len(tr), "n_test": len(parts["test"]),
              "n_validation": len(parts["validation"]), "n_members": len(pick),
              "hidden_seconds": round(hidden_seconds, 1), "settings": {
                  "max_length": cfg.prep.max_length, "lora_r": cfg.model.lora.r,
                  "head_share": p.head_share, "lora_epochs": p.lora_epochs,
                  "lora_batch_size": p.lora_batch_size,
                  "lora_learning_rate": p.lora_learning_rate, "threads": args.threads},
              "rows": []}
    h_tr, m_tr = hidden["train"]
    for eps_text in args.epsilons:
        eps = float(eps_text)
        privacy = {"epsilon": None if math.isinf(eps) else eps, "accountant": args.accountant}
        run_cfg = cfg.model_copy(update={"privacy": cfg.privacy.model_copy(update=privacy)})
        started = time.monotonic()
        clf, outcome = dp_lora(run_cfg, tr, corpus.labels, corpus.task, inputs=(h_tr, m_tr))
        seconds = time.monotonic() - started
        row = {"epsilon": eps_text, "train_seconds": round(seconds, 1),
               "dp": None if math.isinf(eps) else outcome.summary()}
        for split in ("validation", "test"):
            proba = _proba(clf.model, *hidden[split], corpus.task)
            m = evaluate(parts[split].y, proba, task=corpus.task, labels=corpus.labels,
                         n_boot=args.bootstrap, seed=42, quiet=True)
            row[split] = {"macro_f1": m["macro_f1"], "ci": m["ci95"]["macro_f1"]}
        members = _proba(clf.model, h_tr[pick], m_tr[pick], corpus.task)
        mia = membership_attack(members, tr.y[pick], proba, parts["test"].y, task=corpus.task,
                                n_boot=args.bootstrap)
        row["train_macro_f1"] = float(f1_score(tr.y[pick], members.argmax(1), average="macro")) \
            if corpus.task != "multilabel" else None
        row["mia_auc"] = {k: a["auc"] for k, a in mia["attacks"].items()}
        row["mia_auc_ci"] = {k: a["ci"]["auc"] for k, a in mia["attacks"].items()}
        result["rows"].append(row)
        print(f"epsilon {eps_text}: validation {row['validation']['macro_f1']:.3f}, test "
              f"{row['test']['macro_f1']:.3f}, {seconds:.1f} s", flush=True)
        emit(result, args.out)
        write_section(Path(args.doc), HEADING, _markdown(result))


def _ci(ci) -> str:
    return f"[{ci[0]:.3f}, {ci[1]:.3f}]"


def _markdown(r: dict) -> str:
    s = r["settings"]
    lines = [HEADING, "",
             f"Train n={r['n_train']} (the full training split), validation "
             f"n={r['n_validation']}, test n={r['n_test']}. Recipe (`dp_lora`, what `meddx train "
             f"--mode lora --dp-epsilon E` runs): LP-FT under DP. Phase 1: a DP head on the "
             f"frozen model's pooled output with {s['head_share']:g} of epsilon. Phase 2: DP-SGD "
             f"on LoRA (r={s['lora_r']}, query/value) of the TOP encoder layer only plus the "
             f"classifier, {s['lora_epochs']} epochs, expected batch {s['lora_batch_size']} "
             f"(Poisson), Adam {s['lora_learning_rate']:g}; lower layers frozen, their hidden "
             f"states cached. Max length {s['max_length']} tokens, clipping norm 1, delta 1e-5 "
             "(min(1/n, 1e-5)); spent epsilon = both phases composed by one Opacus accountant. "
             "The inf row is the same two phases without clipping, noise or Poisson sampling. "
             f"MIA: {r['n_members']} training notes (seeded sample) against the test split.", "",
             "| epsilon | spent epsilon | noise (head; LoRA) | steps (head + LoRA) | validation "
             "macro-F1 | test macro-F1 [95% CI] | train macro-F1 | train wall time (s) | MIA AUC "
             "loss | MIA AUC confidence |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in r["rows"]:
        dp = row["dp"] or {}
        phases = dp.get("phases") or [{}, {}]
        spent = f"{dp['epsilon']:.3f}" if dp else "-"
        sigma = f"{phases[0]['noise_multiplier']:.3f}; {phases[1]['noise_multiplier']:.3f}" \
            if dp else "-"
        steps = f"{phases[0]['steps']} + {phases[1]['steps']}" if dp else "-"
        lines.append(
            f"| {row['epsilon']} | {spent} | {sigma} | {steps} | "
            f"{row['validation']['macro_f1']:.3f} | {row['test']['macro_f1']:.3f} "
            f"{_ci(row['test']['ci'])} | {row['train_macro_f1']:.3f} | {row['train_seconds']} | "
            f"{row['mia_auc']['loss']:.3f} {_ci(row['mia_auc_ci']['loss'])} | "
            f"{row['mia_auc']['confidence']:.3f} {_ci(row['mia_auc_ci']['confidence'])} |")
    lines += ["", "```", *r["commands"], "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
