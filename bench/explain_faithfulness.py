"""Markdown table of faithfulness results written by ``meddx explain RUN --faithfulness``.

    python bench/explain_faithfulness.py OUT_DIR [OUT_DIR ...]

Each OUT_DIR holds a ``faithfulness.json``; one row per method and k. Ratios are mean top-k
drop / mean random drop of the predicted class's probability (and in log-odds), with their
bootstrap 95% CIs; "inf" marks a bound where random deletions did not lower the probability.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _bound(x) -> str:
    return "inf" if x is None else f"{x:.1f}"


def _ratio(r: dict) -> str:
    lo, hi = r["ratio_ci95"]
    return f"{_bound(r['ratio'])} [{_bound(lo)}, {_bound(hi)}]"


def main(folders: list[str]) -> None:
    print("| method | k | n | top-k drop (p) | random drop (p) | ratio [95% CI] | difference [95% CI] "
          "| log-odds ratio [95% CI] | explain time (s) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for folder in folders:
        data = json.loads((Path(folder) / "faithfulness.json").read_text(encoding="utf-8"))
        for method, per_k in data["methods"].items():
            for k, entry in per_k.items():
                p, odds = entry["probability"], entry["log_odds"]
                lo, hi = p["difference_ci95"]
                print(f"| {method} | {k} | {entry['n']} | {p['mean_top_drop']:.3f} | "
                      f"{p['mean_random_drop']:.4f} | {_ratio(p)} | {p['difference']:.3f} "
                      f"[{lo:.3f}, {hi:.3f}] | {_ratio(odds)} | "
                      f"{data['explain_seconds'][method]:.0f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
