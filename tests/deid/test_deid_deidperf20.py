"""deidperf20's CPU shortcuts find exactly what the code they replace found (session 20).

The case view built run by run (``kept_view``), the ASCII fast paths for digits and lower case,
the crf's second reading of a flat note skipped where it cannot add a span, and the crf's
features of a word seen for the first time built in one loop. Synthetic and real-style dev notes
only. The full check against the session's base is ``bench/deid_crf_identity.py --case ...``.
"""

from __future__ import annotations

import random

import pytest

from tests._support.deid import speed_notes


def _reference_view(chars: list[str], keep: list[tuple[int, int]]) -> str:
    """The view as ``_case_view._view`` built it until session 20, character by character."""
    from meddx.deid._case_words import FILL

    kept = [False] * len(chars)
    for a, b in keep:
        kept[a:b] = [True] * (b - a)
    return "".join(c if k or c in "\r\n" else FILL for c, k in zip(chars, kept, strict=True))


def test_kept_view_matches_the_character_by_character_view():
    from meddx.deid._case_lines import kept_view

    rng = random.Random(20)
    alphabet = "ab Z.\n\r\t1é"
    for _ in range(400):
        n = rng.randint(0, 60)
        chars = [rng.choice(alphabet) for _ in range(n)]
        keep = []
        for _ in range(rng.randint(0, 5)):  # overlapping, touching, empty and unsorted ranges
            a = rng.randint(0, n)
            keep.append((a, rng.randint(a, n)))
        assert kept_view(chars, keep, n) == _reference_view(chars, keep)
    with pytest.raises(ValueError):
        kept_view(list("abc"), [(0, 1)], 4)  # a re-casing that changed the length


def test_case_view_is_unchanged_on_lower_case_and_capitals(monkeypatch):
    """``_view`` with ``kept_view`` against ``_view`` with the old character-by-character
    view, on notes in lower case, in capitals and as written, non-ASCII lines included."""
    import meddx.deid._case_view as cv
    from meddx.deid import Deidentifier
    from meddx.deid._layout_view import layout_view

    deid = Deidentifier(detectors=["rules", "names", "places"])
    texts = speed_notes(12, 20, n_dev=12)
    texts += ["seen by dr. ökonkwo at heywood hospital, gardner, ma 01440.\nplan: f/u 2²",
              "PT SEEN BY DR. OKONKWO AT HEYWOOD HOSPITAL\nWIFE ANA AT BEDSIDE, 93M"]
    viewed = 0
    for text in texts:
        for variant in map(layout_view, (text, text.lower(), text.upper())):
            found = deid.detect(variant)
            got = cv._view(variant, found)
            with monkeypatch.context() as m:
                m.setattr(cv, "kept_view", lambda chars, keep, n: _reference_view(chars, keep))
                assert cv._view(variant, found) == got
            viewed += got[0] is not None
    assert viewed > 20


@pytest.mark.parametrize("text", ["", "abc", "a1", "tel 555-0100", "x\u00b2", "\u0663 days",
                                  "\uff15 mg", "caf\u00e9 9", "\u00e9\u00e8"])
def test_digit_helpers_read_digits_as_isdigit_does(text: str):
    from meddx.deid._tokens import digit_indices, has_digit

    assert has_digit(text) == any(c.isdigit() for c in text)
    assert digit_indices(text) == [k for k, c in enumerate(text) if c.isdigit()]


def test_recase_lowers_a_line_as_letter_by_letter():
    """The ASCII line lower-cased at once; other lines letter by letter (a letter whose lower
    case is longer keeps its case: same length)."""
    from meddx.deid._case_view import _recase

    for line in ("SEEN BY DR OKONKWO AT HEYWOOD HOSPITAL", "seen by dr okonkwo at heywood",
                 "WIFE \u0130RMA OKONKWO AT BEDSIDE", "dr. m\u00fcller-okonkwo, heywood"):
        recased, _ = _recase(line)
        assert len(recased) == len(line)
        assert recased.lower() == "".join(c.lower() if len(c.lower()) == 1 else c
                                          for c in line).lower()


def test_second_crf_reading_is_skipped_only_where_it_adds_nothing(monkeypatch):
    """The spans of notes in lower case are the same with the crf's second (re-cased) reading
    forced, and the skip happens (fewer crf readings)."""
    import meddx.deid._deidentifier as deid_module
    from meddx.deid import Deidentifier
    from meddx.deid._crf import CrfDetector

    texts = [t.lower() for t in speed_notes(16, 21, n_dev=16)]
    read = []
    inner = CrfDetector.detect_covered

    def counted(self, notes, covers):
        read.append(len(notes))
        return inner(self, notes, covers)

    monkeypatch.setattr(CrfDetector, "detect_covered", counted)
    deid = Deidentifier()
    skipped = [deid.detect(t) for t in texts]
    n_skipped = sum(read)
    read.clear()
    monkeypatch.setattr(deid_module, "_uncovered_runs", lambda taken, runs: True)
    forced = [deid.detect(t) for t in texts]
    assert skipped == forced
    assert n_skipped < sum(read)  # some second readings were skipped
    assert sum(read) > len(texts)  # and the notes are read a second time when forced


def test_feature_entries_match_the_generator_built_ones():
    """``FeatureCache._keep`` in loops gives the entries of the generator version it replaced,
    with and without a model's attributes, as text and as bytes, for some feature groups."""
    from meddx.deid import _crf_features as cf

    def old_keep(cache, parts):
        if cache.known is not None:
            parts = tuple([f for f in part if f in cache.known] for part in parts)
        elif cache.groups != cf.ALL_GROUPS:
            parts = tuple([f for f in part if cf._group(f) in cache.groups] for part in parts)
        if cache.as_bytes:
            parts = tuple([f.encode() for f in part] for part in parts)
        return tuple(tuple(part) for part in parts)

    words = sorted({w for t in speed_notes(6, 22, n_dev=6) for w in cf.note_words(t)[0]})
    known = frozenset({"w:the", "sh:Xx", "title", "-1:the", "+1sh:Xx", "in:fn", "-1in:fn"})
    for kwargs in ({}, {"as_bytes": True}, {"known": known}, {"known": known, "as_bytes": True},
                   {"groups": frozenset({"word", "lists", "near_shapes"})}):
        cache = cf.FeatureCache(**kwargs)
        for word in words:
            low = word.lower()
            flags = [flag for flag, listed in cache._lists if low in listed]
            shape = cf._shape(word)
            parts = (cf._own(word, low, flags, shape), ["-2:" + low],
                     ["-1:" + low, "-1" + shape] + ["-1" + f for f in flags],
                     ["+1:" + low, "+1" + shape], ["+2:" + low])
            assert cache.entry(word) == old_keep(cache, parts)
