"""The demo's fine-tune (demo.yaml: MiniLM-L6, full, 2 epochs = 234 steps, batch 16 x 128
tokens) in one ``train.precision``, without the time budget and with a fixed thread count,
scored on the VALIDATION split only: macro-F1, accuracy, macro-AUROC, NLL and ECE of the
uncalibrated probabilities (those the calibrator is fitted on), plus seconds per step and the
in-training validation loss per epoch. The test figures stay unread in the run's metrics.json:
a precision is chosen on validation data.

    PYTHONPATH=src HF_HUB_OFFLINE=1 nice -n 5 .venv/bin/python bench/demo_precision.py \
        --precision fp32 --threads 1 --out /tmp/meddx-precision
    PYTHONPATH=src HF_HUB_OFFLINE=1 nice -n 5 .venv/bin/python bench/demo_precision.py \
        --precision bf16 --threads 1 --out /tmp/meddx-precision

``--max-steps N`` trains a fixed shorter schedule instead (the same for both precisions).
Writes OUT/PRECISION.json with the figures printed.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path


def validation_figures(run_dir: Path) -> dict:
    """The run's validation split (as training split it), scored by the probabilities cached
    at training time (``RUN/model/validation_proba.npz``, the fp32 model that is served)."""
    import numpy as np

    from meddx.data import make_splits
    from meddx.evaluate import compute_metrics
    from meddx.runs import cached_proba, load_run

    run = load_run(run_dir, with_baseline=False)
    corpus = run.corpus()
    part = corpus.subset(make_splits(corpus, run.config.data.split)["validation"])
    proba = cached_proba(run.path, part.texts)
    if proba is None:
        proba = run.model.predict_proba(part.texts, quiet=True)
    proba = np.asarray(proba, dtype=np.float64)
    m = compute_metrics(part.y, proba, task=part.task, labels=part.labels)
    nll = float(-np.mean(np.log(np.clip(proba[np.arange(len(part.y)), part.y], 1e-12, None))))
    return {"n": len(part.y), "macro_f1": m["macro_f1"], "accuracy": m["accuracy"],
            "macro_auroc": m["macro_auroc"], "nll": nll, "ece": m["ece"]}


def _logged_numbers(log: Path) -> list[dict]:
    """The Trainer's numbers that train.log records ("step N of M (P%): {...}"): training loss,
    the in-training validation and the runtime; nothing else of the log is read."""
    import ast
    import re

    line = re.compile(r"step \d+ of \d+ \(\d+%\): (\{.*\})$")
    found = (line.search(t) for t in log.read_text(encoding="utf-8").splitlines())
    return [ast.literal_eval(m.group(1)) for m in found if m]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--precision", choices=["fp32", "bf16"], required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("/tmp/meddx-precision"))
    a = parser.parse_args()

    from meddx.config import load_config
    from meddx.data import demo_path
    from meddx.pipeline import train_run

    name = f"demo-{a.precision}" + (f"-{a.max_steps}" if a.max_steps else "")
    cfg = load_config(demo_path().with_name("demo.yaml"), {
        "data": {"path": str(demo_path())}, "out_dir": str(a.out), "name": name,
        "train": {"precision": a.precision, "threads": a.threads, "time_budget_minutes": None,
                  "max_steps": a.max_steps},
        "eval": {"bootstrap": 0}, "registry": {"enabled": False}})
    load = os.getloadavg()[0]
    start = time.monotonic()
    result = train_run(cfg, quiet=True)
    wall = time.monotonic() - start
    history = result.metrics.get("training") or {}
    logged = _logged_numbers(result.run_dir / "train.log")
    curve = [{k: round(v, 4) for k, v in h.items() if k in ("epoch", "eval_loss",
                                                             "eval_macro_f1", "eval_accuracy")}
             for h in logged if "eval_loss" in h]
    runtime = next((h["train_runtime"] for h in reversed(logged) if "train_runtime" in h), None)
    out = {"precision": history.get("precision"), "threads": a.threads,
           "steps": history.get("steps"), "load_average_at_start": round(load, 2),
           "load_average_at_end": round(os.getloadavg()[0], 2), "wall_s": round(wall, 1),
           "train_runtime_s": runtime,
           "validation": validation_figures(result.run_dir), "in_training_validation": curve}
    if out["train_runtime_s"] and out["steps"]:
        out["seconds_per_step"] = round(out["train_runtime_s"] / out["steps"], 3)
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / f"{name}.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
