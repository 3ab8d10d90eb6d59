"""Fix round of deidfp21p (session 21): PHI the review found lost by the branch's place rules,
the reviewer's sentences and a few of the same shape; each must be found as written, in lower
case and in capitals. Sentences invented for these tests (no note text)."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import words_covered as _all_words_covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _cases(rows: list[tuple]) -> list[tuple[str, str]]:
    """Each (sentence, PHI[, cases]) as written ("m"), lower case ("l") and in capitals ("u");
    a row names fewer cases where the start code (020e3476) missed the others already."""
    out = []
    for text, phi, *rest in rows:
        cases = rest[0] if rest else "mlu"
        out += [(text, phi)] * ("m" in cases) + [(text.lower(), phi.lower())] * ("l" in cases) \
            + [(text.upper(), phi.upper())] * ("u" in cases)
    return list(dict.fromkeys(out))


# -- finding 1: "<Name> Nursing transfer summary" is a facility, not a note's discipline ------------

@pytest.mark.parametrize("text, phi", _cases([
    ("Hx obtained from Greenbriar Nursing transfer summary.", "Greenbriar Nursing"),
    ("Pt returning to Greenbriar Nursing transfer summary faxed.", "Greenbriar Nursing"),
    ("RECORDS FROM FOOTHILLS NEUROLOGY CONSULT REVIEWED.", "FOOTHILLS NEUROLOGY", "mu"),
    ("Per Brookside Nursing transfer form, pt is DNR.", "Brookside Nursing"),
    ("Per Wentworth Nursing admission paperwork, pt is full code.", "Wentworth Nursing"),
    ("Medications per Sunnybrook Nursing transfer sheet.", "Sunnybrook Nursing"),
    ("Pinecrest Nursing transfer form: DNR/DNI.", "Pinecrest Nursing"),
    ("Baseline per Maple Leaf Nursing admission assessment.", "Maple Leaf Nursing", "m"),
    ("Spoke with Pinnacle Cardiology consult pending.", "Pinnacle Cardiology", "m"),
    ("Seen by Seacoast Cardiology consult on Monday.", "Seacoast Cardiology", "m"),
    ("RECEIVED FROM PLEASANT VIEW NURSING TRANSFER SHEET LISTS MEDS.", "PLEASANT VIEW NURSING"),
    ("Per Harborview Medicine note pt was on apixaban.", "Harborview Medicine", "mu"),
    ("plan: d/c to maplewood nursing transfer orders written.", "maplewood nursing"),
    # of the same shape (fix round)
    ("Copy of Ridgecrest Nursing shift report attached.", "Ridgecrest Nursing"),
    ("Per Cold Spring Neurology consultation, EEG normal.", "Cold Spring Neurology", "m"),
    ("Faxed to Elmhurst Cardiology update requested.", "Elmhurst Cardiology"),
]))
def test_named_discipline_before_note_word_is_found(deid: Deidentifier, text: str, phi: str) -> None:
    assert _all_words_covered(deid, text, phi)


# -- finding 2: an adjective-like town in capitals before a state, a wrap or a clause ----------

@pytest.mark.parametrize("text, town", [
    ("PT IS FROM NORMAL ILLINOIS, RETIRED.", "NORMAL"),
    ("PT CAME FROM BOUNTIFUL UTAH.", "BOUNTIFUL"),
    ("PT OF LIBERAL KANSAS.", "LIBERAL"),
    ("PT CAME FROM BOUNTIFUL THIS AM.", "BOUNTIFUL"),
    ("PT CAME FROM BOUNTIFUL\r\nWITH WIFE.", "BOUNTIFUL"),
    ("CHECKED IN AT MOTEL NEAR BOUNTIFUL ON TRIP.", "BOUNTIFUL"),
    ("PT HOSPITALIZED AT NORMAL FOR PNEUMONIA", "NORMAL"),
    # of the same shape (fix round)
    ("DAUGHTER DROVE HIM FROM LIBERAL KS THIS MORNING.", "LIBERAL"),
    ("PT IS FROM NORMAL, ILLINOIS.", "NORMAL"),
    ("RECENTLY VISITED FAMILY NEAR LIBERAL LAST WEEK.", "LIBERAL"),
])
def test_caps_adjective_town_with_evidence_is_found(deid: Deidentifier, text: str, town: str) -> None:
    assert _all_words_covered(deid, text, town)


# -- finding 3: the town after a state or US route address ------------------------------------

@pytest.mark.parametrize("text, town", _cases([
    ("Home address 74 SR 28, Ossipee.", "Ossipee", "mu"),
    ("Home address 74 NH 28, Ossipee.", "Ossipee", "mu"),
    ("Address: 74 NH-28, Ossipee.", "Ossipee", "mu"),
    # of the same shape (fix round)
    ("Lives at 310 US 1, Kittery.", "Kittery", "mu"),
    ("Address 18 VT 100, Plymouth.", "Plymouth", "mu"),
    ("Lives at 9 CR 12, Bayfield.", "Bayfield", "mu"),
]))
def test_town_after_route_address_is_found(deid: Deidentifier, text: str, town: str) -> None:
    assert _all_words_covered(deid, text, town)


# -- finding 4: a brand made of prefix + common word is no clinic topic ------------------------

@pytest.mark.parametrize("text, phi", _cases([
    ("Wound care at Restore Wound Center.", "Restore Wound Center"),
    ("Seen at Restore Vein Clinic.", "Restore Vein Clinic"),
    ("Labs at Research Diagnostic Center.", "Research Diagnostic Center"),
    ("Followed by Restore Center for wound care.", "Restore Center", "m"),
    ("Seen at Rebound Sports Medicine Center.", "Rebound Sports Medicine Center"),
    ("Infusions at Overlake Infusion Center.", "Overlake Infusion Center"),
    ("Therapy at Rebound Rehab Center.", "Rebound Rehab Center"),
    # of the same shape (fix round)
    ("Seen at Renew Skin Clinic last month.", "Renew Skin Clinic"),
    ("Imaging at Outlook Imaging Center.", "Outlook Imaging Center", "m"),
]))
def test_derived_brand_clinic_is_found(deid: Deidentifier, text: str, phi: str) -> None:
    assert _all_words_covered(deid, text, phi)


# -- finding 5: ALL CAPS one-word brand + facility kind after FOR/BY/WITH/TO ------------------

@pytest.mark.parametrize("text, phi", [
    ("PT WILL CONTINUE DIALYSIS WITH BEACON DIALYSIS.", "BEACON DIALYSIS"),
    ("OUTPATIENT HD WITH SEACOAST DIALYSIS.", "SEACOAST DIALYSIS"),
    ("COVERED BY PILGRIM HEALTH CARE.", "PILGRIM HEALTH CARE"),
    ("DISPO TO SUMMIT REHAB TOMORROW.", "SUMMIT REHAB"),
    ("REPORT GIVEN TO SUMMIT REHAB.", "SUMMIT REHAB"),
    ("CASE DISCUSSED WITH LIBERTY REHAB ADMISSIONS.", "LIBERTY REHAB"),
    # of the same shape (fix round)
    ("HD MWF WITH HARBOR DIALYSIS.", "HARBOR DIALYSIS"),
    ("INSURED BY PILGRIM HEALTH CARE.", "PILGRIM HEALTH CARE"),
    ("BED OFFER PENDING WITH SUMMIT REHAB.", "SUMMIT REHAB"),
])
def test_caps_facility_kind_after_weak_cue_is_found(deid: Deidentifier, text: str, phi: str) -> None:
    assert _all_words_covered(deid, text, phi)
