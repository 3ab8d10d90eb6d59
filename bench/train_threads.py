"""Seconds per fine-tuning step of MiniLM-L6 (batch 16 x 126 tokens, AdamW) with each torch
CPU thread count, on whatever else the machine is running. On a busy 2-core machine one thread
can be several times faster than two: the two wait for each other at every parallel region
while other processes hold the cores. The demo's time budget measures the same on its own
steps (train/_budget.py ThreadProbe).

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/train_threads.py 2 1 2 1
"""

from __future__ import annotations

import os
import sys
import time


def main(counts: list[int], steps: int = 6) -> None:
    import torch
    import transformers

    from meddx.models import resolve_model

    model = transformers.AutoModelForSequenceClassification.from_pretrained(
        str(resolve_model("minilm")), num_labels=5)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
    x = torch.randint(1000, 20000, (16, 126))
    y = torch.randint(0, 5, (16,))
    model.train()

    def step() -> None:
        model(input_ids=x, labels=y).loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    for n in counts:
        torch.set_num_threads(n)
        step()  # warm-up
        start = time.perf_counter()
        for _ in range(steps):
            step()
        print(f"{n} thread(s): {(time.perf_counter() - start) / steps:.2f} s per step", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2, 1])
