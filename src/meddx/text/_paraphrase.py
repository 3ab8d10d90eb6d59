"""The ``paraphrase`` augmentation: a causal LM rewrites a note (or each sentence), and the
guards decide what is kept.

The generator is a function texts -> texts given by the caller (``meddx.models``'s
``causal_paraphraser``, SmolLM2 by default), so this stage stays below the models stage. A
paraphrase is kept only if every guarded item of its source survives in it, as a multiset:

* negation cues ("no", "denies", "without" ...), laterality ("left", "bilateral" ...);
* numbers, and numbers with their units or doses ("10 mg", "98%"; "10mg" counts as "10 mg");
* drug names (INN stems) and PHI tags ("[NAME]", "***", "<DATE>").

It is also rejected when empty, unchanged, or less than half or more than twice the source's
length (a small model that stops early or runs on). With ``unit="sentence"`` each sentence is
paraphrased and checked on its own; a sentence that fails keeps its original wording, and the
note copy is kept when at least one sentence changed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from meddx.text._guards import _DRUG, _NUM_UNIT, LATERALITY, NEGATION_CUES

__all__ = ["paraphrase_check", "paraphrase_texts", "split_sentences"]

_PHI_TAG = re.compile(r"\[[A-Z_]+\]|\*{3,}|<[A-Z_]+>")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\[\"'(])")


def split_sentences(text: str) -> list[str]:
    """Sentences split after ., ! or ? followed by space and a capital, digit or tag."""
    return [s for s in _SENTENCE.split(text.strip()) if s]


def _guarded(text: str) -> dict[str, Counter]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {
        "negation": Counter(w for w in words if w in NEGATION_CUES),
        "laterality": Counter(w for w in words if w in LATERALITY),
        "number": Counter(_NUMBER.findall(text)),
        "unit": Counter(re.sub(r"\s+", "", m.group()).lower() for m in _NUM_UNIT.finditer(text)),
        "drug": Counter(w.lower() for w in _WORD.findall(text) if _DRUG.match(w)),
        "PHI tag": Counter(_PHI_TAG.findall(text)),
    }


def paraphrase_check(source: str, new: str) -> str:
    """Why ``new`` is not a valid paraphrase of ``source`` ("" when it is)."""
    if not new.strip():
        return "paraphrase: empty"
    if new.strip() == source.strip():
        return "paraphrase: unchanged"
    if not 0.5 <= len(new) / max(len(source), 1) <= 2.0:
        return "paraphrase: length out of range"
    want, got = _guarded(source), _guarded(new)
    for kind, items in want.items():
        if items != got[kind]:
            return f"paraphrase: {kind} changed"
    return ""


def paraphrase_texts(texts: Sequence[str], generate: Callable[[list[str]], list[str]], *,
                     unit: str = "note") -> list[tuple[str, str, int]]:
    """(new text, reason it is rejected or "", sentences rejected) for each text."""
    if unit == "note":
        outs = generate(list(texts))
        return [(new, paraphrase_check(src, new), 0)
                for src, new in zip(texts, outs, strict=True)]
    sentences = [split_sentences(t) for t in texts]
    flat = [s for group in sentences for s in group]
    outs = iter(generate(flat))
    result = []
    for src, group in zip(texts, sentences, strict=True):
        parts, failed = [], 0
        for sentence in group:
            new = next(outs)
            if paraphrase_check(sentence, new):
                failed += 1
                parts.append(sentence)
            else:
                parts.append(new)
        text = " ".join(parts)
        reason = "" if failed < len(group) else "paraphrase: every sentence rejected"
        result.append((text if not reason else src, reason, failed))
    return result
