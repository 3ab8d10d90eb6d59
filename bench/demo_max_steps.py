"""Train the demo (``meddx demo``'s config) with the budget cut emulated by a fixed step count:
``train.max_steps`` N, the time budget off, one thread (the linear schedule decays to zero at
N). Used for the blend sections of docs/benchmarks.md. A third argument changes the split's
seed (``data.split.seed``; the demo's is 13), for a replication on other validation and test
notes; the run is then named ``demo-STEPS-splitSEED``.

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/demo_max_steps.py 146 OUT_DIR
    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/demo_max_steps.py 146 OUT_DIR 7
"""

from __future__ import annotations

import sys


def main(steps: int, out_dir: str, split_seed: int | None = None) -> None:
    import torch

    from meddx.config import load_config
    from meddx.data import demo_path
    from meddx.pipeline import train_run

    torch.set_num_threads(1)
    tree = {"data": {"path": str(demo_path())}, "out_dir": out_dir, "name": f"demo-{steps}",
            "train": {"max_steps": steps, "time_budget_minutes": None, "threads": 1}}
    if split_seed is not None:
        tree["data"]["split"] = {"seed": split_seed}
        tree["name"] = f"demo-{steps}-split{split_seed}"
    train_run(load_config(demo_path().with_name("demo.yaml"), tree), quiet=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "runs",
         int(sys.argv[3]) if len(sys.argv) > 3 else None)
