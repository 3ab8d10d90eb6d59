"""Sentence-initial capitals before a lower-case 'hospital' are not facility names."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier


@pytest.mark.parametrize(("text", "expected"), [
    ("Surgery was done. In-hospital death occurred.", "Surgery was done. In-hospital death occurred."),
    ("telemetry. Final hospital diagnoses were made.", "telemetry. Final hospital diagnoses were made."),
    ("study. Population-based hospital data were used.",
     "study. Population-based hospital data were used."),
    ("Transferred from Mercy General Hospital today.", "Transferred from [HOSPITAL] today."),
    ("She went to Lakeside hospital.", "She went to [HOSPITAL]."),
    ("SEEN AT BOSTON REHAB CENTER", "SEEN AT [HOSPITAL]"),
])
def test_hospital_names_and_sentence_capitals(text, expected):
    assert Deidentifier(detectors=["places"]).deidentify(text).text == expected


@pytest.mark.parametrize(("text", "expected"), [
    # wound and ostomy care are services, not a person or a facility
    ("Pt was seen by Wound Care Clinic today.", "Pt was seen by Wound Care Clinic today."),
    ("Seen by Wound Care RN today.", "Seen by Wound Care RN today."),
    ("seen by Ostomy Nurse", "seen by Ostomy Nurse"),
    # a person after the same cue is still found
    ("Seen by Maria Lopez RN today.", "Seen by [NAME] RN today."),
    ("Transferred from Mercy General Hospital wound clinic.", "Transferred from [HOSPITAL] wound clinic."),
])
def test_wound_care_services_are_not_names(text, expected):
    assert Deidentifier().deidentify(text).text == expected
