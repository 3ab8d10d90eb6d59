"""Shared by the de-identification rule tests: is a word of a sentence covered by a span?"""

from __future__ import annotations

from meddx.deid import Deidentifier


def covered(deid: Deidentifier, text: str, word: str, label: str | None = None) -> bool:
    """Whether a detected span covers the first occurrence of ``word`` in ``text`` (with
    ``label``, when given)."""
    i = text.index(word)
    return any(s.start <= i and i + len(word) <= s.end and (label is None or s.label == label)
               for s in deid.detect(text))


def touched(deid: Deidentifier, text: str, part: str) -> bool:
    """Whether any span of ``deid.detect(text)`` overlaps the first ``part`` in ``text``."""
    start = text.index(part)
    return any(s.start < start + len(part) and start < s.end for s in deid.detect(text))


def words_covered(deid: Deidentifier, text: str, phi: str) -> bool:
    """Every word of the first ``phi`` in ``text`` lies inside some span (the whole facility
    hidden, not its name only)."""
    spans = deid.detect(text)
    pos = text.index(phi)
    for word in phi.split():
        s = text.index(word, pos)
        pos = s + len(word)
        if not any(sp.start <= s and s + len(word) <= sp.end for sp in spans):
            return False
    return True


def speed_notes(n_synth: int, seed: int, n_dev: int = 60) -> list[str]:
    """Notes for the CPU passes' same-output tests: ``n_synth`` synthetic notes and the first
    ``n_dev`` real-style dev notes (when the file is there)."""
    import json
    from pathlib import Path

    from meddx.deid import synth_notes

    texts = [r["text"] for r in synth_notes(n_synth, seed)]
    dev = Path(__file__).resolve().parents[2] / "bench" / "data" / "deid_realstyle" / "dev.jsonl"
    if dev.exists():
        with dev.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()][:n_dev]
    return texts


def best_detect_time(deid: Deidentifier, text: str, rounds: int = 2) -> float:
    """The least CPU time of ``rounds`` calls of ``deid.detect(text)`` (for the near-linear
    tests of long repeated inputs: ratios of two lengths, never an absolute time)."""
    import time

    best = float("inf")
    for _ in range(rounds):
        t = time.process_time()
        deid.detect(text)
        best = min(best, time.process_time() - t)
    return best


def grows_near_linearly(deid: Deidentifier, unit: str, small: int, big: int,
                        factor: float, rounds: int = 3) -> bool:
    """Whether ``deid.detect(unit * big)`` costs under ``factor`` times ``unit * small`` (plus
    0.3 s), the two timed in turn, ``rounds`` times, the least CPU time of each kept.

    Timing them in turn puts both under the same load: timed one after the other on a busy
    machine, a 4x input once measured 6.4x (CI, session 27) where an idle machine gives 4.5-5x
    (the per-token cost grows a little as the working set outgrows the caches). A quadratic
    path gives 16x at 4x, far above any ``factor`` used here."""
    small_text, big_text = unit * small, unit * big
    deid.detect(unit)  # the first call loads the lexicons: no part of either time
    small_best = big_best = float("inf")
    for _ in range(rounds):
        small_best = min(small_best, best_detect_time(deid, small_text, rounds=1))
        big_best = min(big_best, best_detect_time(deid, big_text, rounds=1))
    return big_best < factor * small_best + 0.3
