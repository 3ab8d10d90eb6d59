"""Session 17, tidydeid17: one facility-head word set (``_place_words.FACILITY_HEADS``) read by
the three rules that asked whether a name has its head; slow but linear inputs (a long recorded
string in the consistency pass, a run of fractions); one builder of the name line shapes for
``_shape_names`` and ``_lower_shapes``. Sentences invented for these tests."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier, _facility_ends, _facility_fields, _history_years
from meddx.deid._facility_ends import facility_end_spans
from meddx.deid._facility_fields import field_value_spans
from meddx.deid._lexicon import lexicon
from meddx.deid._place_words import FACILITY_HEADS, FULL_FACILITY_HEADS, GENERIC_WORDS, HOSPITAL_WORDS
from meddx.deid._span import Span
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# -- 1. one facility-head set ----------------------------------------------------------------------
def test_one_head_set_read_by_the_three_rules():
    # session 18 (deidhosp18): _facility_ends reads the full heads, a subset of the one set
    for module in (_facility_fields, _history_years):
        assert module.FACILITY_HEADS is FACILITY_HEADS
    assert _facility_ends.FULL_FACILITY_HEADS is FULL_FACILITY_HEADS
    assert FULL_FACILITY_HEADS < FACILITY_HEADS
    for module in (_facility_fields, _facility_ends, _history_years):
        assert not {"_HEADS", "_FACILITY_ENDS", "_FACILITY_WORDS"} & set(vars(module))


def test_heads_are_facility_words_not_generic_ones():
    assert FACILITY_HEADS <= HOSPITAL_WORDS | {"center", "centre"}
    assert not FACILITY_HEADS & GENERIC_WORDS
    assert not FACILITY_HEADS & {"unit", "care", "nursing", "labs", "rehab", "health"}


@pytest.mark.parametrize(("text", "year"), [
    ("PSH: sleep study at Elliot Infirmary 2014", "2014"),  # a head the old list lacked
    ("PSH: seen at Oak Clinics 2011 per records", "2011"),
    ("PSH: detox at Pine Hosp 2012", "2012"),
    ("PSH: sleep study at Elliot Hospital 2014", "2014"),  # as before
])
def test_year_after_any_facility_head(deid, text, year):
    assert covered(deid, text, year, "DATE")


@pytest.mark.parametrize("text", [
    "Elliot Infirmary 2030 beds",  # a count
    "seen at Oak Clinics 2015 mL",  # a dose
    "arrived at Bay Clinics 2030",  # a clock time at a round hour
])
def test_no_year_after_a_head_when_a_count_or_time(deid, text):
    assert not covered(deid, text, "20", "DATE")


def _completed(text: str, name: str) -> list[str]:
    """The crf's HOSPITAL span on ``name`` after ``facility_end_spans`` completes it."""
    start = text.index(name)
    return [text[s.start:s.end] for s in
            facility_end_spans(text, [Span(start, start + len(name), "HOSPITAL", "crf", 0.85)])]


@pytest.mark.parametrize(("text", "name", "whole"), [
    # a span ending on a full facility head is whole; on a short one ("Hosp") it takes the
    # head wrapped onto the next line again (session 18, deidhosp18: the reviewer's finding 1)
    ("seen at Pine Valley Hosp\nrehabilitation center follow up.", "Pine Valley Hosp",
     "Pine Valley Hosp\nrehabilitation center"),
    # the next line opens its own text ("hospital course:"): not joined after any head
    ("from Bay Ridge Infirmary\nhospital course: uneventful", "Bay Ridge Infirmary", None),
    ("from mercy clinic\ncenter line placed", "mercy clinic", None),
    # a name without a head still takes the head wrapped onto the next line
    ("transferred to grand strand\nrehabilitation center today", "grand strand",
     "grand strand\nrehabilitation center"),
])
def test_wrapped_head_joined_only_to_a_name_without_one(text, name, whole):
    assert _completed(text, name) == [whole or name]


@pytest.mark.parametrize(("text", "value"), [
    ("OSH: Cancer Infirmary of Tamsey\n", "Cancer Infirmary of Tamsey"),
    ("Facility: Renown Regional\n", "Renown Regional"),
])
def test_field_value_opening_on_a_clinical_word_needs_a_head(text, value):
    assert [text[s.start:s.end] for s in field_value_spans(text, lexicon())] == [value]


@pytest.mark.parametrize("text", ["OSH: labs reviewed\n", "OSH: CT head neg\n", "Hospital: ICU\n"])
def test_field_value_without_a_head_stays(text):
    assert field_value_spans(text, lexicon()) == []


# -- 3. slow but linear inputs: a long recorded string whose first word repeats ------------------
def _long_run_recorder():
    from meddx.deid._leak import PhiRecorder

    rec = PhiRecorder()
    rec.add("Boston " * 600, "HOSPITAL")  # a crf span over a run of one word
    rec.add("boston harbor", "LOCATION")  # a short string: read a word at a time
    rec.add("Boston " * 9 + "harbor", "LOCATION")  # just over _FEW_WORDS: from the split words
    rec.add("Will", "NAME")  # a common word: only where capitalised
    return rec


@pytest.mark.parametrize("text", [
    "Boston " * 700, "Boston " * 599 + "harbor", "boston harbor Boston Boston, Will will",
    "Will " + "boston " * 650 + "Harbor.", "x-Boston " * 700,
])
def test_locate_of_a_long_string_matches_the_word_by_word_scan(monkeypatch, text):
    import meddx.deid._leak as leak

    rec = _long_run_recorder()
    monkeypatch.setattr(leak, "_FEW_FIRSTS", -1)  # the word-by-word scan
    want = rec.locate(text)
    monkeypatch.setattr(leak, "_FEW_FIRSTS", 10 ** 9)  # first words by str.find
    assert rec.locate(text) == want


def test_locate_of_a_long_string_reads_each_word_once():
    import time

    rec = _long_run_recorder()
    text = "Boston " * 7000
    t = time.perf_counter()
    hits = rec.locate(text)
    took = time.perf_counter() - t
    assert len([h for h in hits if h[2] == "HOSPITAL"]) == 7000 - 600 + 1
    assert took < 1.0  # was about 2 s (a regex search per word of the string at every hit)


# -- 3. a run of fractions: no word cue is tried on a window without a letter --------------------
def test_cue_regexes_need_a_letter():
    """The premise of the letter check before the date cues: on a window with no letter they
    find nothing (the date cue only its brackets and marks)."""
    import random

    from meddx.deid import _date_forms as df
    from meddx.deid import _patterns as pt
    from meddx.deid import _patterns_scores as ps

    rng = random.Random(17)
    alphabet = "0123456789 \t\n/.,;:-()[]@#%&+=*'\"\u00a0\u2013_"
    windows = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(3000)]
    windows += ["1/2, 1/2, 1/2, ", "(", "3/4 @ ", "[ ", "12/5: ", "#2 - "]
    cues = [pt.MEASURE_BEFORE, pt._FRACTION_BEFORE, ps._SCALE_BEFORE, df._FRACTION_BEFORE,
            df._LIST_CUE, df._EVENT_CUE]
    for w in windows:
        assert pt.LETTER.search(w) is None
        assert not any(c.search(w) for c in cues), w
        assert bool(pt._DATE_CUE_BEFORE.search(w)) == bool(pt._DATE_CUE_MARK.search(w)), w


@pytest.mark.parametrize(("text", "dates"), [
    ("take 1/2, 1/2, 1/2, 1/2 tab", []),
    ("cultures drawn 3/4, 3/5 and 3/9", ["3/4", "3/5", "3/9"]),
    ("CXR (3/4) clear", ["3/4"]),
    ("[3/4: febrile] then 1/2 dose", ["3/4"]),
    ("1/2, " * 200, []),
])
def test_month_days_with_and_without_letters_before(deid, text, dates):
    assert [text[s.start:s.end] for s in deid.detect(text) if s.label == "DATE"] == dates


# -- 2. one builder of the name line shapes for both readers --------------------------------------
def test_both_readers_use_the_built_shapes():
    from meddx.deid import _lower_shapes, _shape_names
    from meddx.deid._name_shapes import line_shapes

    assert (_shape_names._AGE_SEX, _shape_names._RECORD_HEAD, _shape_names._DATE_THEN_NAME) \
        == tuple(line_shapes(lower=False))
    assert (_lower_shapes._AGE_SEX, _lower_shapes._RECORD_HEAD, _lower_shapes._DATE_THEN_NAME) \
        == tuple(line_shapes(lower=True))


@pytest.mark.parametrize(("lower", "text", "found"), [
    (False, "Bed 4 84M", True), (False, "84 yo F", True), (False, "84m", False),
    (True, "84m", True), (True, "88 y/o f", True), (True, "84M", False),
])
def test_age_with_a_sex_by_case(lower, text, found):
    from meddx.deid._name_shapes import line_shapes

    assert (line_shapes(lower).age_sex.search(text) is not None) == found


@pytest.mark.parametrize(("lower", "text", "name"), [
    (False, "Record date: 2072-01-26\nTimur Yusupov - BP log", "Timur Yusupov"),
    (False, "Record date: 2072-01-26\nBART Q - using CPAP", "BART Q"),
    (True, "record date: 2072-01-26\nquackenbush f/u", "quackenbush"),
    (True, "record date: 2072-01-26\nbart q - using cpap", "bart q"),
])
def test_record_head_by_case(lower, text, name):
    from meddx.deid._name_shapes import line_shapes

    assert line_shapes(lower).record_head.search(text).group("name") == name


def test_record_head_label_case():
    from meddx.deid._name_shapes import line_shapes

    text = "RECORD DATE: 2072-01-26\nTimur Yusupov - BP log"
    assert line_shapes(False).record_head.search(text) is not None
    assert line_shapes(True).record_head.search(text) is None  # a lower-case line's label


@pytest.mark.parametrize(("lower", "text", "name"), [
    (False, "INR CLINIC  4/4/71  Obi Nwachukwu  warfarin", "Obi Nwachukwu"),
    (True, "inr clinic  4/4/71\tobi nwachukwu\twarfarin", "obi nwachukwu"),
])
def test_date_then_name_by_case(lower, text, name):
    from meddx.deid._name_shapes import line_shapes

    assert line_shapes(lower).date_then_name.search(text).group("name") == name


@pytest.mark.parametrize(("text", "names"), [
    ("611 Quarrington 84M\n612 Le Thi Lan 70F", ["Quarrington", "Le Thi Lan"]),
    ("Admit, Lopez 64F", []),  # a comma form whole or not at all
    ("HPI: 38M", []),
])
def test_census_as_written(text, names):
    from meddx.deid._lexicon import lexicon
    from meddx.deid._shape_names import shape_names

    assert [text[a:b] for a, b in shape_names(text, text.lower(), lexicon())] == names


@pytest.mark.parametrize(("text", "names"), [
    ("502 pruitt 88m\nrm 407 van horn 66m", ["pruitt", "van horn"]),
    ("sepsis 67f", []),
    ("502 Pruitt 88m", []),  # a line with a capital is the other reader's
])
def test_census_in_lower_case(text, names):
    from meddx.deid._lexicon import lexicon
    from meddx.deid._lower_shapes import lower_shape_names

    assert [text[a:b] for a, b in lower_shape_names(text, text.lower(), lexicon())] == names
