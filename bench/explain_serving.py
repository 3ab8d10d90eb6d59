"""What top attributed tokens cost in the prediction service: seconds per note of a plain
prediction, of occlusion and of Integrated Gradients (``meddx.explain.top_tokens``), side by side
in one process on the same notes.

    nice -n 10 .venv/bin/python bench/explain_serving.py runs/NAME [--n 8] [--max-evals 64] \\
        [--ig-steps 16] [--k 10] [--repeats 1] [--out bench/results/explain-serving.json]

The notes are the first --n texts of the run's data file, de-identified as the service does.
Each method runs on all of them after a warm-up on one note, the methods in alternation,
--repeats rounds (the median is reported; ``bench/_timing.py``). ``overlap_at_k`` is the mean
share of occlusion's top-k words that IG also puts in its top k.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import command_line, deidentified_texts, emit, time_alternating  # noqa: E402


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run")
    parser.add_argument("--n", type=int, default=8)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--max-evals", type=int, default=64, help="occlusion: most deletions per note")
    parser.add_argument("--ig-steps", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=1, help="timing rounds (median reported)")
    parser.add_argument("--out")
    args = parser.parse_args(argv)

    import torch

    from meddx.explain import top_tokens
    from meddx.runs import load_run

    run = load_run(args.run, with_baseline=False)
    texts = deidentified_texts(run, args.n)
    clf = run.model
    methods = {
        "predict": lambda ts: clf.predict_proba(ts),
        "occlusion": lambda ts: top_tokens(clf, ts, args.k, "occlusion", max_evals=args.max_evals),
    }
    if run.config.model.mode in ("full", "lora"):
        methods["ig"] = lambda ts: top_tokens(clf, ts, args.k, "ig", n_steps=args.ig_steps)
    rounds, outputs = time_alternating(methods, texts, repeats=args.repeats, warmup=1)
    seconds = {name: statistics.median(s) for name, s in rounds.items()}
    per_note = {name: round(s / len(texts), 3) for name, s in seconds.items()}
    result = {
        "command": command_line(),
        "run": str(run.path), "n_notes": len(texts), "repeats": args.repeats,
        "torch_threads": torch.get_num_threads(),
        "seconds_per_note": per_note,
        "times_a_prediction": {name: round(s / seconds["predict"], 1) for name, s in seconds.items()},
    }
    if "ig" in outputs:
        overlap = []
        for occ, ig in zip(outputs["occlusion"], outputs["ig"], strict=True):
            a, b = {w.lower() for w, *_ in occ}, {w.lower() for w, *_ in ig}
            overlap.append(len(a & b) / max(1, len(a)))
        result["overlap_at_k"] = round(sum(overlap) / len(overlap), 3)
    emit(result, args.out)
    return result


if __name__ == "__main__":
    main()
