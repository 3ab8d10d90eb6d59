"""Names, units, practices and dates in the headers, sign-offs and call-backs of reports
(radiology, cardiology, pathology, lab, sleep, PFT, EEG, endoscopy, therapy, anaesthesia)
(session 9, branch deidrep), each table with look-alikes that must stay untouched: clinical
lists, modalities after "by", device makers, node counts, scores. Every example is invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


NAMES = [
    # a header's "LAST, FIRST" before a field
    ("MICROBIOLOGY FINAL REPORT\nPELLETIER, JEAN-BAPTISTE   MRN 3008821   Source: blood", "PELLETIER"),
    ("ANESTHESIA RECORD\nMbeki, Thandiwe   MRN 5540982   CSN 200441178", "Thandiwe"),
    ("Case: NC24-00981   ESPINOZA-LAGOS, TEODORO   MR# 55-10-2981", "ESPINOZA-LAGOS"),
    ("PFT REPORT\nOYELOWO, FUNMILAYO   MRN 2211804   Test date 12/04/2023", "FUNMILAYO"),
    ("Accession: SP-1\nVan der Meulen, Hendrika   DOB 1/2/1950", "Meulen"),
    ("OT EVAL - 11/19\nPT GIOVANNETTI, ROCCO, 88 YO M, S/P L CVA.", "GIOVANNETTI"),
    # a report role and a colon (or "by"), then a name
    ("Technologist: Priyanka Menon, R. EEG T.\nMedications:", "Menon"),
    ("Clinician: Oyelaran, Elmwood OB/GYN\nAdequacy: satisfactory", "Oyelaran"),
    ("Operator: Dr. X; Rep: Cole Harding (Medtronic)", "Harding"),
    ("Referred by: GUPTA   Confirmed by HALVERSON, NILS MD (2231) on 3/15/2024", "HALVERSON"),
    ("Technologist: Dario Kessler, RPSGT   Scored by DK\nInterpreting", "DK"),
    ("Sonographer: Quillon Brackett-Hume, RDMS", "Brackett-Hume"),
    ("GROSS: received in formalin, two cores. Grossed by: HJ\nMICRO:", "HJ"),
    ("Approved by Annelise Kowalczyk on 5/1/2024", "Kowalczyk"),
    # initials after a report verb and "by", a typist's colon, a dash-signature
    ("Collected 02/27/2024 22:10 by AFT; received 02/28/2024", "AFT"),
    ("CRITICAL VALUE called to and read back by M. Ybarra, RN at 1322 on 2/28 by TKV.", "TKV"),
    ("Findings phoned to Dr. Delaney's office at 11:20 by LSR.\nReading radiologist:", "LSR"),
    ("Dictated by: S. Gallagher, MD   Transcribed: mkl   Signed 04/22/2024", "mkl"),
    ("Addendum: final path adenocarcinoma, called at 08:15, pager 2207. -BS", "BS"),
]

NOT_NAMES = [
    ("Lungs, heart: normal.\nDOB 1/2/1950", "Lungs"),  # no field after a gap
    ("PMH: CHF, HTN   DOB 1/2/1950", "HTN"),  # clinical words
    ("viable myocardium as confirmed by FDG uptake.", "FDG"),  # no name's end after it
    ("cutaneous-type ATL confirmed by Southern blot analysis.", "Southern"),
    ("Diagnosis confirmed by CT.", "CT"),  # a modality after "by"
    ("Results called by ED at 1400.", "ED"),  # a service
    ("Patient reviewed by PT.", "PT"),
    ("Rep: Medtronic\nDevice interrogated.", "Medtronic"),  # a maker, not a person
    ("Vent settings reviewed by RT, PEEP 5.", "RT"),
    ("Warfarin dose reviewed by INR.", "INR"),  # a lab, not initials
    ("afebrile, comfortable   Date of transfer pending", "comfortable"),  # lower case: no header
]


@pytest.mark.parametrize(("text", "word"), NAMES)
def test_report_names(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word, "NAME")


@pytest.mark.parametrize(("text", "word"), NOT_NAMES)
def test_report_name_look_alikes(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


PLACES = [
    ("Specimen: urine.\nCritical value read back by Marisol Ybarra, RN, Ellison 9, at 1322.", "Ellison 9"),
    ("PATIENT: X   Loc: Kemper 6   Room 612", "Kemper 6"),
    ("Clinician: Oyelaran, Elmwood OB/GYN\nAdequacy: satisfactory", "OB/GYN"),
    ("Compared with 10/2021 (Bayfront Pulmonary), FEV1 down", "Pulmonary"),
    ("Compared with the EEG of 8/15/2022 at Lowell Children's, new.", "Children's"),
]

NOT_PLACES = [
    ("Loc: WEST 7   Room 712B", "WEST 7"),  # compass wards are generic units here
    ("Loc: Room 12, bed 2", "Room 12"),
    ("RN, Bed 4, at 1300", "Bed 4"),
    ("Seen at Mercy, pulmonary consulted.", "pulmonary"),
]


@pytest.mark.parametrize(("text", "word"), PLACES)
def test_report_places(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word, "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), NOT_PLACES)
def test_report_place_look_alikes(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


DATES = [
    ("COMPARISON: MRI 2019 from Harlow Valley Imaging, report only.", "2019"),
    ("Prior anesthesia 2016 at Palmetto Surgical Center, PONV.", "2016"),
    ("Compared with prior CT 2018, unchanged.", "2018"),
]

NOT_DATES = [
    ("repeat CT 2000 tonight if worse", "2000"),  # a time of day
    ("CT 2015 at bedside", "2015"),  # no place after "at"
    ("Adenocarcinoma, pT3. 2/18 nodes positive.", "2/18"),  # a count of nodes
    ("0/3 lymph nodes; margins clear", "0/3"),
    ("Boston bowel prep score 8 (3-3-2). Cecal intubation", "3-3-2"),  # a score's parts
]


@pytest.mark.parametrize(("text", "word"), DATES)
def test_report_years(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word, "DATE")


@pytest.mark.parametrize(("text", "word"), NOT_DATES)
def test_report_date_look_alikes(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


NOT_PHI = [
    ("PFT. Equipment: Vyaire Vmax SN VX2219004\nAge 71", "Vyaire"),  # SN: a serial, not a nurse
    ("Anesthesia machine Draeger Perseus SN ASGK-0071.", "Perseus"),
    ("Anesthesia: MAC, Moira Fitzsimmons, CRNA   Referring: Harlan Betancourt, MD", "Referring"),
    ("CULTURE: MRSA. Susceptibility (VITEK 2): vancomycin MIC 1 S", "VITEK"),
]


@pytest.mark.parametrize(("text", "word"), NOT_PHI)
def test_report_device_and_label_look_alikes(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


def test_student_nurse_still_a_credential(deid: Deidentifier) -> None:
    assert covered(deid, "Kelly Orr SN at bedside with RN", "Orr", "NAME")
    assert covered(deid, "PT TO BE TRANSFERRED (WHITCOMBE 6) TODAY", "WHITCOMBE 6", "HOSPITAL")
