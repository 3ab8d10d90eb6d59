"""Dates, phones, ids and ages in the styles of real ICU notes: one table per miss and
false-positive category of issue 14, each with the text, the exact spans expected and
negatives alongside (presidio's recognizer tests are the model). Every example is invented.
"""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier, RulesDetector, merge_spans

_ID_LABELS = {"MRN", "ACCOUNT", "HEALTHPLAN", "DEVICE", "PLATE", "SSN"}


def _found(text: str, labels: set[str]) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.label) for s in merge_spans(RulesDetector().detect(text))
            if s.label in labels]


def _dates(text: str) -> list[str]:
    return [t for t, _ in _found(text, {"DATE"})]


# --- dates that real notes write without a cue or a full day --------------------------------
BARE_MONTH_DAY = [
    ("extubated at 2pm 8/28, tol well", ["8/28"]),
    ("EGD by Dr Varn 3/15: varices banded x3", ["3/15"]),
    ("L chest tube removed 4/6.", ["4/6"]),
    ("Plan: family meeting 5/5 w/ palliative", ["5/5"]),
    ("Echo 3/10 EF 55%, mild MR", ["3/10"]),
    ("S/P COILING L PCOMM ANEURYSM 11-14. POST BLEED DAY 5", ["11-14"]),
    ("st changes unchanged from 2-19 per dr oste", ["2-19"]),
    ("triage 1410 may 7\n31f walk in", ["may 7"]),
    ("picc placement 6/6.. skin intact", ["6/6"]),
    ("abd soft, last bm 2/6. flagyl iv", ["2/6"]),
    ("family meeting set for 3/3 3:00 w team", ["3/3"]),
    ("CXR PA/LAT 2/3 09:00\nREASON: sob", ["2/3"]),  # a clock time after: a date
    ("MEDICINE PROGRESS NOTE 3/6\nS: less sob", ["3/6"]),
    ("ADMITTED 5-19-9 FROM OSH WITH UROSEPSIS", ["5-19-9"]),  # a one-digit year
    ("CT ABD   Accession RX1122   9-14-9\nHISTORY", ["9-14-9"]),
]
MONTH_YEAR = [
    ("hx crohn's s/p partial colectomy 1/98, HTN", ["1/98"]),
    ("PMH: CABG 1/78, HTN, DM2", ["1/78"]),
    ("COMPARISON: Prior films 10/73 and today", ["10/73"]),
    ("Prior admissions 3/77 for chf", ["3/77"]),
]
TWO_DIGIT_YEARS = [
    ("PMH: CHF, CABG 98, AFib (coumadin)", ["98"]),
    ("HX CABG 81, REDO 84, PPM", ["81", "84"]),
    ("S/P MI 81, AFIB ON COUMADIN", ["81"]),
]
FOUR_DIGIT_YEARS = [
    ("s/p MI 1992, stents x2", ["1992"]),
    ("pt says he quit smoking 2009, 60 pk yr hx", ["2009"]),
    ("PSH: c-section x2 (2006, 2010).", ["2006", "2010"]),
    ("66M with prior appendectomy (1983) and hernia repair", ["1983"]),
    ("Background: pt widowed (1994), retired teacher", ["1994"]),
    ("Tdap 2016 per pt.", ["2016"]),
    ("HX CHF EF 15%, AS, CVA 2012, DEMENTIA", ["2012"]),
    ("LTC resident since 2018.", ["2018"]),
    ("nodule unchanged since 2021, likely benign", ["2021"]),
    ("COPD, 3rd admission in 2020. LACE 14", ["2020"]),
    ("Compared to 2015, MR has progressed", ["2015"]),
]
MONTH_ALONE = [
    ("seen at the memory clinic in oct. wife to bring list", ["oct"]),
    ("after stopping methimazole in April; transferred", ["April"]),
    ("3rd admission in 6 months (May, July, now).", ["May, July"]),
    ("hospitalized in December with a COPD flare", ["December"]),
]


@pytest.mark.parametrize("text,expected", BARE_MONTH_DAY + MONTH_YEAR + TWO_DIGIT_YEARS
                         + FOUR_DIGIT_YEARS + MONTH_ALONE,
                         ids=[t for t, _ in BARE_MONTH_DAY + MONTH_YEAR + TWO_DIGIT_YEARS
                              + FOUR_DIGIT_YEARS + MONTH_ALONE])
def test_dates_real_notes_write_are_found(text, expected):
    assert _dates(text) == expected


# --- look-alikes that must stay: vent settings, vitals, labs, fractions, times, ranges -----
NOT_DATES = [
    "VENT: PSV 10/5 FIO2 35%", "PS 12/5 overnight", "AC 12/10/40% PEEP 8",
    "on bipap 12/5 40% most of noc", "D5 1/2 NS @ 100", "1/2 NS at 75/hr", "flowby 6/3",
    "ABG 7.43/41/76/28", "abg 7.31/48/72/23 after change", "BP 120/80", "BP 88/40 on levo",
    "DTRs 2/2 bilat", "reflexes 2/2", "Apgars 8/9, BW 3300 g", "strength 5/5 x4",
    "c/o pain 3/10", "grips 4/5", "CIWA 12-16, ATIVAN 2MG X3 (2000, 0130, 0500)",
    "IS 1250", "bolus in 2000 mL", "shift 1900 to 0700", "worked on 3-11 shift",
    "ICD 10 code", "Ca 10 repleted", "MI 81 yrs ago?", "will call by march",
    "(may be positional)", "somatosensory (SEP) latency", "type 1 may indicate",
    "GCS 3-15", "EF 55-60%", "abx 7-10 days",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_measures_and_ratios_are_not_dates(text):
    assert _dates(text) == []


TIMES = ["lasix at 6pm", "K repleted at 0600", "K 3.2 at 14:30", "FAMILY IN @ 1915",
         "weaned to RA by 1100", "rpt @ 1400 27.5"]


@pytest.mark.parametrize("text", TIMES)
def test_times_of_day_are_not_phi_by_default(text):
    assert [s for s in Deidentifier().detect(text) if s.label == "DATE"] == []
    assert any(s.label == "DATE" for s in Deidentifier(times=True).detect(text))


# --- phones, pagers and extensions --------------------------------------------------------
PHONES = [
    ("covering MD pager #47391", ["47391"]),
    ("Renwood, NP, palliative   beeper 4-5678", ["4-5678"]),
    ("covering MD paged at 3-2219.", ["3-2219"]),
    ("call the pod b desk at x7-3391 if needed", ["x7-3391"]),
    ("spoke with intake at ext 4410.", ["4410"]),
    ("wife's cell 617- 555- 0123", ["617- 555- 0123"]),
    ("son's # 978 555 0174 at work", ["978 555 0174"]),
    ("clinic (617)555-0123", ["(617)555-0123"]),
    ("old chart faxed to 6175550142.. gu foley", ["6175550142"]),  # ten bare digits
    ("sister, work number 4025550118 ext 3471.", ["4025550118", "3471"]),
]
NOT_PHONES = ["SVR 900-1300", "SVR 1050 (NORMAL 800-1200)", "infused 500-1000 mL",
              "range, 733-2831 pmol/L", "PLT 150-400", "x 1000 mL bolus", "MRN 6175550123",
              "acct # 8005550100", "1234567890 mL"]


@pytest.mark.parametrize("text,expected", PHONES, ids=[t for t, _ in PHONES])
def test_pagers_and_split_phones(text, expected):
    assert [t for t, _ in _found(text, {"PHONE", "FAX"})] == expected


@pytest.mark.parametrize("text", NOT_PHONES)
def test_ranges_are_not_phones(text):
    assert _found(text, {"PHONE", "FAX"}) == []


# --- identifiers after a cue, in any shape --------------------------------------------------
IDS = [
    ("state newborn screen sent, kit # NB7712093.", [("NB7712093", "ACCOUNT")]),
    ("MRN: 00912233   ACC#: RAD19-2204-0711\n", [("00912233", "MRN"), ("RAD19-2204-0711",
                                                                         "ACCOUNT")]),
    ("Name: Orlen, Ada   Acc: US-0044321   Exam", [("US-0044321", "ACCOUNT")]),
    ("EAP through employer, ref HFX-55120.", [("HFX-55120", "ACCOUNT")]),
    ("chair van booked, conf# QMV11203.", [("QMV11203", "ACCOUNT")]),
    ("VNA start 12/6, referral #LVNA-40023.", [("LVNA-40023", "ACCOUNT")]),
    ("protective services intake # APS-19-22301,", [("APS-19-22301", "ACCOUNT")]),
    ("CDL # NHL0992213.", [("NHL0992213", "ACCOUNT")]),
    ("accident report number 19-2231-XB;", [("19-2231-XB", "ACCOUNT")]),
    ("old plan member id QRX 55120 8830, sw to call", [("QRX 55120 8830", "HEALTHPLAN")]),
    ("Medicaid (ID NH00991122) for LTC", [("NH00991122", "HEALTHPLAN")]),
    ("subscriber ID GTU1102293, group 52-118.", [("GTU1102293", "HEALTHPLAN"),
                                                 ("52-118", "HEALTHPLAN")]),
    ("supplement policy PLN-5512-0021-7.", [("PLN-5512-0021-7", "HEALTHPLAN")]),
    ("Holter monitor (serial HM-44-220913) worn", [("HM-44-220913", "DEVICE")]),
    ("D: 4/1/09 T: 26-Aug-2011 JOB# 551932", [("551932", "ACCOUNT")]),
]
NOT_IDS = ["RESP: A/C 700x12 40% PEEP 5", "A/C 600X14", "ID: TMAX 101.2 @ 0400",
           "ID: WBC 14000, on vanc", "group B strep neg", "order 1000 mL NS", "plan 2 days",
           "member of team 1234"]


@pytest.mark.parametrize("text,expected", IDS, ids=[t for t, _ in IDS])
def test_cued_identifiers_of_any_shape(text, expected):
    assert _found(text, _ID_LABELS) == expected


@pytest.mark.parametrize("text", NOT_IDS)
def test_vent_volumes_and_headers_are_not_ids(text):
    assert _found(text, _ID_LABELS) == []


# --- ages over 89 written with the sex -----------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("HPI: 93M w/ ischemic CM", ["93"]), ("9-9-22 0210 92F BIBA from home", ["92"]),
    ("Tmax 99F overnight", []), ("temp 98F", []), ("94 yo widow", ["94"]),
])
def test_ages_with_sex(text, expected):
    assert [t for t, _ in _found(text, {"AGE"})] == expected


# --- ST (the ECG segment) is no street suffix ----------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("EKG: 2 MM ST DEPRESSION V4-V6", []), ("1 mm ST elevation in II", []),
    ("lives at 14 Elm St, Norburn", ["14 Elm St"]), ("19 N Main St", ["19 N Main St"]),
    ("moved to 7 Larch Street, Unit 3C, alston", ["7 Larch Street, Unit 3C"]),
])
def test_st_segment_is_not_an_address(text, expected):
    assert [t for t, _ in _found(text, {"ADDRESS"})] == expected
