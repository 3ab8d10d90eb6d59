"""The demo on another split or split share, from a COPY of its config (docs/benchmarks.md,
"Demo calibration on more notes", session 18, branch calib18).

``run``: copies ``src/meddx/data/demo/demo.yaml`` to OUT/NAME.yaml with ``data.split`` (seed and
train/validation shares) and ``train.time_budget_minutes`` replaced (a large budget, so the
full schedule runs and the figures do not depend on the machine's load), then trains the demo
from that copy exactly as ``meddx demo`` does (``load_config`` + ``train_run``).

``overlap``: how many test notes two split settings share (no training; the split alone).

``summary``: each run's figures from its metrics.json, and the lead's pre-registered rule
(13:30 UTC, before any run) applied to the runs of two settings on the OTHER splits (never
seed 13): the candidate goes on only if its mean served test ECE is lower than the current
setting's, its served macro-F1, accuracy and AUROC beat TF-IDF (point estimates) on each split,
and its mean served macro-F1 is not lower by more than 0.015.

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/calib18_split.py \\
        run --seed 7 --train 0.6 --validation 0.2 --out /tmp/calib18/runs
    PYTHONPATH=$PWD/src .venv/bin/python bench/calib18_split.py overlap --seed 13
    PYTHONPATH=$PWD/src .venv/bin/python bench/calib18_split.py summary \
        --current RUN_A7 RUN_A21 --candidate RUN_B7 RUN_B21
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
import yaml


def config_copy(seed: int, train: float, validation: float, budget: float) -> dict[str, Any]:
    """The demo config as a tree, with the split and the time budget replaced."""
    from meddx.data import demo_path

    raw = yaml.safe_load(demo_path().with_name("demo.yaml").read_text(encoding="utf-8"))
    test = round(1.0 - train - validation, 6)
    raw["data"]["split"] = {"train": train, "validation": validation, "test": test, "seed": seed}
    raw["train"]["time_budget_minutes"] = budget
    return raw


def run(args: argparse.Namespace) -> None:
    from meddx.config import load_config
    from meddx.data import demo_path
    from meddx.pipeline import train_run

    name = args.name or f"s{args.seed}-v{round(args.validation * 100)}"
    args.out.mkdir(parents=True, exist_ok=True)
    copy = args.out / f"{name}.yaml"
    copy.write_text(yaml.safe_dump(config_copy(args.seed, args.train, args.validation,
                                               args.budget), sort_keys=False), encoding="utf-8")
    cfg = load_config(copy, {"data": {"path": str(demo_path())}, "out_dir": str(args.out),
                             "name": name})
    train_run(cfg, quiet=True)
    print(f"{name}: config copy {copy}, run {args.out / name}")


def test_rows(seed: int, train: float, validation: float) -> set[int]:
    """Row numbers (in the bundled CSV) of the test split drawn with these shares."""
    from meddx.config import load_config
    from meddx.data import demo_path, load_corpus, make_splits

    raw = config_copy(seed, train, validation, 60.0)
    raw["data"]["path"] = str(demo_path())
    cfg = load_config(None, raw)
    corpus = load_corpus(cfg.data, demo_path())
    index = make_splits(corpus, cfg.data.split)
    return {int(corpus.rows[i]) for i in index["test"]}


def overlap(args: argparse.Namespace) -> None:
    a = test_rows(args.seed, 0.7, 0.1)
    b = test_rows(args.seed, args.train, args.validation)
    out = {"seed": args.seed, "test_0.7/0.1": len(a), f"test_{args.train}/{args.validation}": len(b),
           "shared": len(a & b)}
    print(json.dumps(out))


METRICS = ("macro_f1", "accuracy", "macro_auroc")


def figures(run_dir: Path) -> dict[str, Any]:
    """One run's served figures against TF-IDF, from its metrics.json."""
    m = json.loads((Path(run_dir) / "metrics.json").read_text(encoding="utf-8"))
    served, floor = m["model"], m["model"]["ece_if_calibrated"]
    return {
        "run": str(run_dir), "n_test": served["n"],
        "n_validation": m["calibration"]["n_validation"],
        "steps": [m["training"]["steps"], m["training"]["planned_steps"]],
        "served": {k: round(served[k], 4) for k in (*METRICS, "ece")},
        "tfidf": {k: round(m["baseline"][k], 4) for k in METRICS},
        "vs_tfidf": {k: [round(m["verdict"]["metrics"][k]["difference"], 4),
                         *[round(v, 4) for v in m["verdict"]["metrics"][k]["ci"]],
                         m["verdict"]["metrics"][k]["verdict"]] for k in METRICS},
        "floor": [round(floor["mean"], 4), *[round(v, 4) for v in floor["interval"]],
                  round(floor["p_value"], 3)],
        "w": m["served"].get("blend", {}).get("weight"),
        "ece_model_alone_calibrated": round(m["model_unblended"]["ece"], 4)
        if m.get("model_unblended") else None,
        "ece_uncalibrated": round(m["model_uncalibrated"]["ece"], 4),
    }


def decide(current: list[dict[str, Any]], candidate: list[dict[str, Any]]) -> dict[str, Any]:
    """The pre-registered rule on the figures of :func:`figures` (other splits only)."""
    mean = {name: {k: float(np.mean([r["served"][k] for r in rows])) for k in (*METRICS, "ece")}
            for name, rows in (("current", current), ("candidate", candidate))}
    checks = {
        "mean served ECE lower": mean["candidate"]["ece"] < mean["current"]["ece"],
        "beats TF-IDF on each split": all(r["served"][k] > r["tfidf"][k]
                                          for r in candidate for k in METRICS),
        "mean macro-F1 not lower by more than 0.015":
            mean["candidate"]["macro_f1"] >= mean["current"]["macro_f1"] - 0.015,
    }
    return {"mean": {n: {k: round(v, 4) for k, v in d.items()} for n, d in mean.items()},
            "checks": checks, "adopt": all(checks.values())}


def summary(args: argparse.Namespace) -> None:
    current = [figures(r) for r in args.current]
    candidate = [figures(r) for r in args.candidate]
    for r in current + candidate:
        seed = yaml.safe_load((Path(r["run"]) / "config.yaml").read_text())["data"]["split"]["seed"]
        if seed == 13:
            raise SystemExit(f"{r['run']}: split seed 13 is the demo's own; never used to choose")
    out = {"current": current, "candidate": candidate, "rule": decide(current, candidate)}
    print(json.dumps(out, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("run", "overlap", "summary"))
    ap.add_argument("--seed", type=int)
    ap.add_argument("--train", type=float, default=0.6)
    ap.add_argument("--validation", type=float, default=0.2)
    ap.add_argument("--budget", type=float, default=60.0, help="train.time_budget_minutes")
    ap.add_argument("--out", type=Path, default=Path("/tmp/calib18/runs"))
    ap.add_argument("--name")
    ap.add_argument("--current", nargs="*", type=Path, default=[])
    ap.add_argument("--candidate", nargs="*", type=Path, default=[])
    args = ap.parse_args()
    if args.what == "summary":
        summary(args)
    elif args.seed is None:
        raise SystemExit(f"{args.what} needs --seed")
    else:
        run(args) if args.what == "run" else overlap(args)


if __name__ == "__main__":
    main()
