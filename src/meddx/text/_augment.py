"""Augmentation that stays medically valid: synonyms, long <-> short forms, EDA, back-translation.

Operations (each applied to words the guard leaves free):

* ``synonym``: a word replaced by a medical synonym (Cimino's pairs, bundled, filtered);
* ``abbrev``: a long form replaced by its short form, or an unambiguous short form (one sense
  has >= 90% of the clinical-note prior) by its long form;
* ``insert``: a synonym of a free word inserted at a random position (EDA);
* ``delete``: free words deleted with probability ``p`` (EDA);
* ``swap``: two free words swapped (EDA);
* ``backtranslate``: through two local MarianMT folders (English -> X, X -> English), given by
  the user; nothing is downloaded;
* ``paraphrase``: a local causal LM (the bundled SmolLM2 by default) rewrites the note or each
  sentence; stricter guards apply (``meddx.text._paraphrase``), and at most
  ``max_paraphrases`` copies are made this way (the LM is slow on CPU).

The guard (``meddx.text._guards``) protects negation cues, laterality, abbreviations, drug names,
numbers with units, and PHI tags ("[NAME]", "***"). An augmented text is kept only if its
negation cues and numbers are exactly those of the original (and, with a teacher, if the
teacher still gives the original label); the others are counted as rejected.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from meddx.errors import ConfigError
from meddx.text._guards import NEGATION_CUES, guarded_spans
from meddx.text._settings import close_op

__all__ = ["AUGMENT_OPS", "Augmented", "augment_corpus", "augment_texts"]

AUGMENT_OPS = ("synonym", "abbrev", "insert", "delete", "swap", "backtranslate", "paraphrase")
_CAPPED = "over the paraphrase cap"
_PHI_TAG = re.compile(r"\[[A-Z_]+\]|\*{3,}|<[A-Z_]+>")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass
class Augmented:
    source: int  # index of the original text
    text: str
    ops: list[str] = field(default_factory=list)
    kept: bool = True
    reason: str = ""
    sentences_rejected: int = 0  # paraphrase by sentence: sentences that kept their wording


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, list[str]]:
    ref = resources.files("meddx.text") / "resources" / "synonyms.tsv"
    table: dict[str, list[str]] = {}
    with ref.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            table.setdefault(row["word"], []).append(row["synonym"])
            table.setdefault(row["synonym"], []).append(row["word"])
    return table


def _free_words(text: str) -> list[re.Match]:
    spans = guarded_spans(text) + [m.span() for m in _PHI_TAG.finditer(text)]
    return [m for m in _WORD.finditer(text)
            if not any(s < m.end() and m.start() < e for s, e in spans)]


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _synonym(text: str, rng: random.Random, p: float) -> str:
    table = _synonyms()
    cands = [m for m in _free_words(text) if m.group().lower() in table]
    for m in sorted(rng.sample(cands, min(len(cands), max(1, int(p * len(cands))))),
                    key=lambda m: -m.start()):
        text = _replace(text, m.start(), m.end(), rng.choice(table[m.group().lower()]))
    return text


@lru_cache(maxsize=1)
def _long_forms() -> tuple[re.Pattern, dict[str, str]]:
    """Long forms that own >= 50% of their short form's clinical prior -> that short form."""
    from meddx.text._abbrev_harvest import written_form
    from meddx.text._guards import _inventory

    inv = _inventory()
    table: dict[str, str] = {}
    for key, senses in inv.senses.items():
        if not any(s.note_freq for s in senses):
            continue
        for i, (sense, prior) in enumerate(zip(senses, inv.prior(key), strict=True)):
            name = sense.name.lower()
            if prior >= 0.5 and len(name) > len(key) + 2 and name not in table:
                table[name] = written_form(inv, key, i)
    names = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.I)
    return pattern, table


def _abbrev(text: str, rng: random.Random, p: float) -> str:
    from meddx.text._abbrev_detect import find_abbreviations
    from meddx.text._guards import _inventory

    inv = _inventory()
    pattern, table = _long_forms()
    guard = guarded_spans(text)
    found = [(m.start(), m.end(), table[m.group().lower()]) for m in pattern.finditer(text)
             if not any(s < m.end() and m.start() < e for s, e in guard)]
    for m in find_abbreviations(text, inv):
        prior = inv.prior(m.key, m.short)
        best = max(range(len(prior)), key=prior.__getitem__)
        if prior[best] >= 0.9:
            found.append((m.start, m.end, inv.senses[m.key][best].name))
    found = rng.sample(found, min(len(found), max(1, int(p * len(found))))) if found else []
    for start, end, new in sorted(found, key=lambda f: -f[0]):
        text = _replace(text, start, end, new)
    return text


def _insert(text: str, rng: random.Random, p: float) -> str:
    table = _synonyms()
    words = [m.group().lower() for m in _free_words(text) if m.group().lower() in table]
    if not words:
        return text
    for _ in range(max(1, int(p * len(_free_words(text))))):
        at = rng.choice([m.end() for m in _free_words(text)])  # never inside a guarded span
        text = text[:at] + " " + rng.choice(table[rng.choice(words)]) + text[at:]
    return text


def _delete(text: str, rng: random.Random, p: float) -> str:
    for m in sorted(_free_words(text), key=lambda m: -m.start()):
        if rng.random() < p:
            end = m.end() + (1 if text[m.end():m.end() + 1] == " " else 0)
            text = text[:m.start()] + text[end:]
    return text


def _swap(text: str, rng: random.Random, p: float) -> str:
    free = _free_words(text)
    if len(free) < 2:
        return text
    a, b = sorted(rng.sample(free, 2), key=lambda m: m.start())
    return (text[:a.start()] + b.group() + text[a.end():b.start()] + a.group()
            + text[b.end():])


_OPS: dict[str, Callable[[str, random.Random, float], str]] = {
    "synonym": _synonym, "abbrev": _abbrev, "insert": _insert, "delete": _delete, "swap": _swap}


def _signature(text: str) -> tuple:
    words = [w.lower() for w in _WORD.findall(text)]
    return ([w for w in words if w in NEGATION_CUES], _NUMBER.findall(text))


def augment_texts(texts: Sequence[str], ops: Sequence[str], *, n_per_text: int = 1,
                  p: float = 0.1, seed: int = 0, labels: Sequence | None = None,
                  teacher: Callable[[list[str]], Sequence] | None = None,
                  translate: Callable[[list[str]], list[str]] | None = None,
                  paraphrase: Callable[[list[str]], list[str]] | None = None,
                  max_paraphrases: int | None = None, paraphrase_unit: str = "note",
                  ) -> list[Augmented]:
    """``n_per_text`` augmented copies of each text, each made by one operation drawn from
    ``ops``; copies that fail the validity filter come back with ``kept=False``. Once
    ``max_paraphrases`` copies were drawn for ``paraphrase``, later draws fall back to the other
    operations (with ``paraphrase`` alone, the copy is skipped: reason "over the paraphrase
    cap")."""
    unknown = [o for o in ops if o not in AUGMENT_OPS]
    if unknown or not ops:
        raise ConfigError(f"augment.ops: unknown {', '.join(unknown) or '(none given)'}; "
                          f"choose from {', '.join(AUGMENT_OPS)}{close_op(unknown)}")
    if "backtranslate" in ops and translate is None:
        raise ConfigError("augment op 'backtranslate' needs augment.marian_to and "
                          "augment.marian_back (local MarianMT folders)")
    if "paraphrase" in ops and paraphrase is None:
        raise ConfigError("augment op 'paraphrase' needs a paraphraser (a causal LM: "
                          "augment.paraphrase_model, default the bundled smollm2)")
    rng = random.Random(seed)
    budget = len(texts) * n_per_text if max_paraphrases is None else max_paraphrases
    others = [o for o in ops if o != "paraphrase"]
    out: list[Augmented] = []
    for i, text in enumerate(texts):
        for _ in range(n_per_text):
            op = rng.choice(list(ops))
            if op == "paraphrase":
                if budget <= 0 and not others:
                    out.append(Augmented(i, text, [op], kept=False, reason=_CAPPED))
                    continue
                if budget <= 0:
                    op = rng.choice(others)
                else:
                    budget -= 1
            new = text if op in ("backtranslate", "paraphrase") else _OPS[op](text, rng, p)
            out.append(Augmented(i, new, [op]))
    _paraphrase(out, paraphrase, paraphrase_unit)
    back = [a for a in out if a.ops == ["backtranslate"]]
    if back:
        for a, new in zip(back, translate([a.text for a in back]), strict=True):
            a.text = new
    for a in out:
        if not a.kept:
            continue
        if _signature(a.text) != _signature(texts[a.source]):
            a.kept, a.reason = False, "negation cues or numbers changed"
        elif a.text == texts[a.source]:
            a.kept, a.reason = False, "unchanged"
    if teacher is not None and labels is not None:
        live = [a for a in out if a.kept]
        for a, y in zip(live, teacher([a.text for a in live]), strict=True):
            if y != labels[a.source]:
                a.kept, a.reason = False, "teacher label changed"
    return out


def _paraphrase(out: list[Augmented], generate, unit: str) -> None:
    todo = [a for a in out if a.ops == ["paraphrase"] and a.kept]
    if not todo:
        return
    from meddx.text._paraphrase import paraphrase_texts

    for a, (new, reason, failed) in zip(todo, paraphrase_texts([a.text for a in todo],
                                                                  generate, unit=unit),
                                        strict=True):
        a.text, a.sentences_rejected = new, failed
        if reason:
            a.kept, a.reason = False, reason


def augment_corpus(corpus, cfg, *, translate: Callable | None = None,
                   paraphrase: Callable | None = None):
    """The training corpus followed by its kept augmented copies (same labels, patients and
    groups as their source; ids get "-augN"), and a summary for the data card."""
    import numpy as np

    out = augment_texts(corpus.texts, cfg.ops, n_per_text=cfg.n_per_note, p=cfg.p,
                        seed=cfg.seed, translate=translate, paraphrase=paraphrase,
                        max_paraphrases=cfg.max_paraphrases, paraphrase_unit=cfg.paraphrase_unit)
    kept = [a for a in out if a.kept]
    index = np.concatenate([np.arange(len(corpus)), [a.source for a in kept]]).astype(int)
    new = corpus.subset(index)
    n = len(corpus)
    for k, a in enumerate(kept):
        new.texts[n + k] = a.text
        new.ids[n + k] = f"{corpus.ids[a.source]}-aug{k}"
    ops: dict[str, int] = {}
    for a in kept:
        ops[a.ops[0]] = ops.get(a.ops[0], 0) + 1
    reasons: dict[str, int] = {}
    for a in out:
        if not a.kept and a.reason != _CAPPED:
            reasons[a.reason] = reasons.get(a.reason, 0) + 1
    summary = {"ops": list(cfg.ops), "n_per_note": cfg.n_per_note, "p": cfg.p,
               "seed": cfg.seed, "split": "train", "original": n, "added": len(kept),
               "rejected": sum(reasons.values()), "rejected_by_reason": reasons,
               "added_by_op": ops}
    if "paraphrase" in cfg.ops:
        made = [a for a in out if a.ops == ["paraphrase"] and a.reason != _CAPPED]
        summary["paraphrase"] = {
            "model": cfg.paraphrase_model, "unit": cfg.paraphrase_unit,
            "cap": cfg.max_paraphrases, "generated": len(made),
            "kept": sum(a.kept for a in made), "rejected": sum(not a.kept for a in made),
            "skipped_over_cap": sum(a.reason == _CAPPED for a in out),
            "sentences_rejected": sum(a.sentences_rejected for a in made)}
    return new, summary
