"""The word lists a ``crf`` model's features look up, pinned beside the model (session 25).

The tagger's "in:" features (``_crf_features``) flag a token that is in one of the bundled word
lists (first names, surnames, common words, clinical words ...). A model learns weights for
those flags as the lists stood when it was trained; a later edit of a list (a rule's new word in
``resources/medical_terms.txt``) would silently change the features the model reads. So a model
comes with a snapshot of exactly the word sets its training read
(``_crf_features._lists()``): ``<model stem>.vocab.gz`` beside ``<model stem>.crfsuite``
(gzip'd JSON, written without a time stamp: the same lists give the same bytes), and the
``crf`` detector's features read the snapshot that belongs to the model they serve:

* the bundled model: ``resources/deid_crf.vocab.gz`` (a missing one is a broken install:
  :class:`~meddx.errors.ModelError`);
* a user's model trained since session 25 (``meddx deid-train --kind crf``): its own snapshot,
  written by :func:`~meddx.deid._crf_train.train_crf`;
* a user's model with no snapshot (trained before session 25, or copied without it): today's
  bundled lists, as before, with one warning per model naming the fix (retrain it, or put
  its snapshot beside it). It still loads: refusing would break every model trained
  before snapshots existed, and the lists have changed by single words at most.
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
from pathlib import Path

from meddx.errors import ModelError

__all__ = ["VOCAB_FORMAT", "Vocab", "encode_vocab", "load_vocab", "model_vocab", "vocab_path"]

log = logging.getLogger(__name__)

#: (flag, lower-cased word set) of every list, in the order the features list the flags
Vocab = tuple[tuple[str, frozenset[str]], ...]
#: the snapshot's format tag (its "format" field)
VOCAB_FORMAT = "meddx-crf-vocab-1"


def vocab_path(model: str | Path) -> Path:
    """The snapshot beside model file ``model``: ``deid_crf.crfsuite`` -> ``deid_crf.vocab.gz``
    (a name without a suffix gets ``.vocab.gz`` added)."""
    return Path(model).with_suffix(".vocab.gz")


def encode_vocab(vocab: Vocab) -> bytes:
    """The snapshot's bytes: gzip'd JSON, words sorted, no time stamp (reproducible)."""
    doc = {"format": VOCAB_FORMAT, "lists": [[flag, sorted(words)] for flag, words in vocab]}
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return gzip.compress(raw, compresslevel=9, mtime=0)


@functools.lru_cache(maxsize=4)
def load_vocab(path: str) -> Vocab:
    """The word sets of snapshot file ``path`` (read once per path and process)."""
    from meddx.deid._crf_features import LIST_FLAGS

    try:
        doc = json.loads(gzip.decompress(Path(path).read_bytes()).decode("utf-8"))
        lists = doc["lists"] if doc.get("format") == VOCAB_FORMAT else None
        vocab = tuple((str(flag), frozenset(words)) for flag, words in lists)
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError):
        raise ModelError(f"'{path}' is not a crf word-list snapshot written by meddx "
                         "deid-train --kind crf") from None
    unknown = [flag for flag, _ in vocab if flag not in LIST_FLAGS]
    if unknown:
        raise ModelError(f"crf word-list snapshot '{path}' has an unknown list "
                         f"'{unknown[0]}'; known: {', '.join(LIST_FLAGS)}")
    return vocab


def model_vocab(model: str, *, bundled: bool = False) -> Vocab:
    """The word sets the features of model file ``model`` read: its snapshot
    (:func:`vocab_path`); for a user's model without one, today's bundled lists (warned once);
    the bundled model without its snapshot is a broken install."""
    path = vocab_path(model)
    if path.is_file():
        return load_vocab(str(path))
    if bundled:
        raise ModelError(f"the bundled crf model's word-list snapshot '{path}' is missing; "
                         "reinstall meddx")
    return _unpinned(model)


@functools.lru_cache(maxsize=16)
def _unpinned(model: str) -> Vocab:
    from meddx.deid._crf_features import _lists

    log.warning("crf: model %s has no word-list snapshot (%s) beside it; its list features "
                "read this meddx's bundled lists, which may differ from those it was trained "
                "with. Retrain it (meddx deid-train --kind crf writes the snapshot) to pin them.",
                model, vocab_path(model).name)
    return _lists()
