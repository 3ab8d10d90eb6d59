"""Session 29, deidrec29: classes of PHI that new writers' ICU notes (groups 26A-28C) leave to
the default detectors: an employer after a job in a line typed with no case, a town after
"lives in" in such a line, a history year after an implant's placing or an illness's treatment
and after a filed study, a "#XX-12345" report or tag number, a dialysis unit or swing-bed
hospital by chain and branch, and a staff member's name between a role and a report verb. Each
is found as written, in lower case and in capitals; look-alikes of the same shapes stay
untagged. Sentences written for these tests (none copied from a note); only ``Deidentifier`` is
imported."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered, grows_near_linearly, touched


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


CASES = (str, str.lower, str.upper)

#: Found in every case (the base misses each in lower case or capitals: checked with
#: PYTHONPATH=/tmp/base29/src).
FOUND = [
    # an employer after a job word or a work verb
    ("Husband is a truck driver for Kessler and asked about visiting hours.", "Kessler"),
    ("Wife is a cook at the Blue Kettle, will visit after her shift.", "Blue Kettle"),
    ("Pt works in construction for Osage Paving and asks when he can lift.", "Osage Paving"),
    ("Pt works at Kimble Tire and Lube - employer aware.", "Kimble Tire and Lube"),
    # a town after "lives in", unlisted or a common word
    ("Daughter lives about 3 hrs away in Red Oak and is driving up.", "Red Oak"),
    ("Brother lives in Alpine and cannot come in tonight.", "Alpine"),
    # a year after an implant's placing, a treatment, a filed study
    ("PMH: NICM, ICD placed 2014, CKD 3.", "2014"),
    ("Hx VT, ICD (placed 2019), on amiodarone.", "2019"),
    ("Mechanical aortic valve (St Jude, replaced 2011), on warfarin.", "2011"),
    ("PMH: IVDU, Hep C (treated 2022, SVR), anxiety.", "2022"),
    ("Sleep study from 2018 in chart showed severe OSA.", "2018"),
    ("Advance directive on file from 2020; son is HCP.", "2020"),
    # a report or tag number
    ("Fall with no injury, event report filed (#FE-55120).", "FE-55120"),
    ("Pump swapped, biomed tag # BT-30917 sent down.", "BT-30917"),
    # a dialysis unit's branch, a swing-bed hospital
    ("Pt goes to DaVita Elm Creek M/W/F, unit aware.", "DaVita Elm Creek"),
    ("Usual HD unit (US Renal Care) called to hold chair.", "US Renal Care"),
    ("Son asked about Holdrege Community swing bed as an option.", "Holdrege Community"),
    # a staff member's name between a role and a report verb
    ("Night RN Marigold updated at handoff.", "Marigold"),
    ("MD Adebanjo notified, sedation increased.", "Adebanjo"),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "word"), FOUND)
def test_found_in_every_case(deid, text, word, case):
    assert covered(deid, case(text), case(word))


#: Found in lower case and capitals (the new rules read lines with no case; as written, the
#: capitals are the older rules' cue, which reads "Harlan Volunteer Rescue" in part).
FOUND_CASELESS = [
    ("Son is a medic with Harlan Volunteer Rescue, understands the plan.", "Harlan Volunteer Rescue"),
]


@pytest.mark.parametrize("case", (str.lower, str.upper))
@pytest.mark.parametrize(("text", "word"), FOUND_CASELESS)
def test_found_without_case(deid, text, word, case):
    assert covered(deid, case(text), case(word))


#: Look-alikes of the same shapes: no span over the word.
NOT_FOUND = [
    ("Nurse at bedside for the whole shift.", "bedside"),
    ("Hypoxia is the main driver for his tachypnea.", "tachypnea"),
    ("Son is an EMT with the fire department.", "fire department"),
    ("She is a chef at a local restaurant.", "local restaurant"),
    ("Case manager at county services arranging a bed.", "county services"),
    ("Scheduled by unit clerk for next week.", "next week"),
    ("Report called to receiving nurse at 1330. Paperwork sent.", "Paperwork"),
    ("Lives in a trailer with his dog.", "trailer"),
    ("Lives alone in town, independent at baseline.", "town"),
    ("Lives in assisted living since 2019.", "assisted living"),
    ("Lives w/ husband in single\nlevel condo.", "single"),
    ("Fall in bathroom at assisted living after supper.", "bathroom"),
    # clock times after the same verbs
    ("PIV placed 2016, flushes well.", "2016"),
    ("PPM placed 2000 by EP, sutures intact.", "2000"),
    ("Hypoglycemia treated 2016, D50 given.", "2016"),
    ("K low, replaced 2016.", "2016"),
    ("ICD interrogated at 2016, no events.", "2016"),
    # numbers that are no patient's: a lot, a room, a short code
    ("Insulin lot # AB-12345 recorded.", "AB-12345"),
    ("Moved to #RM-1204 overnight.", "RM-1204"),
    ("Order set #MS-4 used.", "MS-4"),
    # a chain alone, before a schedule or a time word
    ("Goes to davita on MWF.", "on"),
    ("Fresenius kidney care today confirmed chair time.", "today"),
    ("Transfer to the community swing bed program.", "community"),
    ("SAH w/ DCI risk, TCDs stable.", "DCI risk"),
    # routine words between a role and a report verb
    ("RN also notified of the change.", "also"),
    ("MD team aware of the K.", "team"),
    ("RN pt aware of plan.", "pt"),
    ("RN stroke notified at 0410.", "stroke"),
    ("Charge RN made aware of the fall.", "made"),
    # "RT" is left out of the roles ("rt side": right): this guards that choice, and fails if
    # "rt" is ever added to the role-verb rule's roles
    ("RT side aware of plan.", "side"),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_look_alikes(deid, text, word, case):
    assert not touched(deid, case(text), case(word))


@pytest.mark.parametrize("unit", [
    "works in construction for osage paving and ",
    "lives about 3 hrs away in red oak and ",
    "icd (placed 2014), hep c (treated 2022, ",
    "goes to davita elm creek mwf, kearney community swing bed ",
])
def test_long_inputs_grow_near_linearly(deid, unit):
    assert grows_near_linearly(deid, unit, 250, 1000, 8.0)
