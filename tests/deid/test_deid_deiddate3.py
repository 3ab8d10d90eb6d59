"""Session 8 (branch deiddate3): date and age forms beyond the common formats, each with
look-alikes that must stay untagged (times, vitals, vent settings, scores, counts, doses,
gestational ages, ages of 89 and under)."""

from __future__ import annotations

from pathlib import Path

import pytest

from meddx.deid import Deidentifier, RulesDetector, merge_spans, shift_date
from tests._support.deid import covered
from tests._support.scripts import load_script


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _found(text: str, label: str) -> list[str]:
    return [text[s.start:s.end] for s in merge_spans(RulesDetector().detect(text))
            if s.label == label]


DATES = [
    # two-digit years in a history, without an event word right before
    ("pmh: afib dx 09, on coumadin since 03, in 97 had lt tka", ["09", "03", "97"]),
    ("Quit tobacco in 68.", ["68"]),
    ("back in 06 she had a stent", ["06"]),
    ("CABG in 98, doing well", ["98"]),
    # spaced and oddly punctuated
    ("adm 3 / 14 from nursing home", ["3 / 14"]),
    ("NURSING NOTE 03 - 14 - 19 0700", ["03 - 14 - 19"]),
    ("started 3 /14 per team", ["3 /14"]),
    ("Admission Date: 2019Mar14", ["2019Mar14"]),
    ("signed 2020-Jan-05 by MD", ["2020-Jan-05"]),
    ("see scan_20230116.pdf in media", ["20230116"]),
    # lists, cultures, "as of"
    ("cx from 3/14, 3/15 and 3/16 pending", ["3/14", "3/15", "3/16"]),
    ("seen 3/5, 3/8, 3/12 in clinic", ["3/5", "3/8", "3/12"]),
    ("BCx 3/14 x2 NGTD", ["3/14"]),
    ("UCx 2/1 + E coli", ["2/1"]),
    ("blood cultures 4/9 NGTD", ["4/9"]),
    ("as of 11/3 meets criteria", ["11/3"]),
    ("labs the week of 1/23.", ["1/23"]),
    ("Noted on CT of 3/14.", ["3/14"]),
    # glued, ordinals, month spellings
    ("seen on3/12, again from3/15", ["3/12", "3/15"]),
    ("will reassess the 5th.", ["the 5th"]),
    ("seen on the 14th by ortho", ["the 14th"]),
    ("admitted the 14th with cp", ["the 14th"]),
    ("pci to lad febr 3", ["febr 3"]),
    ("doing fine until about Feb", ["Feb"]),
    ("sharp until this past June.", ["June"]),
    # a year after a season, a holiday or a comparison
    ("memory loss since summer 2017", ["summer 2017"]),  # the season too (session 16)
    ("wife died Thanksgiving 2016", ["Thanksgiving", "2016"]),
    ("chronic change, similar to 2019 study", ["2019"]),
    # years listed before the event, ranges of years, birth years
    ("PSH: 2004: appendectomy; 1998 CABG; 2011 - L TKA", ["2004", "1998", "2011"]),
    ("- 1998 MI s/p PCI", ["1998"]),
    ("hosp x3 in 2021-2022", ["2021-2022"]),
    ("born 1930 in Ohio", ["1930"]),
    ("smoked 1960-2000, quit", ["1960-2000"]),
    ("s/p hemicolectomy mid 2005.", ["2005"]),
    ("worse since mid-2019", ["2019"]),
    # a study's hyphenated month-day, a month over its day before "and", "(Nov)"
    ("CXR 1-13 small effusions", ["1-13"]),
    ("CAM neg 12/4 and today", ["12/4"]),
    ("Vit D 18 (Nov), B12 low", ["Nov"]),
    ("Echo Jan the 4th: EF 35%", ["Jan the 4th"]),
    ("FAMILY MTG 3-15 WITH DTR", ["3-15"]),
    ("extubated 3-14, reintubated 3-16", ["3-14", "3-16"]),
    ("seen Sat 3/14 and Sun 3/15", ["Sat 3/14", "Sun 3/15"]),
    ("DOB: 1930", ["1930"]),
    ("f/u mar 20 w/ pcp, rtc may 14", ["mar 20", "may 14"]),
    ("seen 14/3 in clinic", ["14/3"]),
    ("CABG x3 98, MI (03)", ["98", "03"]),
    ("fell over Good Friday, worse since Passover", ["Good Friday", "Passover"]),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_date_forms(text: str, expected: list[str]) -> None:
    assert _found(text, "DATE") == expected


NOT_DATES = [
    "sat in 97 on 2L, HR 98, K 3.9, FiO2 40",
    "recheck lactate in 60 and call MD",
    "will repeat in 48 and reassess",
    "drip in 50 ml NS",
    "titrate in 90 min",
    "since 40 min ago",
    "dx 10 minutes ago",
    "drops in 50s overnight",
    "multiple valve replacement in 41.",
    "grafts were used in 51 and PTFE in 33",
    "found in 61 and 15% of patients",
    "the rhythm was sinus in 55 and afib in 4.",
    "pain 3 / 10 after dilaudid",
    "GCS 3 / 15 on arrival",
    "PSV 12 / 5 / 40 tolerating well",
    "strength 5 / 5 / 5 throughout",
    "ABG 7.36 / 44 / 88 / 24",
    "bcx 2/2 + GPC, ucx 1/2 bottles",
    "blood cx 2/4 positive",
    "fractures of the 4th, 5th and 6th ribs",
    "admitted for the 2nd time this year",
    "on the 3rd floor since the 2nd dose",
    "GA 32 2/7 weeks, EGA 36/7",
    "pain 7/10 -> 2/10",
    "q4h x2 24/7 coverage",
    "1/2 NS at 75, 3/4 of pts",
    "BP 120/80, MAP 65",
    "order_20231399.txt",
    "7p-7a shift, at 0600 and 14:30",
    "2000 echo at bedside, 1930 lasix given",
    "1998-2000 mL out",
    "an earlier period (1972-1980) of the study",
    "a survey in 1986-1987 in Athens",
    "mid 2000 mL out",
    "CT 1-2 mm nodules",
    "labs 2-3x/wk",
    "strength 5/5 and symmetric",
    "PSV 10/5 and 40%",
    "SSEP (SEP) done",
    "started 2-3 days ago",
    "placed 1-2 L NC",
    "hd 3-4 hrs",
    "sat 3/4 L NC",
    "sat 92-95%",
    "ratio 14/3 improved",
    "PEEP 14/5",
    "s/p MI (98%)",
    "cabg x3 50% occluded",
    "TIA 12 hrs ago",
    "retropubic prostatectomy (22, or 33%, with stage A1)",
    "prior nephrectomy (43 of the 47 patients)",
    "strength 5/5, 4/5 and 3/5 in LLE",
    "dtrs 2/4, 1/4 and 0/4",
    "ratio 1/2, 1/4 and 1/8 dilution",
    "given 1/2, 1/4 tab",
    "over the 4th, 5th, 6th ribs",
    "seen on the 3rd day post op",
    "started the 2nd dose",
    "pt may 3x/day",
    "f/u may need labs",
    "by may 2 tabs",
    "the week of 1/2 tab dosing",
    "arrived the 3rd time",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_date_look_alikes_untagged(text: str) -> None:
    assert _found(text, "DATE") == []


def test_counts_after_a_dated_culture_stay_untagged() -> None:
    """A list of equal fractions is a count even after a date word."""
    found = _found("on 2/2, 3/3 and 4/4 bottles", "DATE")
    assert "3/3" not in found and "4/4" not in found


AGES = [
    ("Son says she is 93.", ["93"]),
    ("who is 101 and lives alone", ["101"]),
    ("Age/Sex: 95/F", ["95"]),
    ("PT 92 / M, fall", ["92"]),
    ("her grandmother (97) to be called", ["97"]),
    ("She is in her 90s and lives with her son", ["90s"]),
    ("a woman in her late nineties", ["nineties"]),
    ("in his 100s per family", ["100s"]),
    ("Pt Fiona Smith (91), POD 6", ["91"]),
    ("Mrs. Okafor, 94, lives alone", ["94"]),
    ("female, 91, from home", ["91"]),
    ("pt is 90+ y/o", ["90"]),
    ("92f w/ uti", ["92"]),
    ("s: 94m from snf", ["94"]),
    ("the pt, 92, lives alone", ["92"]),
    ("Pt. is 91.", ["91"]),
    ("pt's bday is the 9th; he'll be 100.", ["100"]),
    ('Pt states she "turned 96 on Halloween".', ["96"]),
]


@pytest.mark.parametrize(("text", "expected"), AGES)
def test_age_forms(text: str, expected: list[str]) -> None:
    assert _found(text, "AGE") == expected


NOT_AGES = [
    "she is 95% on RA",
    "pt was 92 on 2L this AM",
    "he is 98.6 today",
    "wife (58) at bedside",
    "grandmother (97%) is fine",
    "she is 89.",
    "in her 80s, lives alone",
    "sats in the 90s, HR in the 90s",
    "HR in her 90s per monitor",
    "Mr. Jones, 100 mg given",
    "Pt Smith (95%) on RA",
    "Patient Sandoval, 98.6 temp",
    "female, 88, from home",
    "male, 98.6 F",
    "T 98f oral",
    "tmax 99F",
    "hr 92m",
    "the dial turned 90 on",
    "sat was 92 on 2L",
]


@pytest.mark.parametrize("text", NOT_AGES)
def test_age_look_alikes_untagged(text: str) -> None:
    assert _found(text, "AGE") == []


def test_note_with_mixed_forms(deid: Deidentifier) -> None:
    """The whole pipeline (not only the rules) keeps the new dates and the look-alikes apart."""
    text = ("pt 96YO adm 3 / 14. hx cabg in 98, dx 09. BCx 3/14 x2 + GPC. sat 97, "
            "pain 3/10 at 0600. who is 96.")
    for word in ("3 / 14", "98", "09", "3/14"):
        assert covered(deid, text, word, "DATE"), word
    for word in ("97", "3/10", "0600"):  # "97" first occurs in "sat 97"
        assert not covered(deid, text, word), word


@pytest.mark.parametrize(("value", "shifted"), [
    ("03 - 14 - 19", "04 - 13 - 19"),
    ("3 / 14", "4 / 13"),
    ("2019Mar14", "2019Apr13"),
    ("2019-Mar-14", "2019-Apr-13"),
    ("febr 3", "mar 5"),
    ("3 - 14 / 19", None),  # mixed separators: not parsed, so the caller redacts it
])
def test_shift_date_keeps_the_new_forms(value: str, shifted: str | None) -> None:
    assert shift_date(value, 30) == shifted


@pytest.mark.parametrize(("text", "kept"), [
    ("hosp x3 in 2021-2022", True),  # a range of years is a date
    ("slept at 1930-2000 then awake", False),  # after a time cue: a range of times
    ("slept 1930-2000 then awake", False),  # no cue: not a date at all
])
def test_year_ranges_and_time_ranges(deid: Deidentifier, text: str, kept: bool) -> None:
    word = next(w for w in text.split() if "-" in w)
    assert covered(deid, text, word) is kept


ROUND3 = Path(__file__).resolve().parents[2] / "bench" / "data" / "deid_round3" / "deiddate3"


@pytest.mark.parametrize(("source", "prefix", "stem"), [
    ("source", "deiddate3", "dev"), ("source_b", "deiddate3b", "dev_b"),
    ("source_c", "deiddate3c", "dev_c")])
def test_date_notes_are_the_converted_markup(source: str, prefix: str, stem: str) -> None:
    """bench/data/deid_round3/deiddate3: the committed JSONL is what its markup converts to."""
    conv = load_script("deid_heldout_convert", ROUND3.parents[1] / "deid_heldout" / "convert.py")
    recs, negs, problems = conv.build(ROUND3 / source, prefix)
    assert problems == [] and len(recs) >= 4
    assert conv.dumps(recs) == (ROUND3 / f"{stem}.jsonl").read_text(encoding="utf-8")
    assert conv.dumps(negs) == (ROUND3 / f"{stem}_hard_negatives.jsonl").read_text(encoding="utf-8")
