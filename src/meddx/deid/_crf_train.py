"""Training the ``crf`` detector on annotated notes (``meddx deid-train --kind crf``).

The notes are JSONL as ``meddx deid-eval`` reads them: ``text`` and ``phi`` spans
``{start, end, type}``; types are the gold types (NAME, HOSPITAL, LOCATION, DATE, PHONE, ID, AGE,
EMAIL, URL) or meddx labels (MRN, ZIP ... map to them). Tokens get BIO tags (a token that
overlaps a span gets its type, B- on the span's first token) and crfsuite fits a linear-chain
CRF by L-BFGS with L1 + L2 regularisation (deterministic: the same notes and settings give the
same model). L1 and a feature frequency cut-off keep the file small.

PRIVACY: the model file holds feature strings, i.e. words of the training notes. A model
trained on real notes contains PHI; keep it where the notes may be kept.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from meddx._io import atomic_write_bytes
from meddx.deid._case_copies import Note, case_copies
from meddx.deid._crf import CRF_LABELS
from meddx.deid._crf_features import (
    ALL_GROUPS,
    FeatureCache,
    _lists,
    note_features,
    note_words,
    segments,
    tokenize,
)
from meddx.deid._crf_vocab import Vocab, encode_vocab, load_vocab, vocab_path
from meddx.deid._eval import TYPE_MAP
from meddx.deid._ner_train import read_extra_notes
from meddx.errors import ConfigError, DataError, require

__all__ = ["CRF_DEFAULTS", "CRF_TYPES", "bio_sequence", "case_copies", "read_crf_gold", "train_crf"]

#: crfsuite settings of the bundled model (chosen on validation notes; docs/benchmarks.md)
CRF_DEFAULTS: dict[str, Any] = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "min_freq": 1,
                                "groups": ALL_GROUPS, "case_augment": True}
#: the PHI types the tagger learns by default: the free-text ones the rules miss most
#: (structured identifiers, PHONE, ID, EMAIL, URL, AGE, are left to the rules: their tokens
#: are O to the tagger)
CRF_TYPES: tuple[str, ...] = ("NAME", "HOSPITAL", "LOCATION", "DATE")



def read_crf_gold(path: str | Path) -> list[Note]:
    """(text, [(start, end, gold type)]) of every note of a gold JSONL file, read as the NER
    trainer reads its extra notes (a bad row raises one DataError naming the file, row and
    field, never the note text); meddx labels map to gold types (MRN -> ID, ZIP -> LOCATION)."""
    return [(n["text"], [(p["start"], p["end"], TYPE_MAP.get(p["type"], p["type"]))
                         for p in n["phi"]]) for n in read_extra_notes(path)]


def bio_sequence(tokens: list[tuple[int, int]], spans: list[tuple[int, int, str]],
                 types: tuple[str, ...] | None = None) -> list[str]:
    """The BIO tag of each token: the type of the gold span it overlaps, B- on its first
    (O for a span whose type is not in ``types``, when given)."""
    tags = ["O"] * len(tokens)
    for gs, ge, kind in sorted(spans):
        if types is not None and kind not in types:
            continue
        first = True
        for i, (s, e) in enumerate(tokens):
            if s >= ge:
                break
            if e > gs and tags[i] == "O":
                tags[i] = ("B-" if first else "I-") + kind
                first = False
    return tags


def sequences(notes: Iterable[Note], types: tuple[str, ...] | None = None,
              cache: FeatureCache | None = None) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, BIO tags) of every piece of every note, as the tagger sees them."""
    cache = cache or FeatureCache()
    for text, spans in notes:
        tokens = tokenize(text)
        words, gaps = note_words(text)
        tags = bio_sequence(tokens, spans, types)
        for a, b in segments(text, tokens):
            if a < b:
                yield note_features(words, gaps, a, b, cache), tags[a:b]


def train_crf(notes: Iterable[Note], out: str | Path, *, c1: float = CRF_DEFAULTS["c1"],
              c2: float = CRF_DEFAULTS["c2"],
              max_iterations: int = CRF_DEFAULTS["max_iterations"],
              min_freq: int = CRF_DEFAULTS["min_freq"],
              types: tuple[str, ...] = CRF_TYPES,
              groups: frozenset[str] = CRF_DEFAULTS["groups"],
              case_augment: bool = CRF_DEFAULTS["case_augment"],
              vocab: Vocab | str | Path | None = None) -> dict[str, Any]:
    """Fit a CRF on ``notes`` ((text, gold spans) pairs, see :func:`read_crf_gold`) and write it
    to ``out`` atomically; the tagger learns the PHI ``types`` (all of :data:`CRF_LABELS`
    with ``tuple(CRF_LABELS)``) from the feature ``groups`` (``_crf_features.ALL_GROUPS``);
    with ``case_augment``, each note also in another letter case (:func:`case_copies`). Written
    (a temporary file beside it, then a rename: a failed run leaves any
    older file intact), with the snapshot of the word lists its features read beside it
    (``_crf_vocab.vocab_path``; ``vocab``: those word sets, or a snapshot file to train with;
    default: today's bundled lists). Returns what was trained: notes, tokens, settings,
    seconds, bytes (model and snapshot)."""
    pycrfsuite = require("pycrfsuite", "deid")
    out = Path(out)
    if out.is_dir():
        raise DataError("the CRF model is one file; --out names a folder", file=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    n_notes = n_tokens = 0
    notes = list(notes)
    bad = [t for t in types if t not in CRF_LABELS]
    if bad:
        raise ConfigError(f"unknown PHI type '{bad[0]}' to train; known: {', '.join(CRF_LABELS)}")
    unknown = sorted(set(groups) - ALL_GROUPS)
    if unknown:
        raise ConfigError(f"unknown CRF feature group '{unknown[0]}'; known: "
                          f"{', '.join(sorted(ALL_GROUPS))}")
    if vocab is None:
        vocab = _lists()
    elif not isinstance(vocab, tuple):
        vocab = load_vocab(str(vocab))
    training = notes + case_copies(notes) if case_augment else notes
    cache = FeatureCache(groups=frozenset(groups), lists=vocab)
    for xseq, yseq in sequences(training, tuple(types), cache):
        trainer.append(xseq, yseq)
        n_tokens += len(yseq)
    n_notes = len(notes)
    if not n_tokens:
        raise DataError("the training notes hold no tokens", file=str(out))
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations,
                        "feature.minfreq": min_freq, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory(prefix=".meddx-crf-", dir=out.parent) as tmp:
        trainer.train(str(Path(tmp) / "model.crfsuite"))  # crfsuite writes its file in place
        atomic_write_bytes(vocab_path(out), encode_vocab(vocab))
        atomic_write_bytes(out, (Path(tmp) / "model.crfsuite").read_bytes())
    return {"notes": n_notes, "tokens": n_tokens, "c1": c1, "c2": c2,
            "max_iterations": max_iterations, "min_freq": min_freq, "types": list(types),
            "groups": sorted(groups), "case_augment": case_augment,
            "seconds": round(time.perf_counter() - t0, 1), "bytes": out.stat().st_size,
            "vocab": str(vocab_path(out)), "vocab_bytes": vocab_path(out).stat().st_size}
