"""Session 18, deidhosp18: facility names built around "at" and "of" (``_facility_at``), the
completions of ``_facility_ends`` (children's possessive, a title-case service before "at" a
facility, a wrapped head after a short head), and clock times after lower-case short heads
(``_history_years``). Sentences invented for these tests."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier
from meddx.deid._facility_at import at_name_spans, children_spans
from meddx.deid._facility_ends import facility_end_spans
from meddx.deid._lexicon import lexicon
from meddx.deid._span import Span
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _hospitals(deid: Deidentifier, text: str) -> list[str]:
    return [text[s.start:s.end] for s in deid.detect(text) if s.label == "HOSPITAL"]


# -- "the <oaks> at <place>" ------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "name"), [
    ("plan snf at the arbors at fairhaven when bed available.", "arbors at fairhaven"),
    ("d/c to the willows at\nmeadow creek next week.", "willows at\nmeadow creek"),
    ("Family toured The Gardens at Elm Ridge today.", "Gardens at Elm Ridge"),
    ("bed offer from the pines at dunmore (per admissions)", "pines at dunmore"),
    ("DTR PREFERS THE MEADOWS AT LINWOOD FOR REHAB", "MEADOWS AT LINWOOD"),
])
def test_the_word_at_a_place_is_one_facility(deid, text, name):
    assert [text[s.start:s.end] for s in at_name_spans(text, lexicon())] == [name]
    assert name in _hospitals(deid, text)


@pytest.mark.parametrize("text", [
    "pain in the woods at night",  # a word of the kind, a time word after "at"
    "walks in the gardens at home",
    "walks in the gardens at 6 am",
    "pt was at the oaks at",  # nothing after "at"
    "lives near oaks at the lake",  # no "the" before the word
    "seen in the clinic at mercy",  # not a word of the kind
])
def test_no_facility_without_the_shape(text):
    assert at_name_spans(text, lexicon()) == []


# -- "children's hospital of <place>" --------------------------------------------------------------
@pytest.mark.parametrize(("text", "name"), [
    ("pt of dr. lee at children's hospital of wisconsin primary care",
     "children's hospital of wisconsin"),
    ("Seen at Children's Hospital of Orange County last year.",
     "Children's Hospital of Orange County"),
    ("Children's Hospital Los Angeles referral sent.", "Children's Hospital Los Angeles"),
    ("dispo to childrens hospital of alabama ed.", "childrens hospital of alabama"),
    ("Women's Health of Central Virginia appt 3/2", "Women's Health of Central Virginia"),
])
def test_childrens_hospital_of_a_place(deid, text, name):
    assert [text[s.start:s.end] for s in children_spans(text, lexicon())] == [name]
    assert name in _hospitals(deid, text)


@pytest.mark.parametrize("text", [
    "transfer to a children's hospital was discussed.",  # no name
    "children's health in rural areas",  # a function word after the head
    "Children's Hospital Primary Care",  # common words after the head
    "women's health visit today",
])
def test_childrens_hospital_without_a_place(text):
    assert children_spans(text, lexicon()) == []


# -- _facility_ends completions --------------------------------------------------------------------
def _completed(text: str, name: str) -> list[str]:
    """A crf HOSPITAL span on ``name`` after ``facility_end_spans`` completes it."""
    start = text.index(name)
    return [text[s.start:s.end] for s in
            facility_end_spans(text, [Span(start, start + len(name), "HOSPITAL", "crf", 0.85)])]


@pytest.mark.parametrize(("text", "name", "whole"), [
    ("inhaler per plan from rady children's, recheck.", "rady children", "rady children's"),
    ("From Hadley Children\u2019s ED.", "Hadley Children", "Hadley Children\u2019s"),
    ("seen at Mercy Women's today", "Mercy Women", "Mercy Women's"),
    # a possessive after another word stays out ("Presby's cath lab")
    ("Presby's cath lab called", "Presby", "Presby"),
])
def test_childrens_possessive_joined(text, name, whole):
    assert _completed(text, name) == [whole]


@pytest.mark.parametrize(("text", "name", "whole"), [
    ("Wound Care Center at Kingsley Memorial follow up.", "Kingsley Memorial",
     "Wound Care Center at Kingsley Memorial"),
    ("Seen in the Alaska Liver Clinic at ANMC 3/14.", "ANMC", "Alaska Liver Clinic at ANMC"),
    # not in lower case, where a service before "at" is no name
    ("seen in the heart failure clinic at mercy hospital", "mercy hospital", "mercy hospital"),
    # no function word, nor a person's name, before the head
    ("seen in Clinic at Mercy Hospital", "Mercy Hospital", "Mercy Hospital"),
    ("Dr. Smith Clinic at Mercy Hospital", "Mercy Hospital", "Mercy Hospital"),
    # on the span's line only
    ("Wound Care\nCenter at Mercy Hospital", "Mercy Hospital", "Mercy Hospital"),
])
def test_title_case_service_before_at(text, name, whole):
    assert _completed(text, name) == [whole]


@pytest.mark.parametrize(("text", "name", "whole"), [
    ("transferred from pine valley hosp\nrehabilitation center for PT", "pine valley hosp",
     "pine valley hosp\nrehabilitation center"),
    ("transferred from springfield clinics\nregional hospital", "springfield clinics",
     "springfield clinics\nregional hospital"),
    ("seen at Pine Valley Hosp.\nrehabilitation center", "Pine Valley Hosp.",
     "Pine Valley Hosp.\nrehabilitation center"),
    ("from mercy infirmary\nhospital", "mercy infirmary", "mercy infirmary\nhospital"),
    # a full head ends the name; the next line's own text stays apart
    ("from mercy clinic\ncenter line placed", "mercy clinic", "mercy clinic"),
    ("from Bay Ridge Hosp\nhospital course: uneventful", "Bay Ridge Hosp", "Bay Ridge Hosp"),
])
def test_wrapped_head_after_a_short_head(text, name, whole):
    assert _completed(text, name) == [whole]


# -- clock times after lower-case short heads ------------------------------------------------------
@pytest.mark.parametrize("text", [
    "transported to hospice 1945 by ambulance",
    "EMS to infirmary 1950, pt stable",
    "arrived at hosp 1935 via EMS",
])
def test_clock_time_after_a_lower_case_short_head(deid, text):
    assert not any(s.label == "DATE" for s in deid.detect(text))


@pytest.mark.parametrize(("text", "year"), [
    ("Transferred from Elliot Hosp 2017 notes.", "2017"),  # a name: the year stays
    ("admitted to glen lake sanatorium 1952 for tb.", "1952"),  # a name before the head
    ("admitted to hospice 1987 after dx", "1987"),  # no clock time
    ("enrolled in hospice 2019, died 2020", "2019"),  # a 20xx number: a year first (PHI)
    ("sent to sanatorium 1948 for TB", "1948"),  # a historic head: a year
    ("Arrived at hospital 1935 via EMS.", "1935"),  # a full head: as before
    # "by"/"via" without a way of transport: years (second review of deidhosp18)
    ("born in the hosp 1931 by c-section", "1931"),
    ("admitted to hospice 1952 by family report", "1952"),
    ("father died in hospice 1958 via complications", "1958"),
])
def test_year_after_a_head_stays_a_date(deid, text, year):
    assert covered(deid, text, year, "DATE")


# -- slow inputs: every new pattern is linear ------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Boston " * 7000, " " * 20000, "the oaks at " * 3000, "children's hospital of " * 2000,
    "Wound Care Center at " * 2000 + "Mercy Hospital", "the " * 10000 + "oaks at",
])
def test_new_rules_are_fast_on_long_repeated_inputs(text):
    lex = lexicon()
    t = time.perf_counter()
    at_name_spans(text, lex)
    children_spans(text, lex)
    text += " Mercy"  # a crf span on the last word, completed by _facility_ends
    facility_end_spans(text, [Span(len(text) - 5, len(text), "HOSPITAL", "crf", 0.85)])
    assert time.perf_counter() - t < 1.0


# -- the label of "<head> of <place> County" ----------------------------------------------------------
@pytest.mark.parametrize(("text", "name", "label"), [
    ("Seen at Children's Hospital of Orange County last year.",
     "Children's Hospital of Orange County", "HOSPITAL"),
    ("seen at Mercy Hospital of Polk County", "Mercy Hospital of Polk County", "HOSPITAL"),
    ("lives in Polk County", "Polk County", "LOCATION"),  # a county, as before
])
def test_facility_head_before_of_keeps_hospital(deid, text, name, label):
    assert covered(deid, text, name, label)


# -- review of deidhosp18 (invented inputs of the reviewer) ----------------------------------------
def _dates(deid: Deidentifier, text: str) -> list[str]:
    return [text[s.start:s.end] for s in deid.detect(text) if s.label == "DATE"]


@pytest.mark.parametrize(("text", "date"), [
    ("d/c to the oaks at parkside march 3", "march 3"),  # finding 1: a lower-case date after the name
    ("plan snf at the arbors at fairhaven may 14", "may 14"),
    ("d/c to the oaks at parkside Jan 5 2020", "Jan 5 2020"),
    ("D/C TO THE OAKS AT PARKSIDE MARCH 3", "MARCH 3"),
    ("d/c to the willows at\nmeadow creek aug 9", "aug 9"),
    ("dtr toured the meadows at linwood april 2 and liked it", "april 2"),
])
def test_a_date_after_an_at_name_stays_a_date(deid, text, date):
    assert covered(deid, text, date, "DATE")
    assert not any(date.split()[0] in n for n in at_name_name(text))


def at_name_name(text: str) -> list[str]:
    return [text[s.start:s.end] for s in at_name_spans(text, lexicon())]


@pytest.mark.parametrize(("text", "name"), [
    ("snf: the willows at meadow creek tuesday am", "willows at meadow creek"),  # a weekday ends it
    ("bed offer from the pines at dunmore john smith rn coordinator", "pines at dunmore"),
])
def test_an_at_name_stops_before_a_weekday_or_a_person(text, name):
    assert at_name_name(text) == [name]


def test_a_person_after_at_is_no_facility(deid):
    text = "the landing at Mary Smith's house"
    assert at_name_name(text) == []
    assert covered(deid, text, "Mary Smith", "NAME")


@pytest.mark.parametrize("text", [  # finding 3: common words after "at" are no name
    "found down in the woods at approximately 0300",
    "FOUND DOWN IN THE WOODS AT APPROXIMATELY 0300",
    "found down in the woods at approx 0300",
    "fell on the landing at approximately 2 am",
    "sitting in the courtyard at lunch",
    "sitting on the terrace at dinner",
    "reached the summit at altitude without supplemental oxygen",
    "residents of the villages at high altitude had higher hemoglobin",
    "lives in the highlands at elevation",
])
def test_common_words_after_at_are_no_facility(deid, text):
    assert at_name_name(text) == []
    assert _hospitals(deid, text) == []


@pytest.mark.parametrize(("text", "year"), [  # finding 2: history years after a lower-case head
    ("Pt was in the infirmary 1944 with TB per son.", "1944"),
    ("pt born in hosp 1938 per chart.", "1938"),
    ("born in the hosp 1931", "1931"),
    ("mother died at the infirmary 1936", "1936"),
    ("father died in hospice 1958", "1958"),
    ("admitted to hospice 1952 per family.", "1952"),
    ("was in hosp 1951 for polio", "1951"),
    ("spent 6 mo at the infirmary 1952 with rheumatic fever", "1952"),
    ("worked in the hosp 1958 as nurse aide", "1958"),
])
def test_history_year_after_a_lower_case_head_stays_a_date(deid, text, year):
    assert covered(deid, text, year, "DATE")


@pytest.mark.parametrize(("text", "name"), [  # finding 4: "center of", "hospital day" open the next line
    ("from Bay Ridge Infirmary\ncenter of mass on ct", "Bay Ridge Infirmary"),
    ("Mercy Clinics\ncenter of the lesion enhances", "Mercy Clinics"),
    ("seen at mercy hospice\nhospital day 3 of abx", "mercy hospice"),
])
def test_wrapped_generic_word_of_the_next_line_stays_apart(text, name):
    assert _completed(text, name) == [name]


@pytest.mark.parametrize(("text", "bad"), [  # finding 5: a verb, a weekday or a column gap ends a service
    ("Pt Seen Cardiology Clinic at Mercy Hospital", "Seen"),
    ("Seen Tuesday Cardiac Rehab Program at Mercy Hospital", "Tuesday"),
    ("Allergies  Wound Care Center at Mercy Hospital", "Allergies"),
])
def test_service_name_stops_at_a_verb_weekday_or_column_gap(text, bad):
    whole = _completed(text, "Mercy Hospital")
    assert whole and all(bad not in h for h in whole)
