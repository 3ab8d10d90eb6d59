"""Federated LoRA against centralised and local-only LoRA on the demo, in a reduced setting for
a small CPU: the demo's training split dealt to 4 sites (IID or label-skewed by a Dirichlet
draw, as bench/federated_sites.py), notes cut to ``--max-length`` tokens (the head), the same
budget of note passes for every method. Macro-F1 with bootstrap CIs on the demo's test split,
rounds, bytes per round, wall time.

Runs (``--runs``, each ``METHOD-SPLIT``, e.g. ``central``, ``fedavg-skewed``,
``fedprox-skewed``, ``local-skewed``, ``fedavg-iid``):

- ``central``: the seeded LoRA model trained on the pooled split for
  ``rounds x sites x local-steps`` AdamW steps of ``--batch-size`` notes;
- ``fedavg``/``fedprox``/...: ``meddx federate --mode lora``'s pieces (the seeded LoRA model,
  Flower's strategy over the loopback grid), ``--rounds`` rounds of ``--local-steps`` steps per
  site: the same number of steps, hence of note passes, as ``central``;
- ``central-sequential``: as ``central`` for ``rounds x local-steps`` steps only, the
  sequential steps of one site in a federated run (what federation costs beyond parallelism);
- ``fedsum``: FedAvgM without momentum at server rate = the number of sites (a round moves
  the global model by that many times the mean site update);
- ``local``: each site alone, ``rounds x local-steps`` steps (its share of the federated
  budget); the mean and range of the sites' test macro-F1.

Every run starts from the same seeded model (``model.lora`` defaults), AdamW at ``--lr``,
constant rate. No setting was tuned: each was fixed before the one run. Each run's result is
kept in ``--out-dir`` (a finished run is not run again with the same settings), and the
markdown section is rewritten from every finished run, so runs can go in separate processes.

    python bench/federated_lora.py --config src/meddx/data/demo/demo.yaml \\
        --data src/meddx/data/demo/medical_abstracts.csv --runs central,fedavg-skewed
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _embedded import demo_splits  # noqa: E402
from _markdown import write_section  # noqa: E402
from _timing import command_line  # noqa: E402
from federated_sites import assign_sites  # noqa: E402

HEADING = ("## Federated LoRA against centralised and local-only LoRA (demo, 4 sites, "
           "reduced)")
SETTINGS = ("sites", "rounds", "local_steps", "batch_size", "lr", "max_length", "alpha",
            "seed", "proximal_mu", "server_lr")
ORDER = ("central", "central-sequential", "fedavg-skewed", "fedprox-skewed", "fedadam-skewed",
         "fedsum-skewed", "local-skewed", "fedavg-iid", "fedsum-iid", "local-iid")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--runs", default="central,fedavg-skewed")
    ap.add_argument("--sites", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=24)
    ap.add_argument("--local-steps", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--max-length", type=int, default=64)
    ap.add_argument("--proximal-mu", type=float, default=0.1, help="FedProx")
    ap.add_argument("--server-lr", type=float, default=0.01, help="FedAdam/FedYogi")
    ap.add_argument("--alpha", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=0, help="site-assignment seed")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out-dir", default="bench/results/federated_lora")
    ap.add_argument("--doc", default="docs/benchmarks.md")
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args()
    settings = {k: getattr(args, k) for k in SETTINGS}
    out_dir = Path(args.out_dir)

    pending = []
    for run in args.runs.split(","):
        path = out_dir / f"{run}.json"
        if path.is_file() and json.loads(path.read_text())["settings"] == settings:
            print(f"{run}: done before ({path})", flush=True)
        else:
            pending.append(run)
    if not pending:  # only the markdown section, from the runs kept
        write_section(Path(args.doc), HEADING, _markdown(out_dir, settings))
        return
    import torch

    torch.set_num_threads(args.threads)
    cfg, corpus, parts = demo_splits(args.config, args.data,
                                     {"model": {"mode": "lora"},
                                      "prep": {"max_length": args.max_length}})
    bench = _Bench(cfg, corpus.labels, corpus.task, parts, args)
    for run in pending:
        path = out_dir / f"{run}.json"
        method, _, split = run.partition("-")
        started = time.monotonic()
        result = bench.run(method, split or "skewed")
        result.update(run=run, settings=settings, command=command_line(),
                      seconds=round(time.monotonic() - started, 1),
                      n_train=len(parts["train"]), n_test=len(parts["test"]))
        from meddx._io import atomic_write_text

        out_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(result, indent=2) + "\n")
        print(f"{run}: macro-F1 {result['macro_f1']:.3f} {result['ci']} in "
              f"{result['seconds']:.0f} s", flush=True)
        write_section(Path(args.doc), HEADING, _markdown(out_dir, settings))


class _Bench:
    def __init__(self, cfg, labels, task, parts, args) -> None:
        from meddx.federated import LoraSite, build_lora_model

        self.cfg, self.labels, self.task, self.args = cfg, labels, task, args
        self.train, self.test = parts["train"], parts["test"]
        self.model, self.tokenizer = build_lora_model(cfg, labels, task)
        self.initial = {k: v.clone() for k, v in self.model.state_dict().items()}
        # tokenised once: every site and method slices the pooled training notes
        self.pooled = LoraSite(self.tokenizer, self.train.texts, self.train.y, cfg.prep)

    def reset(self) -> None:
        """The seeded initial model, without building it again."""
        self.model.load_state_dict(self.initial)

    def site(self, rows: np.ndarray):
        return self.pooled.subset(rows)

    def score(self) -> dict:
        from meddx.evaluate import evaluate
        from meddx.models import FineTunedClassifier

        clf = FineTunedClassifier(labels=self.labels, task=self.task, prep=self.cfg.prep,
                                  model=self.model, tokenizer=self.tokenizer,
                                  base_model=self.cfg.model.name, mode=self.cfg.model.mode,
                                  batch_size=self.cfg.train.eval_batch_size)
        m = evaluate(self.test.y, clf.predict_proba(self.test.texts), task=self.task, labels=self.labels,
                     n_boot=self.args.bootstrap, seed=self.cfg.train.seed, quiet=True)
        return {"macro_f1": round(m["macro_f1"], 4),
                "ci": [round(v, 4) for v in m["ci95"]["macro_f1"]]}

    def steps(self) -> int:
        return self.args.rounds * self.args.sites * self.args.local_steps

    def fit(self, site, max_steps: int) -> float:
        from meddx.federated import lora_train, trainable_state

        a = self.args
        epochs = -(-max_steps * a.batch_size // len(site.enc))
        state, loss = lora_train(self.model, trainable_state(self.model), site, epochs=epochs,
                                 lr=a.lr, batch_size=a.batch_size, mu=0.0,
                                 seed=self.cfg.train.seed, max_steps=max_steps)
        self.model.load_state_dict(state, strict=False)
        return loss

    def run(self, method: str, split: str) -> dict:
        a = self.args
        y = self.train.y
        sites = assign_sites(y, a.sites, split, a.seed, a.alpha)
        mix = {int(s): np.bincount(y[sites == s], minlength=len(self.labels)).tolist()
               for s in range(a.sites)}
        if method == "central":  # "central-sequential": one site's sequential steps only
            steps = a.rounds * a.local_steps if split == "sequential" else self.steps()
            self.reset()
            loss = self.fit(self.pooled, steps)
            return {**self.score(), "method": "central-sequential" if split == "sequential" else method,
                    "split": None, "steps": steps, "note_passes": steps * a.batch_size,
                    "final_train_loss": loss}
        if method == "local":
            per_site = {}
            for s in range(a.sites):
                self.reset()
                started = time.monotonic()
                self.fit(self.site(np.flatnonzero(sites == s)), a.rounds * a.local_steps)
                per_site[s] = {**self.score(), "seconds": round(time.monotonic() - started, 1)}
                print(f"  local site {s}: {per_site[s]['macro_f1']:.3f}", flush=True)
            f1 = [v["macro_f1"] for v in per_site.values()]
            return {"macro_f1": round(float(np.mean(f1)), 4), "ci": [min(f1), max(f1)],
                    "method": method, "split": split, "per_site": per_site, "label_mix": mix,
                    "steps": self.steps(), "note_passes": self.steps() * a.batch_size}
        return self.federated(method, split, sites, mix)

    def federated(self, strategy: str, split: str, sites: np.ndarray, mix: dict) -> dict:
        from meddx.federated import (
            lora_train,
            make_client_app,
            make_server_app,
            run_loopback,
            trainable_state,
        )

        a = self.args
        self.reset()
        data = {s: self.site(np.flatnonzero(sites == s)) for s in range(a.sites)}
        model = self.model

        def train_round(state, site, config, seed):
            return lora_train(model, state, site, epochs=1, lr=a.lr, batch_size=a.batch_size,
                              mu=float(config.get("proximal-mu", 0.0)), seed=seed,
                              max_steps=a.local_steps)

        initial = trainable_state(model)
        # fedsum: FedAvgM without momentum at server rate = the number of sites, so a round
        # moves the global model by n_sites times the size-weighted mean of the sites' updates
        # (their sum, were the sites of equal size) rather than by the mean
        flower, server_lr = (("fedavgm", float(a.sites)) if strategy == "fedsum"
                             else (strategy, a.server_lr))
        server = make_server_app(strategy=flower, rounds=a.rounds, n_sites=a.sites, dim=0,
                                 n_classes=len(self.labels), local_epochs=1, lr=a.lr,
                                 batch_size=a.batch_size, proximal_mu=a.proximal_mu,
                                 local_steps=a.local_steps, server_lr=server_lr,
                                 initial=initial)
        client = make_client_app(lambda nc: data[nc["partition-id"]], seed=self.cfg.train.seed,
                                 train_round=train_round)
        grid = run_loopback(server, client, [{"partition-id": s} for s in range(a.sites)],
                            run_config={}, quiet=False)
        model.load_state_dict(grid.context.state["final"].to_torch_state_dict(), strict=False)
        losses = dict(grid.context.state["losses"])
        return {**self.score(), "method": strategy, "split": split, "label_mix": mix,
                "rounds": a.rounds, "steps": self.steps(),
                "note_passes": self.steps() * a.batch_size,
                "bytes_to_sites_per_round": grid.bytes_sent // a.rounds,
                "bytes_from_sites_per_round": grid.bytes_received // a.rounds,
                "trainable_weights": sum(int(v.numel()) for v in initial.values()),
                "train_loss_by_round": {k: round(float(v), 4) for k, v in losses.items()}}


def _markdown(out_dir: Path, settings: dict) -> str:
    done = {}
    for path in out_dir.glob("*.json"):
        r = json.loads(path.read_text())
        if r["settings"] == settings:
            done[r["run"]] = r
    runs = [done[k] for k in ORDER if k in done] + [done[k] for k in sorted(done)
                                                    if k not in ORDER]
    s = settings
    ci = lambda v: f"[{v[0]:.3f}, {v[1]:.3f}]"  # noqa: E731
    central = done.get("central")
    lines = [
        HEADING, "",
        f"Reduced setting for the shared 2-core CPU (one thread per run): notes cut to their "
        f"first {s['max_length']} tokens; LoRA with the `model.lora` defaults; AdamW at "
        f"{s['lr']:g} (constant), batch {s['batch_size']}; every run starts from the same "
        f"seeded model and makes {s['rounds'] * s['sites'] * s['local_steps']} optimiser steps "
        f"({s['rounds'] * s['sites'] * s['local_steps'] * s['batch_size']} note passes, about "
        f"{s['rounds'] * s['sites'] * s['local_steps'] * s['batch_size'] / 1859:.1f} epochs of "
        "the training split). Federated: "
        f"{s['rounds']} rounds of {s['local_steps']} local steps at each of {s['sites']} sites; "
        f"local-only: each site alone for {s['rounds'] * s['local_steps']} steps (its share). "
        f"Sites: the demo training split dealt IID or label-skewed (Dirichlet alpha="
        f"{s['alpha']}, seed {s['seed']}, the same skewed split as seed {s['seed']} above). "
        f"FedProx mu {s['proximal_mu']:g}; FedAdam server rate {s['server_lr']:g}. Test split "
        "n=531, 95% bootstrap CIs (local-only: the mean over sites and their range). One run of "
        "each, nothing tuned. Reduced against `meddx train` on the demo (128 tokens, a "
        "warmed-up linear schedule) and against the frozen-head table above (3 site-assignment "
        "seeds, settings picked on validation): one seed, a fixed budget, fixed rates. "
        "Seconds: wall time of one single-thread process on the shared "
        "2-core machine, several such processes at once (load average 10-14), so they compare "
        "runs only roughly.", "",
        "| method | sites | macro-F1 [95% CI] | gap to centralised (points) | rounds | bytes to "
        "sites / round | bytes from sites / round | seconds |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in runs:
        name = {"central": "centralised LoRA", "local": "local-only LoRA",
                "fedsum": f"federated LoRA, fedavgm at server rate {s['sites']} (x the mean "
                "update), no momentum",
                "central-sequential": f"centralised LoRA, {r.get('steps')} steps only (one "
                "site's sequential steps in the federated runs)"}.get(
            r["method"], f"federated LoRA, {r['method']}")
        band = (f"{r['macro_f1']:.3f} (sites {r['ci'][0]:.3f}-{r['ci'][1]:.3f})"
                if r["method"] == "local" else f"{r['macro_f1']:.3f} {ci(r['ci'])}")
        gap = ("" if central is None or r is central
               else f"{100 * (central['macro_f1'] - r['macro_f1']):+.1f}")
        fed = "bytes_to_sites_per_round" in r
        lines.append(
            f"| {name} | {r['split'] or 'pooled'} | {band} | {gap} | "
            f"{r['rounds'] if fed else ''} | {r['bytes_to_sites_per_round'] if fed else ''} | "
            f"{r['bytes_from_sites_per_round'] if fed else ''} | {r['seconds']:.0f} |")
    lines.append("")
    skewed = [r for r in runs if r["split"] == "skewed" and "bytes_to_sites_per_round" in r]
    if central and skewed:
        best = max(skewed, key=lambda r: r["macro_f1"])
        gap = 100 * (central["macro_f1"] - best["macro_f1"])
        lines.append(
            f"Target (federated within 2 points of centralised on the skewed split): "
            f"{'met' if gap <= 2 else 'NOT met'} for LoRA at this budget (best federated, "
            f"{best['method']}: gap {gap:+.1f} points).")
        lines.append("")
    fed = next((r for r in runs if "trainable_weights" in r), None)
    if fed:
        lines.append(
            f"Only the {fed['trainable_weights']} trainable weights (LoRA adapters and the "
            "classification head, float32 with array headers) travel, per site and round each "
            "way (the bytes above are all 4 sites together); the base encoder never does.")
        lines.append("")
    lines += _reading(done)
    mixes = next((r["label_mix"] for r in runs if r["split"] == "skewed" and "label_mix" in r),
                 None)
    if mixes:
        lines.append("Label counts per skewed site: " + "; ".join(
            f"site {k}: {v}" for k, v in mixes.items()) + ".")
        lines.append("")
    lines += ["Commands (each process ran some of the runs; a finished run is kept):", "", "```"]
    lines += sorted({r["command"] for r in runs})
    lines += ["```", ""]
    return "\n".join(lines)


def _reading(done: dict) -> list[str]:
    """What the runs kept say, in points of macro-F1 (only from the runs present)."""
    f1 = {k: 100 * r["macro_f1"] for k, r in done.items()}
    out = []
    if {"central", "central-sequential"} <= set(f1):
        sites = done["central"]["settings"]["sites"]
        out.append(f"Sequential steps: the centralised model after one site's sequential steps "
                   f"({done['central-sequential']['steps']}) scores "
                   f"{f1['central'] - f1['central-sequential']:.1f} points below the full "
                   f"budget ({done['central']['steps']} steps). FedAvg averages the sites' "
                   "updates, so a round moves the global model about as far as one site's local "
                   f"steps: at equal note passes a federated run makes 1/{sites} of the "
                   "sequential steps of the centralised one.")
    if {"fedavg-iid", "fedavg-skewed"} <= set(f1):
        out.append(f"Label skew: FedAvg loses {f1['fedavg-iid'] - f1['fedavg-skewed']:.1f} "
                   "points from the IID to the skewed sites.")
    for split in ("skewed", "iid"):
        if f"local-{split}" in f1 and f"fedavg-{split}" in f1:
            out.append(f"Federation against each site alone ({split}): FedAvg "
                       f"{f1[f'fedavg-{split}'] - f1[f'local-{split}']:+.1f} points over the "
                       "mean local-only site.")
    if any(k.startswith("fedsum") for k in f1):
        out.append("The fedsum rows were added after the other rows had been scored, reasoned "
                   "from the sequential-steps finding (a round moving the global model by the "
                   "sites' summed rather than mean update), not tuned: one run.")
    return [" ".join(out), ""] if out else []


if __name__ == "__main__":
    main()
