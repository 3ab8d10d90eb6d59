"""Date, identifier and phone formats as clinicians write them in passing (issue: de-id
formats that generalise). Table-driven: each text with the exact strings the rules detector
tags and their labels, then look-alikes that must stay untagged. The sentences were written
for this test from how notes are written (ICU nursing in lower case and caps, discharge
summaries, radiology, ED, telephone notes), not copied from any corpus."""

from __future__ import annotations

import pytest

from meddx.deid import RulesDetector, merge_spans, shift_date


def _tagged(text: str) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.label) for s in merge_spans(RulesDetector().detect(text))]


def _dates(*values: str) -> list[tuple[str, str]]:
    return [(v, "DATE") for v in values]


DATES = [
    # a weekday is tagged with the date after it, and makes an ambiguous M/D a date
    ("pt seen Thurs 5/15 by surgery", _dates("Thurs 5/15")),
    ("plan: rpt CT tues 3/4", _dates("tues 3/4")),
    ("Tues, 3/4: pt agitated", _dates("Tues, 3/4")),
    ("wed 6/5 rpt echo", _dates("wed 6/5")),
    ("MONDAY 1/6/20 - CT ABD", _dates("MONDAY 1/6/20")),
    ("Monday, January 3, 2019", _dates("Monday", "January 3, 2019")),
    # a day of the month alone, after a date word or a weekday
    ("family meeting Sunday the 12th", _dates("Sunday the 12th")),
    ("fell on the 12th, came in today", _dates("the 12th")),
    ("nausea since the 3rd", _dates("the 3rd")),
    ("HD#3, extubated on the 21st", _dates("the 21st")),
    ("ON THE 2ND AT 0400 PT FELL", _dates("THE 2ND")),
    ("abx from the 3rd to the 5th.", _dates("the 3rd to the 5th")),
    # month names in any case, abbreviated, with or without a period or an ordinal
    ("symptoms began feb 3rd", _dates("feb 3rd")),
    ("LAST DOSE SEPT. 21", _dates("SEPT. 21")),
    ("Admitted 21 Sept 2019 with CHF", _dates("21 Sept 2019")),
    ("onset 3rd of March", _dates("3rd of March")),
    ("on March third pt", _dates("March third")),
    ("the twenty-first of June", _dates("the twenty-first of June")),
    ("last echo March '19", _dates("March '19")),
    ("worse since mid-March", _dates("mid-March")),
    ("worse since mid-march", _dates("mid-march")),
    ("pt states symptoms started in early feb", _dates("early feb")),
    ("f/u June with cards", _dates("June")),
    ("rtc Dec", _dates("Dec")),
    ("Prior admissions 6/70 and May.", _dates("6/70", "May")),
    ("F/U: pulm clinic July, then PCP", _dates("July")),
    # holidays name one day
    ("came in over Thanksgiving", _dates("Thanksgiving")),
    ("fell on Christmas Eve", _dates("Christmas Eve")),
    ("SINCE NEW YEAR'S DAY", _dates("NEW YEAR'S DAY")),
    # numeric dates after cues, glued to the study, in ranges and lists
    ("d/c'd 5/15", _dates("5/15")),
    ("CXR5/15 clear", _dates("5/15")),
    ("s/p cabg 3/19", _dates("3/19")),
    ("adm 3/4", _dates("3/4")),
    ("on abx 5/15 to 5/18", _dates("5/15", "5/18")),
    ("abx 3/4 - 3/6", _dates("3/4", "3/6")),
    ("cx 5/15, 5/3 neg", _dates("5/15", "5/3")),
    ("12/24/18-12/28/18 in rehab", _dates("12/24/18-12/28/18")),
    ("5/5 - ct done", _dates("5/5")),
    ("3/4:\nfebrile", _dates("3/4")),
    ("rpt echo 3/4@0800", _dates("3/4")),
    ("dx DM 3/04", _dates("3/04")),
    ("since 11-2019", _dates("11-2019")),
    ("[5/15/19] ct head neg", _dates("5/15/19")),
    ("labs 3/4 stable", _dates("3/4")),
    ("3/4 cxr: rll infiltrate", _dates("3/4")),
    ("yesterday 3/4 pt fell", _dates("3/4")),
    ("Pt seen in ED 3/2 for CP, d/c home 3/3.", _dates("3/2", "3/3")),
    ("Admitted 3/4, extubated 3/6, called out 3/8.", _dates("3/4", "3/6", "3/8")),
    ("pt will return on the 3rd for suture removal", _dates("the 3rd")),
    ("admitted on 5/23/15 with volume overload 2/2 CHF", _dates("5/23/15")),
]

NOT_DATES = [
    "strength 5/5, 4/5 LLE",
    "take 1/2 - 3/4 tab",
    "cultures 2/2 positive",
    "Bcx 2/2 GPC in clusters",
    "PSV 12/5, sedation held, RASS 1/2",
    "Pain 4/10, dilaudid 0.5 mg with relief to 2/10",
    "EGA 38 2/7 weeks, G2P1001",
    "2/4 bottles positive",
    "on the 3rd day of abx",
    "the 2nd time this week",
    "since the 3rd dose",
    "on the 4th floor",
    "before the 12th week of gestation",
    "Easter Seals van to appt",
    "PCP: Dr. Easter Gilmore",
    "may first try the nebs",
    "L4/5 disc, C5/6 stenosis",
    "pain 3/4 now",
    "eye opening 3/4",
    "on Friday pt fell",
    "sat 3/4, on 2L",
    "Wed 5 mg given",
    "1/2 - 1 tab po q4h prn",
    "heparin 1-2000 units/hr",
    "Christmas disease (factor IX)",
    "given 1/2 tab",
    "received 1/2 of the dose",
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_dates_in_passing(text: str, expected: list[tuple[str, str]]) -> None:
    assert _tagged(text) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_date_look_alikes_stay_untagged(text: str) -> None:
    assert [t for t in _tagged(text) if t[1] == "DATE"] == []


IDS = [
    ("FIN 44521987", [("44521987", "ACCOUNT")]),
    ("Enc #: 55123", [("55123", "ACCOUNT")]),
    ("Encounter 778812345", [("778812345", "ACCOUNT")]),
    ("hosp # 123-45-678", [("123-45-678", "MRN")]),
    ("pt's Hosp. No. 7712345", [("7712345", "MRN")]),
    ("MRN 123 45 67", [("123 45 67", "MRN")]),
    ("ID #: 009981234", [("009981234", "ACCOUNT")]),
    ("Rad #: 20190512-0034", [("20190512-0034", "ACCOUNT")]),
    ("Exam #: 88123", [("88123", "ACCOUNT")]),
    ("Reg # 8812345", [("8812345", "ACCOUNT")]),
    ("Rx #: 1234567", [("1234567", "ACCOUNT")]),
    ("Acc. #: 12345", [("12345", "ACCOUNT")]),
    ("Path #: S19-12345", [("S19-12345", "ACCOUNT")]),
    ("Surgical pathology S19-12345 shows", [("S19-12345", "ACCOUNT")]),
    ("SP-19-004432 reviewed", [("SP-19-004432", "ACCOUNT")]),
    # no cue: seven or more digits, or letters and six digits
    ("SMITH, JOHN  4471093  ADM 3/4", [("4471093", "ACCOUNT"), ("3/4", "DATE")]),
    ("ref to pt #0045512", [("0045512", "ACCOUNT")]),
    ("labels sent w/ AB1234567", [("AB1234567", "ACCOUNT")]),
    # the cued pattern keeps its label
    ("Holter (serial HM-30-118854) worn", [("HM-30-118854", "DEVICE")]),
    ("Medicare ID 1066100.", [("1066100", "HEALTHPLAN")]),
]

NOT_IDS = [
    "EXAM: HR 110 BP 132/80",
    "LABS ON ADMISSION: NA 143 K 3.9",
    "Date of admission: 2-May-2009",
    "Date: MAY-08-2015",
    "trial NCT01234567 enrolled 120",
    "cost $1250000 per year",
    "heparin 1000000 units",
    "HIV VL 1250000 copies/mL",
    "COVID-19, HLA-B27, L4-5",
    "ICD-10 I50.9 CHF",
    "ID: TMAX 101.2",
    "ID: HR 110, on vanc",
    "CPT 99213",
    "Unit 2 PRBC hung",
]


@pytest.mark.parametrize(("text", "expected"), IDS)
def test_identifiers(text: str, expected: list[tuple[str, str]]) -> None:
    assert _tagged(text) == expected


@pytest.mark.parametrize("text", NOT_IDS)
def test_identifier_look_alikes_stay_untagged(text: str) -> None:
    ids = {"MRN", "ACCOUNT", "HEALTHPLAN", "DEVICE", "SSN", "PLATE"}
    assert [t for t in _tagged(text) if t[1] in ids] == []


PHONES = [
    ("pg 1234", [("1234", "PHONE")]),
    ("p#4-1234", [("4-1234", "PHONE")]),
    ("paged dr x @ 4-1234", [("4-1234", "PHONE")]),
    ("spectralink 4-5678", [("4-5678", "PHONE")]),
    ("bpr 58832", [("58832", "PHONE")]),
    ("cb# 6175550199", [("6175550199", "PHONE")]),
    ("phone: 555 0199", [("555 0199", "PHONE")]),
    ("+44 20 7946 0958", [("+44 20 7946 0958", "PHONE")]),
    ("Tel. 617/555-0199", [("617/555-0199", "PHONE")]),
    ("(617)-555-0199", [("(617)-555-0199", "PHONE")]),
    ("Fax: 617.555.0199", [("617.555.0199", "FAX")]),
]

NOT_PHONES = [
    "0800-1600",
    "plt 150-400",
    "lasix 40-80 mg",
    "called x2 about 1-2000 mL",
    "+2 edema, +1 pulses",
    "pt called 3-4 times",
    "R knee flex 110, ext 10",
]


@pytest.mark.parametrize(("text", "expected"), PHONES)
def test_phones(text: str, expected: list[tuple[str, str]]) -> None:
    assert _tagged(text) == expected


@pytest.mark.parametrize("text", NOT_PHONES)
def test_phone_look_alikes_stay_untagged(text: str) -> None:
    assert [t for t in _tagged(text) if t[1] in ("PHONE", "FAX")] == []


def test_shift_date_shifts_a_range_of_full_dates() -> None:
    assert shift_date("12/24/18-12/28/18", 10) == "01/03/19-01/07/19"
    assert shift_date("5/15/2019 - 5/18/2019", 10) == "5/25/2019 - 5/28/2019"
    assert shift_date("12th", 10) is None  # no month: the caller redacts it


def test_shift_date_moves_a_weekday_by_the_same_days() -> None:
    assert shift_date("Thurs", 3) == "Sun"
    assert shift_date("MONDAY", 3) == "THURSDAY"
    assert shift_date("wed.", 3) == "sat."
    assert shift_date("tue", 7) == "tue"


# A page of note lines in several styles: each PHI string must be covered (every letter and
# digit inside a tagged span, the bench's rule), whatever the exact span.
NOTE_LINES = [
    ('TELEPHONE ENCOUNTER 3/14/19 10:42 AM', ['3/14/19']),
    ("Pt's daughter called back @ 617 555 0143, wants appt before the 20th.", ['617 555 0143', '20th']),
    ('Called pharmacy (CVS 555-0176) re: refill, faxed rx to 555-0177.', ['555-0176', '555-0177']),
    ('Spoke w/ pt on Tues re: labs from last Fri (3/8).', ['3/8']),
    ('Pt seen in ED 3/2 for CP, d/c home 3/3.', ['3/2', '3/3']),
    ('Last colonoscopy 2/2016, next due 2/2021.', ['2/2016', '2/2021']),
    ('Pt reports LMP 2 wks ago (~3/1).', ['3/1']),
    ('Admitted 3/4, extubated 3/6, called out 3/8.', ['3/4', '3/6', '3/8']),
    ('Hx: MI 2/2012 s/p PCI to LAD, CABG x3 Dec 2015.', ['2/2012', 'Dec 2015']),
    ('CT A/P 2/28: no acute findings. Compared with 11/12/18.', ['2/28', '11/12/18']),
    ('Exam date: 03.14.2019   Accession: RA-19-0045521', ['03.14.2019', 'RA-19-0045521']),
    ('Ordering MD pager 34412. Results called to RN at x5-4411.', ['34412', '5-4411']),
    ('EDD 9/22/19 by 8 wk US.', ['9/22/19']),
    ("Pt's next infusion is scheduled for Wed the 20th.", ['Wed', '20th']),
    ('ON 3/11 PT WAS FOUND DOWN. EMS CALLED, BIBA.', ['3/11']),
    ('PT WAS SEEN BY CARDS ON MONDAY 3/11.', ['3/11']),
    ('Surgery 4/1/19 (R TKA), complicated by DVT 4/15.', ['4/1/19', '4/15']),
    ('Path: SP19-04421 - benign.', ['SP19-04421']),
    ('MRN 0041 5532', ['0041 5532']),
    ('pt ID# 00415532', ['00415532']),
    ('Acct no 1029 3384 21', ['1029 3384 21']),
    ('Health plan ID: ZXK 448 221 09', ['448 221 09']),
    ('callback number 617-555-0112 (cell)', ['617-555-0112']),
    ("contact: Jane's cell 555-0199", ['555-0199']),
    ('fax to (617) 555 0188', ['617) 555 0188']),
    ('pt will return on the 3rd for suture removal', ['3rd']),
    ("Dx'd with breast ca in 2011, s/p lumpectomy 03/2011.", ['2011', '03/2011']),
    ('Since Sept., wt loss of 10 lbs.', ['Sept']),
    ('Started on lasix in Aug and held since 9/15.', ['Aug', '9/15']),
    ('Pt here from 3/3-3/9, re-admitted 3/12.', ['3/3-3/9', '3/12']),
    ('Cath 1/19/2019 showed 3VD.', ['1/19/2019']),
    ('Flu shot 10/2018. Tdap 2015.', ['10/2018']),
    ('Admission Date: [**3/4/2019**]', ['3/4/2019']),
    ('Seen Jan. 3rd, Feb. 2nd & Mar. 1st.', ['Jan. 3rd', 'Feb. 2nd', 'Mar. 1st']),
    ('On 1.3.19 pt fell at home.', ['1.3.19']),
    ('Date/Time: 2019-03-14 14:32', ['2019-03-14']),
    ('Specimen collected 03/14/2019 0800', ['03/14/2019']),
]

# ... and of headers, insurance and contact lines
NOTE_LINES += [
    ('Pt: Doe, J   MRN: 0012-4471   DOB: 02/11/1941', ['0012-4471', '02/11/1941']),
    ('Acct#: 9001234567 Adm: 03/02/2019 Dis: 03/09/2019', ['9001234567', '03/02/2019', '03/09/2019']),
    ('RADIOLOGY REPORT  ACC# 55129031  EXAM: CT HEAD W/O', ['55129031']),
    ('Order #: A1023344   Ordering: Dr. X', ['A1023344']),
    ('Encounter #: E019922341', ['E019922341']),
    ('Visit ID 4471-0092', ['4471-0092']),
    ('Unit Number: 44-71-09', ['44-71-09']),
    ('Member ID: W2211344901  Group #: 0045521', ['W2211344901', '0045521']),
    ('Medicaid ID 12345678AB', ['12345678AB']),
    ('BCBS ID: XYP 8812 3340', ['8812 3340']),
    ('MRN (hospital #) 4412093', ['4412093']),
    ('Specimen #: S-19-004412', ['S-19-004412']),
    ('Surgical Pathology Report S19-4412', ['S19-4412']),
    ('Pacemaker model ABC123, serial # PJN 445221', ['PJN 445221']),
    ("Pt's cell (617) 555-0101; home 617.555.0102; work 617-555-0103 x221",
     ['617) 555-0101', '617.555.0102', '617-555-0103', '221']),
    ("Dr. Lee's pager 4-4471; page operator at 617-555-0100.", ['4-4471', '617-555-0100']),
    ('Call back at 555 0104 after 5pm.', ['555 0104']),
    ('beeper #28811', ['28811']),
    ('Please fax records to 617-555-0105 attn: HIM', ['617-555-0105']),
    ("Pt's emergency contact: sister, 603-555-0106", ['603-555-0106']),
    ('LIC # D1234567', ['D1234567']),
    ('Plate: 7XYZ123 (MA)', ['7XYZ123']),
]

# A page of note lines without PHI: numbers, ratios, scores, ranges and weekdays alone.
PHI_FREE_LINES = [
    'Neuro: A&Ox3, PERRL 3mm brisk, MAE, follows commands. CN 2-12 intact.',
    'CV: NSR 80s-90s, SBP 100-120s, +2 pulses x4, no edema. K 3.8 repleted w/ 40 meq KCL.',
    'Resp: LS clear, on 2L NC sat 95%. CXR 3 views: no acute process. ABG 7.38/40/95.',
    'GI: tolerating TF @ 60 ml/hr, goal 70. BM x1. Abd soft, NT/ND.',
    'GU: foley draining clear yellow urine 30-50 cc/hr. Cr 1.1 from 1.4.',
    'ID: Tmax 100.4, WBC 12.3, on vanc 1250 mg q12 and zosyn 4.5 g q8. Bcx 2/2 GPC in clusters.',
    'Heme: hct 27.5, transfused 1 unit PRBC. Plt 150,000. INR 1.2.',
    'Skin: stage 2 sacral decub 3x4 cm, duoderm applied.',
    'Endo: RISS, FS 120-180s, lantus 20 units qhs.',
    'Social: wife at bedside, updated by MD. Full code.',
    'Plan: wean vent as tolerated, PSV 10/5 trial in am, f/u cx, repeat labs in am.',
    'Pt turned q2h. Pain 4/10, medicated with dilaudid 0.5 mg IV x2 with relief to 2/10.',
    'Received 2nd dose of ceftriaxone. 3rd day of abx. 1st unit of FFP hung at 1400.',
    'MONITOR SHOWS SR 70S WITH OCC PVCS. MAP > 65. LEVO AT 0.08 MCG/KG/MIN.',
    'NEURO CHECKS Q1H. GCS 10 (E3V2M5). ICP 12-15, CPP > 60.',
    'Dressing change done, 4x4s and kerlix. TLC R IJ day 5, site c/d/i.',
    'Echo: EF 35-40%, mild MR, RVSP 45. LVEDD 5.6 cm.',
    'PFTs: FEV1 1.2 L (45% predicted), FEV1/FVC 0.55.',
    'Vaccines: influenza 2019, pneumovax given. Hep B series x3.',
    'Mammogram BIRADS 2. Colonoscopy with 3 polyps removed.',
    'Pt has been on coumadin for 10 years, INR goal 2-3.',
    'Weight 82.5 kg (admit 85.1 kg). I/O +1.2 L. UOP 1650 mL/24h.',
    'Vitals: T 98.6 HR 88 BP 132/78 RR 18 SpO2 97% RA.',
    'Lytes: Na 138, K 4.1, Cl 101, HCO3 24, BUN 22, Cr 1.0, Glu 145, Ca 8.9, Mg 2.0, Phos 3.1.',
    'CBC: WBC 8.2, Hgb 10.1, Hct 30.2, Plt 245. Diff: 75% PMN.',
    'Lipid panel: TC 180, LDL 100, HDL 45, TG 150. A1c 7.8%.',
    'TSH 2.35, free T4 1.1. Vitamin D 18. B12 350. Ferritin 45.',
    'UA: SG 1.015, pH 6.0, 1+ protein, neg LE/nitrite, 0-2 WBC, 3-5 RBC.',
    'Med rec: metoprolol 25 mg bid, lisinopril 10 mg daily, ASA 81, atorvastatin 40 qhs.',
    'Allergies: PCN (rash), sulfa.',
    'The patient is on the 4th floor, room 4123, bed 2.',
    'Apgars 8 and 9 at 1 and 5 min. G2P1001. EGA 38 2/7 weeks.',
    'RTC 2-3 weeks. Call with questions. Follow-up labs in 1 week.',
    'GOALS: SBP<140, glucose 140-180, Na 145-155, ICP<20.',
    'ROM: shoulder flex 0-150, abd 0-120, ext 0-45. Knee ext -5.',
    'Strength 4+/5 RUE, 5/5 LUE, 3/5 RLE, 4/5 LLE. DTRs 2+ symmetric.',
    'The study enrolled 1234 patients between 2001 and 2005 (NCT00123456).',
    'Dose: 1,000,000 units of penicillin G. Cost $125000.',
    'Pt with 1 pack/day x 40 yrs = 40 pk-yr. Quit 2 yrs ago.',
    'Scheduled for EGD next tuesday. Discussed with family on Monday.',
    'Pt states she takes 1/2 tab of ambien on Mon, Wed, Fri.',
    'Given tylenol 650 x1 on the 1st shift.',
    'Sunday pt had 2 episodes of emesis. Saturday afternoon family visited.',
    'Intubated in the field, GCS 3T. Transferred on the 5th hospital day.',
    'ECG: QTc 480, PR 200, QRS 110. Lead II.',
]


@pytest.mark.parametrize(("text", "phi"), NOTE_LINES)
def test_note_lines_phi_is_covered(text: str, phi: list[str]) -> None:
    covered = set()
    for span in RulesDetector().detect(text):
        covered.update(range(span.start, span.end))
    for value in phi:
        start = text.index(value)
        assert all(i in covered for i in range(start, start + len(value)) if text[i].isalnum()), value


@pytest.mark.parametrize("text", PHI_FREE_LINES)
def test_phi_free_lines_stay_untagged(text: str) -> None:
    labels = {"DATE", "MRN", "ACCOUNT", "HEALTHPLAN", "DEVICE", "PHONE", "FAX"}
    assert [t for t in _tagged(text) if t[1] in labels] == []
