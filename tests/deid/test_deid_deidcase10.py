"""Session 10, deidcase10: notes typed all lower case or ALL CAPS are read through a
case-normalised view (``meddx.deid._case_view``). Positives across types in both cases, and
look-alikes (common words that are names, clinical abbreviations) that must stay untouched."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier, Span
from meddx.deid._case_view import case_view
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def test_view_keeps_length_and_skips_mixed_case():
    text = "pt seen by dr. okonkwo, transferred from heywood hospital. will f/u.\n" * 3
    view = case_view(text)
    assert view is not None and len(view) == len(text)
    assert "Dr. Okonkwo" in view and "Heywood Hospital" in view
    assert "will f/u" in view  # a common word that is a name stays lower case
    # words far from any proper noun are blanked: the second pass reads only the windows
    assert "wean" not in case_view("seen by dr. okonkwo today. stable overnight, plan to wean in am")
    assert case_view("Pt seen by Dr. Okonkwo today; stable, plan to wean.") is None
    # nothing to add where the spans found as written cover every proper noun
    flat = "pt seen by dr. okonkwo today, stable"
    assert case_view(flat, [Span(14, 22, "NAME")]) is None
    # a mixed-case note with one capitals header line gets no view
    assert case_view("DISCHARGE SUMMARY\n" + "Seen by Dr. Okonkwo, stable and improving.\n" * 4) is None
    # characters whose case change would change the length are kept
    odd = "pt seen by dr. okonkwo at the stra\u00dfe clinic today and stable"
    assert len(case_view(odd)) == len(odd)


@pytest.mark.parametrize("case", [str.lower, str.upper])
@pytest.mark.parametrize(("text", "word", "label"), [
    ("Husband Dennis called from Fitchburg at 1015, updated by this RN.", "Dennis", "NAME"),
    ("Husband Dennis called from Fitchburg at 1015, updated by this RN.", "Fitchburg", "LOCATION"),
    ("Plan to wean per Dr. Okonkwo in the morning.", "Okonkwo", "NAME"),
    ("Pt was transferred from Heywood Hospital on 3/14 for higher care.", "Heywood Hospital", "HOSPITAL"),
    ("Son Kyle Whitcombe lives in Leominster and will visit.", "Kyle Whitcombe", "NAME"),
    ("Follow up with Dr. Pettigrew at clinic next week.", "Pettigrew", "NAME"),
    ("Contact wife at 978-555-0142 with any change.", "978-555-0142", "PHONE"),
    ("ESRD on HD at Kestrel Dialysis Center in the afternoons.", "Kestrel Dialysis Center", "HOSPITAL"),
    ("She is a resident of Oakhurst Manor, with dementia.", "Oakhurst Manor", "HOSPITAL"),
])
def test_flat_case_positives(deid, case, text, word, label):
    t = case(text)
    assert covered(deid, t, case(word), label)


@pytest.mark.parametrize("case", [str.lower, str.upper])
@pytest.mark.parametrize(("text", "word"), [
    ("Will f/u with PT next week, may need OT.", "may"),
    ("Bill to insurance; mark the site, hope for the best.", "mark"),
    ("Bill to insurance; mark the site, hope for the best.", "hope"),
    ("Hx MS on Ocrevus; CA 19-9 pending; seen by PA today.", "MS"),
    ("Hx MS on Ocrevus; CA 19-9 pending; seen by PA today.", "CA"),
    ("Rose colored sputum, sue for nothing, patient will walk.", "Rose"),
    ("Propofol gtt at 20 mcg/kg/min, Parkinson disease, CPAP 8.", "Parkinson"),
    ("Seen in pain clinic today, then to the cancer center.", "pain clinic"),
    ("Seen in pain clinic today, then to the cancer center.", "cancer center"),
    ("Pt recs rehab; per ophtho no change; MR brain negative.", "ophtho"),
    ("Neuro: A&Ox3, MAE, follows commands. ETT 4 cm above carina.", "MAE"),
    ("Neuro: A&Ox3, MAE, follows commands. ETT 4 cm above carina.", "carina"),
])
def test_flat_case_lookalikes(deid, case, text, word):
    t = case(text)
    assert not covered(deid, t, case(word))


def test_lower_case_clinical_shorthand_is_not_a_facility(deid):
    # (in capitals the detectors as written already read "RECS REHAB" as a facility)
    assert not covered(deid, "pt recs rehab; per ophtho no change.", "recs")
    # (in lower case the name rules as written read "mr brain" as a title and a name)
    assert not covered(deid, "MR BRAIN W/WO: NEGATIVE.", "BRAIN")


@pytest.mark.parametrize("text", ["She owns", "pt runs", "HUSBAND MANAGES"])
def test_note_ending_on_an_ownership_verb_does_not_crash(deid, text):
    # the view's windows end where the text goes on; so may a note
    assert deid.detect(text) == []


def test_kinds_of_care_do_not_open_a_facility_name_in_lower_case(deid):
    text = "patients admitted to the major state maternity hospital"
    assert not covered(deid, text, "maternity")
    # (in capitals the detectors as written already take "MAJOR STATE MATERNITY HOSPITAL")
