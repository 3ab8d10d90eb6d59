"""Session 21 (deidleft21): review leftovers of session 20 and PHI missed on other-discipline
notes, each with its look-alikes (the PHI kept and the text left alone). Sentences written for
these tests (invented names, numbers and places)."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import best_detect_time
from tests._support.deid import covered as _covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _touched(deid: Deidentifier, text: str, part: str) -> bool:
    start = text.index(part)
    return any(s.start < start + len(part) and start < s.end for s in deid.detect(text))


def _found(deid: Deidentifier, text: str, part: str) -> bool:
    """Every character of ``part`` lies in some span (any label)."""
    start = text.index(part)
    spans = deid.detect(text)
    return all(any(s.start <= i < s.end for s in spans)
               for i in range(start, start + len(part)) if text[i].isalnum())


# -- a blood unit's donation number (ISBT 128) is an identifier, check character included ------

@pytest.mark.parametrize("text, number", [
    ("Unit # W0392 26 104558 4 verified at bedside.", "W0392 26 104558 4"),
    ("unit # w0392 26 104558 4, verified at bedside w/ 2nd rn", "w0392 26 104558 4"),
    ("PRBC unit W039226104558 hung at 1400.", "W039226104558"),
    ("FFP W0392-26-104558 thawed.", "W0392-26-104558"),
    ("PLT UNIT W0392 26 104558 7 HUNG", "W0392 26 104558 7"),
])
def test_blood_unit_number_is_an_id(deid: Deidentifier, text: str, number: str) -> None:
    assert _found(deid, text, number)


@pytest.mark.parametrize("text, part", [
    ("Hgb 7.2 at 0400, 1 unit PRBC ordered, recheck 0800.", "0800"),
    ("K 3.1, replaced 40 mEq, recheck in 4 h.", "40"),
    ("Vent settings A1234 56 789 per RT", "A1234 56 789"),  # groups of another shape
])
def test_other_numbers_are_no_blood_unit(deid: Deidentifier, text: str, part: str) -> None:
    assert not _touched(deid, text, part)


# -- a score's eponym after a nurse or a move and its comma or bracket is a ward ----------------

@pytest.mark.parametrize("text, ward", [
    ("Transferred to 6 North (charge, ashworth 6) for tele.", "ashworth 6"),
    ("night uneventful; pt moved (gleason 4) at 0200.", "gleason 4"),
    ("NIGHT UNEVENTFUL; PT MOVED (GLEASON 4) AT 0200.", "GLEASON 4"),
    ("Pt moved (Gleason 4) overnight.", "Gleason 4"),
])
def test_eponym_ward_after_nurse_or_move(deid: Deidentifier, text: str, ward: str) -> None:
    assert _covered(deid, text, ward, "HOSPITAL")


@pytest.mark.parametrize("text, score", [
    ("prostate biopsy (Gleason 7), urology following.", "Gleason 7"),
    ("Admitted (Killip 2), diuresed.", "Killip 2"),
    ("STEMI, Killip 2, started heparin.", "Killip 2"),
    ("tone increased, ashworth 2 in LE.", "ashworth 2"),
    ("skin intact (braden 14), turned q2h.", "braden 14"),
])
def test_eponym_score_stays_a_score(deid: Deidentifier, text: str, score: str) -> None:
    assert not _touched(deid, text, score)


# -- "RN NOTE 07-19": a shift's hours only where the note speaks of a shift ---------------------

@pytest.mark.parametrize("text", [
    "MICU RN NOTE 07-19\nPT RESTING IN BED. NO ACUTE EVENTS.",
    "RN NOTE 07-19",
    "rn note 07-15\npt resting, will continue to monitor overnight.",
    "Neuro: intact. Labs 07-19\npt to have repeat CBC",  # a date over "pt" on the next line
])
def test_note_header_date_without_shift_talk(deid: Deidentifier, text: str) -> None:
    date = "07-19" if "07-19" in text else "07-15"
    assert _covered(deid, text, date, "DATE")


@pytest.mark.parametrize("text", [
    "MICU RN NOTE 07-19\nPT RESTING IN BED. NO ACUTE EVENTS THIS SHIFT.",
    "RN NOTE 07-19\n0700: PT AWAKE. 1900: REPORT GIVEN.",
    "rn note 07-15\npt resting on days, plan for 7p meds.",
    "NURSING SHIFT HOURS 07-19\nPT RESTING.",
    "ribs 3-6\npts",
])
def test_shift_hours_stay_hours(deid: Deidentifier, text: str) -> None:
    part = next(p for p in ("07-19", "07-15", "3-6") if p in text)
    assert not _touched(deid, text, part)


# -- long repeated inputs (no nested quantifiers added; the new patterns stay linear) ------------

@pytest.mark.parametrize("unit", [
    "W0392 26 104558 4 ", "pt moved (gleason 4) ", "RN NOTE 07-19\n", "0" * 13 + " ",
])
def test_long_repeated_inputs_are_fast(deid: Deidentifier, unit: str) -> None:
    assert best_detect_time(deid, unit * 1000) < 8 * best_detect_time(deid, unit * 250) + 0.3
