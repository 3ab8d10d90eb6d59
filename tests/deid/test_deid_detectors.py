"""Detectors: table-driven, exact spans, with negative cases beside the positive ones."""

from __future__ import annotations

import pytest

from meddx.deid import (
    DETECTORS,
    Deidentifier,
    Detector,
    NameDetector,
    PlaceDetector,
    RulesDetector,
    Span,
    merge_spans,
    register_detector,
)
from meddx.errors import ConfigError


def _found(detector, text: str) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.label) for s in merge_spans(detector.detect(text))]


RULES = [
    # (text, expected (string, label) pairs, in order)
    ("Seen on 7/22 for f/u.", [("7/22", "DATE")]),
    ("Admitted 07-22-2019.", [("07-22-2019", "DATE")]),
    ("CT 2019-07-22 done", [("2019-07-22", "DATE")]),
    ("Started 22 Jul, doing well", [("22 Jul", "DATE")]),
    ("Seen July 22nd by team", [("July 22nd", "DATE")]),
    ("on Jul 22, 2019 pt", [("Jul 22, 2019", "DATE")]),
    ("MI back in '92, s/p stent", [("'92", "DATE")]),
    ("EGD 22/07/2019 normal", [("22/07/2019", "DATE")]),
    ("EKG 22.07.2019 NSR", [("22.07.2019", "DATE")]),
    ("DOS: 22-JUL-19", [("22-JUL-19", "DATE")]),
    ("Last seen Sept. 3rd, 2020.", [("Sept. 3rd, 2020", "DATE")]),
    ("quit smoking in March 2018", [("March 2018", "DATE")]),
    ("ADMITTED ON JUL 22 2019 FROM ED", [("JUL 22 2019", "DATE")]),
    ("Call 617-555-1234 or (617) 555-1234", [("617-555-1234", "PHONE"),
                                             ("(617) 555-1234", "PHONE")]),
    ("Fax: 617.555.9876", [("617.555.9876", "FAX")]),
    ("pager 12345 overnight", [("12345", "PHONE")]),
    ("mail j.doe@example.com", [("j.doe@example.com", "EMAIL")]),
    ("portal https://x.org/p?a=1.", [("https://x.org/p?a=1", "URL")]),
    ("see www.mgh.org/cardiology", [("www.mgh.org/cardiology", "URL")]),
    ("login from 192.168.0.12.", [("192.168.0.12", "IP")]),
    ("SSN 123-45-6789", [("123-45-6789", "SSN")]),
    ("MRN: 12345678", [("12345678", "MRN")]),
    ("Medical Record Number 00123456", [("00123456", "MRN")]),
    ("Acct #: 99-1234-5", [("99-1234-5", "ACCOUNT")]),
    ("Medicare ID 1EG4TE5MK73", [("1EG4TE5MK73", "HEALTHPLAN")]),
    ("Member ID: XZ12345678", [("XZ12345678", "HEALTHPLAN")]),
    ("pacemaker serial # PJN123456", [("PJN123456", "DEVICE")]),
    ("license plate 7XYZ123 in lot", [("7XYZ123", "PLATE")]),
    ("Boston, MA 02114", [("02114", "ZIP")]),
    ("zip code 60614-1234", [("60614-1234", "ZIP")]),
    ("Lives at 123 Main St with wife", [("123 Main St", "ADDRESS")]),
    ("moved to 45 Oak Avenue Apt 4 last year", [("45 Oak Avenue Apt 4", "ADDRESS")]),
    ("92 yo M with CHF", [("92", "AGE")]),
    ("age 94, lives alone", [("94", "AGE")]),
    ("a 93-year-old woman", [("93", "AGE")]),
    ("she is 101 y/o", [("101", "AGE")]),
]

RULES_NEGATIVE = [
    "Strength 5/5 bilaterally, 4/5 LE",
    "pain 7/10, now 3/10 after Tylenol",
    "1/2 tab PO BID",
    "PNA 2/2 aspiration",
    "BP 120/80 HR 88",
    "PT 17.5 INR 1.6 PTT 32",
    "Temp 99 F, Tmax 101F",
    "he is a 45 yo M with 89 mg/dL glucose",
    "1:10 dilution of epinephrine",
    "infuse at 1000 mL/hr",
    "he may 5 times a day",
    "in 2000 mL of NS",  # a year-like number before a unit ("follow-up visit in 2019" is
    # a DATE now: years about the patient's history are marked, as real notes' gold does)
    "range, 733-2831 pmol/L",
    "serial 12-lead ECGs",
    "a 20 minute drive from home",
    "SC 19220 antagonist",
]


@pytest.mark.parametrize("text,expected", RULES, ids=[t for t, _ in RULES])
def test_rules_find_exact_spans(text, expected):
    assert _found(RulesDetector(), text) == expected


TIMES = [  # times of day are DATE only with times=True (deid.times); not PHI by default
    ("Labs drawn at 14:35 and 2pm", [("14:35", "DATE"), ("2pm", "DATE")]),
    ("Pt fell at 0800, found 1400 hrs", [("0800", "DATE"), ("1400 hrs", "DATE")]),
    ("at 11:30 a.m. today", [("11:30 a.m.", "DATE")]),
]


@pytest.mark.parametrize("text,expected", TIMES, ids=[t for t, _ in TIMES])
def test_rules_find_times_only_with_times_on(text, expected):
    assert _found(RulesDetector(times=True), text) == expected
    assert _found(RulesDetector(), text) == []


@pytest.mark.parametrize("text", RULES_NEGATIVE)
def test_rules_leave_clinical_numbers_alone(text):
    assert _found(RulesDetector(), text) == []


NAMES = [
    ("Seen by Dr. Smith today", ["Smith"]),
    ("Seen by Dr. A. Bolton today", ["A. Bolton"]),
    ("Spoke with daughter Mary who agrees", ["Mary"]),
    ("Husband, John, at bedside", ["John"]),
    ("Pt's wife Rose called", ["Rose"]),
    ("Mrs. O'Brien-Smith and Mr. de la Cruz", ["O'Brien-Smith", "de la Cruz"]),
    ("Anne Kowalczyk, RN", ["Anne Kowalczyk"]),
    ("James T. Wilson, MD", ["James T. Wilson"]),
    ("Called Deborah re: labs", ["Deborah"]),
    ("Mary Rourke visited", ["Mary Rourke"]),
    ("Name: Xylo Qorbin", ["Xylo Qorbin"]),
    ("Dantor E. Hillman is a 55 y/o man", ["Dantor E. Hillman"]),
    ("Ms. Garcia is stable", ["Garcia"]),
    ("Dr. Bell saw the patient", ["Bell"]),
    # ALL CAPS
    ("PATIENT: JOHN SMITH", ["JOHN SMITH"]),
    ("SPOKE WITH WIFE MARY. DR. JONES AT BEDSIDE.", ["MARY", "JONES"]),
    ("PATIENT: SMITH, JOHN", ["SMITH, JOHN"]),
    ("DAUGHTER BELKA CALLED", ["BELKA"]),
    ("-- D. IXKASTATAL RN", ["D. IXKASTATAL"]),
    # an eponym that is also a name, right after a strong cue
    ("LIVES WITH FRIEND BELL MCKINNON.", ["BELL MCKINNON"]),
    ("spoke with wife Mallory", ["Mallory"]),
]

NAMES_NEGATIVE = [
    "Parkinson's disease, on Sinemet",
    "Dr. Foley catheter placed",
    "Foley in place, draining clear urine",
    "PT 17.5, INR 1.6",
    "MS flare, on steroids; MS is stable",
    "Bell's palsy, Down syndrome, Graves disease",
    "Crohn's disease and Hodgkin lymphoma; Alzheimer dementia",
    "Cushing syndrome, Addison's disease, Babinski sign negative",
    "Kaplan-Meier curves and a Mann-Whitney test",
    "Seen by Cardiology. Spoke with PT. Discussed with Pharmacy.",
    "Lasix 40 mg IV, Coumadin, Heparin drip, Zosyn",
    "Will continue current plan. May need PT.",
    "DAUGHTER REQUESTS UPDATES",
    "Wilson disease and Huntington's chorea",
    "hospital population in Hong Kong and Israel",
    "Patient: Foley catheter in place",
]


@pytest.mark.parametrize("text,expected", NAMES, ids=[t for t, _ in NAMES])
def test_names_with_cues_and_lists(text, expected):
    assert [s for s, _ in _found(NameDetector(), text)] == expected


@pytest.mark.parametrize("text", NAMES_NEGATIVE)
def test_medical_words_are_never_names(text):
    assert _found(NameDetector(), text) == []


PLACES = [
    ("Admitted to Mercy General Hospital today", [("Mercy General Hospital", "HOSPITAL")]),
    ("from St. Mary's Medical Center", [("St. Mary's Medical Center", "HOSPITAL")]),
    ("ADMITTED TO LAKESIDE NURSING HOME.", [("LAKESIDE NURSING HOME", "HOSPITAL")]),
    ("Lives in Springfield, IL with wife", [("Springfield", "LOCATION")]),
    ("Moved from Tucson last year", [("Tucson", "LOCATION")]),
    ("LIVES IN WORCESTER, MA.", [("WORCESTER", "LOCATION")]),
    ("Grew up in Eau Claire.", [("Eau Claire", "LOCATION")]),
    ("Harris County resident", [("Harris County", "LOCATION")]),
]

PLACES_NEGATIVE = [
    "Brief Hospital Course: uneventful",
    "Transferred from outside hospital. Hospital day 3.",
    "TRANSFERRED FROM OUTSIDE HOSPITAL",
    "Pt lives at home with daughter",
    "Discharged to rehab",
]


@pytest.mark.parametrize("text,expected", PLACES, ids=[t for t, _ in PLACES])
def test_places(text, expected):
    assert _found(PlaceDetector(), text) == expected


@pytest.mark.parametrize("text", PLACES_NEGATIVE)
def test_generic_places_are_not_phi(text):
    assert _found(PlaceDetector(), text) == []


def test_all_caps_note_end_to_end():
    text = "PATIENT: JOHN SMITH  MRN: 1234567\nSEEN BY DR. JONES ON 07/22/2019 AT 14:35."
    spans = Deidentifier().deidentify(text)
    assert spans.text == "PATIENT: [NAME]  MRN: [MRN]\nSEEN BY DR. [NAME] ON [DATE] AT 14:35."
    strict = Deidentifier(times=True).deidentify(text)
    assert strict.text == "PATIENT: [NAME]  MRN: [MRN]\nSEEN BY DR. [NAME] ON [DATE] AT [DATE]."


MERGE = [
    # same label: overlapping or touching spans are unioned
    ([(0, 5, "NAME"), (3, 9, "NAME")], [(0, 9, "NAME")]),
    ([(0, 5, "DATE"), (5, 8, "DATE")], [(0, 8, "DATE")]),
    # different labels: union of the extents, the higher-priority label wins
    ([(0, 20, "EMAIL"), (0, 4, "NAME")], [(0, 20, "EMAIL")]),
    ([(4, 10, "NAME"), (0, 14, "ADDRESS")], [(0, 14, "ADDRESS")]),
    ([(0, 10, "LOCATION"), (5, 25, "HOSPITAL")], [(0, 25, "HOSPITAL")]),
    # disjoint spans stay apart, sorted
    ([(10, 12, "AGE"), (0, 3, "NAME")], [(0, 3, "NAME"), (10, 12, "AGE")]),
    ([], []),
]


@pytest.mark.parametrize("spans,expected", MERGE)
def test_merge_policy(spans, expected):
    merged = merge_spans([Span(s, e, lab) for s, e, lab in spans])
    assert [(s.start, s.end, s.label) for s in merged] == expected


def test_registering_a_detector_twice_is_an_error():
    assert {"rules", "names", "places"} <= set(DETECTORS)
    with pytest.raises(ConfigError, match="already registered"):
        @register_detector("rules")
        class Again(Detector):
            def detect(self, text):
                return []


def test_unknown_detector_names_the_known_ones():
    with pytest.raises(ConfigError, match="unknown de-identification detector 'rulez'.*'rules'"):
        Deidentifier(detectors=["rulez"])


def test_a_registered_detector_plugs_in():
    name = "test-shouty"
    if name not in DETECTORS:
        @register_detector(name)
        class Shouty(Detector):
            def detect(self, text):
                i = text.find("SECRET")
                return [Span(i, i + 6, "NAME", self.name)] if i >= 0 else []

    assert Deidentifier(detectors=[name]).deidentify("a SECRET b").text == "a [NAME] b"
