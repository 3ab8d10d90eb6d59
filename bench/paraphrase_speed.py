"""SmolLM2 paraphrase speed before and after the fix of issue 17's "one second per token".

    nice -n 5 .venv/bin/python bench/paraphrase_speed.py --before 481d8d9 --pairs 3

Run it WITHOUT ``OMP_NUM_THREADS`` set, so the code from ``--before`` runs with the thread
count it used to get (torch's default, one per core).

Part 1, token rate: one fixed prompt (a made-up clinical sentence, no note text), exactly
``--new-tokens`` new tokens (end of sequence suppressed), batch of 1, sampled. Alternated in
pairs within one process so both sides see the same load:
``before`` = ``causal_paraphraser`` as it was at ``--before`` (torch's default threads),
``before, 1 thread`` = the same code with torch set to 1 thread,
``after`` = the current ``causal_paraphraser`` (its default: 1 thread).

Part 2, sentences: ``--sentences`` sentences of demo training notes (de-identified, drawn with
a seed), paraphrased by the ``before`` code at 1 thread and by the current code, alternated,
same seed: seconds, CPU seconds, token slots computed (rows x steps, including rows that had
finished) and paraphrases the guards keep. No note text is printed or stored.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "paraphrase_speed.json"
PROMPT = ("Patient is a 64 year old man with a history of hypertension and diabetes who presents "
          "with two days of chest pain radiating to the left arm, no shortness of breath, and "
          "denies fever; started on aspirin 81 mg daily.")


def _old_module(commit: str):
    source = subprocess.run(["git", "show", f"{commit}:src/meddx/models/_paraphrase.py"],
                            cwd=ROOT, check=True, capture_output=True, text=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write(source)
    spec = importlib.util.spec_from_file_location("paraphrase_before", fh.name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    os.unlink(fh.name)
    return module


class Counter:
    """Wraps ``lm.generate``: counts token slots and, when ``fixed``, suppresses end of sequence
    so every call makes exactly ``max_new_tokens`` tokens."""

    def __init__(self, lm) -> None:
        self.lm, self.generate, self.fixed, self.slots = lm, lm.generate, False, 0

    def __call__(self, *args, **kwargs):
        if self.fixed:
            kwargs["min_new_tokens"] = kwargs["max_new_tokens"]
        out = self.generate(*args, **kwargs)
        self.slots += out.shape[0] * (out.shape[1] - kwargs["input_ids"].shape[1])
        return out


def _timed(fn, texts, counter):
    counter.slots = 0
    wall, cpu = time.perf_counter(), time.process_time()
    outs = fn(texts)
    return outs, time.perf_counter() - wall, time.process_time() - cpu, counter.slots


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default="481d8d9", help="Commit of the code before the fix.")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--new-tokens", type=int, default=24)
    ap.add_argument("--sentences", type=int, default=16)
    ap.add_argument("--sentence-pairs", type=int, default=1)
    ap.add_argument("--results", type=Path, default=RESULTS)
    args = ap.parse_args()

    import numpy as np
    import torch

    from meddx.models import causal_paraphraser, load_causal_lm, resolve_model
    from meddx.text import paraphrase_check

    default_threads = torch.get_num_threads()
    old = _old_module(args.before)
    lm = load_causal_lm(resolve_model("smollm2"))
    counter = Counter(lm)
    lm.generate = counter
    versions = {"before": (old.causal_paraphraser, None), "before, 1 thread":
                (old.causal_paraphraser, 1), "after": (causal_paraphraser, None)}
    rows: dict[str, list[dict]] = {k: [] for k in versions}
    counter.fixed = True
    for pair in range(args.pairs):
        for name, (make, n_threads) in versions.items():
            fn = make("smollm2", batch_size=1, max_new_tokens=args.new_tokens, seed=pair)
            torch.set_num_threads(n_threads or default_threads)
            _, wall, cpu, slots = _timed(fn, [PROMPT], counter)
            torch.set_num_threads(default_threads)
            rows[name].append({"tokens": slots, "seconds": round(wall, 2),
                               "cpu_seconds": round(cpu, 2), "load": round(os.getloadavg()[0], 1)})
            print(name, rows[name][-1], flush=True)
    counter.fixed = False

    sentences = _demo_sentences(args.sentences)
    part2: dict[str, list[dict]] = {"before, 1 thread": [], "after": []}
    for pair in range(args.sentence_pairs):
        for name in part2:
            make, n_threads = versions[name]
            fn = make("smollm2", batch_size=4, max_new_tokens=384, seed=pair)
            torch.set_num_threads(n_threads or default_threads)
            outs, wall, cpu, slots = _timed(fn, sentences, counter)
            torch.set_num_threads(default_threads)
            kept = sum(paraphrase_check(s, o) == "" for s, o in zip(sentences, outs, strict=True))
            part2[name].append({"sentences": len(sentences), "seconds": round(wall, 1),
                                "cpu_seconds": round(cpu, 1), "token_slots": slots,
                                "kept": kept, "load": round(os.getloadavg()[0], 1)})
            print(name, part2[name][-1], flush=True)

    result = {"command": "nice -n 5 .venv/bin/python bench/paraphrase_speed.py "
                         + " ".join(shlex.quote(a) for a in sys.argv[1:]),
              "before": args.before, "default_threads": default_threads,
              "omp_num_threads": os.environ.get("OMP_NUM_THREADS"), "cores": os.cpu_count(),
              "new_tokens": args.new_tokens, "token_rate": rows, "sentences": part2,
              "median_tokens_per_second": {
                  k: round(float(np.median([r["tokens"] / r["seconds"] for r in v])), 2)
                  for k, v in rows.items()},
              "median_tokens_per_cpu_second": {
                  k: round(float(np.median([r["tokens"] / r["cpu_seconds"] for r in v])), 2)
                  for k, v in rows.items()}}
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(result, indent=2))
    print(json.dumps({k: result[k] for k in ("median_tokens_per_second",
                                             "median_tokens_per_cpu_second")}))


def _demo_sentences(n: int) -> list[str]:
    import numpy as np

    from meddx.config import load_config
    from meddx.data import demo_path, load_corpus, make_splits
    from meddx.deid import deidentify_corpus
    from meddx.text import split_sentences

    cfg = load_config(Path(demo_path()).parent / "demo.yaml")
    corpus = load_corpus(cfg.data, demo_path())
    deidentify_corpus(corpus, cfg.deid, quiet=True)
    train = corpus.subset(make_splits(corpus, cfg.data.split)["train"])
    out: list[str] = []
    for i in np.random.default_rng(0).permutation(len(train)):
        out += split_sentences(train.texts[i])
        if len(out) >= n:
            return out[:n]
    return out


if __name__ == "__main__":
    main()
