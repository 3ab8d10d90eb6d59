"""Where the ``crf`` detector's CPU goes, in the default de-identifier and alone.

    PYTHONPATH=src OMP_NUM_THREADS=1 .venv/bin/python bench/deid_crf_phases.py [--n 300] [--rounds 3]

Runs ``Deidentifier()`` (default detectors) over ``synth_notes(n, 4243)`` (the notes
``bench/deid_cpu_compare.py`` times) with the crf's steps wrapped in process-time counters:
tokens, features, ``tagger.tag`` (pycrfsuite's conversion of the features, the model's attribute
look-ups and state scores, Viterbi), the marginals, span decoding and guard. Then the same steps
with the crf alone over the same notes one after another (``CrfDetector.detect``). The crf costs
more inside the pipeline than alone: the rules run between two notes' tagging and leave the CPU
caches cold for the model and the feature cache. Prints milliseconds per note, never note text.
"""

from __future__ import annotations

import argparse
import collections
import json
import time

T: collections.Counter = collections.Counter()


def _timed(owner, name: str, key: str | None = None) -> None:
    """Wrap ``owner.name`` so that its process time adds up in ``T[key or name]`` (nothing
    where the checkout has no such name: an older one, run with its own ``src``)."""
    inner = getattr(owner, name, None)
    if inner is None:
        return

    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            T[key or name] += time.process_time() - start

    setattr(owner, name, wrapper)


class _TimedTagger:
    """A pycrfsuite tagger whose ``tag`` and ``marginal`` calls are timed."""

    def __init__(self, tagger) -> None:
        self.tagger = tagger

    def tag(self, xseq):
        start = time.process_time()
        got = self.tagger.tag(xseq)
        T["tagger.tag"] += time.process_time() - start
        return got

    def marginal(self, label, i):
        start = time.process_time()
        got = self.tagger.marginal(label, i)
        T["tagger.marginal"] += time.process_time() - start
        return got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    import meddx.deid._crf as crf_mod
    from meddx.deid import Deidentifier, layout_view, synth_notes

    for name in ("note_tokens", "note_features", "crf_allowed", "covered_by"):
        _timed(crf_mod, name)
    for name in ("token_probs", "detect", "detect_many", "detect_covered", "_uncovered"):
        _timed(crf_mod.CrfDetector, name)
    deid = Deidentifier()
    crf = next(d for d in deid.detectors if d.name == "crf")
    crf.tagger = _TimedTagger(crf.tagger)
    texts = [r["text"] for r in synth_notes(args.n, 4243)]
    views = list(map(layout_view, texts))
    out = {}
    for mode in ("pipeline", "crf alone"):
        for text, view in zip(texts, views, strict=True):  # warm-up: word lists, caches
            deid.deidentify(text) if mode == "pipeline" else crf.detect(view)
        T.clear()
        start = time.process_time()
        for _ in range(args.rounds):
            for text, view in zip(texts, views, strict=True):
                deid.deidentify(text) if mode == "pipeline" else crf.detect(view)
        per_note = 1000 / (args.rounds * len(texts))
        out[mode] = {"total_ms_per_note": round((time.process_time() - start) * per_note, 3),
                     **{k: round(v * per_note, 3) for k, v in T.most_common()}}
    print(json.dumps({"n": len(texts), "rounds": args.rounds, "ms_per_note": out}, indent=1))


if __name__ == "__main__":
    main()
