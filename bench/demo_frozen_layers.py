"""The demo's fine-tune (demo.yaml: MiniLM-L6, 2 epochs = 200 steps, batch 16 x 128 tokens) with
``model.frozen_layers`` K at one learning rate, without the time budget and with a fixed thread
count, scored on the VALIDATION split only (the in-training validation of each epoch, from
``train.log``): the setting is chosen on validation data; the test figures stay unread in the
run's metrics.json. Also the seconds the caching and the training took.

    PYTHONPATH=src HF_HUB_OFFLINE=1 nice -n 5 .venv/bin/python bench/demo_frozen_layers.py \
        --frozen-layers 5 --learning-rate 3e-4 --threads 1 --out /tmp/meddx-frozen-layers

``--frozen-layers 0`` is the full fine-tune. Writes OUT/k{K}-lr{LR}.json with the figures printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_precision import _logged_numbers  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frozen-layers", type=int, required=True)
    ap.add_argument("--learning-rate", type=float, required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/meddx-frozen-layers"))
    a = ap.parse_args()

    from meddx.config import load_config
    from meddx.data import demo_path
    from meddx.pipeline import train_run

    name = f"k{a.frozen_layers}-lr{a.learning_rate:g}"
    cfg = load_config(demo_path().with_name("demo.yaml"), {
        "data": {"path": str(demo_path())}, "out_dir": str(a.out), "name": name,
        "model": {"frozen_layers": a.frozen_layers},
        "train": {"threads": a.threads, "time_budget_minutes": None,
                  "learning_rate": a.learning_rate},
        "eval": {"bootstrap": 0}, "registry": {"enabled": False}})
    load = os.getloadavg()[0]
    start = time.monotonic()
    result = train_run(cfg, quiet=True)
    log = result.run_dir / "train.log"
    logged = _logged_numbers(log)
    curve = [{k: round(v, 4) for k, v in h.items() if k in ("epoch", "eval_loss",
                                                             "eval_macro_f1", "eval_accuracy")}
             for h in logged if "eval_loss" in h]
    cached = re.search(r"caching the lower layers' output: done in ([\d.]+) s", log.read_text())
    training = result.metrics.get("training") or {}
    out = {"frozen_layers": a.frozen_layers, "learning_rate": a.learning_rate,
           "threads": a.threads, "steps": training.get("steps"),
           "cache_s": float(cached.group(1)) if cached else 0.0,
           "train_runtime_s": next((h["train_runtime"] for h in reversed(logged)
                                    if "train_runtime" in h), None),
           "load_average_at_start": round(load, 2),
           "load_average_at_end": round(os.getloadavg()[0], 2),
           "wall_s": round(time.monotonic() - start, 1), "in_training_validation": curve}
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / f"{name}.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
