"""Train the demo (``meddx demo``'s config) with the budget cut emulated by a fixed step count:
``train.max_steps`` N, the time budget off, one thread (the linear schedule decays to zero at
N). Used for the blend sections of docs/benchmarks.md. A third argument changes the split's
seed (``data.split.seed``; the demo's is 13), for a replication on other validation and test
notes; the run is then named ``demo-STEPS-splitSEED``. ``--long-text`` sets ``prep.long_text``
(``head``, ``head_tail`` or ``chunks``; the run's name gains ``-head_tail``), for a comparison of
how the abstracts are cut to the window (session 26). ``--facility-forms-across-notes`` sets
``deid.facility_forms_across_notes`` (name gains ``-across``).

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/demo_max_steps.py 146 OUT_DIR
    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/demo_max_steps.py 146 OUT_DIR 7
    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/demo_max_steps.py 200 OUT_DIR 7 \
        --long-text head_tail
"""

from __future__ import annotations

import argparse


def main(steps: int, out_dir: str, split_seed: int | None = None,
         long_text: str | None = None, across: bool = False) -> None:
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
    if long_text is not None:
        tree["prep"] = {"long_text": long_text}
        tree["name"] += f"-{long_text}"
    if across:
        tree["deid"] = {"facility_forms_across_notes": True}
        tree["name"] += "-across"
    train_run(load_config(demo_path().with_name("demo.yaml"), tree), quiet=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("steps", type=int)
    ap.add_argument("out_dir", nargs="?", default="runs")
    ap.add_argument("split_seed", nargs="?", type=int, default=None)
    ap.add_argument("--long-text", choices=["head", "head_tail", "chunks"], default=None)
    ap.add_argument("--facility-forms-across-notes", action="store_true")
    a = ap.parse_args()
    main(a.steps, a.out_dir, a.split_seed, a.long_text, a.facility_forms_across_notes)
