"""The crf tagged through crfsuite's C functions from attribute ids (session 15, deidcpu15):
the same tags and marginals as python-crfsuite's own path, and that path where the C one
cannot be had."""

from __future__ import annotations

import pytest

pytest.importorskip("pycrfsuite")

import meddx.deid._crf as crf_module  # noqa: E402
import meddx.deid._crf_native as native_module  # noqa: E402
from meddx.deid._crf import CrfDetector, load_crf, load_native  # noqa: E402
from meddx.deid._crf_features import FeatureCache, note_features, note_tokens  # noqa: E402
from meddx.deid._synth import synth_notes  # noqa: E402

_NOTES = [
    "Seen by Dr. Okonkwo at Linden Hill Manor on 7/22; lives in Nashua, NH with wife Maria.",
    "PT MARIA GONZALEZ-RUIZ, 88 Y/O, FROM ST. AGNES HOSPITAL\nCALL 617-555-0199",
    "pt seen w/ daughter (jo) at mercy west. f/u dr lund in 2 wks.",
    "Lucía Sørensen, Ó Súilleabháin — seen 3 March 2019 in Tromsø.",
    "x",
]


def _python_path(threshold: float = 0.8) -> CrfDetector:
    det = CrfDetector(threshold=threshold)
    det.native = None
    det.cache = FeatureCache(load_crf(det.path)[1], as_bytes=True)
    return det


def _texts() -> list[str]:
    return _NOTES + [n["text"] for n in synth_notes(12, 15)]


def test_native_path_is_taken_with_the_bundled_model():
    det = CrfDetector()
    assert det.native is not None and isinstance(det.cache.bos, int)


@pytest.mark.parametrize("threshold", [0.8, 0.3])
def test_native_tags_and_marginals_are_python_crfsuites_to_the_last_bit(threshold):
    fast, slow = CrfDetector(threshold=threshold), _python_path(threshold)
    for text in _texts():
        assert fast.token_probs(text) == slow.token_probs(text)
        assert fast.detect(text) == slow.detect(text)


def test_every_marginal_agrees_not_only_the_tags():
    det = CrfDetector()
    native, tagger = det.native, det.tagger
    slow_cache = FeatureCache(load_crf(det.path)[1], as_bytes=True)
    words, gaps, _ = note_tokens(_NOTES[1])
    fast = native.tag(note_features(words, gaps, 0, len(words), det.cache))
    slow = tagger.tag(note_features(words, gaps, 0, len(words), slow_cache))
    assert fast == slow
    for i in range(len(words)):
        for label in native.labels():
            assert native.marginal(label, i) == tagger.marginal(label, i)


def test_feature_ids_are_the_feature_strings_in_order():
    det = CrfDetector()
    known = load_crf(det.path)[1]
    by_name = FeatureCache(known)
    words, gaps, _ = note_tokens(_NOTES[0])
    as_ids = note_features(words, gaps, 0, len(words), det.cache)
    as_names = note_features(words, gaps, 0, len(words), by_name)
    ids = load_native(det.path)[1]
    assert as_ids == [[ids[f] for f in feats] for feats in as_names]


def test_an_unknown_bos_is_no_feature():
    cache = FeatureCache(frozenset({"w:seen"}), ids={"w:seen": 3})
    assert cache.bos is None
    words, gaps, _ = note_tokens("seen seen")
    assert note_features(words, gaps, 0, 2, cache) == [[3], [3]]


def test_empty_sequence_tags_nothing():
    assert CrfDetector().native.tag([]) == []


def test_without_the_c_functions_the_detector_keeps_python_crfsuite(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no library")

    monkeypatch.setattr(native_module.ctypes, "CDLL", refuse)
    path = CrfDetector().path
    assert native_module.native_tagger(path, *load_crf(path)) is None
    monkeypatch.setattr(crf_module, "load_native", lambda p: None)
    det = CrfDetector()
    assert det.native is None and det.cache.as_bytes
    slow = _python_path()
    for text in _NOTES:
        assert det.token_probs(text) == slow.token_probs(text)


def test_a_probe_that_disagrees_means_python_crfsuite(monkeypatch):
    monkeypatch.setattr(native_module, "_same", lambda native, tagger, ids: False)
    path = CrfDetector().path
    assert native_module.native_tagger(path, *load_crf(path)) is None


def test_another_python_crfsuite_release_means_python_crfsuite(monkeypatch):
    monkeypatch.setattr(native_module, "CHECKED_VERSIONS", frozenset({"0.0.0"}))
    path = CrfDetector().path
    assert native_module.native_tagger(path, *load_crf(path)) is None
