"""Paraphrase augmentation with the bundled SmolLM2-135M-Instruct: throughput and how many
paraphrases the guards keep.

    nice -n 5 .venv/bin/python bench/paraphrase_smollm2.py --n-notes 2 --units sentence note \\
        --nice 5 --write-docs

Notes drawn (seeded) from the TRAINING split of the demo corpus, de-identified as the demo run
does. Each note gets one paraphrase (``augment_texts(..., ["paraphrase"])``, the path
`augment.ops: [paraphrase]` takes), note by note or sentence by sentence, sampled at
temperature 0.7. Reported: seconds to load the model (converted GGUF already in the meddx
cache), seconds and notes per second for generation, and the guards' verdicts by reason. No
note text is printed or stored.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "results" / "paraphrase_smollm2.json"
SECTION = "## Paraphrase augmentation: notes per second after the fix (SmolLM2-135M-Instruct)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-notes", type=int, default=6)
    ap.add_argument("--units", nargs="+", choices=["note", "sentence"], default=["note"])
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--max-new-tokens", type=int, default=384)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1, help="torch threads while generating.")
    ap.add_argument("--nice", type=int, default=10, help="The nice level, as recorded.")
    ap.add_argument("--results", type=Path, default=RESULTS, help="Results JSON.")
    ap.add_argument("--write-docs", action="store_true")
    ap.add_argument("--docs-only", action="store_true",
                    help="Rewrite the docs section from the results file, no run.")
    args = ap.parse_args()
    if args.docs_only:
        from _markdown import write_section

        write_section(ROOT / "docs" / "benchmarks.md", SECTION,
                      _section(json.loads(args.results.read_text())))
        return

    from meddx.config import load_config
    from meddx.data import demo_path, load_corpus, make_splits
    from meddx.deid import deidentify_corpus
    from meddx.models import causal_paraphraser
    from meddx.text import augment_texts, split_sentences

    cfg = load_config(Path(demo_path()).parent / "demo.yaml")
    corpus = load_corpus(cfg.data, demo_path())
    deidentify_corpus(corpus, cfg.deid, quiet=True)
    train = corpus.subset(make_splits(corpus, cfg.data.split)["train"])
    pick = np.random.default_rng(args.seed).choice(len(train), args.n_notes, replace=False)
    texts = [train.texts[i] for i in pick]
    t0 = time.monotonic()
    generate = causal_paraphraser("smollm2", batch_size=args.batch_size,
                                  max_new_tokens=args.max_new_tokens, seed=args.seed,
                                  threads=args.threads)
    load_s = time.monotonic() - t0
    runs = {}
    for unit in args.units:
        t0 = time.monotonic()
        out = augment_texts(texts, ["paraphrase"], paraphrase=generate, paraphrase_unit=unit,
                            seed=args.seed)
        secs = time.monotonic() - t0
        reasons: dict[str, int] = {}
        for a in out:
            if not a.kept:
                reasons[a.reason] = reasons.get(a.reason, 0) + 1
        n_sent = sum(len(split_sentences(t)) for t in texts)
        runs[unit] = {"notes": len(texts), "sentences": n_sent, "seconds": round(secs, 1),
                      "notes_per_second": round(len(texts) / secs, 3),
                      "kept": sum(a.kept for a in out), "rejected_by_reason": reasons,
                      "sentences_rejected": sum(a.sentences_rejected for a in out)}
        print(unit, runs[unit], flush=True)
    result = {"command": f"nice -n {args.nice} .venv/bin/python bench/paraphrase_smollm2.py "
                         + " ".join(shlex.quote(a) for a in sys.argv[1:]),
              "load_seconds": round(load_s, 1), "torch_threads": args.threads,
              "batch_size": args.batch_size, "max_new_tokens": args.max_new_tokens,
              "load_average": [round(x, 1) for x in _loadavg()], "runs": runs}
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(result, indent=2))
    if args.write_docs:
        from _markdown import write_section

        write_section(ROOT / "docs" / "benchmarks.md", SECTION, _section(result))


def _loadavg() -> tuple[float, ...]:
    import os

    return os.getloadavg()


def _section(r: dict) -> str:
    rows = ["| unit | notes | sentences | seconds | notes/s | kept | rejected (reason: count) | "
            "sentences kept as written |", "|---|---:|---:|---:|---:|---:|---|---:|"]
    for unit, x in r["runs"].items():
        why = "; ".join(f"{k}: {v}" for k, v in sorted(x["rejected_by_reason"].items())) or "-"
        rows.append(f"| {unit} | {x['notes']} | {x['sentences']} | {x['seconds']} | "
                    f"{x['notes_per_second']} | {x['kept']} | {why} | "
                    f"{x['sentences_rejected']} |")
    return (f"{SECTION}\n\nCommand: `{r['command']}`\n\n"
            "Demo training notes (de-identified), one paraphrase each, sampled at temperature "
            f"0.7, batch {r['batch_size']}, at most {r['max_new_tokens']} new tokens (and at "
            "most twice the input plus 16). The guards reject a paraphrase that changes any "
            "negation cue, laterality word, number, number with its unit, drug name or PHI tag, "
            "or that is empty, unchanged, or under half or over twice the length; by sentence, a "
            "failing sentence keeps its wording. Model load (GGUF already converted in the "
            f"meddx cache): {r['load_seconds']} s. torch threads {r['torch_threads']}; 2 CPU "
            f"cores shared with other jobs (load average {r['load_average'][0]} at the end), so "
            "the rates are what this machine gave, not what SmolLM2 can do on idle cores.\n\n"
            + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
