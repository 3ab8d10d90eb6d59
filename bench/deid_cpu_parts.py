"""Where the default de-identifier's CPU goes, below the stages (session 15, deidcpu15).

    PYTHONPATH=$PWD/src OMP_NUM_THREADS=1 .venv/bin/python bench/deid_cpu_parts.py \
        [--sets synth,abstracts,round3] [--n 100] [--rounds 2] [--regex]

``bench/deid_cpu_stages.py`` times each detector; this times their parts, one note at a time
as ``deidentify`` runs (process time; the first ``--n`` notes of each of ``--sets``, the sets
of ``bench/deid_crf_identity.py``):

* each sub-detector the places and names detectors call (the functions their modules import
  whose names end in ``_spans`` / ``_names``, and the places detector's own ``_hospitals``,
  ``_city_state``, ``_cued``), with how often it returns a span;
* the crf's ``tagger.tag`` split into ``tagger.set`` (python-crfsuite turns the feature
  strings into its items and looks each up in the model) and the Viterbi pass;
* with ``--regex``, every module-level compiled pattern of ``meddx.deid`` wrapped in a timer
  (``finditer`` is read to the end where it is called): the share of the CPU spent inside the
  regex engine. The wrappers are not the patterns themselves (``m.re is PATTERN`` reads
  differently), so the run also says whether the spans stayed the same.

The wrappers cost a little: read the shares. Prints milliseconds per note, never note text.
"""

from __future__ import annotations

import argparse
import collections
import importlib
import inspect
import json
import pkgutil
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deid_crf_identity import load_texts  # noqa: E402

_NS = time.process_time_ns


class _Timed:
    """A compiled pattern whose scans add their process time to ``counter[key]``."""

    __slots__ = ("_calls", "_counter", "_key", "_regex")

    def __init__(self, regex: re.Pattern[str], key: str, counter, calls) -> None:
        self._regex, self._key, self._counter, self._calls = regex, key, counter, calls

    def __getattr__(self, name: str):
        inner = getattr(self._regex, name)
        if name not in ("finditer", "search", "findall", "match", "fullmatch", "sub", "split"):
            return inner

        def timed(*args, **kwargs):
            start = _NS()
            out = inner(*args, **kwargs)
            if name == "finditer":
                out = iter(list(out))
            self._counter[self._key] += _NS() - start
            self._calls[self._key] += 1
            return out

        return timed

    def __hash__(self) -> int:
        return hash(self._regex)

    def __eq__(self, other) -> bool:
        return self._regex == (other._regex if isinstance(other, _Timed) else other)


def _wrap_parts(counter, calls, hits) -> None:
    import meddx.deid._names as names_module
    import meddx.deid._places as places_module

    def wrap(owner, name: str, key: str) -> None:
        inner = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = _NS()
            out = inner(*args, **kwargs)
            counter[key] += _NS() - start
            calls[key] += 1
            hits[key] += bool(out)
            return out

        setattr(owner, name, wrapper)

    for module, tag in ((places_module, "places"), (names_module, "names")):
        for name, func in list(vars(module).items()):
            if (inspect.isfunction(func) and func.__module__ != module.__name__
                    and name.endswith(("_spans", "_names"))):
                wrap(module, name, f"{tag} {name}")
    for name in ("_hospitals", "_city_state", "_cued"):
        wrap(places_module.PlaceDetector, name, f"places {name}")


class _SplitTagger:
    """A tagger whose ``tag(x)`` is timed as ``set(x)`` then the Viterbi pass (the same
    result: python-crfsuite's ``tag(x)`` is exactly these two calls)."""

    def __init__(self, tagger, counter) -> None:
        self._tagger, self._counter = tagger, counter

    def __getattr__(self, name: str):
        return getattr(self._tagger, name)

    def tag(self, xseq=None):
        start = _NS()
        if xseq is not None:
            self._tagger.set(xseq)
        mid = _NS()
        out = self._tagger.tag()
        self._counter["crf tagger.set (features to crfsuite items)"] += mid - start
        self._counter["crf Viterbi"] += _NS() - mid
        return out

    def marginal(self, label, position):
        start = _NS()
        out = self._tagger.marginal(label, position)
        self._counter["crf marginals (forward-backward at the first)"] += _NS() - start
        return out


def _wrap_regex(counter, calls) -> None:
    import meddx.deid as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"meddx.deid.{info.name}")
        for name, value in list(vars(module).items()):
            if isinstance(value, re.Pattern):
                setattr(module, name, _Timed(value, f"regex {info.name}.{name}", counter, calls))


def _spans(deid, texts: list[str]) -> list:
    return [[(s.start, s.end, s.label) for s in deid.detect(t)] for t in texts]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="synth,abstracts,round3")
    ap.add_argument("--n", type=int, default=100, help="first N notes of each set")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--regex", action="store_true", help="time the module-level patterns")
    ap.add_argument("--top", type=int, default=60, help="rows to print")
    args = ap.parse_args()
    from meddx.deid import Deidentifier

    texts = [t for name in args.sets.split(",") for t in load_texts(name)[:args.n]]
    deid = Deidentifier()
    for text in texts[:20]:  # warm up: word lists, compiled patterns, literal heads
        deid.detect(text)
    before = _spans(deid, texts) if args.regex else None
    counter: collections.Counter = collections.Counter()
    calls: collections.Counter = collections.Counter()
    hits: collections.Counter = collections.Counter()
    if args.regex:
        _wrap_regex(counter, calls)
    else:
        _wrap_parts(counter, calls, hits)
        for det in deid.detectors:
            if det.name == "crf":
                det.tagger = _SplitTagger(det.tagger, counter)
    same = _spans(deid, texts) == before if args.regex else None
    counter.clear()
    calls.clear()
    hits.clear()
    total = 0
    for _ in range(args.rounds):
        start = _NS()
        for text in texts:
            deid.deidentify(text)
        total += _NS() - start
    n = len(texts) * args.rounds
    rows = {k: {"ms_per_note": round(v / 1e6 / n, 4), "share": round(v / total, 4),
                "calls_per_note": round(calls[k] / n, 2) if calls[k] else None,
                "with_spans": round(hits[k] / calls[k], 2) if calls[k] and not args.regex else None}
            for k, v in counter.most_common(args.top)}
    inside = sum(counter.values())
    print(json.dumps({"sets": args.sets, "notes": len(texts), "rounds": args.rounds,
                      "ms_per_note": round(total / 1e6 / n, 3),
                      "timed_share": round(inside / total, 3), "rows_timed": len(counter),
                      "spans_same_with_wrappers": same, "parts": rows}, indent=1))


if __name__ == "__main__":
    main()
