"""Dates and times: every common clinical format with exact spans, the look-alike numbers that
must stay untouched, the generator writing the new formats, and date shifting in format."""

from __future__ import annotations

import pytest

from meddx.deid import RulesDetector, merge_spans, shift_date, synth_notes


def _found(text: str, *, times: bool = False) -> list[str]:
    return [text[s.start:s.end] for s in merge_spans(RulesDetector(times=times).detect(text))
            if s.label == "DATE"]


DATES = [
    # (text, the DATE strings expected, in order)
    ("Seen on 7/22 for f/u.", ["7/22"]),
    ("Admitted 07-22-2019.", ["07-22-2019"]),
    ("Started 22 Jul, doing well", ["22 Jul"]),
    ("Seen July 22nd by team", ["July 22nd"]),
    ("MI back in '92, s/p stent", ["'92"]),
    ("Seen Jul-22 in clinic", ["Jul-22"]),
    ("SEEN JUL-22 IN CLINIC", ["JUL-22"]),
    ("DOS JUL-22-2019, no events", ["JUL-22-2019"]),
    ("seen 7-22 in clinic", ["7-22"]),
    ("appt on 12-3 with cards", ["12-3"]),
    ("Date: 07-22", ["07-22"]),
    ("Echo 20190722 done", ["20190722"]),
    ("Labs from 20190722: normal", ["20190722"]),
    ("MRI 20190722T1030 read", ["20190722T1030"]),
    ("on Jul 22, 2019 pt", ["Jul 22, 2019"]),
    ("CT 2019-07-22T10:30 done", ["2019-07-22T10:30"]),
    ("CT 2019-07-22T10:30:15Z done", ["2019-07-22T10:30:15Z"]),
    ("DOS: 22-JUL-2019", ["22-JUL-2019"]),
    ("seen 07/22/19 1430 by MD", ["07/22/19"]),  # times of day: only with times=True
    ("signed 2019-07-22 0815", ["2019-07-22"]),
    ("signed Jul 22, 2019 2130", ["Jul 22, 2019"]),
    ("EKG 7.22.19 NSR", ["7.22.19"]),
    ("the 22nd of July, 2019", ["the 22nd of July, 2019"]),
    ("22JUL2019 culture", ["22JUL2019"]),
    ("Seen Jul. 22 by PCP", ["Jul. 22"]),
    ("on 2019/07/22 pt", ["2019/07/22"]),
    ("abx 7/22-7/25", ["7/22-7/25"]),
    ("admitted July 22-25", ["July 22-25"]),
    ("on Jul 22 '19 pt", ["Jul 22 '19"]),
    ("ON 22-JUL-19 AT 14:35", ["22-JUL-19"]),
]

# With times=True (deid.times), the same texts also give their times of day.
TIMES_STRICT = [
    ("seen 07/22/19 1430 by MD", ["07/22/19", "1430"]),
    ("signed 2019-07-22 0815", ["2019-07-22", "0815"]),
    ("signed Jul 22, 2019 2130", ["Jul 22, 2019", "2130"]),
    ("ON 22-JUL-19 AT 14:35", ["22-JUL-19", "14:35"]),
]

NOT_DATES = [
    "PT 17.5 INR 1.6 PTT 32",
    "BP 120/80 HR 88",
    "abx for 7-10 days",
    "Lasix 5-10 mg PO",
    "GCS 3-15",
    "GCS 3-15 on arrival",
    "on 2-3 L NC",
    "since 3-4 days ago",
    "take 1-2 tabs q4-6h",
    "x 1-2 weeks",
    "Braden 14-18",
    "EF 55-60%",
    "grade 2-3 murmur",
    "K 3.5-5.0",
    "ratio 1:10",
    "I:E 1:20",
    "1:10 dilution",
    "pain 7/10",
    "Hgb 7-8",
    "MRN 20190722",
    "Acct # 20190722",
    "ID 201907221234",
    "id 120190722",
    "order 20190722",
    "value 20191345",  # not a calendar date
    "specimen 20190230",
    "cost 1,20190722",
    "at 1000 mL/hr",
]


@pytest.mark.parametrize("text,expected", DATES, ids=[t for t, _ in DATES])
def test_date_formats_exact_spans(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize("text,expected", TIMES_STRICT, ids=[t for t, _ in TIMES_STRICT])
def test_times_of_day_are_dates_only_with_times_on(text, expected):
    assert _found(text, times=True) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_clinical_numbers_are_not_dates(text):
    assert _found(text) == []
    assert _found(text, times=True) == []


SHIFTS = [
    ("Jul-22", "Aug-21"),
    ("JUL-22-2019", "AUG-21-2019"),
    ("7-22", "8-21"),
    ("07-22", "08-21"),
    ("20190722", "20190821"),
    ("20190722T1030", "20190821T1030"),
    ("2019-07-22T10:30", "2019-08-21T10:30"),
    ("7/22-7/25", "8/21-8/24"),
    ("22-JUL-2019", "21-AUG-2019"),
]


@pytest.mark.parametrize("value,expected", SHIFTS)
def test_new_formats_shift_in_format(value, expected):
    assert shift_date(value, 30) == expected


def test_generator_writes_the_new_formats_with_gold_spans():
    notes = synth_notes(150, seed=3)
    dates = [n["text"][p["start"]:p["end"]] for n in notes for p in n["phi"] if p["type"] == "DATE"]
    import re

    shapes = {
        "Mon-DD": r"[A-Za-z]{3}-\d{1,2}",
        "M-D": r"\d{1,2}-\d{1,2}",
        "YYYYMMDD": r"(?:19|20)\d{6}",
        "ISO with time": r"\d{4}-\d\d-\d\dT\d\d:\d\d",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dates), name
    # every gold DATE of those shapes is found by the rules, with the exact span
    for n in notes:
        found = {(s.start, s.end) for s in RulesDetector().detect(n["text"]) if s.label == "DATE"}
        for p in n["phi"]:
            value = n["text"][p["start"]:p["end"]]
            if p["type"] == "DATE" and any(re.fullmatch(s, value) for s in shapes.values()):
                assert (p["start"], p["end"]) in found, value
