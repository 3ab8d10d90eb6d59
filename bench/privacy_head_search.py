"""How the DP head's defaults were chosen: a grid of (expected batch, epochs, learning rate) at
one epsilon, scored by macro-F1 on the VALIDATION split (mean of two seeds), never the test split.

Opacus takes minutes per point on the shared CPU, so the search runs a vectorised copy of the
same DP-SGD step for the linear head: closed-form per-example gradients (softmax minus one-hot,
times [x, 1]), clipping to norm 1, Gaussian noise of Opacus' noise multiplier (its RDP search),
Poisson sampling, the sum divided by the expected batch, Adam. The chosen recipe is then run
through Opacus by ``bench/privacy_utility.py``. Choosing on validation data looks at the
training notes through the fitted heads, so the choice itself is outside the DP guarantee of
the demo runs (a fixed default for other datasets spends nothing).

    python bench/privacy_head_search.py --config src/meddx/data/demo/demo.yaml \\
        --data src/meddx/data/demo/medical_abstracts.csv
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _embedded import embedded_splits  # noqa: E402
from _timing import command_line, emit  # noqa: E402


def dp_sgd_head(X, y, k, *, sigma, q, steps, lr, clip, seed):
    """Weights (k, d + 1) of a linear softmax head after ``steps`` DP-SGD (Adam) steps."""
    import torch

    g = torch.Generator().manual_seed(seed)
    n = len(X)
    xt = torch.cat([torch.as_tensor(X, dtype=torch.float64),
                    torch.ones(n, 1, dtype=torch.float64)], 1)
    onehot = torch.nn.functional.one_hot(torch.as_tensor(y), k).double()
    w = torch.zeros(k, xt.shape[1], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([w], lr=lr)
    for _ in range(steps):
        pick = torch.rand(n, generator=g) < q
        xb, yb = xt[pick], onehot[pick]
        with torch.no_grad():
            grads = (torch.softmax(xb @ w.T, 1) - yb)[:, :, None] * xb[:, None, :]
            norms = grads.flatten(1).norm(dim=1)
            grads = grads * (clip / torch.clamp(norms, min=clip))[:, None, None]
            noisy = grads.sum(0) + sigma * clip * torch.randn(w.shape, generator=g,
                                                               dtype=torch.float64)
        w.grad = noisy / (q * n)
        opt.step()
    return w.detach().numpy()


def grid_arguments(ap) -> None:
    """The data and the recipe grid (shared with bench/privacy_recipe_leakage.py)."""
    ap.add_argument("--config", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--epsilon", type=float, default=8.0)
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=[256, 1024, 1859])
    ap.add_argument("--epochs", type=int, nargs="+", default=[30, 100])
    ap.add_argument("--learning-rates", type=float, nargs="+", default=[0.01, 0.03, 0.1, 0.3])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    grid_arguments(ap)
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--cache", default="bench/cache/emb")
    ap.add_argument("--out", default="bench/results/privacy_head_search.json")
    args = ap.parse_args()

    import numpy as np
    import torch
    from opacus.accountants.utils import get_noise_multiplier
    from sklearn.metrics import f1_score

    from meddx.privacy import resolve_delta
    from meddx.settings import PrivacyConfig

    torch.set_num_threads(1)
    e = embedded_splits(args.config, args.data, args.cache)
    X, y = e.X["train"], e.parts["train"].y
    Xv, yv = e.X["validation"], e.parts["validation"].y
    n, k = len(X), len(e.labels)
    delta = resolve_delta(PrivacyConfig(epsilon=args.epsilon), n)
    rows = []
    for batch, epochs, lr in itertools.product(args.batch_sizes, args.epochs,
                                               args.learning_rates):
        batches = -(-n // batch)
        q = 1.0 / batches
        sigma = get_noise_multiplier(target_epsilon=args.epsilon, target_delta=delta,
                                     sample_rate=q, epochs=epochs, accountant="rdp")
        scores = []
        for seed in range(args.seeds):
            w = dp_sgd_head(X, y, k, sigma=sigma, q=q, steps=epochs * batches, lr=lr, clip=1.0,
                            seed=seed)
            pred = (Xv @ w[:, :-1].T + w[:, -1]).argmax(1)
            scores.append(f1_score(yv, pred, average="macro"))
        row = {"batch_size": batch, "epochs": epochs, "learning_rate": lr,
               "noise_multiplier": round(float(sigma), 3), "steps": epochs * batches,
               "val_macro_f1": round(float(np.mean(scores)), 4),
               "val_macro_f1_sd": round(float(np.std(scores)), 4)}
        print(json.dumps(row), flush=True)
        rows.append(row)
    best = max(rows, key=lambda r: r["val_macro_f1"])
    emit({"commands": [command_line()], "epsilon": args.epsilon, "delta": delta,
          "split": "validation", "rows": rows, "best": best}, args.out)


if __name__ == "__main__":
    main()
