"""Facility names told by the word right after them (``_facility_context``, session 10): a kind
of care in brackets, ambulance and air-medical services, a hospital department after a name
(also where a town rule typed the name LOCATION), hospital-shaped initials after a preposition or
before a clinic, and "<name> MC". Sentences written for these tests in several note styles
(mixed case, lower case, ALL CAPS); none comes from a note set. Each rule has positives (typed
HOSPITAL) and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


POSITIVES = [
    # a kind of care in brackets
    ("Lives at Sea View (SNF) since the stroke.", "Sea View"),
    ("Refer to Governor's Center (SNF) for rehab.", "Governor's Center"),
    ("Pt from Maple Court (assisted living), ambulates with walker.", "Maple Court"),
    ("lives at sea view (snf) w/ husband", "sea view"),
    ("PT RESIDES AT ORCHARD VALE (LTACH) SINCE JUNE.", "ORCHARD VALE"),
    ("Returned to Hillcrest Commons (nursing home) on hospice.", "Hillcrest Commons"),
    # ambulance and air-medical services
    ("Brought by Armstrong Ambulance to triage.", "Armstrong Ambulance"),
    ("transported by brewster ambulance to er", "brewster ambulance"),
    ("Arrived via Boston MedFlight at 0200.", "Boston MedFlight"),
    ("Report from Trinity EMS: found down.", "Trinity EMS"),
    ("Transport: Cataldo Ambulance Service, BLS.", "Cataldo Ambulance Service"),
    ("Flown by Dartmouth Life Flight from the scene.", "Dartmouth Life Flight"),
    # a department after a name, also over a town or county
    ("Admitted via Kent County ED overnight.", "Kent County"),
    ("PT ADMITTED VIA KENT COUNTY ED.", "KENT COUNTY"),
    ("Plan discussed with Kent palliative team.", "Kent"),
    ("pt followed by heywood wound clinic for sacral ulcer", "heywood"),
    ("Pt was in Quincy ER for three hours.", "Quincy"),
    # hospital-shaped initials
    ("Seen today in the DHMC memory clinic.", "DHMC"),
    ("Referral to BWH for surgery.", "BWH"),
    ("She was at BWH last year for the same.", "BWH"),
    ("CONSIDER REFERRAL TO BWH OR TUFTS MC.", "BWH"),
    ("Outside SJMC records reviewed.", "SJMC"),
    # a care organisation typed as a company
    ("Thrombectomy at Baystate Vascular Services last month.", "Baystate Vascular Services"),
    ("Follows with Pioneer Kidney Center for CKD.", "Pioneer Kidney Center"),
    # a capitalised name before ED after a preposition
    ("Pt seen in Hope ED yesterday.", "Hope"),
    # a name before a group-practice head, any case
    ("seen at reliant medical group last wk", "reliant medical group"),
    ("f/u w/ pioneer valley family practice in 2 wks", "pioneer valley family practice"),
    ("PCP IS WITH NASHOBA FAMILY MEDICINE", "NASHOBA FAMILY MEDICINE"),
    # an outside-hospital field
    ("OSH: Winchester\nReason: NSTEMI", "Winchester"),
    ("Referring facility - St. Anne's, Fall River", "St. Anne's"),
    # a name before MC
    ("CONSIDER REFERRAL TO BWH OR TUFTS MC.", "TUFTS MC"),
    ("Cath done at Maine MC last spring.", "Maine MC"),
]

TYPED_AS_LOCATION = [
    ("Medford EMS reports pt found down.", "Medford"),
    ("Volunteers at the Merrimack Senior Center on Tuesdays.", "Merrimack Senior Center"),
    ("Walker ordered from Acme Medical Supply Co.", "Acme Medical Supply Co"),
]

NEGATIVES = [
    ("Called ambulance; a private ambulance was arranged.", "ambulance"),
    ("Called EMS. BLS ambulance to the ED.", "EMS"),
    ("Called EMS. BLS ambulance to the ED.", "BLS"),
    ("Seen in Peds ED then moved to Neuro ICU.", "Peds"),
    ("Seen in Peds ED then moved to Neuro ICU.", "Neuro"),
    ("Boarded in the Main ED for six hours.", "Main"),
    ("Fracture of the left MC joint.", "MC"),
    ("SECONDARY TO IVH. FROM BOTH SIDES.", "IVH"),
    ("SECONDARY TO IVH. FROM BOTH SIDES.", "BOTH"),
    ("pt is a resident (snf) per family", "resident"),
    ("plan back to rehab (snf) tomorrow", "rehab"),
    ("Due to BPH he has retention.", "BPH"),
    ("seen at an outside medical center in 2019", "outside"),
    ("transferred to our family practice", "family practice"),
    ("pt sees family medicine q6mo", "family medicine"),
    ("results of current surgical practice should serve as the standard", "surgical practice"),
    ("this is applied to routine medical practice", "medical practice"),
    ("OSH: none\nPMH: HTN", "none"),
    ("OSH: CT head neg\n", "CT"),
    ("Seen in the Pediatric ED, then Adult ED.", "Adult"),
    ("Seen today. Hope ED visit is not needed.", "Hope"),
    ("The patient went to the ICU after surgery.", "ICU"),
    ("Emergency Department course was uneventful.", "Emergency"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_facility_forms_are_hospitals(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word, "HOSPITAL"), word


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_facility_look_alikes_stay(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


@pytest.mark.parametrize(("text", "word"), TYPED_AS_LOCATION)
def test_organisations_stay_locations(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word, "HOSPITAL")
