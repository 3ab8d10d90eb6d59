"""Session 18, branch deiddate18: the fixes for deiddate17's review (one class of lost PHI and
nine classes of false positives). Every input is an invented sentence (most of them the
reviewer's); none comes from a note set."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier, RulesDetector
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# Finding 1: a bulleted year range under a history heading is found again.
BULLETED_RANGES = [
    ("PMH:\n- 1990-1995 chemo for lymphoma", "1990-1995"),
    ("PMH:\n- 1990-1995", "1990-1995"),
    ("PSH:\n- 1998-2004 multiple surgeries", "1998-2004"),
    ("Hx:\n- 1980-1985 lived abroad", "1980-1985"),
    ("h/o:\n- 1975-1978 TB treatment", "1975-1978"),
    ("Smoked:\n- 1960-2000, 1 ppd", "1960-2000"),
    ("PMH:\n- 2070-2072 breast ca, treated", "2070-2072"),
]


# ... and what the bullet rule found and left stays so
BULLET_KEPT = [
    ("PMH:\n- 2081: stage IIIA NSCLC", "2081"),
    ("Cardiac history:\n- 1996: inferior MI, RCA stent", "1996"),
    ("PSH\n* 1983 - lap chole", "1983"),
    ("PMH:\n\u2022 2088: colon ca", "2088"),
]
BULLET_LEFT = [
    "- 2000: pt to CT",
    "Events overnight:\n- 2100: given lasix",
    "- 1800: vitals stable",
    "* 2000 - tylenol 650 given",
    "Labs:\n- 2075 mL out since midnight",
]


def test_bullet_counts_only_at_the_start_of_a_line() -> None:
    """A dash in the middle of a line, blanks before it, is no bullet (the slice quirk)."""
    text = "Summary" + " " * 22 + "- 2075: stage"
    assert not [s for s in RulesDetector().detect(text) if s.label == "DATE"]
    assert [s for s in RulesDetector().detect("Summary\n- 2075: stage") if s.label == "DATE"]


def test_note_title_needs_the_real_start_of_a_line() -> None:
    """A month/day after 20 blanks in the middle of a line does not open the line."""
    text = "Plan" + " " * 24 + "2/6 rehab note"
    assert not [s for s in RulesDetector().detect(text) if s.label == "DATE"]
    assert [s for s in RulesDetector().detect("Plan\n2/6 rehab note") if s.label == "DATE"]


# Finding 2: "start" and "went/sent/back home" are no month/day cues (orders use fractions).
FRACTION_ORDERS = [
    "Will start 2/3 maintenance IVF.", "Plan: start 2/3 MIVF", "start 3/4 maintenance fluids",
    "Start 2/3 TPN goal", "starting 3/4 feeds", "start 2/3 basal insulin", "start 1/2 basal",
    "Start 1/2 home dose lantus", "She can start 1/2 her usual dose of insulin.",
    "start 1/5 dilution", "start 1/10 dilution", "start 5/8 dilution", "start 4/6 glucose",
    "Will start 4/8 ratio.", "ratio start 2/3", "start 1/2 and titrate", "start 1/2 tomorrow",
    "Start 2/2 and then reassess.", "start 4/4", "start 3/10 reps", "start 6/8 exercises",
    "start 2/6 cycles", "starting 6/8 weeks", "starts 9/10 of the time",
    "Pt sent home 1/2 way through.", "went home 2/3 full", "went home 2/6 of the days",
    "in the start 3/4 were lost",
]


@pytest.mark.parametrize("text", FRACTION_ORDERS)
def test_fractions_after_start_or_home_left(deid: Deidentifier, text: str) -> None:
    assert not deid.detect(text)


# Finding 3: "staff"/"employee" need '#', 'no.' or 'number'; "protocol" is no id cue.
STAFF_LEFT = [
    ("Staff: 2300 pt resting", "2300"), ("staff: 1100 meeting", "1100"),
    ("protocol: 2100 dose held", "2100"), ("Protocol: 1200 kcal diet", "1200"),
    ("protocol: 1800 kcal ADA", "1800"), ("Protocol: 2019 guidelines followed", "2019"),
    ("Staff: 1230 visits per year", "1230"), ("The staff # 1990 members", "1990"),
    ("staff: 2019 survey", "2019"), ("Chemo protocol: AALL0932 arm B", "AALL0932"),
    ("The study was approved by the IRB (protocol number 2019-0456).", "2019-0456"),
    ("Ethics approval: protocol no. 2020-145.", "2020-145"),
    ("The protocol 20-001234 was registered.", "20-001234"),
    ("Study protocol #1234 was amended.", "1234"),
    ("staff # 2300 on the unit", "2300"),
]


@pytest.mark.parametrize(("text", "word"), STAFF_LEFT)
def test_staff_and_protocol_numbers_not_accounts(deid: Deidentifier, text: str,
                                                 word: str) -> None:
    assert not covered(deid, text, word, "ACCOUNT")


STAFF_FOUND = [
    ("Chaplain visit (staff #7731-B) arranged", "7731-B"),
    ("Employee # 448120 badge issued", "448120"),
    ("staff # 4471-H called", "4471-H"),
    ("employee no. 4471", "4471"),
]


@pytest.mark.parametrize(("text", "word"), STAFF_FOUND)
def test_staff_numbers_found(text: str, word: str) -> None:
    i = text.index(word)
    assert any(s.start <= i and i + len(word) <= s.end and s.label == "ACCOUNT"
               for s in RulesDetector().detect(text))


# Finding 4: clock times, device speeds and counts after the recurrence/device cues.
LATE_EVENT_LEFT = [
    "Note created 2030 by RN.", "Order created 1945.", "Created 2015, signed 2030.",
    "Flowsheet created 1915 for pt.", "CT angio 2000 negative for PE.",
    "CTA/angio 1930 no dissection", "CRT-D 2000: interrogated", "CRT-D 1915 shock delivered",
    "ICD implanted 1930 today in EP lab", "LVAD 2000 alarm, pt anxious", "LVAD 2000 rpm",
    "LVAD 2080 rpm, flow 4.2, PI 3.1", "LVAD 1980 RPM with flows 4",
    "Median time to recurrence 1985 days.", "Tumor recurrence 1998 days after surgery.",
    "Time to relapse 2075 days.", "Local recurrence 2000 times higher in the control arm.",
    "LVAD 1995 implants were analyzed.", "Relapse 1985 of 4000 patients.", "CRT-D 1999 shocks",
    "created 2084 days ago", "Created 2010 guidelines were followed.",
]


LATE_EVENT_FOUND = [
    ("Breast ca, local recurrence 1994, now NED", "1994"),
    ("ICM, CRT-D 1997 at Lakeside, EF 35%", "1997"),
    ("L brachiocephalic fistula (created 2071, revised once)", "2071"),
    ("G3P3, prior SVDs 1988 and 1991 uncomplicated", "1991"),
    ("PAD: prior angio 2079 at an outside lab", "2079"),
    ("HM II LVAD 2074 as destination therapy", "2074"),
]


# Findings 5-7 and 10: a note's title, pain scores, low ordinals and the part of a day.
MONTH_DAY_LEFT = [
    # 5: a reference to another note is no title
    "5/5 as per neuro note", "4/5 RLE per PT note", "3/4 weight bearing per ortho note",
    "6/8 weeks per OB note", "- 2/3 maintenance per nephrology note",
    "- 3/4 see attending note above", "3/8 see addendum", "Fall risk\n2/6 see nursing note",
    "    1/2 life per pharmacy note",
    # 6: pain scores after visit words
    "Knee pain 8/10 preop, at f/u 2/10.", "Pain controlled. Pain at f/u: 1/10.",
    "Pain 9/10 on arrival; when seen 4/10.", "Back pain rated 7/10, at appt 3/10.",
    "pain 6/10 when admitted 8/10",
    # 10: a portion after the part of a day
    "The morning of 1/2 dose was held.", "in the evening of 2/3 days", "night of 1/2 sleep",
]


# 7: a low ordinal that counts (the rules; the crf tags some of these on main too)
ORDINALS_LEFT = [
    "Pt was on the 2nd but not the 3rd cycle.", "He was on the 3rd but switched to the 4th line.",
    "Intubated on the 2nd but not on the 1st attempt.",
    "He improved on the 2nd but not the 1st dose.",
    "Patients were enrolled on the 2nd but not the 3rd protocol.",
    "He was on the 12th but not the 13th cycle.",
]


@pytest.mark.parametrize("text", ORDINALS_LEFT)
def test_counted_ordinals_left_by_the_rules(text: str) -> None:
    assert not [s for s in RulesDetector().detect(text) if s.label == "DATE"]


MONTH_DAY_FOUND = [
    ("3/5 ot progress note - transfers with min assist", "3/5"),
    ("pt seen\n2/4 PT addendum: gait belt used", "2/4"),
    ("2/6 rehab md note - pt doing well.", "2/6"),
    ("Cramping pain x1 day. LMP 11/10, regular cycles", "11/10"),
    ("booked a scan on the 14th but may need to cancel", "14th"),
    ("overdose on the evening of 4/9 after an argument", "4/9"),
    ("Pain worse on the evening of 3/8.", "3/8"),
]


# Findings 8 and 9: "d." after a vitamin or a cited author; a room or a bed after a move.
#: session 23's crf refit tags these years after "d." (scores in the reasons); a guard that left
#: "d. YEAR" to the rules cost a real PHI in the pooled validation notes, so it was not kept
_D_YEAR = "session 23's crf refit tags 2019 here at {} (after 'd.'): a known false DATE"
LIFE_LEFT = [
    ("Vitamin d. 2000 international units daily.", "2000"), ("Started Vitamin d. 2000.", "2000"),
    ("Cholecalciferol (Vitamin d. 2000) daily.", "2000"),
    ("CHOLECALCIFEROL (VITAMIN D. 2000) DAILY", "2000"),
    pytest.param("(hep d. 2019)", "2019",
                 marks=pytest.mark.xfail(strict=True, reason=_D_YEAR.format("0.970"))),
    pytest.param("Smith, d. 2019, Lancet", "2019",
                 marks=pytest.mark.xfail(strict=True, reason=_D_YEAR.format("0.943"))),
    ("In: Jones, d. 1998 review", "1998"), ("Pt moved to room 1985.", "1985"),
    ("Moved to room 1964 then to OR.", "1964"),
    ("Patient moved to bed 2075 and placed on tele.", "2075"),
    ("Pt relocated to ICU room 1996.", "1996"),
    ("Many residents relocated after the storm 1998.", "1998"),
    pytest.param("Workers retired from the mines 1998, in this cohort.", "1998",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "session 23's crf refit tags 1998 here at 0.975 (a retirement year, read as "
                     "a history year; the rules leave it, the subject not being the patient): a "
                     "known false DATE of the refit (docs/benchmarks.md)"))),
]


LIFE_FOUND = [
    ("Widower (Estelle d. 1999), lives with son", "1999"),
    ("His brother (Herbert d. 2082) had colon cancer.", "2082"),
    ("social: widowed (herbert d. 2071). lives alone", "2071"),
    ("SOCIAL: WIDOWED (HERBERT D. 2071). LIVES ALONE", "2071"),
    ("grew up in Reno, moved back to Elko 1987 and works nights", "1987"),
    ("retired from the railroad 2074.", "2074"),
]


# Session 18, across writers: a year no clock can read after "until"/"till"/"by" (outside a
# study's sentence), and a non-round year after "until" on a history line.
# (Review 18: the person or a history word must now stand in the clause, so "...airfield until
# 2061" on the line after "he flew" and "EF recovered to 40% by 2086" are no longer found; see
# test_deid_deiddate18_review.py.)
UNTIL_FOUND = [
    ("Mother cared for him till 1994, then a group home.", "1994"),
    ("hx: HTN, breast ca 2012 s/p lumpectomy, on letrozole until 2017.\nsocial: retired", "2017"),
]
UNTIL_LEFT = [
    ("NPO until 2000", "2000"), ("heparin held until 2017", "2017"),
    ("Patients were followed until 1995.", "1995"), ("By 1990 the incidence had doubled.", "1990"),
    ("The cohort was observed by 1985 for relapse.", "1985"), ("labs by 2000", "2000"),
    ("repeat K by 1930", "1930"), ("quit smoking by 2015", "2015"),
    ("hospitalized, to be seen by 2030", "2030"), ("hx: NPO until 2000 for procedure", "2000"),
    ("PMH: on heparin gtt until 2015", "2015"), ("drain out by 1975 mL", "1975"),
    ("The technique was practised until 1988 in most centres.", "1988"),
]


@pytest.mark.parametrize(("text", "word"), BULLETED_RANGES + BULLET_KEPT + LATE_EVENT_FOUND
                         + MONTH_DAY_FOUND + LIFE_FOUND + UNTIL_FOUND)
def test_dates_found(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word, "DATE")


@pytest.mark.parametrize("text", BULLET_LEFT + LATE_EVENT_LEFT + MONTH_DAY_LEFT)
def test_no_date_in_look_alikes(deid: Deidentifier, text: str) -> None:
    assert not [s for s in deid.detect(text) if s.label == "DATE"]


@pytest.mark.parametrize(("text", "word"), LIFE_LEFT + UNTIL_LEFT)
def test_look_alike_years_left(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word, "DATE")


@pytest.mark.parametrize("text", [
    "until 2061 " * 5000, "by 1990 " * 5000, "(a d. 2082) " * 5000,
    "(" + "a " * 10000 + "d. 2082)", "hx: " + "a " * 10000 + "until 2017.",
    "5/5" + " " * 20000 + "note", "\n2/6 " + "a " * 10000 + "note",
    "\n2/6 " + "rehab " * 7000 + "note", "- " * 10000 + "2081: stage",
    " " * 20000 + "- 2081: stage", "on the 28th but " + "the 2 " * 5000,
    "the evening of 1/2 " * 3000, "LVAD 2080 " * 5000, "staff # " * 5000 + "2300",
    "Boston " * 7000, "Vitamin d. 2000 " * 3000, "moved to room " * 3000 + "1985."])
def test_long_repeats_are_fast(text: str) -> None:
    """The changed patterns do not backtrack on long repeated input (session 16's lesson)."""
    t = time.perf_counter()
    RulesDetector().detect(text)
    assert time.perf_counter() - t < 20.0
