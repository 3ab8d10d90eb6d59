"""Session 16, deidplace16: the end of a place's name whoever found its start
(``_facility_ends``), the crf's place spans completed below the threshold (``_crf_places``),
lower-case address lines in the case view (``_case_shapes``) and the whole value of a facility
field (``_facility_fields``). Synthetic sentences; positives and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid._crf_places import place_tail
from meddx.deid._facility_ends import facility_end_spans
from meddx.deid._facility_fields import field_value_spans
from meddx.deid._lexicon import lexicon
from meddx.deid._span import Span
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _ends(text: str, name: str, label: str) -> list[tuple[str, str]]:
    start = text.index(name)
    spans = facility_end_spans(text, [Span(start, start + len(name), label, "crf", 0.85)])
    return [(text[s.start:s.end], s.label) for s in spans]


# -- _facility_ends ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "name", "label", "whole", "out_label"), [
    ("recommend tamsford\nrehab or home", "tamsford", "HOSPITAL", "tamsford\nrehab", "HOSPITAL"),
    ("called Quillan Internal Medicine Assoc today", "Quillan Internal Medicine", "HOSPITAL",
     "Quillan Internal Medicine Assoc", "HOSPITAL"),
    ("arrived via brantley county ems medic 4", "brantley county", "LOCATION",
     "brantley county ems", "LOCATION"),
    ("dog bite reported to Orvale County\nAnimal Control today", "Orvale County", "LOCATION",
     "Orvale County\nAnimal Control", "LOCATION"),
    ("to: pellham medical center west, lincoln ne", "pellham medical center", "HOSPITAL",
     "pellham medical center west", "HOSPITAL"),
    ("to: st. aldric's north\ndate: 3/4", "st. aldric's", "HOSPITAL", "st. aldric's north", "HOSPITAL"),
    ("class at tarlow-fine starts 9/6", "tarlow", "HOSPITAL", "tarlow-fine", "HOSPITAL"),
    ("beds at Wexmoor Coast Post-Acute", "Wexmoor Coast Post", "HOSPITAL",
     "Wexmoor Coast Post-Acute", "HOSPITAL"),
    ("rehab at grand talon\nrehabilitation center.", "grand talon", "HOSPITAL",
     "grand talon\nrehabilitation center", "HOSPITAL"),
    ("from st. orwin's\nhospital tyndale", "st. orwin's", "HOSPITAL", "st. orwin's\nhospital", "HOSPITAL"),
])
def test_place_end_completed(text, name, label, whole, out_label):
    assert _ends(text, name, label) == [(whole, out_label)]


@pytest.mark.parametrize(("text", "name", "label"), [
    ("works at a Boston-based clinic", "Boston", "LOCATION"),  # an adjective of the place
    ("seen in ED-Boston yesterday", "Boston", "LOCATION"),  # a department before the hyphen
    ("Mercy Hospital west wing closed", "Mercy Hospital", "HOSPITAL"),  # no end of the clause
    ("lives in Wexford. EMS called at 0300", "Wexford", "LOCATION"),  # a sentence between
    ("from Pellham\nHospital course: stable", "Pellham", "HOSPITAL"),  # a capital opens the line
    ("Denver north of here", "Denver", "LOCATION"),  # the compass only after a facility
    ("Called EMS. BLS ambulance to the ED.", "Called", "LOCATION"),  # a common word: no place
])
def test_place_end_look_alikes(text, name, label):
    start = text.index(name)
    assert _ends(text, name, label) == [(name, label)] == [(text[start:start + len(name)], label)]


def test_place_end_keeps_other_spans():
    text = "Dr. Ames saw him. Sent to tamsford\nrehab."
    name = Span(4, 8, "NAME", "names", 0.95)
    start = text.index("tamsford")
    place = Span(start, start + 8, "HOSPITAL", "crf", 0.85)
    got = facility_end_spans(text, [name, place])
    assert got[0] == name and (text[got[1].start:got[1].end], got[1].label) == ("tamsford\nrehab", "HOSPITAL")
    assert facility_end_spans(text, [name]) == [name]


def test_place_end_end_to_end(deid):
    text = "plan: recommend sanford\nrehab or avera ipr. family aware."
    assert covered(deid, text, "sanford\nrehab", "HOSPITAL")
    text = "arrived via mobile county ems medic 14, asa given"
    assert covered(deid, text, "mobile county ems", "LOCATION")


# -- _crf_places ------------------------------------------------------------------------------
def _tokens(text: str) -> list[tuple[int, int]]:
    import re

    return [m.span() for m in re.finditer(r"\w+", text)]


@pytest.mark.parametrize(("text", "tags", "probs", "end_word"), [
    # "Family Care" below the threshold: taken, the run ends on "Care"
    ("at Hartwell Family Care was fine", ["O", "B-HOSPITAL", "I-HOSPITAL", "I-HOSPITAL", "O", "O"],
     [0, 0.95, 0.6, 0.55, 0, 0], "Care"),
    # a number after the facility words is left out
    ("at Covenant SNF 0610 today", ["O", "B-HOSPITAL", "I-HOSPITAL", "I-HOSPITAL", "O"],
     [0, 0.9, 0.6, 0.6, 0], "SNF"),
    # the last word is no facility word: nothing taken
    ("at Redwood Ambulance BLS at 1300", ["O", "B-LOCATION", "I-LOCATION", "I-LOCATION", "O", "O"],
     [0, 0.9, 0.85, 0.7, 0, 0], "Ambulance"),
    # under the floor (0.5): nothing taken
    ("at Hartwell Family Care was fine", ["O", "B-HOSPITAL", "I-HOSPITAL", "I-HOSPITAL", "O", "O"],
     [0, 0.95, 0.45, 0.4, 0, 0], "Hartwell"),
    # a line break between: nothing taken
    ("at Hartwell\nHome Health today", ["O", "B-HOSPITAL", "I-HOSPITAL", "I-HOSPITAL", "O"],
     [0, 0.95, 0.6, 0.6, 0], "Hartwell"),
])
def test_crf_place_tail(text, tags, probs, end_word):
    tokens = _tokens(text)
    first = next(i for i, t in enumerate(tags) if t != "O")
    last = first
    while last + 1 < len(tags) and tags[last + 1] != "O" and probs[last + 1] >= 0.8:
        last += 1
    run = [tokens[first][0], tokens[last][1], tags[first][2:], probs[first:last + 1], last]
    place_tail(text, tokens, tags, probs, run, 0.8)
    assert text[run[0]:run[1]].endswith(end_word)
    assert len(run[3]) == run[4] - first + 1


def test_crf_place_tail_end_to_end(deid):
    assert covered(deid, "UA last week at Hartselle Family Care was fine.", "Hartselle Family Care")
    assert covered(deid, "Referred by Dr Ilic via Plumas Home Health.", "Plumas Home Health")


# -- _case_shapes (lower-case address lines) -------------------------------------------------
def test_lower_case_town_before_state_and_zip(deid):
    text = "delta county family practice\n1120 n 19th st\nescanaba mi 49829\n\npatient seen"
    assert covered(deid, text, "escanaba", "LOCATION")
    assert covered(deid, text, "49829")


def test_lower_case_town_before_state_name(deid):
    text = "pawnee valley hospital - larned, kansas\n\nname: doe"
    assert covered(deid, text, "larned", "LOCATION")


@pytest.mark.parametrize("text", [
    "hx of mi, georgia peach farmer",  # "mi" is no town and a state's name is a word here
    "he is from hope, arkansas.",  # a common word stays lower case (no strong cue)
    "wbc 12 hgb 9 pa 19104",  # a clinical abbreviation before the state code
])
def test_lower_case_address_look_alikes(deid, text):
    assert [s for s in deid.detect(text) if s.label in ("LOCATION", "HOSPITAL")] == []


# -- _facility_fields -------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "value"), [
    ("Physician: E. Abbot, MD     Facility: Renown Regional\n", "Renown Regional"),
    ("Facility: Carver\n", "Carver"),
    ("Hospital: Sterling\n", "Sterling"),
    ("Referring facility: Summit Peak, Dr. Lee", "Summit Peak"),
    ("OSH: Tall Pines (records pending)", "Tall Pines"),
    # lower case: a word no dictionary knows ("facility: harbor view", common words only, is
    # left since placefix16: "Hospital: stable overnight" is a sentence)
    ("facility: tarrow view\n", "tarrow view"),
])
def test_field_value(text, value):
    got = field_value_spans(text, lexicon())
    assert [(text[s.start:s.end], s.label) for s in got] == [(value, "HOSPITAL")]


@pytest.mark.parametrize("text", [
    "Facility: none\n", "Hospital: day 3\n", "Hospital: ICU\n", "Facility: N/A\n",
    "Hospital course: uneventful\n", "Facility: Dr. Lee\n", "Hospital: 4/12\n",
    "OSH: unknown\n", "the hospital: crowded today", "OSH: CT head neg\n", "OSH: MRI brain pending\n",
])
def test_field_value_look_alikes(text):
    assert field_value_spans(text, lexicon()) == []


def test_field_value_end_to_end(deid):
    text = "Pathology report\nFacility: Renown Regional\nSpecimen: lung"
    assert covered(deid, text, "Renown Regional", "HOSPITAL")


# -- _street_forms (a street before its town and state) --------------------------------------
@pytest.mark.parametrize(("text", "street"), [
    ("3101 sw sam jackson park rd, portland, or 97239", "3101 sw sam jackson park rd"),
    ("1420 avenue j\nbrooklyn, ny 11230", "1420 avenue j"),
    ("2900 S Loop 256, Palestine, TX 75801", "2900 S Loop 256"),
    ("mailed to 208 magnolia bend, elkhart, tx 75839", "208 magnolia bend"),
])
def test_street_before_town_and_state(deid, text, street):
    assert covered(deid, text, street, "LOCATION")


@pytest.mark.parametrize(("text", "words"), [
    ("took 40 mg daily, Salem, OR", "40 mg daily"),  # a dose, no street word
    ("gave 2 tabs, Boston, MA", "2 tabs"),
    ("walked 3 blocks to main st, Salem, OR", "3 blocks"),  # a count before the street
])
def test_street_before_town_look_alikes(deid, text, words):
    assert not covered(deid, text, words)
