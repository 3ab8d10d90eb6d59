"""Session 26, deidrec26: classes of PHI that new writers' ICU notes (groups 24A-25C, J-Y)
leave to the default detectors where the writer's case says nothing: a listed town after a
travel, contact or residence verb or at the end of a clause a relative opens, a town-named care
or civic head in lower case, townships, a facility named bare after a choice cue, and bare
history years after a document, a diagnosis or an illness. Each is found as written, in lower
case and in capitals; look-alikes of the same shapes that stay untagged. Sentences written for
these tests (none copied from a note); only ``Deidentifier`` is imported."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered, touched


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


CASES = (str, str.lower, str.upper)

#: Found in every case (the base misses each in at least one: checked with
#: PYTHONPATH=/tmp/base26/src).
FOUND = [
    # a town after a travel, contact or residence verb (plain towns too, where case says nothing)
    ("nephew drove down from muscle shoals last night.", "muscle shoals"),
    ("son flies back to anchorage on friday.", "anchorage"),
    ("her pastor is from tallassee and will visit.", "tallassee"),
    ("husband drove in from bishop this am.", "bishop"),
    ("lives in muscle shoals, al with daughter.", "muscle shoals"),
    # a town that ends a clause a relative, a stay or a trip opens
    ("pt had been staying with a cousin in picayune, unable to return.", "picayune"),
    ("sister on her way from muscle shoals, eta 3 hrs.", "muscle shoals"),
    # a town-named care or civic head
    ("wife wants sycamore home health again.", "sycamore home health"),
    ("pt came from shoals ltach with trach.", "shoals ltach"),
    ("brother is a captain with anchorage fire department.", "anchorage fire department"),
    ("drives a truck for huron grain co-op.", "huron grain co-op"),
    # townships
    ("lives alone in lower makefield township, 2 steps to enter.", "makefield township"),
    # a facility named bare after a choice or care-flow cue
    ("Daughter hoping for Kindred near her house.", "Kindred"),
    ("Pt is a nurse at Sycamore and asked about the plan.", "Sycamore"),
    ("Pt presented to Shoals this am with chest pain.", "Shoals"),
    # a numbered ward named for a person
    ("Report called to RN on 6 Pomeroy.", "6 Pomeroy"),
    # bare history years
    ("Wife brought living will from 2017, copied to chart.", "2017"),
    ("Hx short gut after mesenteric ischemia 2022, on TPN.", "2022"),
    ("Pacer card says implanted 2011 at an outside hospital.", "2011"),
    ("Old foot drop after MVA 2014 - stable.", "2014"),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "word"), FOUND)
def test_found_in_every_case(deid, text, word, case):
    assert covered(deid, case(text), case(word))


#: Look-alikes of the same shapes: no span over the word.
NOT_FOUND = [
    ("Pt was back to normal after a week.", "normal"),
    ("Wants to go back to golf and tennis.", "golf"),
    ("Daughter is in college in town.", "college"),
    ("Discussion is in progress with team.", "progress"),
    ("Pt called from home, no concerns.", "home"),
    ("Strong rehab candidate per PT.", "Strong rehab"),
    ("Outpt pharmacy filled meds to beds.", "Outpt pharmacy"),
    ("Pt uses mail-order pharmacy for insulin.", "mail-order pharmacy"),
    ("Family chose comfort care yesterday.", "comfort"),
    ("Husband says she prefers English.", "English"),
    ("Pt agreed to go back to baseline diet.", "baseline"),
    ("Tolerating soft foods, no n/v.", "soft foods"),
    ("Avoid finger foods for now.", "finger foods"),
    ("Weaned to 2 liters NC.", "liters"),
    ("Pt moved to 4 West today.", "4 West"),
    # clock times, doses and lab values after the same cues
    ("Lasix 40 IV given at 2016, UOP 300.", "2016"),
    ("Agitated from 2016 to 2100, haldol given.", "2016"),
    ("Hypoglycemia 2015, BG 54, D50 given.", "2015"),
    ("Sepsis 2000 bundle started.", "2000"),
    ("Echo from 2000 to 2030 at bedside.", "2000"),
    ("Stroke 2015 mL NS bolus.", "2015"),
    ("Levo titrated off 2015, MAP 70s.", "2015"),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_look_alikes(deid, text, word, case):
    assert not touched(deid, case(text), case(word))


@pytest.mark.parametrize("text", [
    "drove in from muscle shoals and " * 3000,
    "chose kindred vs select, hoping for " * 3000,
    "ischemia 2023), implanted 2009 at " * 3000,
    "lives in hamilton township twp " * 3000,
])
def test_long_inputs_are_fast(deid, text):
    start = time.process_time()
    deid.detect(text)
    assert time.process_time() - start < 20
