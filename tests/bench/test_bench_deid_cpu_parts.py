"""bench/deid_cpu_parts.py (session 15, deidcpu15): its timers return what the wrapped pattern or
tagger returns, and count where they are called."""

from __future__ import annotations

import collections
import re
from pathlib import Path

from tests._support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    return load_script("deid_cpu_parts", ROOT / "bench" / "deid_cpu_parts.py")


def test_a_timed_pattern_finds_what_the_pattern_finds():
    bench = _bench()
    counter, calls = collections.Counter(), collections.Counter()
    pattern = re.compile(r"\b[A-Z][a-z]+\b")
    timed = bench._Timed(pattern, "p", counter, calls)
    text = "Seen by Ann Lee at Mercy."
    assert [m.span() for m in timed.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    assert timed.search(text, 3).span() == pattern.search(text, 3).span()
    assert timed.findall(text) == pattern.findall(text)
    assert timed.pattern == pattern.pattern and timed == pattern and hash(timed) == hash(pattern)
    assert calls["p"] == 3 and counter["p"] >= 0


def test_the_split_tagger_is_set_then_viterbi():
    bench = _bench()

    class Tagger:
        def __init__(self):
            self.seq = None

        def set(self, xseq):
            self.seq = xseq

        def tag(self, xseq=None):
            assert xseq is None
            return ["O"] * len(self.seq)

        def marginal(self, label, i):
            return 0.25

    counter = collections.Counter()
    split = bench._SplitTagger(Tagger(), counter)
    assert split.tag([["a"], ["b"]]) == ["O", "O"]
    assert split.marginal("O", 1) == 0.25
    assert {"crf tagger.set (features to crfsuite items)", "crf Viterbi",
            "crf marginals (forward-backward at the first)"} == set(counter)
