"""The ``crf`` detector's covered path (session 13, branch deidcpu13): in ``Deidentifier``, a CRF
span whose letters and digits all lie in other detectors' spans is not guarded (it adds nothing
in ``outside_rules``), and the output stays exactly what the guarded path gives."""

from __future__ import annotations

import pytest

pytest.importorskip("pycrfsuite")

from meddx.deid import Deidentifier, synth_notes  # noqa: E402
from meddx.deid._crf import covered_by  # noqa: E402
from meddx.deid._crf_guard import CRF_SOURCE, outside_rules  # noqa: E402
from meddx.deid._layout_view import layout_view  # noqa: E402
from meddx.deid._span import Span  # noqa: E402

_NOTES = [
    "Seen by Dr. Mary Okafor at Mercy Hospital on 7/22/2019.\nplan: f/u with P. Raman in 2 wk",
    "pt seen by dr lee at 0600, wife will call. MRN 4417723. lives in Medford with son John",
    "SPOKE WITH DR. OKONKWO RE: PLAN. FAMILY AT BEDSIDE. TRANSFER TO ST. AGNES ON 3/4.",
    "Ms. Ana Lucia Ferreira, 67, was admitted from Linden Hill Manor; PCP Dr. Hsu (Tue/Thu).",
    "",
    "no phi here: BP 120/80, HR 72, afebrile.",
]


def _texts() -> list[str]:
    return [layout_view(t) for t in _NOTES + [r["text"] for r in synth_notes(12, 77)]]


def _full(spans: list[Span]) -> list[tuple]:
    return [(s.start, s.end, s.label, s.source, s.score, s.propagate) for s in spans]


def _crf(deid: Deidentifier):
    return next(d for d in deid.detectors if d.name == "crf")


def _others(deid: Deidentifier, text: str) -> list[Span]:
    """The other detectors' spans of ``text`` as ``Deidentifier`` gathers them (times kept)."""
    from meddx.deid._case_view import case_view_spans

    single = [d for d in deid.detectors if getattr(d, "detect_many", None) is None]
    acc: list[Span] = []
    for det in single:
        acc.extend(det.detect(text))
    acc.extend(case_view_spans(text, single, acc))
    return [s for s in acc if deid._kept(text, s)]


def test_covered_by_joins_touching_and_overlapping_spans_character_by_character():
    text = "John Smith-Jones met Ann"
    inside = covered_by([Span(0, 4, "NAME"), Span(5, 10, "NAME"), Span(10, 16, "NAME")])
    assert inside(text, 0, 4)
    assert inside(text, 0, 16)  # "John" + "Smith" + "-Jones": the space is no letter
    assert inside(text, 11, 16)
    assert not inside(text, 0, 20)  # "met" is outside
    assert not inside(text, 21, 24)
    assert inside(text, 16, 17)  # a space: no letter or digit to cover
    part = covered_by([Span(0, 2, "NAME")])
    assert not part(text, 0, 4)  # half of "John"
    assert not covered_by([])(text, 0, 4)
    assert covered_by([Span(3, 3, "NAME")])(text, 4, 5)


@pytest.mark.parametrize("times", [False, True])
def test_deidentifier_gives_the_same_spans_with_and_without_the_covered_path(times):
    fast = Deidentifier(times=times)
    slow = Deidentifier(times=times)
    _crf(slow).detect_covered = None  # Deidentifier falls back to detect_many, guarding all
    for text in _texts():
        assert _full(fast.detect(text)) == _full(slow.detect(text))
    assert [_full(s) for s in fast.detect_many(_texts())] == [
        _full(s) for s in slow.detect_many(_texts())]


def test_outside_rules_is_the_same_with_covered_spans_left_out():
    deid = Deidentifier()
    crf = _crf(deid)
    for text in _texts():
        others = _others(deid, text)
        cover = [s for s in others if s.source != CRF_SOURCE]
        every = crf.detect_many([text])[0]
        some = crf.detect_covered([text], [cover])[0]
        assert len(some) <= len(every)
        assert _full(outside_rules(text, others + some)) == _full(outside_rules(text, others + every))


def test_covered_spans_are_all_left_out():
    # session 14: no stand-in any more (outside_rules orders its output the same either way)
    deid = Deidentifier()
    crf = _crf(deid)
    text = layout_view(_NOTES[0])
    every = crf.detect_many([text])[0]
    assert len(every) >= 2
    cover = [Span(0, len(text), "NAME", "rules")]  # covers every CRF span
    assert crf.detect_covered([text], [cover])[0] == []
    uncovered = crf.detect_covered([text], [[]])[0]
    assert _full(uncovered) == _full(every)


def test_the_covered_path_keeps_the_label_filter_and_the_unguarded_detector():
    from meddx.deid import CrfDetector

    text = layout_view(_NOTES[0])
    dates = CrfDetector(labels=frozenset({"DATE"}))
    assert _full(dates.detect_covered([text], [[]])[0]) == _full(
        dates.detect(text))
    assert all(s.label == "DATE" for s in dates.detect(text))
    raw = CrfDetector(guard=False)
    cover = [Span(0, len(text), "NAME", "rules")]
    assert _full(raw.detect_covered([text], [cover])[0]) == _full(
        raw.detect(text))


def test_feature_cache_shares_one_object_per_common_feature_and_clears_it_with_the_words(
        monkeypatch):
    from meddx.deid import _crf_features as cf

    text = "Mary Okafor saw Dr. Lee at Mercy.\nJohn Smith, 7/22"
    words, gaps = cf.note_words(text)
    fresh = cf.note_features(words, gaps, 0, len(words), cf.FeatureCache(as_bytes=True))
    cache = cf.FeatureCache(as_bytes=True)
    got = cf.note_features(words, gaps, 0, len(words), cache)
    assert got == fresh and all(isinstance(item, list) for item in got)
    mary, john = cache.entry("Mary"), cache.entry("John")
    assert b"title" in mary[0] and b"sh:Xx" in mary[0]
    assert mary[0][mary[0].index(b"sh:Xx")] is john[0][john[0].index(b"sh:Xx")]
    assert b"w:mary" in mary[0] and b"w:mary" not in cache._shared  # one word's: not kept
    monkeypatch.setattr(cf, "_CACHE_LIMIT", 3)
    for word in ("Alpha", "Beta", "Gamma", "Delta", "Omega"):
        cache.entry(word)
    assert list(cache.entries) == ["Omega"]  # cleared past the limit ...
    omega = {f for part in cache.entries["Omega"] for f in part}
    assert set(cache._shared) == {f for f in omega if not f.startswith(cf._WORD_HEADS[1])}
    assert b"w:mary" not in omega and set(cache._shared) <= omega  # ... with its shared features
    again = cf.note_features(words, gaps, 0, len(words), cache)
    assert again == fresh  # the same features after the cache was cleared
    plain = cf.note_features(words, gaps, 0, len(words), cf.FeatureCache())
    assert [[f.encode() for f in item] for item in plain] == fresh



class _LowNer:
    """A batched stand-in for ``ner``, run BEFORE the crf: low-score spans exactly where the crf
    finds something the note-by-note detectors do not. With nothing else under them,
    ``confirm_ner`` would drop them; only the crf's own spans there confirm them."""

    name = "ner"

    def __init__(self, spans: dict[str, list[Span]]):
        self.spans = spans

    def detect(self, text: str) -> list[Span]:
        return list(self.spans.get(text, []))

    def detect_many(self, texts: list[str]) -> list[list[Span]]:
        return [self.detect(t) for t in texts]


def test_a_ner_span_the_guard_drops_does_not_hide_a_crf_span_it_covers():
    # merge of deidner13 and deidcpu13: the covered path must look at the note-by-note
    # detectors only; an unconfirmed ner span is dropped later, so the crf spans under it count
    texts = _texts()
    probe = Deidentifier()
    crf_spans = _crf(probe).detect_many(texts)
    targets = {t: [Span(s.start, s.end, s.label, source="ner", score=0.1) for s in spans
                   if not covered_by(_others(probe, t))(t, s.start, s.end)]
               for t, spans in zip(texts, crf_spans, strict=True)}
    assert sum(map(len, targets.values())) > 0
    fast = Deidentifier()
    slow = Deidentifier()
    _crf(slow).detect_covered = None
    for deid in (fast, slow):
        crf = _crf(deid)
        deid.detectors = [d for d in deid.detectors if d is not crf] + [_LowNer(targets), crf]
    assert [_full(s) for s in fast.detect_many(texts)] == [_full(s) for s in slow.detect_many(texts)]
