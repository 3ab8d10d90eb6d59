"""Faithfulness, measured: does deleting the words a method ranks highest lower the predicted
class's probability more than deleting as many words at random?

For each note, method and k: delete the top-k content words by score, and separately k random
content words the model reads (words cut off by an encoder's window would be free wins), in
``draws`` seeded draws, averaged. The drop is ``p(note) - p(note without them)`` for the class
the explanation is for, also measured in log-odds (a confident model has little probability
left to lose). Per method and k, on each scale, we report the mean top-k drop, the mean random
drop, their ratio and difference, with percentile bootstrap 95% CIs over notes. When random
deletions do not lower the probability on average (a resample can do that when the model is
confident) the ratio is unbounded: such a bound is written as null. The random deletions do not
depend on the method, so they are shared by all methods.
"""

from __future__ import annotations

import logging
import math

import numpy as np

from meddx.errors import ConfigError
from meddx.explain._base import Explanation, make_explainer
from meddx.explain._occlusion import _predict
from meddx.explain._words import Word, delete_words

__all__ = ["faithfulness", "parse_k"]

log = logging.getLogger("meddx")


def parse_k(spec: str | int | float) -> tuple[str, float]:
    """``5`` -> ("count", 5); ``"10%"`` -> ("fraction", 0.1)."""
    text = str(spec).strip()
    try:
        if text.endswith("%"):
            value = float(text[:-1]) / 100
            if 0 < value <= 1:
                return "fraction", value
        else:
            value = float(text)
            if value >= 1 and value == int(value):
                return "count", int(value)
    except ValueError:
        pass
    raise ConfigError(f"k must be a whole number of words (e.g. 5) or a percentage of the note's "
                      f"words (e.g. 10%); got '{spec}'")


def _log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


#: how a drop is measured: in probability (the headline), and in log-odds, which does not
#: saturate when the model is confident (p near 1 leaves little probability to lose)
SCALES = {"probability": lambda p: np.asarray(p, dtype=np.float64), "log_odds": _log_odds}


def _k_for(kind: str, value: float, n: int) -> int:
    k = int(value) if kind == "count" else math.ceil(value * n)
    return max(1, min(k, n))


def faithfulness(classifier, texts: list[str], methods, *, ks=(5, "10%"), draws: int = 5,
                 seed: int = 0, n_boot: int = 1000, batch_size: int = 64,
                 explanations: dict[str, list[Explanation]] | None = None) -> dict:
    """Deletion test for each method (names, or ``{name: Explainer}``) on ``texts``.

    Pass ``explanations`` (``{name: [Explanation per text]}``) to reuse ones already computed;
    they must explain the predicted class. Returns a JSON-ready dict (no note text).
    """
    texts = [str(t) for t in texts]
    if not texts:
        raise ConfigError("faithfulness needs at least one note; got none")
    if draws < 1:
        raise ConfigError(f"draws must be at least 1; got {draws}")
    specs = [(str(k), *parse_k(k)) for k in ks]
    explainers = methods if isinstance(methods, dict) else {m: make_explainer(m) for m in methods}
    explanations = dict(explanations or {})
    for name, explainer in explainers.items():
        if name not in explanations:
            log.info("faithfulness: explaining %d notes with %s", len(texts), name)
            explanations[name] = explainer.explain(classifier, texts)
    any_expl = next(iter(explanations.values()))
    targets = np.array([e.target_index for e in any_expl])
    p0 = np.array([e.probability for e in any_expl])
    words = [_words_of(e) for e in any_expl]
    content = [sorted(e.ranking()) for e in any_expl]  # content words the model reads
    rng = np.random.default_rng(seed)
    result = {"n_notes": len(texts), "draws": draws, "seed": seed, "n_boot": n_boot,
              "ks": [s for s, _, _ in specs], "methods": {}}
    for label, kind, value in specs:
        kk = [_k_for(kind, value, len(c)) if c else 0 for c in content]
        rand_texts, rand_owner = [], []
        for i, c in enumerate(content):
            for _ in range(draws if kk[i] else 0):
                pick = rng.choice(len(c), size=kk[i], replace=False)
                rand_texts.append(delete_words(texts[i], words[i], [c[j] for j in pick]))
                rand_owner.append(i)
        rand_p = _predict(classifier, rand_texts, batch_size)
        owner = np.asarray(rand_owner, dtype=np.int64)
        usable = np.asarray(kk) > 0
        rand_drop = {}
        for scale, fn in SCALES.items():
            per_row = fn(p0[owner]) - fn(rand_p[np.arange(len(owner)), targets[owner]]) \
                if len(owner) else np.zeros(0)
            sums = np.bincount(owner, weights=per_row, minlength=len(texts))
            rand_drop[scale] = (sums / draws)[usable]
        for name, expl in explanations.items():
            _check_same_targets(name, expl, targets)
            top_texts = [delete_words(texts[i], words[i], e.ranking()[:kk[i]])
                         for i, e in enumerate(expl) if kk[i]]
            top_p = _predict(classifier, top_texts, batch_size)[np.arange(len(top_texts)),
                                                                 targets[usable]]
            entry = {"n": int(usable.sum()),
                     "mean_k": float(np.mean(np.asarray(kk)[usable])) if usable.any() else 0.0}
            for scale, fn in SCALES.items():
                top_drop = fn(p0[usable]) - fn(top_p)
                entry[scale] = _summarise(top_drop, rand_drop[scale], n_boot, seed)
            result["methods"].setdefault(name, {})[label] = entry
    return result


def _words_of(e: Explanation) -> list[Word]:
    return [Word(w, s, t) for w, (s, t) in zip(e.words, e.offsets, strict=True)]


def _check_same_targets(name: str, expl: list[Explanation], targets: np.ndarray) -> None:
    if len(expl) != len(targets) or any(e.target_index != t for e, t in zip(expl, targets, strict=True)):
        raise ConfigError(f"explanations of method '{name}' are not for the same notes and classes "
                          "as the others; explain the predicted class of every note")


def _ratio(top: np.ndarray, rand: np.ndarray) -> float:
    """Mean top-k drop over mean random drop; +inf when random deletions do not lower the
    probability on average but the top-k deletions do (-inf when neither does)."""
    num, denom = float(np.mean(top)), float(np.mean(rand))
    if denom > 1e-12:
        return num / denom
    return math.inf if num > 0 else -math.inf


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None  # JSON has no infinity: null = unbounded


def _summarise(top: np.ndarray, rand: np.ndarray, n_boot: int, seed: int) -> dict:
    n = len(top)
    if not n:
        return {"mean_top_drop": None, "mean_random_drop": None, "ratio": None, "difference": None,
                "ratio_ci95": [None, None], "difference_ci95": [None, None]}
    out = {"mean_top_drop": float(np.mean(top)), "mean_random_drop": float(np.mean(rand)),
           "ratio": _finite(_ratio(top, rand)), "difference": float(np.mean(top) - np.mean(rand)),
           "ratio_ci95": [None, None], "difference_ci95": [None, None]}
    if n < 2 or n_boot < 1:
        return out
    rng = np.random.default_rng(seed + 1)
    ratios, diffs = np.empty(n_boot), np.empty(n_boot)
    for b in range(n_boot):
        idx = rng.integers(0, n, n)
        diffs[b] = np.mean(top[idx]) - np.mean(rand[idx])
        ratios[b] = _ratio(top[idx], rand[idx])
    out["difference_ci95"] = [float(np.percentile(diffs, 2.5)), float(np.percentile(diffs, 97.5))]
    out["ratio_ci95"] = [_finite(np.percentile(ratios, 2.5, method="lower")),
                         _finite(np.percentile(ratios, 97.5, method="higher"))]
    return out
