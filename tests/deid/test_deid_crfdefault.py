"""The ``crf`` detector as a default one (session 11, branch crfdefault): it is in the defaults
of the library and the config, a missing python-crfsuite fails with one clear line, its
precision guard drops the look-alikes it tagged, its spans give way to the rules', and its
features as bytes are the same strings."""

from __future__ import annotations

import sys

import pytest

from meddx.deid import DEFAULT_DETECTORS, DeidConfig, Deidentifier
from meddx.deid._case_shapes import ByStart
from meddx.deid._crf import MissingDependencyError, load_crf
from meddx.deid._crf_features import FeatureCache, note_features, note_tokens, note_words, tokenize
from meddx.deid._crf_guard import crf_allowed, outside_rules
from meddx.deid._span import Span


def test_crf_is_a_default_detector_of_the_library_and_the_config():
    assert "crf" in DEFAULT_DETECTORS
    assert DeidConfig().detectors == list(DEFAULT_DETECTORS)
    names = [d.name for d in Deidentifier().detectors]
    assert names == ["rules", "names", "places", "crf"]


def test_a_missing_python_crfsuite_fails_with_one_line_not_a_silent_drop(monkeypatch):
    load_crf.cache_clear()
    monkeypatch.setitem(sys.modules, "pycrfsuite", None)  # import now raises ImportError
    try:
        with pytest.raises(MissingDependencyError) as err:
            Deidentifier()
    finally:
        load_crf.cache_clear()
    msg = str(err.value)
    assert "\n" not in msg and "python-crfsuite" in msg and "--detectors rules,names,places" in msg
    # without crf the detectors still build
    assert [d.name for d in Deidentifier(detectors=["rules", "names", "places"]).detectors] == [
        "rules", "names", "places"]


# --- the crf's precision guard (look-alikes the CRF tagged once it ran by default) -----------

def _crf_span(text: str, value: str, label: str, score: float = 0.99) -> Span:
    i = text.index(value)
    return Span(i, i + len(value), label, "crf", score)


def test_crf_guard_keeps_history_years_but_not_weak_or_after_an_abbreviation():
    text = "Crohn disease dx 2014; CT 2015 at bedside; used until 1995 in Europe"
    assert crf_allowed(text, _crf_span(text, "2014", "DATE", 0.99))
    assert not crf_allowed(text, _crf_span(text, "2015", "DATE", 0.99))
    assert not crf_allowed(text, _crf_span(text, "1995", "DATE", 0.88))


@pytest.mark.parametrize(("text", "value", "label"), [
    ("Prior work (Smith 2016) showed benefit.", "Smith 2016", "DATE"),
    ("family is from Guatemala.", "Guatemala", "LOCATION"),
    ("family is from Puerto Rico.", "Puerto Rico", "NAME"),
    ("Spoke with wife will and son.", "will", "NAME"),
    ("Aide comes Tue/Thu.", "Tue/Thu", "NAME"),
    ("brought to Trauma Bay.", "Trauma Bay", "HOSPITAL"),
    ("then to East Wing.", "East Wing", "LOCATION"),
    ("report to RN on 7 West.", "7 West", "LOCATION"),
    ("treated at general hospital; from rural health center", "rural health center", "HOSPITAL"),
])
def test_crf_guard_drops_look_alikes(text, value, label):
    assert not crf_allowed(text, _crf_span(text, value, label))


@pytest.mark.parametrize(("text", "value", "label"), [
    ("seen on March 3, 1995 in clinic", "March 3, 1995", "DATE"),
    ("seen 03/14/2019", "03/14/2019", "DATE"),
    ("Discharged to Sunrise of Elm Grove Assisted Living", "Sunrise of Elm Grove", "HOSPITAL"),
    ("Spoke with son Ignatius Pellworth.", "Ignatius Pellworth", "NAME"),
    ("spoke with wife marisol", "marisol", "NAME"),
    ("lives in Framingham with wife", "Framingham", "LOCATION"),
    ("Address: 14 Elm St Lowell", "14 Elm St Lowell", "LOCATION"),
])
def test_crf_guard_keeps_phi(text, value, label):
    assert crf_allowed(text, _crf_span(text, value, label))


def test_a_one_word_name_in_no_list_needs_a_high_score():
    text = "pt with MS Tecfidera held"
    assert not crf_allowed(text, _crf_span(text, "Tecfidera", "NAME", 0.91))
    assert crf_allowed(text, _crf_span(text, "Tecfidera", "NAME", 0.99))


def test_crf_spans_give_way_to_the_rules_spans_they_overlap():
    text = "Discharged to Spaulding Rehab Hospital Cape Cod for PT."
    hosp = _crf_span(text, "Spaulding Rehab Hospital", "HOSPITAL")
    hosp = Span(hosp.start, hosp.end, "HOSPITAL", "places", 0.9)
    town = _crf_span(text, "Cape Cod", "LOCATION")
    town = Span(town.start, town.end, "LOCATION", "places", 0.8)
    crf = _crf_span(text, "Spaulding Rehab Hospital Cape Cod", "HOSPITAL")
    assert outside_rules(text, [hosp, town, crf]) == [hosp, town]
    assert outside_rules(text, [hosp]) == [hosp]


def test_crf_words_beside_a_rule_span_extend_it_with_its_label_and_source():
    text = "Seen by Dr. Priya Raman today; Mr Oduya at bedside."
    raman = _crf_span(text, "Raman", "NAME")
    raman = Span(raman.start, raman.end, "NAME", "names", 0.85)
    crf = _crf_span(text, "Priya Raman", "NAME")
    other = _crf_span(text, "Oduya", "NAME")
    out = outside_rules(text, [raman, crf, other])
    grown = [s for s in out if s.source == "names"]
    assert [text[s.start:s.end] for s in grown] == ["Priya Raman"]
    assert grown[0].label == "NAME" and grown[0].score == 0.85
    assert [text[s.start:s.end] for s in out if s.source == "crf"] == ["Oduya"]


def test_a_crf_span_of_its_own_passes_through():
    text = "Seen by Dr. Quorbel today."
    crf = _crf_span(text, "Quorbel", "NAME")
    assert outside_rules(text, [crf]) == [crf]


def test_features_as_bytes_are_the_same_strings():
    text = "Seen by Dr. Quorbel at Linden Hill Manor on 7/22.\nPlan: f/u 2 wks"
    words, gaps = note_words(text)
    n = len(words)
    plain = note_features(words, gaps, 0, n, FeatureCache())
    raw = note_features(words, gaps, 0, n, FeatureCache(as_bytes=True))
    assert raw == [[f.encode() for f in item] for item in plain]
    assert plain[0][-1] == "bos" and raw[0][-1] == b"bos"


def test_note_tokens_are_tokenize_and_note_words_in_one_pass():
    for text in ["", "   ", "Dr. O'Brien, 555-201-4432\nmrn_77 ", "x", "\u00e9t\u00e9 caf\u00e9 12/3"]:
        words, gaps, tokens = note_tokens(text)
        assert (words, gaps) == note_words(text) and tokens == tokenize(text)


def test_the_overlap_lookup_matches_a_scan_of_every_span():
    """outside_rules finds a CRF span's overlapping rule spans by bisect (a 5 MB note has
    tens of thousands of spans; a scan of all of them per CRF span took quadratic time); since
    session 18 (crf18) with the case view's index, ``ByStart``, in the spans' order."""
    import random

    rng = random.Random(0)
    others = []
    for _ in range(400):
        a = rng.randrange(0, 2000)
        others.append(Span(a, a + rng.randrange(1, 60), "NAME", "names", 1.0))
    others.sort(key=lambda o: o.start)
    index = ByStart([(o.start, o.end, o) for o in others])
    for _ in range(300):
        a = rng.randrange(0, 2050)
        s = Span(a, a + rng.randrange(1, 40), "NAME", "crf", 0.9)
        scan = [o for o in others if o.start < s.end and s.start < o.end]
        assert index.overlapping(s.start, s.end) == scan


def test_note_words_one_split_is_findall_and_split():
    """Session 15 (deidcpu15): note_words cuts the text once at a capturing group; the words
    and gaps must be those of the two passes it replaced, at the edges and in any script."""
    import re

    token = re.compile(r"[^\W_]+")
    texts = ["", " ", "abc", "abc ", " abc", "a_b", "__x__", "Dr. O'Neil, 3/4 @ 10:30\r\n",
             "Lucía Sørensen—Ó Súilleabháin 12kg", "x\u00b2 m\u00b2 \u2013 \t\n", "_", "1_2_3"]
    for text in texts:
        assert note_words(text) == (token.findall(text), token.split(text)), repr(text)
        words, gaps, tokens = note_tokens(text)
        assert [text[a:b] for a, b in tokens] == words
