"""Session 9 (branch deiddate4): date and age forms that earlier rules left out (dates glued
to a word, month-name pairs, dotted and year-month forms, approximate years, vaccine years,
"date of service", spelled ordinals, birthdays and turns of age), each with look-alikes that
must stay untagged (doses, strengths, counts of days, years ago, degrees, plural counts)."""

from __future__ import annotations

import pytest

from meddx.deid import RulesDetector, merge_spans


@pytest.fixture(scope="module")
def rules() -> RulesDetector:
    return RulesDetector()


def _found(rules: RulesDetector, text: str, label: str) -> list[str]:
    return [text[s.start:s.end] for s in merge_spans(rules.detect(text)) if s.label == label]


DATES = [
    # glued to the word before
    ("HPI: CAD s/p CABG3/2019, AF", ["3/2019"]),
    ("R TKA2/3/19 at OSH", ["2/3/19"]),
    ("picc d/c'd12/3 per team", ["12/3"]),
    ("vanc d/c'd 2/11 after swab", ["2/11"]),
    ("LHC on3/14 showed 3VD", ["3/14"]),
    # month-name pairs and ranges
    ("Last SNF stay Jan-Feb 2024.", ["Jan", "Feb 2024"]),
    ("PRIOR FALLS: JUNE AND EARLY JULY", ["JUNE", "JULY"]),
    ("away sept/oct visiting", ["sept", "oct"]),
    # dotted forms
    ("R TKA 2/2012, L TKA 08.2013.", ["2/2012", "08.2013"]),
    ("treated there 02.03.-13.03.2025. Then home", ["02.03", "13.03.2025"]),
    # year-month after a date word
    ("Pacemaker check due 2025-06.", ["2025-06"]),
    # approximate years, seasons with "of", vaccines, born
    ("MI circa 1998, CABG ~2005", ["1998", "2005"]),
    ("fell in the spring of 2020 and again", ["2020"]),
    ("Flu vaccine given 9/29/25, Prevnar 2019, PPSV23 2015.", ["9/29/25", "2019", "2015"]),
    ("Mother b. 1931, d. 2001", ["1931"]),
    # month glued to a year, dotted abbreviation with an apostrophe year
    ("dx nov2019 at OSH", ["nov2019"]),
    ("last seen Jan. '19 in clinic", ["Jan. '19"]),
    # date of service, week of
    ("Date of Service 3/4 per billing", ["3/4"]),
    ("Plan to f/u wk of 4/7.", ["4/7"]),
    # ordinals after "the"
    ("seen on the twenty-third, doing well", ["twenty-third"]),
    ("return by the 15th.", ["15th"]),
    ("scheduled for the thirtieth of May", ["thirtieth of May"]),
]

NOT_DATES = [
    "Percocet 5/325 1-2 tabs q4-6h prn",
    "Exam: 3/4 strength LUE, murmur 2/6.",
    "ceftriaxone day 3/7, vanc D5/7",
    "chemo cycle 2/6 given",
    "BP120/80 HR 88",
    "PEEP5/5 FiO2 40%",
    "about 2010 patients were enrolled",
    "~2000 mL out over the shift",
    "the third time this week; the 4th, 5th digits",
    "the 2nd dose of vaccine",
    "on the twenty-first floor",
    "you MAY OR MAY NOT feel it",
    "the 2008-09 influenza season",
    "Hgb 12.2019 mg",
    "the twentieth century",
]


@pytest.mark.parametrize(("text", "want"), DATES)
def test_date_variants_found(rules: RulesDetector, text: str, want: list[str]) -> None:
    found = _found(rules, text, "DATE")
    for w in want:
        i = text.index(w)
        assert any(text.index(f) <= i and i + len(w) <= text.index(f) + len(f)
                   for f in found), (w, found)


@pytest.mark.parametrize("text", NOT_DATES)
def test_date_look_alikes_untagged(rules: RulesDetector, text: str) -> None:
    assert _found(rules, text, "DATE") == []


AGES = [
    ("She turns 99 on Friday.", "99"),
    ("Mom will turn 100 in May", "100"),
    ("her father is turning 95 next week", "95"),
    ("celebrated her 100th birthday", "100"),
    ("a 92-y-o woman", "92"),
    ("pt is aged ninety-two and alert", "ninety-two"),
    ("age one hundred and one", "one hundred and one"),
]

NOT_AGES = [
    "the joint turned 90 degrees",
    "turned 95 x 2 in bed",
    "her 60th birthday",
    "100 years ago",
    "92 years later",
    "she turns 89 on Friday",
    "the dial turned 90 on",
    "aged ninety days",
]


@pytest.mark.parametrize(("text", "want"), AGES)
def test_age_milestones_found(rules: RulesDetector, text: str, want: str) -> None:
    assert want in _found(rules, text, "AGE")


@pytest.mark.parametrize("text", NOT_AGES)
def test_age_look_alikes_untagged(rules: RulesDetector, text: str) -> None:
    assert _found(rules, text, "AGE") == []
