"""Session 14, deidlower14: the case view of notes typed in lower case reads facility names by
their place (a listed short name after a cue of place, a name in a signature, on a line's head,
after a field label) and sentences wrapped across a line break. Synthetic sentences only."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid._case_lines import signature_line, wrap_joins
from meddx.deid._case_view import case_view
from tests._support.deid import covered


def _view_word(text: str, words: str) -> str:
    """The case view of ``words`` in ``text`` ("" where no view is built)."""
    view = case_view(text) or ""
    i = text.index(words)
    return view[i : i + len(words)]


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _tagged(deid: Deidentifier, text: str, words: str) -> bool:
    i = text.index(words)
    return any(s.start < i + len(words) and i < s.end for s in deid.detect(text))


@pytest.mark.parametrize(("text", "value"), [
    # a listed short name of a CMS hospital that needs a cue, of two words
    ("she follows with nephrology at pottstown memorial twice a year, stable cr.",
     "pottstown memorial"),
    ("pt was transferred from copper basin for higher level of care overnight.", "copper basin"),
])
def test_listed_cued_names_after_a_cue(deid, text, value):
    assert _view_word(text, value).istitle()
    assert covered(deid, text, value, "HOSPITAL")


def test_one_listed_common_word_stays_lower_case():
    # "quest" is a listed chain but a common word: the view leaves it to the detectors' cues
    text = "on a quest for answers, she went at dawn to see her brother in the city."
    view = case_view(text)
    assert view is None or "Quest" not in view


@pytest.mark.parametrize(("text", "value"), [
    ("thanks,\nmarisol quintanar, np, brackenridge family health\n", "brackenridge family health"),
    ("-- odette fairweather, rn, lindqvist valley internal medicine\n",
     "lindqvist valley internal medicine"),
    ("thanks again,\n\nsolveig marchetti, md\ncranbury hollow family medicine\n12 elm street\n",
     "cranbury hollow family medicine"),  # the line under a signature line
    ("read by corwin ashdale, md, neurology, st. eligius medical center   tech: rb\n",
     "st. eligius medical center"),  # after a credential and a department
    ("provider: odile tremont, pa-c, garnet hill occupational health  fax 555-0183\n",
     "garnet hill occupational health"),
    ("agency: willow creek home care   visit 3 of 6\npt seen, wound clean.\n",
     "willow creek home care"),  # after a field label
    ("fennimore ridge urgent care - 4/2/25\npt seen for cough x3 days\n",
     "fennimore ridge urgent care"),  # a line's head before " - "
])
def test_facility_names_in_their_own_slot(deid, text, value):
    assert _view_word(text, value).istitle()
    assert covered(deid, text, value, "HOSPITAL")


@pytest.mark.parametrize(("text", "words"), [
    ("plan reviewed with family.\n\nignatius moreau, md, neurocritical care\n",
     "neurocritical care"),  # a kind of care of two words, none listed
    ("seen today by priya halvorsen, md, internal medicine for follow up of chf.",
     "internal medicine"),
    ("interfacility transfer summary to acute rehab\nto: dr. lindqvist\n",
     "transfer summary to acute rehab"),  # a heading with "to" inside
    ("pt asked for chaplain - paged spiritual care, x4410.\n", "paged spiritual care"),
    ("wound care clinic - weekly visits planned for the dressing changes\n", "wound care clinic"),
])
def test_kinds_of_care_in_those_slots_stay(deid, text, words):
    assert not _view_word(text, words).strip("\x00").istitle()
    assert not _tagged(deid, text, words)


def test_a_wrapped_facility_name_is_one_span(deid):
    text = ("this is an 88-year-old man who came to us today from thornbury\n"
            "assisted living in the county with two days of weakness and falls.\n")
    view = case_view(text)
    i = text.index("thornbury")
    assert view[i : i + 25] == "Thornbury Assisted Living"  # the break read as a space
    assert covered(deid, text, "thornbury\nassisted living", "HOSPITAL")


def test_wrap_joins_only_long_lines_mid_sentence():
    lines = ["department of respiratory medicine\n",  # a heading: shorter than the wraps
             "this is an 88-year-old man who came to us today from the\n",
             "plan: continue lasix and recheck the potassium tomorrow am,\n",
             "- cardiology to see him in the morning before he goes home.\n",
             "a line that ends a sentence with a period, as written here.\n",
             "last line"]
    assert wrap_joins(lines) == [False, False, False, False, False, False]
    assert wrap_joins(["this is an 88-year-old man who came to us today from the\n",
                       "county home with weakness"]) == [True, False]


def test_signature_line():
    assert signature_line("solveig marchetti, md\n")
    assert signature_line("p. okafor md, phd\n")
    assert not signature_line("plan: continue md follow up\n")


def test_no_state_code_before_a_number_after_a_common_word():
    text = "interpreter used (phone line, interpreter id 40917) for teaching the family today."
    view = case_view(text)
    assert view is None or " ID " not in view


def test_lower_case_kind_of_care_is_no_facility_part(deid):
    text = ("sleep study is booked at the tri larch sleep center on 3/4 for osa eval.\n"
            "- mirela, sleep lab scheduler\n")
    i = text.index("sleep lab")
    assert not any(s.label == "HOSPITAL" and s.start <= i < s.end for s in deid.detect(text))
    assert covered(deid, text, "tri larch sleep center", "HOSPITAL")


@pytest.mark.parametrize(("text", "value"), [
    ("pt: quennell, marisol  88yof  wt 51 kg, cr 1.2 on apixaban\n", "quennell, marisol"),
    ("patient name: tarrant, oliver j   dob: 03/14/1941\n", "tarrant, oliver j"),
    ("name: harkavy, joanne m\nunit no: 4412-0098\n", "harkavy, joanne m"),
])
def test_a_patient_label_cues_surname_comma_given_name(deid, text, value):
    view = _view_word(text, value)
    assert view[0].isupper() and view.split(", ")[1][0].isupper()
    assert covered(deid, text, value, "NAME")


def test_a_patient_label_before_a_common_word_gives_no_name():
    text = "pt: ambulates 50 ft with rolling walker, steady gait, no dizziness today.\n"
    view = case_view(text)
    i = text.index("ambulates")
    assert view is None or view[i] != "A"


@pytest.mark.parametrize(("text", "value", "label"), [
    ("8 yo in 3rd grade at brookfield elementary, doing well. brother at home.",
     "brookfield elementary", "LOCATION"),
    ("held at dunmore county jail since 11/2, evaluated today for chest pain.",
     "dunmore county jail", None),
    ("restrained driver, rear-ended on i-84 northbound, c/o neck pain.", "i-84", "LOCATION"),
])
def test_lower_case_organisations_after_a_cue(deid, text, value, label):
    view = _view_word(text, value)
    assert view[0].isupper()
    assert covered(deid, text, value, label)


@pytest.mark.parametrize(("text", "words"), [
    ("she lives at her home with her husband, and walks at the park daily.", "the park"),
    ("pt is 15 y/o 10th grader at central high school, lives with gm.", "central"),
    ("working at brother's bakery, early mornings, no lifting restrictions.", "brother's"),
])
def test_lower_case_organisation_words_that_stay(text, words):
    assert not _view_word(text, words).strip("\x00")[:1].isupper()


@pytest.mark.parametrize(("text", "words"), [
    ("the patient underwent magnetic resonance imaging of the brain, and mri showed no lesion.",
     "magnetic resonance imaging"),  # ordinary words before a weak facility word
    ("records from two hospitals were reviewed, and the mean hospital stay was 4 days.",
     "two hospitals"),  # a count
])
def test_lower_case_ordinary_words_before_a_facility_word_stay(deid, text, words):
    assert not _view_word(text, words).strip("\x00")[:1].isupper()
    assert not any(s.label == "HOSPITAL" for s in deid.detect(text))


@pytest.mark.parametrize(("text", "value"), [
    ("admitted from larchmont nursing and rehabilitation with aspiration pna.",
     "larchmont nursing and rehabilitation"),
    ("she was a resident at larchmont rehab & nursing until may, then home.",
     "larchmont rehab & nursing"),
])
def test_facility_words_joined_by_and(deid, text, value):
    assert _view_word(text, value).replace(" and ", " And ").istitle()
    assert covered(deid, text, value, "HOSPITAL")


def test_surname_comma_given_name_with_no_space(deid):
    text = "pcp: dr. vang    pt: quennell,marisol a    dob 04/02/1998\n"
    assert _view_word(text, "quennell,marisol a") == "Quennell,Marisol A"
    assert covered(deid, text, "quennell,marisol a", "NAME")
