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
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import command_line, deidentified_texts, emit, time_alternating  # noqa: E402


def _size_mb(model) -> float:
    import torch

    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    return round(buf.tell() / 2**20, 2)


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
    from meddx.registry import model_version
    from meddx.runs import load_run
    from meddx.serve import quantize_model

    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        run = load_run(args.run, with_baseline=False)
        models = {"fp32": run.model, "int8": quantize_model(run.model)}
    except MeddxError as exc:
        raise SystemExit(f"error: {exc}") from None
    texts = deidentified_texts(run, args.n, data=args.data, column=args.text_column, cycle=True)
    seconds, proba = time_alternating(
        {name: (lambda ts, clf=clf: apply_calibration(run.path, clf.predict_proba(ts)))
         for name, clf in models.items()}, texts, repeats=args.repeats, warmup=16)
    fp32, int8 = proba["fp32"], proba["int8"]
    if run.model.task == "multilabel":
        threshold = run.config.eval.threshold
        agree = float(np.mean(np.all((fp32 >= threshold) == (int8 >= threshold), axis=1)))
    else:
        agree = float(np.mean(fp32.argmax(1) == int8.argmax(1)))
    diff = np.abs(fp32 - int8)
    rate = {name: round(len(texts) / statistics.median(s), 2) for name, s in seconds.items()}
    result = {
        "command": command_line(),
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
    emit(result, args.out)
    return result


if __name__ == "__main__":
    main()
