"""fp32 against dynamic int8 (``meddx serve --quantize int8``) on one fine-tuned run, side by
side in the same process: throughput, label agreement and probability differences.

    .venv/bin/python bench/serve_quantization.py runs/NAME [--data notes.csv] [--n 256] \\
        [--repeats 3] [--threads 2] [--out bench/results/serve-quantization.json]

The notes come from --data (default: the run's own data file), first --n non-empty ones, and
are de-identified once with the run's settings, as the service does. The two models are timed
in alternation, --repeats times each, after one warm-up batch; the median is reported.
Probabilities are calibrated as the service returns them. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import shlex
import statistics
import sys
import time
from pathlib import Path


def _size_mb(model) -> float:
    import torch

    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    return round(buf.tell() / 2**20, 2)


def _texts(run, data: str | None, column: str | None, n: int) -> list[str]:
    from meddx.data import load_table
    from meddx.deid import deidentify_texts

    path = data or run.config.data.path
    column = column or run.config.data.text_column
    frame = load_table(path)
    texts = [str(t) for t in frame[column].tolist() if isinstance(t, str) and t.strip()][:n]
    if not texts:
        raise SystemExit(f"error: no texts in column '{column}' of {path}")
    texts = (texts * (n // len(texts) + 1))[:n]
    return deidentify_texts(texts, run.config.deid)[0]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="run directory of a fine-tuned encoder (model.mode full or lora)")
    parser.add_argument("--data", help="CSV/JSONL/Parquet of notes (default: the run's data file)")
    parser.add_argument("--text-column", help="default: the run's data.text_column")
    parser.add_argument("--n", type=int, default=256, help="notes to score per timing")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's)")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args(argv)

    import numpy as np
    import torch

    from meddx.audit import apply_calibration
    from meddx.errors import MeddxError
    from meddx.serve import model_version, quantize_model
    from meddx.train import load_run

    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        run = load_run(args.run, with_baseline=False)
        models = {"fp32": run.model, "int8": quantize_model(run.model)}
    except MeddxError as exc:
        raise SystemExit(f"error: {exc}") from None
    texts = _texts(run, args.data, args.text_column, args.n)
    seconds: dict[str, list[float]] = {name: [] for name in models}
    proba: dict[str, np.ndarray] = {}
    for clf in models.values():
        clf.predict_proba(texts[: min(16, len(texts))])  # warm-up
    for _ in range(args.repeats):
        for name, clf in models.items():
            start = time.perf_counter()
            proba[name] = apply_calibration(run.path, clf.predict_proba(texts))
            seconds[name].append(time.perf_counter() - start)
    fp32, int8 = proba["fp32"], proba["int8"]
    if run.model.task == "multilabel":
        threshold = run.config.eval.threshold
        agree = float(np.mean(np.all((fp32 >= threshold) == (int8 >= threshold), axis=1)))
    else:
        agree = float(np.mean(fp32.argmax(1) == int8.argmax(1)))
    diff = np.abs(fp32 - int8)
    rate = {name: round(len(texts) / statistics.median(s), 2) for name, s in seconds.items()}
    result = {
        "command": " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]),
        "run": str(run.path), "model_version": model_version(run.path),
        "n_texts": len(texts), "repeats": args.repeats, "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "texts_per_second": rate, "seconds": {k: [round(x, 4) for x in v] for k, v in seconds.items()},
        "speedup": round(rate["int8"] / rate["fp32"], 3),
        "label_agreement": round(agree, 4),
        "max_abs_probability_difference": round(float(diff.max()), 5),
        "mean_abs_probability_difference": round(float(diff.mean()), 6),
        "size_mb": {name: _size_mb(clf.model) for name, clf in models.items()},
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
