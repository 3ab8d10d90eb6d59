"""Session 16, branch deiddate16: date, age and id forms any writer uses (month lists over a
line break, a season and its year, lower-case months after a part of the month, a bracket or
a weekday, a capitalised month ending an event verb's clause, a month below its day after a
pressure cue, a line's timestamp after a vent heading, ages a birthday names or spelled
between commas, record numbers with no label in a header line) and their look-alikes.
Every example is invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier, RulesDetector
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


#: Forms found since session 16 (each made up; none copied from a note set).
FOUND = [
    # a pair of month names with the line wrapped after "and"
    ("HBV DNA negative May and\nSeptember, repeat due", "September", "DATE"),
    ("HBV DNA negative Jun and\nDec, repeat due", "Jun", "DATE"),
    # a season and its year: the season is part of the date
    ("worked at the cannery until spring 2066; then retired", "spring 2066", "DATE"),
    ("knee replaced winter of '09 at an outside hospital", "winter of '09", "DATE"),
    ("moved in with her son in fall 2067", "fall 2067", "DATE"),
    ("last mammogram autumn 2019, normal", "autumn 2019", "DATE"),
    # lower-case "may" after a part of the month, when no verb follows
    ("travelling to lagos in early may for a funeral", "early may", "DATE"),
    ("hay fever worst the second week of may every year", "second week of may", "DATE"),
    ("plans to return end of may.", "end of may", "DATE"),
    # a month name alone in brackets, in lower case
    ("fev1 1.9 l, down from 2.3 (may). dlco stable", "may", "DATE"),
    ("creatinine 1.4, was 1.1 (march) on the same dose", "march", "DATE"),
    # a weekday before a lower-case month and day
    ("ortho clinic fri march 11 for cast change", "march 11", "DATE"),
    ("dental on monday, may 9 at 2:30", "may 9", "DATE"),
    # a pressure's first number is never below its second: a month below its day is a date
    ("PAP 4/18/69 negative, repeat in 3 y", "4/18/69", "DATE"),
    ("pap 2/27/70 with ascus, colpo done", "2/27/70", "DATE"),
    # a month/day that starts its line with a clock time after it, under a vent heading
    ("NIGHT RT NOTE - VENT\n11/9 0215: on AC, suctioned", "11/9", "DATE"),
    # an age a birthday names; a spelled age between commas in any letter case
    ("Party for her birthday on Sunday (will be 97).", "97", "AGE"),
    ("re: your father mortimer vance, ninety-six, doing well", "ninety-six", "AGE"),
    ("mrs. edda falk-orsini, now ninety-one, came with her son", "ninety-one", "AGE"),
    # a capitalised month that ends the clause of an event verb
    ("Sister started chemo Nov. Doing ok.", "Nov", "DATE"),
    ("Wife retired from teaching Aug, now home", "Aug", "DATE"),
    # record numbers with no label in a header or census line
    ("Vance, Mortimer   88 M   RVH-550219\nIPF, on O2", "RVH-550219", "ACCOUNT"),
    ("vance, mortimer  88 m  rvh-550219", "rvh-550219", "ACCOUNT"),
    ("rm 12  74 F  00381155  chf exac", "00381155", "ACCOUNT"),
    ("FALK-ORSINI,EDDA  07-39-81-22\n   3/2  3/3", "07-39-81-22", "ACCOUNT"),
]


@pytest.mark.parametrize(("text", "word", "label"), FOUND)
def test_forms_found(deid: Deidentifier, text: str, word: str, label: str) -> None:
    assert covered(deid, text, word, label)


#: Found by the rules (the learned tagger also finds some of them in the default).
RULES_FOUND = [
    ("cake on the unit for her bday, turning 99 friday", "99", "AGE"),
    ("FALK, EDDA   95 F   MGH-2240187", "MGH-2240187", "ACCOUNT"),
    # a follow-up word, one word between at most, before a lower-case "may" and its day
    ("warfarin 5 mg mwf, 2.5 other days. next inr may 3.", "may 3", "DATE"),
]


@pytest.mark.parametrize(("text", "word", "label"), RULES_FOUND)
def test_rules_find(text: str, word: str, label: str) -> None:
    i = text.index(word)
    assert any(s.start <= i and i + len(word) <= s.end and s.label == label
               for s in RulesDetector().detect(text))


#: Look-alikes left alone.
LEFT = [
    ("s/p fall 2019 with hip fracture", "fall 2019"),  # a fall, then its year
    ("it is too late may need to redo", "may"),  # the verb
    ("too late, may go home tomorrow", "may"),
    ("will try it (may help sleep)", "may"),
    ("the next dose may 2 hours after the first", "may 2"),
    ("PAP 38/16/24 on the swan", "38/16/24"),  # a pulmonary artery pressure
    ("BP 12/8/70?? recheck", "12/8/70"),  # systolic over diastolic: left as before
    ("PEEP\n12/5 on 40%", "12/5"),  # a vent setting wrapped onto its own line
    ("sats will be 92 on 2 L; birthday card from family", "92"),  # a saturation
    ("pulse eighty-eight, ninety-two, ninety-four percent on RA", "ninety-two"),
    ("Foley 16 F 100 mL returned", "100"),
    ("71 F 98% RA, HR 88", "98"),
    ("67 M 0800 meds given", "0800"),
    ("OT visit #5, walked 200 ft with a cane", "5"),  # a count of visits, no identifier
    ("Home PT visit #3 of 12 today", "3"),
]


@pytest.mark.parametrize(("text", "word"), LEFT)
def test_look_alikes_left(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


def test_a_title_before_the_month_makes_no_date(deid: Deidentifier) -> None:
    text = "Started with Dr. June."
    assert not covered(deid, text, "June", "DATE")


def test_season_year_is_one_span(deid: Deidentifier) -> None:
    """The season is inside the date's span, not only its year."""
    text = "lived in Tucson until summer 2068, then moved north"
    spans = [s for s in deid.detect(text) if s.label == "DATE"]
    assert [text[s.start:s.end] for s in spans] == ["summer 2068"]
