"""What MLflow logging adds to ``meddx train``: the wall time of ``log_training_run`` (mlflow
import, store connection, params, metrics, artifacts, registration) on a finished run, each
repeat in a fresh process as a training run would pay it.

    nice -n 10 .venv/bin/python bench/registry_overhead.py runs/NAME [--repeats 3] \\
        [--work /tmp/meddx-registry-bench] [--out bench/results/registry-overhead.json]

``first``: into a new SQLite store (MLflow creates its schema); ``next``: into that store once it
exists. Wall and CPU seconds (this process; on a shared machine the CPU figure is the steadier
one). The run directory is copied (without checkpoints). Prints one JSON object with the medians
and the run's own ``train_seconds`` (from its metrics.json) for scale.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys, time
started = time.monotonic()
from meddx.config import load_config
from meddx.registry import log_training_run
run, uri = sys.argv[1], sys.argv[2]
from pathlib import Path
run = Path(run)
cfg = load_config(run / "config.yaml", {"registry": {"tracking_uri": uri}})
t0, c0 = time.monotonic(), time.process_time()
info = log_training_run(run, config=cfg, metrics=json.loads((run / "metrics.json").read_text()),
                        card=json.loads((run / "data_card.json").read_text()),
                        env=json.loads((run / "environment.json").read_text()))
print(json.dumps({"seconds": time.monotonic() - t0, "cpu_seconds": time.process_time() - c0,
                  "version": info["version"]}))
"""


def _once(run: Path, uri: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, str(run), uri], capture_output=True,
                          text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/meddx-registry-bench"))
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    run = args.work / args.run.name
    if not run.is_dir():
        shutil.copytree(args.run, run, ignore=shutil.ignore_patterns("checkpoints", "monitor"))
    first, later = [], []
    for i in range(args.repeats):
        db = args.work / f"store-{i}" / "mlflow.db"
        shutil.rmtree(db.parent, ignore_errors=True)
        first.append(_once(run, f"sqlite:///{db}"))
        later.append(_once(run, f"sqlite:///{db}"))
    train = json.loads((args.run / "metrics.json").read_text()).get("train_seconds")
    result = {"run": args.run.name, "repeats": args.repeats, "run_train_seconds": train}
    for name, calls in (("first", first), ("next", later)):
        for key in ("seconds", "cpu_seconds"):
            values = [c[key] for c in calls]
            result[f"{name}_{key}_median"] = round(statistics.median(values), 2)
            result[f"{name}_{key}"] = [round(v, 2) for v in values]
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
