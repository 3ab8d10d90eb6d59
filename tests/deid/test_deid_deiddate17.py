"""Session 17, branch deiddate17: date and id forms of outpatient records, letters and
messages (a bare year after a recurrence, a device or a delivery; a bulleted history year; a
year of death after a name; a month/day after going home or starting, after "LMP" near
"pain", on "the evening of", or before a note's title; "on the 14th but"; a long month after
"to"/"for"; a year ending the clause of a move; staff and protocol numbers) and their
look-alikes. Every example is invented."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier, RulesDetector
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def rules_cover(text: str, word: str, label: str) -> bool:
    i = text.index(word)
    return any(s.start <= i and i + len(word) <= s.end and s.label == label
               for s in RulesDetector().detect(text))


#: Found by the rules (each sentence made up; none copied from a note set).
RULES_FOUND = [
    # a bare year after a recurrence, a device, a fistula's creation or deliveries
    ("Breast ca, local recurrence 1994, now NED", "1994", "DATE"),
    ("ICM, CRT-D 1997 at Lakeside, EF 35%", "1997", "DATE"),
    ("L brachiocephalic fistula (created 2071, revised once)", "2071", "DATE"),
    ("G3P3, prior SVDs 1988 and 1991 uncomplicated", "1988", "DATE"),
    ("G3P3, prior SVDs 1988 and 1991 uncomplicated", "1991", "DATE"),
    ("PAD: prior angio 2079 at an outside lab, stent to SFA", "2079", "DATE"),
    ("HM II LVAD 2074 as destination therapy", "2074", "DATE"),
    # a year that heads a bulleted history item
    ("Cardiac history:\n- 1996: inferior MI, RCA stent\n- 2068: EF 40%", "1996", "DATE"),
    ("Cardiac history:\n- 1996: inferior MI, RCA stent\n- 2068: EF 40%", "2068", "DATE"),
    ("PSH\n* 1983 - lap chole", "1983", "DATE"),
    # a year of death after a name
    ("Widower (Estelle d. 1999), lives with son", "1999", "DATE"),
    # (the month/day after going home or starting was dropped in session 18: fractions in
    # orders, tests/deid/test_deid_deiddate18.py)
    # "LMP" dates its month/day even after a pain word
    ("Cramping pain x1 day. LMP 11/10, regular cycles", "11/10", "DATE"),
    # the evening of a date
    ("overdose on the evening of 4/9 after an argument", "4/9", "DATE"),
    ("seizure the night of 5/6, none since", "5/6", "DATE"),
    # a note's title after a month/day that starts its line
    ("3/5 ot progress note - transfers with min assist", "3/5", "DATE"),
    ("pt seen\n2/4 PT addendum: gait belt used", "2/4", "DATE"),
    # a day after "on the" before a clause that goes on
    ("booked a scan on the 14th but may need to cancel", "14th", "DATE"),
    # a long month after "to" or "for" at the end of its clause
    ("could we push the visit to november? thanks", "november", "DATE"),
    ("Rescheduled for January.", "January", "DATE"),
    # a year no clock can read ending the clause of a move or a retirement
    ("grew up in Reno, moved back to Elko 1987 and works nights", "1987", "DATE"),
    ("retired from the railroad 2074.", "2074", "DATE"),
    # staff numbers (the protocol cue was dropped in session 18: public study protocols)
    ("Chaplain visit (staff #7731-B) arranged", "7731-B", "ACCOUNT"),
    ("Employee # 448120 badge issued", "448120", "ACCOUNT"),
]


@pytest.mark.parametrize(("text", "word", "label"), RULES_FOUND)
def test_rules_find(text: str, word: str, label: str) -> None:
    assert rules_cover(text, word, label)


#: Look-alikes left alone by the default detectors.
LEFT = [
    ("Events overnight:\n- 2000: pt to CT, returned 2130", "2000"),  # a clock time in a bullet
    ("- 1800 - meds given", "1800"),
    ("Labs:\n- 2075 mL out since midnight", "2075"),  # a volume, no heading after it
    ("Vitamin D. 2000 units daily", "2000"),  # a dose, not a year of death
    ("recurrence 2000 mg", "2000"),
    ("pain 7/10 at rest, 3/10 after meds", "3/10"),  # pain scores stay scores
    ("start 1/2 tab at bedtime", "1/2"),  # a portion
    ("start 1/2 NS at 75 per hour", "1/2"),
    ("reflexes 2/4 throughout", "2/4"),
    ("staff # 12 on the unit", "12"),  # a count, no identifier
    ("protocol 2 of 3 completed", "2"),
    ("In 1995, 40 patients with angina were enrolled.", "40"),
    ("1/2 then 1/4 of the note", "1/4"),  # no title right after a line-start date
    ("on the 4th floor but moved to 6", "4th"),  # a floor: no clause after the day
    ("titrate to october levels", "october"),  # no clause end after the month
    ("moved bed 2000, tolerated well", "2000"),  # a clock time after a move
    ("moved to ICU at 1930 for pressors", "1930"),
    ("moved 1975 mL into the drain bag", "1975"),  # a volume
]


@pytest.mark.parametrize(("text", "word"), LEFT)
def test_look_alikes_left(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


#: Abstract-style years (no PHI) the new cues leave alone.
ABSTRACT_LEFT = [
    ("Recurrence rates between 1990 and 1995 were compared.", "1990"),
    ("Angiography 1988 to 1992 showed a decline.", "1988"),
    ("Staff surveyed in 1994 preferred the new protocol 1995 guideline.", "1995"),
    ("Of the patients who moved to the region before 1995, half improved.", "1995"),
    ("Subjects had retired from work 1989.", "1989"),
]


@pytest.mark.parametrize(("text", "word"), ABSTRACT_LEFT)
def test_abstract_years_left(text: str, word: str) -> None:
    i = text.index(word)
    assert not any(s.start <= i < s.end for s in RulesDetector().detect(text))


@pytest.mark.parametrize("text", [" " * 20000, "1/2, " * 10000, "2019 " * 10000,
                                  "- 2081: " * 5000, "\n- " * 10000, "d. 2082 " * 5000,
                                  "went home " * 5000, "protocol " * 5000,
                                  "on the 1st " * 5000, "moved a " * 5000 + "1995.",
                                  "\n1/2 " + "a " * 10000, "to october " * 5000])
def test_long_repeats_are_fast(text: str) -> None:
    """No new pattern backtracks on long repeated input (session 16's lesson)."""
    t = time.perf_counter()
    RulesDetector().detect(text)
    assert time.perf_counter() - t < 20.0
