"""Where the default de-identifier's CPU goes, probe by probe, without cProfile (session 20).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 .venv/bin/python bench/deid_perf_probes.py \
        [--n 150] [--case as-written|lower|upper]

On the first ``--n`` synthetic notes (``synth`` of ``bench/deid_crf_identity.py``, layout view
applied, re-typed in ``--case``), caches warm (every probe runs once before it is timed; best of
3 runs of process time):

* ``detectors``: each detector alone on the notes, the case view (``_case_view._view``) and the
  rules, names and places detectors on the views;
* ``crf``: ``token_probs`` and its parts (tokens, features, ``tagger.tag``), ``_detect`` with
  the other detectors' spans as cover;
* ``heads``: ``LiteralHeads.starts`` (the ``str.find`` of rules' head words) inside the whole
  de-identifier: its time, calls and words per note, and the share of (word, text) pairs
  searched more than once in a note;
* ``skip``: of the notes the crf reads a second time re-cased, how many have every re-cased
  character in spans found already (the second reading then skipped, ``_uncovered_runs``).

cProfile is not used: it inflates generator-heavy Python by an order of magnitude. Prints
milliseconds and counts, never note text.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deid_crf_identity import load_texts, recase  # noqa: E402


def _best(run, per: int) -> float:
    run()
    best = float("inf")
    for _ in range(3):
        c0 = time.process_time()
        run()
        best = min(best, time.process_time() - c0)
    return round(best / per * 1e3, 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--case", choices=("as-written", "lower", "upper"), default="as-written")
    args = ap.parse_args()
    import meddx.deid._case_view as case_view
    import meddx.deid._deidentifier as deid_module
    import meddx.deid._literal_heads as heads_module
    from meddx.deid import Deidentifier
    from meddx.deid._crf_features import note_features, note_tokens
    from meddx.deid._layout_view import layout_view

    texts = [layout_view(t) for t in load_texts("synth")[:args.n]]
    if args.case != "as-written":
        texts = [recase(t, args.case) for t in texts]
    n = len(texts)
    deid = Deidentifier()
    crf = next(d for d in deid.detectors if d.name == "crf")
    single = [d for d in deid.detectors if d is not crf]
    out: dict = {"notes": n, "case": args.case, "ms_per_note": {}}
    ms = out["ms_per_note"]
    ms["Deidentifier.detect"] = _best(lambda: [deid.detect(t) for t in texts], n)
    for det in single:
        ms[f"{det.name} on the note"] = _best(lambda d=det: [d.detect(t) for t in texts], n)
    found = [[s for d in single for s in d.detect(t)] for t in texts]
    ms["case view (_view)"] = _best(
        lambda: [case_view._view(t, f) for t, f in zip(texts, found, strict=True)], n)
    views = [v for v in (case_view._view(t, f)[0] for t, f in zip(texts, found, strict=True))
             if v is not None]
    out["notes_with_a_view"] = len(views)
    for det in single:
        ms[f"{det.name} on the views"] = _best(lambda d=det: [d.detect(v) for v in views], n)
    ms["crf token_probs"] = _best(lambda: [crf.token_probs(t) for t in texts], n)
    toks = [note_tokens(t) for t in texts]
    ms["crf tokens"] = _best(lambda: [note_tokens(t) for t in texts], n)
    ms["crf features"] = _best(
        lambda: [note_features(w, g, 0, len(w), crf.cache) for w, g, _ in toks], n)
    feats = [note_features(w, g, 0, len(w), crf.cache) for w, g, _ in toks]
    ms["crf tagger.tag"] = _best(lambda: [crf.tagger.tag(f) for f in feats], n)
    ms["crf _detect, covered"] = _best(
        lambda: [crf._detect(t, c) for t, c in zip(texts, found, strict=True)], n)

    # heads: LiteralHeads.starts inside the whole de-identifier
    inner = heads_module.LiteralHeads.starts
    spent = [0.0]
    calls = collections.Counter()
    pairs: collections.Counter = collections.Counter()

    def starts(self, where, at_runs=False):
        c0 = time.process_time()
        try:
            return inner(self, where, at_runs)
        finally:
            spent[0] += time.process_time() - c0
            words = self.words
            if at_runs:
                words = list(self.free)
                for o in heads_module._openings(where).intersection(self.open3):
                    words += self.open3[o]
            calls["calls"] += 1
            calls["words"] += len(words)
            for w in words:
                pairs[(note_no[0], w, id(where))] += 1

    note_no = [0]
    heads_module.LiteralHeads.starts = starts
    try:
        for k, t in enumerate(texts):
            note_no[0] = k
            deid.detect(t)
    finally:
        heads_module.LiteralHeads.starts = inner
    out["heads"] = {"ms_per_note": round(spent[0] / n * 1e3, 3),
                    "calls_per_note": round(calls["calls"] / n, 1),
                    "words_per_note": round(calls["words"] / n, 1),
                    "share_searched_again": round(1 - len(pairs) / max(1, sum(pairs.values())), 3)}

    # skip: the crf's second reading of flat notes
    read_again = skipped = 0
    for text in texts:
        acc = [s for d in single for s in d.detect(text)]
        acc = deid_module.caps_guard(text, acc, single)
        spans, whole, runs = case_view.case_view_read(text, single, acc)
        acc = [s for s in acc + spans if deid._kept(text, s)]  # as _detect_each: no times
        if whole is None:
            continue
        read_again += 1
        got = crf.detect_covered([text], [acc])[0]
        skipped += not deid_module._uncovered_runs(
            deid_module._taken(len(text), (*got, *acc)), runs)
    out["crf_second_reading"] = {"notes_read_again_before": read_again, "skipped_now": skipped}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
