"""Facility names, second round (session 10, branch deidhosp10b): parts of a found facility
name elsewhere in the note, "X nh" nursing homes, lists of facilities, care-choice verbs."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier(detectors=("rules", "names", "places"))


def _at(deid: Deidentifier, text: str, word: str, start: int, label: str | None = None) -> bool:
    i = text.index(word, start)
    return any(s.start <= i and i + len(word) <= s.end and (label is None or s.label == label)
               for s in deid.detect(text))


@pytest.mark.parametrize(("text", "word", "after"), [
    ("Admitted to Lahey Clinic for GI bleed. Will send report to Lahey GI.", "Lahey", "report"),
    ("transferred from baystate noble for nstemi. asks to go back to noble after cath.", "noble", "back"),
    ("Seen at Heywood Hospital ED. CT from Heywood reviewed.", "Heywood", "CT"),
    ("Sent from Lowell General ED. Lowell ED troponin 0.04.", "Lowell", "troponin 0.04") ,
])
def test_part_of_a_found_facility_recurs(deid, text, word, after) -> None:
    start = text.index(after) - len(word) - 10
    assert _at(deid, text, word, max(0, start), "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("from baystate noble for cath, then back to noble. noble gases normal.", "noble gases"),
    ("Seen at Baystate Noble, back to Noble tele. Pt is a Noble laureate.", "Noble laureate"),
    ("Path from Brigham and Women's Faulkner reviewed with Dr. Faulkner today.", "Faulkner today"),
])
def test_part_look_alikes(deid, text, word) -> None:
    # a common word without a facility context, a surname after a title: no facility
    assert not covered(deid, text, word.split()[0] + " " + word.split()[1])
    i = text.index(word)
    assert not any(s.start <= i < s.end and s.label == "HOSPITAL" for s in deid.detect(text))


@pytest.mark.parametrize(("text", "word"), [
    ("pt from sunrise nh, resides at sunrise x 3 yrs.", "sunrise nh"),
    ("Pt resides at Maplewood nh in Amesbury.", "Maplewood nh"),
    ("PT FROM KESTREL GLEN NH W/ UROSEPSIS.", "KESTREL GLEN NH"),
    ("PT FROM WINDSOR NH W/ UTI. PER WINDSOR STAFF PT AMBULATES.", "WINDSOR NH"),
])
def test_x_nh_is_a_nursing_home(deid, text, word) -> None:
    assert covered(deid, text, word.split()[0], "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("Daughter called from Concord, NH, will visit.", "Concord"),
    ("Son lives in Nashua NH 03060.", "Nashua"),
    ("moved here from nashua nh last year.", "nashua"),
    ("Moved from Windsor NH last year. Windsor is where her son lives.", "Windsor"),
])
def test_new_hampshire_stays_a_state(deid, text, word) -> None:
    assert not covered(deid, text, word, "HOSPITAL")


def test_facility_list_siblings(deid) -> None:
    text = "Prior records: Lahey, Winchester Hospital, and Mt Auburn."
    assert covered(deid, text, "Lahey", "HOSPITAL")
    assert covered(deid, text, "Mt Auburn", "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("Discussed with Dr. Lee and Mercy Hospital staff.", "Lee"),
    ("Pain, Nausea, and Mercy Hospital follow-up.", "Nausea"),
    ("(BW 431/26, Behring Institute, FRG) in 11 patients.", "FRG"),
])
def test_list_look_alikes(deid, text, word) -> None:
    assert not covered(deid, text, word, "HOSPITAL")


@pytest.mark.parametrize("text", [
    "FAMILY REVOKED HOSPICE LAST MONTH, NOW FULL CODE.",
    "Family elected hospice. Patient Declined Hospice before.",
    "PT DECLINED HOSPICE.",
])
def test_care_choice_verb_is_no_facility(deid, text) -> None:
    assert not any(s.label == "HOSPITAL" for s in deid.detect(text))


def test_named_hospice_still_found(deid) -> None:
    text = "FAMILY CHOSE MERRIMACK VALLEY HOSPICE."
    assert covered(deid, text, "MERRIMACK VALLEY HOSPICE", "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("Endocrine follow-up at Joslin next month.", "Joslin"),
    ("Prior admissions at McLean x2.", "McLean"),
    ("Dana-Farber nurse advised fluids.", "Dana-Farber"),
    ("pt followed at joslin and dana-farber.", "joslin"),
    ("LAST ADMIT TO MCLEAN IN MAY.", "MCLEAN"),
])
def test_known_short_names(deid, text, word) -> None:
    assert covered(deid, text, word, "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("Dr. McLean saw the patient.", "McLean"),
    ("Anne Carney RN aware.", "Carney"),
    ("Joslin, Mary is the patient.", "Joslin"),
    ("Brother Tom McLean called.", "McLean"),
    ("Lives in McLean, VA with her son.", "McLean"),
])
def test_known_short_name_look_alikes(deid, text, word) -> None:
    assert not covered(deid, text, word, "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("Labs can be drawn at BID-Milton instead.", "BID-Milton"),
    ("CT performed at MGH-West.", "MGH-West"),
    ("Transferred from BIDMC-Needham ED.", "BIDMC-Needham"),
])
def test_initials_with_a_campus(deid, text, word) -> None:
    assert covered(deid, text, word, "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("Given BID-Lasix per protocol.", "BID-Lasix"),
    ("ICU-West rounds at 0800.", "ICU-West"),
    ("Moved here from MA-Boston area.", "MA-Boston"),
])
def test_campus_look_alikes(deid, text, word) -> None:
    assert not covered(deid, text, word, "HOSPITAL")
