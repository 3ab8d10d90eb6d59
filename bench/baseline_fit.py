"""The TF-IDF baseline's fit time and predictions, for two versions side by side.

    git archive 958926d src | tar -x -C /tmp/old     # before the single-vectorizer fit
    OMP_NUM_THREADS=1 .venv/bin/python bench/baseline_fit.py /tmp/old/src src

Fits ``TfidfBaseline`` from each ``src`` on the bundled demo abstracts (first 1,859 rows to
train, the next 267 to choose C, the rest to predict), in a fresh process per version, twice,
interleaved, and prints the seconds per fit and the largest difference of the predictions.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ONE = """
import sys, time, numpy as np, pandas as pd
sys.path.insert(0, sys.argv[1])
from meddx.models import TfidfBaseline
from meddx.text import PrepConfig
df = pd.read_csv(sys.argv[3])
x = df["medical_abstract"].astype(str).tolist(); y = df["condition_label"].to_numpy() - 1
t = time.perf_counter()
b = TfidfBaseline.fit((x[:1859], y[:1859]), (x[1859:2126], y[1859:2126]),
                      labels=[str(i) for i in range(5)], task="multiclass", prep=PrepConfig(), seed=13)
print(f"{time.perf_counter() - t:.2f} C={b.C}")
np.save(sys.argv[2], b.predict_proba(x[2126:]))
"""


def main(srcs: list[str]) -> None:
    for src in srcs:  # a wrong path would silently import the installed meddx instead
        if not (Path(src) / "meddx").is_dir():
            sys.exit(f"{src}: no meddx package here (pass a src folder, e.g. of a git archive)")
    data = ROOT / "src" / "meddx" / "data" / "demo" / "medical_abstracts.csv"
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(2):
            for i, src in enumerate(srcs):
                out = subprocess.run([sys.executable, "-c", ONE, src, f"{tmp}/{i}.npy", str(data)],
                                     capture_output=True, text=True, check=True).stdout.strip()
                print(f"{src}: fit {out} s")
        first = np.load(f"{tmp}/0.npy")
        for i in range(1, len(srcs)):
            print(f"max abs difference {srcs[0]} vs {srcs[i]}: "
                  f"{np.abs(first - np.load(f'{tmp}/{i}.npy')).max()}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["src"])
