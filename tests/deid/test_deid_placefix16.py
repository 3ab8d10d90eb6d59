"""Session 16, placefix16: a reviewer's findings on deidplace16's HOSPITAL/LOCATION rules.
The sentences are the reviewer's (invented); each test failed before its fix."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier
from meddx.deid._facility_ends import facility_end_spans
from meddx.deid._facility_fields import field_value_spans
from meddx.deid._lexicon import lexicon
from meddx.deid._span import Span
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _places(deid: Deidentifier, text: str, labels: tuple[str, ...]) -> list[str]:
    return [text[s.start:s.end] for s in deid.detect(text) if s.label in labels]


# -- 1. the field label read blanks back and forth (quadratic) ---------------------------------
@pytest.mark.parametrize("blank", [" ", "\t"])
def test_field_label_linear_in_blanks(blank):
    text = blank * 20000 + ":"
    t = time.perf_counter()
    assert field_value_spans(text, lexicon()) == []
    assert time.perf_counter() - t < 1.0  # was about 6 s (spaces) and 12 s (tabs) before the fix


@pytest.mark.parametrize(("text", "value"), [
    ("  Facility: Carver\n", "Carver"),
    ("Physician: E. Abbot, MD     Facility: Tamsey Regional\n", "Tamsey Regional"),
    ("Attending: Lee\tOSH: Tall Pines\n", "Tall Pines"),
    ("Name: X |  Hospital: Sterling\n", "Sterling"),
    ("Note:      Referring facility: Summit Peak\n", "Summit Peak"),
    # names of common words in title case, a clinical word before a facility head (finding 2)
    ("Facility: Tamsey Regional\n", "Tamsey Regional"),
    ("OSH: Cancer Center of Tarrow\n", "Cancer Center of Tarrow"),
])
def test_field_label_forms_kept(text, value):
    got = field_value_spans(text, lexicon())
    assert [text[s.start:s.end] for s in got] == [value]


# -- 2. any field value became a HOSPITAL --------------------------------------------------------
_NOT_NAMES = [
    "OSH: labs reviewed, CXR clear\n", "OSH: Normal labs\n", "OSH: head CT negative\n",
    "Hospital: discharged home\n", "Hospital: stable overnight\n", "Hospital: uneventful course\n",
    "Hospital: prolonged stay\n", "Hospital: complicated by AKI\n", "Hospital: transferred from ED\n",
    "Admitting hospital: unclear\n", "Receiving facility: to be determined\n",
    "Facility: unable to obtain\n", "Facility: skilled nursing\n", "Facility: assisted living\n",
    "Facility: long term care\n",
]


@pytest.mark.parametrize("text", _NOT_NAMES)
def test_field_value_not_a_name(text):
    assert field_value_spans(text, lexicon()) == []


@pytest.mark.parametrize("text", _NOT_NAMES + [
    "OSH: records pending\n", "Outside hospital: records requested\n",
    "OSH: intubated, transferred\n", "OSH: outside records reviewed\n",
])
def test_field_value_not_a_name_end_to_end(deid, text):
    assert _places(deid, text, ("HOSPITAL",)) == []


# -- 3. a count and a street word became an address ---------------------------------------------
@pytest.mark.parametrize(("text", "words"), [
    ("Continue 2 loop diuretics\nHome, OK.", "2 loop diuretics"),
    ("2 loop diuretics, dallas, tx", "2 loop diuretics"),
    ("Reports 3 court appearances, Salem, OR.", "3 court appearances"),
    ("4 court dates pending, dallas, tx", "4 court dates"),
    ("Had 2 CT scans\nBend, OR 97701", "2 CT scans"),
    ("s/p 3 ct, Salem, OR", "3 ct"),
    ("Discussed with 2 dr\nSalem, OR.", "2 dr"),
    ("Transferred 1 way\nAustin, TX 78701", "1 way"),
    ("1 way trip, dallas, tx", "1 way trip"),
])
def test_count_and_street_word_not_address(deid, text, words):
    start = text.index(words)
    assert not any(s.start < start + len(words) and start < s.end and s.label == "LOCATION"
                   for s in deid.detect(text))


# -- 4. a facility word on the next line that opens other text ----------------------------------
@pytest.mark.parametrize(("text", "name"), [
    ("Admitted to Mercy Hospital\nhospital course: uneventful.", "Mercy Hospital"),
    ("seen at st. luke's\nhospital course was uncomplicated.", "st. luke's"),
    ("sent to grand strand\nhospital course: uneventful", "grand strand"),
    ("transferred from mercy hospital\ncenter line placed in right IJ.", "mercy hospital"),
])
def test_wrapped_facility_word_not_joined(text, name):
    start = text.index(name)
    spans = facility_end_spans(text, [Span(start, start + len(name), "HOSPITAL", "crf", 0.85)])
    assert [text[s.start:s.end] for s in spans] == [name]


@pytest.mark.parametrize("text", [
    "Admitted to Mercy Hospital\nhospital course: uneventful.",
    "transferred from mercy hospital\ncenter line placed in right IJ.",
])
def test_wrapped_facility_word_end_to_end(deid, text):
    assert not any("\n" in s for s in _places(deid, text, ("HOSPITAL", "LOCATION")))


# -- for awareness: a town and a service head on the next line -----------------------------------
@pytest.mark.parametrize(("text", "town"), [
    ("Transferred from Boston\nEMS arrived", "Boston"),
    ("Lives in Springfield.\nLibrary card renewed", "Springfield"),
    ("From Boston\nmedical supply company", "Boston"),
])
def test_town_and_head_on_next_line(deid, text, town):
    assert not any("\n" in s for s in _places(deid, text, ("HOSPITAL", "LOCATION")))
    start = text.index(town)
    spans = facility_end_spans(text, [Span(start, start + len(town), "LOCATION", "crf", 0.85)])
    assert [text[s.start:s.end] for s in spans] == [town]


def test_county_and_head_on_next_line_kept(deid):
    text = "dog bite reported to Orvale County\nAnimal Control today"
    assert covered(deid, text, "Orvale County\nAnimal Control", "LOCATION")


# -- what the first fixes cost on a training group: forms kept -----------------------------------
def test_service_head_in_title_case_on_next_line(deid):
    text = "shower chair (ordered from Tamsey River\nMedical Supply), walker"
    assert covered(deid, text, "Tamsey River\nMedical Supply", "LOCATION")


def test_street_head_written_first_before_town(deid):
    text = "to: the son, 1107 rue tarrow, breaux bridge, la 70517"
    assert covered(deid, text, "1107 rue tarrow", "LOCATION")
