"""The demo on another split or split share, from a COPY of its config (docs/benchmarks.md,
"Demo calibration on more notes", session 18, branch calib18).

``run``: copies ``src/meddx/data/demo/demo.yaml`` to OUT/NAME.yaml with ``data.split`` (seed and
train/validation shares) and ``train.time_budget_minutes`` replaced (a large budget, so the
full schedule runs and the figures do not depend on the machine's load), then trains the demo
from that copy exactly as ``meddx demo`` does (``load_config`` + ``train_run``).

``overlap``: how many test notes two split settings share (no training; the split alone).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/calib18_split.py \\
        run --seed 7 --train 0.6 --validation 0.2 --out /tmp/calib18/runs
    PYTHONPATH=$PWD/src .venv/bin/python bench/calib18_split.py overlap --seed 13
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("run", "overlap"))
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--train", type=float, default=0.6)
    ap.add_argument("--validation", type=float, default=0.2)
    ap.add_argument("--budget", type=float, default=60.0, help="train.time_budget_minutes")
    ap.add_argument("--out", type=Path, default=Path("/tmp/calib18/runs"))
    ap.add_argument("--name")
    args = ap.parse_args()
    run(args) if args.what == "run" else overlap(args)


if __name__ == "__main__":
    main()
