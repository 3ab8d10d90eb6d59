"""Seconds per fine-tuning step: every layer against the top layers on cached lower-layer states
(``model.frozen_layers``), timed in alternation on the same batches so that a change in the load
of a shared machine hits all alike. MiniLM-L6 (the demo's encoder), batches of 16 demo abstracts
at the demo's 128 tokens, AdamW as Trainer builds it (weight decay off for biases and norms),
the torch thread count fixed. Also the caching cost: seconds per note to compute the frozen
layers' output once.

    PYTHONPATH=src HF_HUB_OFFLINE=1 nice -n 5 .venv/bin/python bench/finetune_top_speed.py \
        --frozen-layers 3 4 5 --threads 1 --rounds 5 --out /tmp/meddx-top-speed.json

Prints one row per setting: median seconds per step, its ratio to the full fine-tune's, and
the caching seconds per note; the estimated wall time of the demo's 2 epochs (200 steps over
1,594 training and 532 validation notes) follows from them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def _batches(n_batches: int, batch: int, max_length: int):
    import pandas as pd

    from meddx.data import demo_path
    from meddx.models import load_tokenizer, resolve_model

    frame = pd.read_csv(demo_path())
    texts = frame["medical_abstract"].astype(str).tolist()[: n_batches * batch]
    tok = load_tokenizer(resolve_model("minilm"))
    enc = tok(texts, truncation=True, max_length=max_length, padding="max_length",
              return_tensors="pt")
    y = frame["condition_label"].astype(int).to_numpy()[: n_batches * batch] - 1
    return [(enc["input_ids"][i:i + batch], enc["attention_mask"][i:i + batch], y[i:i + batch])
            for i in range(0, n_batches * batch, batch)]


def _optimizer(torch, model):
    params = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    decay = [p for n, p in params if p.ndim > 1]
    rest = [p for n, p in params if p.ndim <= 1]
    return torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                              {"params": rest, "weight_decay": 0.0}], lr=8e-5)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frozen-layers", type=int, nargs="+", default=[4])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()

    import torch

    from meddx.models import (
        ModelConfig,
        freeze_lower,
        load_classifier_model,
        lower_states,
        resolve_model,
        top_layers,
    )

    torch.set_num_threads(a.threads)
    path = resolve_model("minilm")
    labels = [str(i) for i in range(5)]
    batches = _batches(a.rounds + 1, a.batch, a.max_length)
    settings = [0, *a.frozen_layers]
    models, steps, cache_per_note = {}, {}, {}
    for k in settings:
        torch.manual_seed(0)
        model = load_classifier_model(path, labels=labels, task="multiclass",
                                      cfg=ModelConfig(mode="full"))
        model.train()
        if k:
            freeze_lower(model, k)
            ids = [row[row != 0].tolist() for b in batches for row in b[0]]
            started = time.perf_counter()
            states = lower_states(model, ids, k)
            cache_per_note[k] = (time.perf_counter() - started) / len(ids)
            models[k] = (model, top_layers(model, k).train(), states)
        else:
            models[k] = (model, None, None)
        steps[k] = []
    optimizers = {k: _optimizer(torch, m[0]) for k, m in models.items()}

    def step(k: int, b: int) -> float:
        model, top, states = models[k]
        ids, mask, y = batches[b]
        target = torch.as_tensor(y)
        started = time.perf_counter()
        if top is None:
            logits = model(input_ids=ids, attention_mask=mask).logits
        else:
            rows = states[b * a.batch:(b + 1) * a.batch]
            width = max(len(s) for s in rows)
            h = torch.zeros(len(rows), width, rows[0].shape[1])
            m = torch.zeros(len(rows), width, dtype=torch.long)
            for i, s in enumerate(rows):
                h[i, :len(s)], m[i, :len(s)] = s, 1
            logits = top(h, m).logits
        torch.nn.functional.cross_entropy(logits, target).backward()
        optimizers[k].step()
        optimizers[k].zero_grad()
        return time.perf_counter() - started

    for k in settings:  # warm-up on batch 0
        step(k, 0)
    for r in range(1, a.rounds + 1):
        for k in (settings if r % 2 else settings[::-1]):
            steps[k].append(step(k, r))
    full = statistics.median(steps[0])
    rows = []
    for k in settings:
        per = statistics.median(steps[k])
        cache = cache_per_note.get(k, 0.0)
        demo = 200 * per + (1594 + 532) * cache
        rows.append({"frozen_layers": k, "seconds_per_step": round(per, 3),
                     "ratio_to_full": round(per / full, 3),
                     "cache_seconds_per_note": round(cache, 4),
                     "demo_two_epochs_estimate_s": round(demo, 1)})
    out = {"command": " ".join(["python", *sys.argv]), "threads": a.threads,
           "rounds": a.rounds, "batch": a.batch, "max_length": a.max_length,
           "load_average": [round(x, 2) for x in os.getloadavg()], "rows": rows}
    print(f"{'frozen layers':>14} {'s/step':>8} {'x full':>7} {'cache s/note':>13} {'2 epochs est. s':>16}")
    for r in rows:
        print(f"{r['frozen_layers']:>14} {r['seconds_per_step']:>8.3f} {r['ratio_to_full']:>7.3f} "
              f"{r['cache_seconds_per_note']:>13.4f} {r['demo_two_epochs_estimate_s']:>16.1f}")
    if a.out:
        a.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
