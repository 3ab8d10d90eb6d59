"""Date and age forms left undone by earlier branches (session 10, branch deidmisc10): mixed
date ranges ("10/12-10/16/25"), a day range before the month ("12-14 Oct"), spaced dates
("10 / 28"), lists of two dates joined by "and", years after "until"/"around"/"since" a
life event, years of an obstetric history ("SVD 2019"), a year after a holiday ("Memorial Day
2009"), spelled ages over 89 ("ninety six y/o", "turned ninety-six") and a relative's age at
death ("lived to 104"). Sentences written for these tests; none comes from a note set. Each
family has positives and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered as _covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# (sentence, the words that must be tagged, the label)
POSITIVES = [
    # a range whose second date carries the year: both dates
    ("Admitted 10/12-10/16/25 with volume overload.", "10/12", "DATE"),
    ("Admitted 10/12-10/16/25 with volume overload.", "10/16/25", "DATE"),
    ("prior SNF stay 8/3 - 8/24/2025, skilled PT", "8/3", "DATE"),
    ("PRIOR STAY 8/3\u20138/24/25 AT REHAB", "8/24/25", "DATE"),
    # a day range before the month
    ("Son was last here 12-14 Oct.", "12", "DATE"),
    ("Son was last here 12-14 Oct.", "14 Oct", "DATE"),
    ("WEDDING 12-14 DECEMBER 2025, PT HOPES TO ATTEND", "12", "DATE"),
    ("away 3rd-5th Nov, back for f/u", "3rd", "DATE"),
    ("away 12 to 14 Oct with family", "12", "DATE"),
    ("from 12th to 14th October at her son's", "12th", "DATE"),
    ("admitted October 12 through 16 for CHF", "16", "DATE"),
    ("Oct 12 to 16 inpatient at OSH", "16", "DATE"),
    ("prior admission 10/12-16/25 for PNA", "10/12-16/25", "DATE"),
    # spaced dates
    ("Saw cardiology 10 / 28. Last labs fine.", "10 / 28", "DATE"),
    ("echo done 3 / 4 / 2024 showed EF 55%", "3 / 4 / 2024", "DATE"),
    ("seen on 4 / 6 by PCP", "4 / 6", "DATE"),
    # a full date glued to the next word
    ("labs drawn on 10/12/25at 0600", "10/12/25", "DATE"),
    ("SEEN 10/12/25AND 10/14/25 IN CLINIC", "10/12/25", "DATE"),
    # two dates joined by "and"
    ("Fell 10/27 and 11/2, no injury.", "10/27", "DATE"),
    ("Falls on 9/14 & 10/2 at home", "9/14", "DATE"),
    # a year after until / around / since a life event
    ("She lived independently until 2017 and then moved in with her son.", "2017", "DATE"),
    ("He was hospitalized around 2010 for pneumonia.", "2010", "DATE"),
    ("Worked as a machinist until 1990.", "1990", "DATE"),
    ("smoked 1 ppd until 1985, none since", "1985", "DATE"),
    ("Warfarin hx: started 2012 for AF.", "2012", "DATE"),
    ("She has been sober since 1994.", "1994", "DATE"),
    ("Smoker until 2012, 40 pack-years", "2012", "DATE"),
    ("Around 2011 she was hospitalized for a GI bleed.", "2011", "DATE"),
    # an obstetric history
    ("Prior: SVD 2019 at home; SAB 2022.", "2019", "DATE"),
    ("Prior: SVD 2019 at home; SAB 2022.", "2022", "DATE"),
    ("OB hx: NSVD 2011, C/S 2014, D&C 2016", "2014", "DATE"),
    # a year right after a holiday
    ("husband died Memorial Day 2009.", "2009", "DATE"),
    ("worse since Labor Day 2023 per daughter", "2023", "DATE"),
    ("last well Thanksgiving weekend 2022", "2022", "DATE"),
    ("fell at Xmas 2019, no fracture", "2019", "DATE"),
    # a year of birth
    ("Mother (b. 1928) lives with her", "1928", "DATE"),
    ("YOB: 1931", "1931", "DATE"),
    # pagers and extensions with a two-digit prefix
    ("Pager: 99-1234", "99-1234", "PHONE"),
    ("pgr 12-3456 if questions", "12-3456", "PHONE"),
    ("beeper: 4-12345", "4-12345", "PHONE"),
    # spelled ages over 89
    ("Pt is a ninety six y/o female, homebound.", "ninety six", "AGE"),
    ("NINETY-TWO YO MALE FROM HOME", "NINETY-TWO", "AGE"),
    ("pt states she turned ninety-six last month", "ninety-six", "AGE"),
    ("a one hundred and one yr old woman", "one hundred and one", "AGE"),
    # a relative's age at death, the patient's own words
    ("Centenarian; her mother lived to 104.", "104", "AGE"),
    ("father died at 97 of a stroke", "97", "AGE"),
    ('pt says "I\'m 90 and a half"', "90", "AGE"),
    # a spelled age after a person, a bare "y", header forms
    ("she is ninety-six and sharp as a tack", "ninety-six", "AGE"),
    ("90y F w/ uti", "90", "AGE"),
    ("DOB 1/2/1931 (94 y)", "94", "AGE"),
    ("Age (yrs): 92", "92", "AGE"),
    ("Sex/Age: F/93", "93", "AGE"),
]

# (sentence, a word that must NOT be tagged at all)
NEGATIVES = [
    # doses and ratios that look like a month/day
    ("NPH 10/12 units ac breakfast/dinner", "10/12"),
    ("insulin 10/12 units per sliding scale", "10/12"),
    ("BP 120 / 80 lying, 110 / 70 standing", "120"),
    ("strength 4 / 5 in the right arm", "4 / 5"),
    ("MoCA 21 / 30 today", "21"),
    ("scored 10 / 30 on the MoCA", "10 / 30"),
    ("grips 5/5 and 4/5 bilaterally", "4/5"),
    ("pain 8/10 and 6/10 after dilaudid", "6/10"),
    ("take 1/2 and 1/4 tab alternating days", "1/4"),
    ("percocet 5/325mg 1 tab q6h", "5/325"),
    ("vent 12/5/40at rest", "12/5/40"),
    # ranges of quantities before a month word
    ("2-3 mar tablets", "2-3"),
    ("sats 2 to 3 dec from baseline", "2 "),
    ("Oct 12 to 16 days of abx", "16"),
    # clock times after until / since / around
    ("NPO until 2000 for the CT", "2000"),
    ("she was on levophed since 2015, weaned off", "2015"),
    ("heparin gtt started 2015 per protocol", "2015"),
    ("will stay until 2030 then go home", "2030"),
    ("Hold tube feeds until 2017, he is going to IR", "2017"),
    ("patients were enrolled from 1990 until 1995 in two centres", "1995"),
    ("the method was used until 1995 in Europe", "1995"),
    ("vitamin b. 1200 mcg daily", "1200"),
    ("pH 7.35-7.45 normal range", "7.35"),
    ("ph 12-14 hours later", "12-14"),
    # delivery times and counts, not years
    ("SVD at 2015, male infant, apgars 8/9", "2015"),
    ("SVD 2000 mL EBL", "2000"),
    # vital signs and numbers that look like ages
    ("sat in the 90s, lived to tell", "90s"),
    ("HR 97 at rest", "97"),
    ("temp trended down to 99 overnight", "99"),
    ("the plant was turned ninety degrees", "ninety"),
    ("I'm 95% sure she took it", "95"),
    ("pt is ninety percent better today", "ninety"),
    ("T 98 y axillary", "98"),
    ("dosage: F/90 ratio", "90"),
    ("patients aged twenty to ninety-two years underwent surgery", "ninety-two"),
    # glued obstetric forms and spinal levels
    ("31 yo G3P1011 at 36w2d", "G3P1011"),
    ("stenosis at L4-5 and C5/6", "L4-5"),
]


@pytest.mark.parametrize(("text", "word", "label"), POSITIVES)
def test_tagged(deid: Deidentifier, text: str, word: str, label: str) -> None:
    assert _covered(deid, text, word, label), (text, word)


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_not_tagged(deid: Deidentifier, text: str, word: str) -> None:
    i = text.index(word)
    hits = [s for s in deid.detect(text) if s.start < i + len(word) and i < s.end]
    assert not hits, (text, word, [(text[s.start:s.end], s.label) for s in hits])
