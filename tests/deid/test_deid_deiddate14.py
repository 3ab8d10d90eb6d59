"""Session 14 (branch deiddate14): date, phone, id and age forms of hurried inpatient notes
(a weekday written with its date, "the 17th", a part of a month, years after an abbreviated
procedure, sign-out and clinic date cues, 7-digit phones with an extension, blood-unit and
valuables-envelope numbers, ages beside an untitled full name or spelled out), each with
look-alikes that must stay untagged. All sentences are invented."""

from __future__ import annotations

import pytest

from meddx.deid import RulesDetector, merge_spans

_DETECTOR: dict[str, RulesDetector] = {}


def _spans(text: str) -> list[tuple[str, str]]:
    """(surface, label) of the merged rule spans of ``text``; one detector for the module."""
    rules = _DETECTOR.setdefault("rules", RulesDetector())
    return [(text[s.start:s.end], s.label) for s in merge_spans(rules.detect(text))]


def _labelled(text: str, *labels: str) -> list[str]:
    return [surface for surface, label in _spans(text) if label in labels]


DATES = [
    # the weekday and its date in one span; "sat"/"sun" before a month/day too
    ("MICU RN NOTE 0700-1930 Sun 4/9\nPt stable.", ["Sun 4/9"]),
    ("charge rn note - 4 west - Sat 10/3\ncensus 20/24.", ["Sat 10/3"]),
    ("Next HD Sat 12/21 per renal.", ["Sat 12/21"]),
    ("family mtg set for friday 2/6 at 2pm", ["friday 2/6"]),
    ("presented on Tue the 4th after a fall", ["Tue the 4th"]),
    ("weight up since Monday the 7th. no sob", ["Monday the 7th"]),
    # "the" inside the span of a day of the month
    ("K peaked 5.9 on the 19th and was 4.1 at d/c", ["the 19th"]),
    ("recheck echo, reassess the 6th.", ["the 6th"]),
    ("seen by ethics the 8th of Feb; full code", ["the 8th of Feb"]),
    # a part of a month
    ("Return visit early October, sooner prn.", ["early October"]),
    ("see me mid-Mar for labs", ["mid-Mar"]),
    ("colonoscopy planned late Nov. Hold iron", ["late Nov"]),
    ("allergies worse first wk of June", ["first wk of June"]),
    # years after an abbreviated procedure
    ("PSH: appy '79, TAH 1997, L knee scope 2013.", ["'79", "1997", "2013"]),
    ("Last EGD 2017 with gastritis", ["2017"]),
    ("CABG 2004, PCI 2016 to LAD", ["2004", "2016"]),
    # sign-out, clinic and discharge cues before an ambiguous month/day
    ("ortho night sign out 5/6\n- bed 4 pod1", ["5/6"]),
    ("F/U: DR LEE CLINIC 3/4; PT REFERRAL", ["3/4"]),
    ("adm 3/2 d/c 3/4 attending dr x", ["3/2", "3/4"]),
]

NOT_DATES = [
    "O2 sat 92% on RA, sat 9 of 10 tries",
    "sun exposure at the beach",
    "pain 4/10 since the 2nd dose of morphine",
    "on the 2nd and 5th postoperative days",
    "it is too late may need a new line",
    "early mar of the skin noted",
    "d/c 1/2 NS, start LR",
    "EGD 2000 mL irrigation",
    "scope 1530 in endo",
]


@pytest.mark.parametrize(("text", "want"), DATES)
def test_dates(text: str, want: list[str]) -> None:
    got = _labelled(text, "DATE")
    assert all(any(w in g for g in got) for w in want), got
    assert all(any(g in w or w in g for w in want) for g in got), got


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert _labelled(text, "DATE") == []


PHONES = [
    ("call charge RN 555-0142 x27.", "555-0142 x27"),
    ("Facility contact: 555-0163 ext 15. ESI 3.", "555-0163 ext 15"),
]


@pytest.mark.parametrize(("text", "want"), PHONES)
def test_phone_extensions(text: str, want: str) -> None:
    assert want in _labelled(text, "PHONE")


def test_range_with_count_is_no_phone() -> None:
    assert _labelled("fluids 500-1000 x 2 days", "PHONE") == []
    assert _labelled("SVR 900-1300 x12 h", "PHONE") == []


IDS = [
    ("Unit #s W0412 26 771023, W0412 26 771024. Called", ["W0412 26 771023", "W0412 26 771024"]),
    ("1 unit PRBC unit # W0417 26 118830 B started at 1405", ["W0417 26 118830 B"]),
    ("$20 cash to security env #\nR-30417. fall risk high", ["R-30417"]),
    ("Valuables envelope # K-220871 (wallet)", ["K-220871"]),
]


@pytest.mark.parametrize(("text", "want"), IDS)
def test_ids(text: str, want: list[str]) -> None:
    got = _labelled(text, "ACCOUNT", "MRN")
    assert all(w in got for w in want), got


@pytest.mark.parametrize("text", ["valuables envelope #0043 to security",
                                  "env 2000 ml", "W0412 mg given"])
def test_not_ids(text: str) -> None:
    assert _labelled(text, "ACCOUNT", "MRN") == []


AGES = [
    ("Decedent: Horatio Quell, 94 y. Date of death", "94"),
    ("her aunt Mabel Ostrow, ninety-four, MRN pending", "ninety-four"),
    ("Odile Fenwick-Sato, now ninety-two, came with her son", "ninety-two"),
    ("Resident: Philippa Dorn (97)   Rm 12", "97"),
    ("RN 3/15  Vance, Ellery (91)  admitted from home", "91"),
    ("referral for Marguerite\nHallow, 92, 14 Elm St", "92"),
]

NOT_AGES = [
    "Vitals: Pulse Ox (95), Heart Rate, 98, RR 18",
    "O2 Sat 95, HR 98, afebrile",
    "Smith J, 1995, Jones, 92, and colleagues",
    "The Trial, 95, was stopped",
    "Room Air (96) on arrival",
    # review (deidfix14): two capitalised common words are no full name
    "Peak Flow (95) this am",
    "Fasting Sugar (96) at 0700",
    "Ejection Fraction, 95, on echo",
]


@pytest.mark.parametrize(("text", "want"), AGES)
def test_ages(text: str, want: str) -> None:
    assert _labelled(text, "AGE") == [want]


@pytest.mark.parametrize("text", NOT_AGES)
def test_not_ages(text: str) -> None:
    assert _labelled(text, "AGE") == []
