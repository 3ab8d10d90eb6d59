"""Session 18, branch deiddate18: the fixes for the branch's own review (review 18: one class
of lost PHI, false dates after "until"/"by", a super-linear history-line check, staff counts,
supplements before "d.", counted days after an ordinal). Every input is an invented sentence
(most of them the reviewer's), with real, clock-readable years (2009-2021) as well as shifted
ones; none comes from a note set."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier, RulesDetector
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# Finding 1 (lost PHI): a year after relapse/recurrence/angio/LVAD/implanted that a clock can
# read is still found as the next year of a patient's list, or through "(".
LATE_WORD_LIST_FOUND = [
    ("MI 2010, relapse 2014, CABG 2016", "2014"),
    ("mi 2010, relapse 2014, cabg 2016", "2014"),
    ("MI 2010, relapse 2014,\nCABG 2016", "2014"),
    ("Dx 2011, relapsed 2013 on chemo", "2013"),
    ("DX 2011, RELAPSED 2013 ON CHEMO", "2013"),
    ("aml dx 2009, relapse 2011, on venetoclax", "2011"),
    ("ALL dx 2015, relapsed 2018", "2018"),
    ("Lymphoma dx 2011, recurred 2014", "2014"),
    ("CVA 2014, recurrence 2016", "2016"),
    ("Stroke 2013, recurrence 2017 on ASA", "2017"),
    ("MI 2012, angio 2014 patent", "2014"),
    ("s/p PCI 2019, angio 2021 patent stents", "2021"),
    ("CAD, PCI 2012, angio 2015 with ISR", "2015"),
    ("CABG 2010, angiogram 2015 - patent grafts", "2015"),
    ("DCM, ICD 2011, LVAD 2016, on list", "2016"),
    ("AML, relapse (2016), now in CR2", "2016"),
    ("ICD implanted (2012) for VT", "2012"),
    # shifted years, which no clock reads
    ("MI 2070, relapse 2074, CABG 2076", "2074"),
    ("Breast cancer, recurrence 2088, now on letrozole.", "2088"),
]
# ... while the late words alone still do not make a clock or a count a date
LATE_WORD_LEFT = [
    ("LVAD 2000 alarm", "2000"), ("Note created 2030", "2030"),
    ("recurrence 1985 days after surgery", "1985"), ("LVAD speed 2000 rpm", "2000"),
]


@pytest.mark.parametrize(("text", "word"), LATE_WORD_LIST_FOUND)
def test_years_after_late_words_found(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word, "DATE")


# Finding 2: "until"/"by" and a year no clock reads need the person or a history word in the
# clause, and "by" must not be an amount.
UNTIL_BY_LEFT = [
    "Until 1990, the standard treatment was radical mastectomy.",
    "By 1995 the virus had spread to every continent.",
    "The drug was withdrawn from the market by 1998.",
    "Vaccination was mandatory until 1980 in Sweden.",
    "Smallpox was eradicated by 1980.",
    "Lobotomy remained common until 1965.",
    "HIV testing became routine by 1987.",
    "Thalidomide was sold until 1961 in Germany.",
    "Dialysis was not widely performed until 1970.",
    "Global warming may double malaria exposure by 2080.",
    "She is net negative by 1980 since admission.",
    "Net fluid balance positive by 1975 today.",
    "Pain improved by 1992 after therapy",
    "LVAD speed was increased by 1980 rpm.",
    "She was diuresed by 1990 mL overnight.",
    "The device remained in use until 2075 in most centres.",
]
UNTIL_BY_FOUND = [
    ("By 1999, he had been sober for ten years.", "1999"),
    ("Pt was on letrozole until 1996, then stopped.", "1996"),
    ("She lived with her sister until 2078.", "2078"),
    ("hx: HTN, breast ca 2012, on letrozole until 2017.", "2017"),
    ("PMH: DM2, on metformin until 2019, now insulin", "2019"),
]


@pytest.mark.parametrize("text", UNTIL_BY_LEFT + [t for t, _ in LATE_WORD_LEFT])
def test_no_date_after_until_or_by_in_general_text(deid: Deidentifier, text: str) -> None:
    assert not [s for s in deid.detect(text) if s.label == "DATE"]


@pytest.mark.parametrize(("text", "word"), UNTIL_BY_FOUND)
def test_patient_years_after_until_or_by_found(deid: Deidentifier, text: str,
                                               word: str) -> None:
    assert covered(deid, text, word, "DATE")


# Finding 4: staff counts after "staff/employee number"; identifiers are still found.
STAFF_COUNTS = [
    "The hospital staff number 3500 in total.",
    "Total staff number 2650 across sites.",
    "employee number 2400 enrolled in the wellness program",
]
STAFF_IDS = [
    ("staff #4471-H", "4471-H"), ("employee no. 4471", "4471"),
    ("Employee number 448120", "448120"), ("employee # 4012 drove him", "4012"),
]


@pytest.mark.parametrize("text", STAFF_COUNTS)
def test_staff_counts_not_accounts(text: str) -> None:
    assert not [s for s in RulesDetector().detect(text) if s.label in ("ACCOUNT", "ID", "MRN")]


@pytest.mark.parametrize(("text", "word"), STAFF_IDS)
def test_staff_ids_found(text: str, word: str) -> None:
    spans = RulesDetector().detect(text)
    i = text.index(word)
    assert any(s.start <= i and i + len(word) <= s.end for s in spans)


# Finding 5: supplements before "d." are no names; a name before "d." still is one.
DIED_LEFT = ["(calcium d. 2000)", "(Calcium d. 2000)", "(Cholecalciferol d. 2000)",
             "(dose d. 2000)", pytest.param("(ergocalciferol d. 2019)", marks=pytest.mark.xfail(
                 strict=True, reason=("session 23's crf refit tags 2019 here at 0.971 (after "
                                      "'d.'); see test_deid_deiddate18's look-alike years"))),
             "Calcium d. 2000 daily."]
DIED_FOUND = [("(herbert d. 2082)", "2082"), ("(Sarah d. 2019)", "2019"),
              ("Her husband Ray d. 1999, and son Tom d. 2005.", "2005")]


@pytest.mark.parametrize("text", DIED_LEFT)
def test_supplements_before_d_not_dates(deid: Deidentifier, text: str) -> None:
    assert not [s for s in deid.detect(text) if s.label == "DATE"]


@pytest.mark.parametrize(("text", "word"), DIED_FOUND)
def test_names_before_d_still_dates(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word, "DATE")


# Finding 6: "on the Nth but not the Mth day" counts days.
@pytest.mark.parametrize("text", [
    "On the 12th but not the 13th day of antibiotics.",
    "Febrile on the 14th but not the 15th hour.",
    "Seen on the 20th but not the 21st postop day.",
])
def test_counted_days_after_an_ordinal_left(text: str) -> None:
    assert not [s for s in RulesDetector().detect(text) if s.label == "DATE"]


def test_ordinal_day_still_found(deid: Deidentifier) -> None:
    assert covered(deid, "booked a scan on the 14th but may need to cancel", "14th", "DATE")


# Finding 3: many "until" years on one history line stay linear; so do the other long
# repeats of the review. Linear time, not a wall-clock bound (session 19: the old 20 s bound
# could not fail on code 10x too slow, and a busy machine could fail it): CPU time of this
# process (other processes' load does not count), at n and 4n repeats, the large run the
# better of two (a pause can only slow it). Linear code takes about 4x; the quadratic check of
# b8304b0f took 8x; 16x is quadratic. n is chosen so the small run takes about 0.05 s of CPU
# on an idle core, well above the timer's noise.
def _cpu_seconds(detect, text: str, runs: int = 1) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        detect(text)
        best = min(best, time.process_time() - t)
    return best


def _grows_linearly(detect, head: str, unit: str, tail: str, n: int) -> bool:
    small = _cpu_seconds(detect, head + unit * n + tail)
    large = _cpu_seconds(detect, head + unit * (4 * n) + tail, runs=2)
    return large < 6 * small + 0.05


@pytest.mark.parametrize(("head", "unit", "tail", "n"), [
    ("hx: ", "until 2017 ", "", 2500), ("HX: ", "UNTIL 2061 ", "", 2500),
    ("", "by 1985 ", "", 1250), ("", "(calcium d. 2000) ", "", 2500),
    ("", "staff number ", "3500", 10000)])
def test_long_repeats_take_linear_time(head: str, unit: str, tail: str, n: int) -> None:
    detector = RulesDetector()
    detector.detect("hx: until 2017 by 1985")  # lists and patterns loaded before the clock
    assert _grows_linearly(detector.detect, head, unit, tail, n)


def test_the_linear_time_check_fails_on_quadratic_code() -> None:
    """The check above can fail: a scan that rereads the text before each character
    (quadratic; on the small input it takes about half the detector's time) does not pass it."""
    def quadratic(text: str) -> int:
        return sum(text.count(" ", 0, i) for i in range(len(text)))

    assert not _grows_linearly(quadratic, "hx: ", "until 2017 ", "", 1250)


@pytest.mark.parametrize("text", ["Mothers breastfed until 1990 in most countries.",
                                  "Family planning was illegal until 1965."])
def test_group_words_before_until_not_dates(deid: Deidentifier, text: str) -> None:
    assert not [s for s in deid.detect(text) if s.label == "DATE"]
