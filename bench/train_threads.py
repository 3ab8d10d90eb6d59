"""Seconds per fine-tuning step of MiniLM-L6 (batch 16 x 126 tokens, AdamW) with each torch
CPU thread count and each training precision, on whatever else the machine is running. On a
busy 2-core machine one thread can be several times faster than two: the two wait for each
other at every parallel region while other processes hold the cores. The demo's time budget
measures the same on its own steps (train/_budget.py ThreadProbe). bf16 is the mixed precision
of ``train.precision`` (autocast over the forward pass, fp32 weights and optimiser), as Trainer
runs it.

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/train_threads.py 2 1 2 1
    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/train_threads.py 1 2 \
        --precision fp32,bf16 --rounds 3

With several precisions each round times every precision in turn for one thread count
(interleaved, so that a change in the machine's load hits both alike); the summary gives the
median seconds per step of each and the ratio fp32 / bf16 per thread count, with the load
average before and after. Each measurement also gives the CPU seconds per step of this process
(``time.process_time``): with one thread on a shared machine that is the work of a step, which
the other processes do not change, while the wall time depends on the share of a core we get.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main(counts: list[int], precisions: list[str], *, steps: int = 6, rounds: int = 1) -> dict:
    import torch
    import transformers

    from meddx.models import resolve_model

    model = transformers.AutoModelForSequenceClassification.from_pretrained(
        str(resolve_model("minilm")), num_labels=5)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
    x = torch.randint(1000, 20000, (16, 126))
    y = torch.randint(0, 5, (16,))
    model.train()

    def step(bf16: bool) -> None:
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = model(input_ids=x, labels=y).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    print(f"load average {os.getloadavg()[0]:.2f} at the start", flush=True)
    times: dict[tuple[int, str], list[float]] = {}
    cpu: dict[tuple[int, str], list[float]] = {}
    for r in range(rounds):
        for n in counts:
            torch.set_num_threads(n)
            for p in precisions:
                step(p == "bf16")  # warm-up (and the first step after a switch)
                start, start_cpu = time.perf_counter(), time.process_time()
                for _ in range(steps):
                    step(p == "bf16")
                per = (time.perf_counter() - start) / steps
                per_cpu = (time.process_time() - start_cpu) / steps
                times.setdefault((n, p), []).append(per)
                cpu.setdefault((n, p), []).append(per_cpu)
                print(f"round {r + 1}: {n} thread(s) {p}: {per:.2f} s per step, "
                      f"{per_cpu:.2f} CPU s (load {os.getloadavg()[0]:.2f})", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    medians = {k: statistics.median(v) for k, v in times.items()}
    cpu_medians = {k: statistics.median(v) for k, v in cpu.items()}
    for n in dict.fromkeys(counts):
        for what, m in (("s", medians), ("CPU s", cpu_medians)):
            line = ", ".join(f"{p} {m[n, p]:.2f} {what}" for p in precisions)
            if {"fp32", "bf16"} <= set(precisions):
                line += f"; fp32 / bf16 = {m[n, 'fp32'] / m[n, 'bf16']:.2f}"
            print(f"{n} thread(s), median of {rounds} round(s) of {steps} steps: {line}")
    return medians


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("threads", nargs="*", type=int, default=[2, 1])
    parser.add_argument("--precision", default="fp32",
                        help="comma-separated: fp32, bf16 (default fp32)")
    parser.add_argument("--steps", type=int, default=6, help="timed steps per measurement")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds")
    a = parser.parse_args()
    precisions = [p.strip() for p in a.precision.split(",") if p.strip()]
    if not precisions or set(precisions) - {"fp32", "bf16"}:
        parser.error(f"--precision takes fp32 and/or bf16; got {a.precision!r}")
    main(a.threads or [2, 1], precisions, steps=a.steps, rounds=a.rounds)
