"""The crf's tagging through crfsuite's own C functions, fed attribute ids (session 15).

``pycrfsuite.Tagger.tag(x)`` turns every feature string of every token into C++ strings and
looks each up in the model's attribute dictionary before the model scores anything: in the
default de-identifier that costs more than the scoring and the Viterbi pass together
(``bench/deid_cpu_parts.py``: ``tagger.set`` against ``Viterbi``). A word's features are the
same wherever it occurs, so :class:`~meddx.deid._crf_features.FeatureCache` can hold their ids
(``ids=``), looked up once; :class:`NativeTagger` hands them to the functions
python-crfsuite calls itself (crfsuite's tagger ``set``, ``viterbi`` and ``marginal_point``),
in the same order and with the same values (1.0), so the state scores, the tags and the
marginals are the same to the last bit.

The C functions are those of the crfsuite library inside python-crfsuite's extension module,
which exports crfsuite's C API. :func:`native_tagger` returns None (the detector then keeps
python-crfsuite's own path) with a python-crfsuite release other than those checked
(:data:`CHECKED_VERSIONS`), where that library or its functions cannot be found, or where a
probe tags differently through both ways.
"""

from __future__ import annotations

import ctypes
from ctypes import CFUNCTYPE, POINTER, Structure, byref, c_char_p, c_double, c_int, c_void_p
from itertools import chain
from typing import Any

import numpy as np

__all__ = ["CHECKED_VERSIONS", "NativeTagger", "native_tagger"]


class _Attribute(Structure):
    _fields_ = [("aid", c_int), ("value", c_double)]


class _Item(Structure):
    _fields_ = [("num_contents", c_int), ("cap_contents", c_int), ("contents", POINTER(_Attribute))]


class _Instance(Structure):
    _fields_ = [("num_items", c_int), ("cap_items", c_int), ("items", POINTER(_Item)),
                ("labels", POINTER(c_int)), ("weight", c_double), ("group", c_int)]


_REF = CFUNCTYPE(c_int, c_void_p)


class _Tagger(Structure):
    _fields_ = [("internal", c_void_p), ("nref", c_int), ("addref", _REF), ("release", _REF),
                ("set", CFUNCTYPE(c_int, c_void_p, POINTER(_Instance))),
                ("length", _REF),
                ("viterbi", CFUNCTYPE(c_int, c_void_p, POINTER(c_int), POINTER(c_double))),
                ("score", CFUNCTYPE(c_int, c_void_p, POINTER(c_int), POINTER(c_double))),
                ("lognorm", CFUNCTYPE(c_int, c_void_p, POINTER(c_double))),
                ("marginal_point", CFUNCTYPE(c_int, c_void_p, c_int, c_int, POINTER(c_double))),
                ("marginal_path", c_void_p)]


class _Dictionary(Structure):
    _fields_ = [("internal", c_void_p), ("nref", c_int), ("addref", _REF), ("release", _REF),
                ("get", CFUNCTYPE(c_int, c_void_p, c_char_p)),
                ("to_id", CFUNCTYPE(c_int, c_void_p, c_char_p)),
                ("to_string", CFUNCTYPE(c_int, c_void_p, c_int, POINTER(c_char_p))),
                ("num", _REF), ("free", c_void_p)]


class _Model(Structure):
    _fields_ = [("internal", c_void_p), ("nref", c_int), ("addref", _REF), ("release", _REF),
                ("get_tagger", CFUNCTYPE(c_int, c_void_p, POINTER(c_void_p))),
                ("get_labels", CFUNCTYPE(c_int, c_void_p, POINTER(c_void_p))),
                ("get_attrs", CFUNCTYPE(c_int, c_void_p, POINTER(c_void_p))),
                ("dump", c_void_p)]


#: the python-crfsuite releases whose crfsuite this module's structures were checked against
#: (meddx pins 0.9.12); with any other, the detector keeps python-crfsuite's own path
CHECKED_VERSIONS = frozenset({"0.9.12"})
#: crfsuite_attribute_t and crfsuite_item_t as numpy records (C alignment: 16 bytes each)
_ATTRIBUTES = np.dtype([("aid", "<i4"), ("value", "<f8")], align=True)
_ITEMS = np.dtype([("num", "<i4"), ("cap", "<i4"), ("contents", "<u8")], align=True)


class NativeTagger:
    """A crfsuite model opened through its C interface: :meth:`tag` takes, per token, the ids
    of its attributes (``ids``: attribute string -> id); :meth:`marginal` as python-crfsuite's.
    Not thread-safe (nor is ``pycrfsuite.Tagger``)."""

    def __init__(self, lib: ctypes.CDLL, path: str) -> None:
        create = lib.crfsuite_create_instance_from_file
        create.argtypes, create.restype = [c_char_p, POINTER(c_void_p)], c_int
        model_ptr = c_void_p()
        if create(path.encode(), byref(model_ptr)) or not model_ptr.value:
            raise OSError("crfsuite could not open the model")
        self._model_ptr = model_ptr
        model = ctypes.cast(model_ptr, POINTER(_Model)).contents
        tagger_ptr, labels_ptr, attrs_ptr = c_void_p(), c_void_p(), c_void_p()
        if (model.get_tagger(model_ptr, byref(tagger_ptr)) or model.get_labels(model_ptr, byref(labels_ptr))
                or model.get_attrs(model_ptr, byref(attrs_ptr))):
            raise OSError("crfsuite could not read the model")
        self._tagger_ptr = tagger_ptr
        tagger = ctypes.cast(tagger_ptr, POINTER(_Tagger)).contents
        self._set, self._viterbi, self._point = tagger.set, tagger.viterbi, tagger.marginal_point
        labels = ctypes.cast(labels_ptr, POINTER(_Dictionary)).contents
        self.names: list[str] = []
        for i in range(labels.num(labels_ptr)):
            name = c_char_p()
            if labels.to_string(labels_ptr, i, byref(name)):
                raise OSError("crfsuite could not read a label")
            self.names.append(name.value.decode())
        self._label_id = {name: i for i, name in enumerate(self.names)}
        self._attrs = ctypes.cast(attrs_ptr, POINTER(_Dictionary)).contents
        self._attrs_ptr = attrs_ptr

    def ids(self, attributes) -> dict[str, int]:
        """Attribute string -> id, for those of ``attributes`` the model holds."""
        to_id, ptr = self._attrs.to_id, self._attrs_ptr
        got = {a: to_id(ptr, a.encode()) for a in attributes}
        return {a: i for a, i in got.items() if i >= 0}

    def labels(self) -> list[str]:
        return list(self.names)

    def tag(self, xseq: list[list[int]]) -> list[str]:
        """The Viterbi labels of a sequence of tokens given as lists of attribute ids (each
        with value 1.0), which becomes the sequence :meth:`marginal` reads."""
        n_items = len(xseq)
        if n_items == 0:
            return []
        counts = np.fromiter(map(len, xseq), dtype=np.int64, count=n_items)
        n_attrs = int(counts.sum())
        attrs = np.empty(n_attrs, dtype=_ATTRIBUTES)
        attrs["aid"] = np.fromiter(chain.from_iterable(xseq), dtype=np.int32, count=n_attrs)
        attrs["value"] = 1.0
        items = np.empty(n_items, dtype=_ITEMS)
        items["num"] = counts
        items["cap"] = counts
        items["contents"] = attrs.ctypes.data + _ATTRIBUTES.itemsize * (np.cumsum(counts) - counts)
        labels = (c_int * n_items)()
        inst = _Instance(n_items, n_items, ctypes.cast(items.ctypes.data, POINTER(_Item)),
                         labels, 1.0, 0)
        if self._set(self._tagger_ptr, byref(inst)):
            raise RuntimeError("crfsuite could not set the sequence")
        path, score = (c_int * n_items)(), c_double()
        if self._viterbi(self._tagger_ptr, path, byref(score)):
            raise RuntimeError("crfsuite could not tag the sequence")
        return list(map(self.names.__getitem__, path[:]))  # a slice: the ids as a list

    def marginal(self, label: str, position: int) -> float:
        """P(``label`` at ``position``) of the sequence last tagged."""
        prob = c_double()
        if self._point(self._tagger_ptr, self._label_id[label], position, byref(prob)):
            raise RuntimeError("crfsuite could not compute a marginal")
        return prob.value


def native_tagger(path: str, tagger: Any, known: frozenset[str]) -> tuple[NativeTagger, dict] | None:
    """A :class:`NativeTagger` of the model file ``path`` and its attribute ids (of
    ``known``), or None where crfsuite's C functions cannot be reached, or where a probe (a
    few sequences of the model's own attributes) gets other tags or marginals than through
    ``tagger`` (python-crfsuite's, of the same file)."""
    try:
        from importlib.metadata import version

        if version("python-crfsuite") not in CHECKED_VERSIONS:
            return None  # another build may lay crfsuite's structures out otherwise
        import pycrfsuite._pycrfsuite as extension

        native = NativeTagger(ctypes.CDLL(extension.__file__), path)
        ids = native.ids(sorted(known))
        if len(ids) != len(known) or native.names != list(tagger.labels()):
            return None
        if not _same(native, tagger, ids):
            return None
    except (ImportError, OSError, AttributeError, RuntimeError, ValueError, TypeError, KeyError):
        return None
    return native, ids


def _same(native: NativeTagger, tagger: Any, ids: dict[str, int]) -> bool:
    """Whether both taggers give the same tags and marginals on probe sequences built from
    the model's attributes (every one of them, a few per token)."""
    names = sorted(ids)
    step = 7
    tokens = [names[i:i + step] for i in range(0, len(names), step)]
    for seq in (tokens[:40], tokens[40:200], tokens[-60:], [names[:1]], [names[-3:]] * 5):
        if native.tag([[ids[f] for f in tok] for tok in seq]) != tagger.tag(
                [[f.encode() for f in tok] for tok in seq]):
            return False
        for i in range(len(seq)):
            if any(native.marginal(y, i) != tagger.marginal(y, i) for y in native.names):
                return False
    return True
