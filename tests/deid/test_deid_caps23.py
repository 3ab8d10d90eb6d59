"""Session 23: false alarms in ALL-CAPS notes. A rule that dropped a names-detector NAME of
common words in capitals ("LONG CASE", "PAT DRY") was tried on this branch and REVERTED in its
fix round: it lost real names in capitals ("HCP IS PAT WALKER", "OT GRACE HILL", "TO WILL WEST
RN") and was quadratic on one long line. What stays here are must-keep tests (names and places
with their cues, in capitals, as written and in lower case), the review's inputs as must-keep
rows, the false alarms left as strict xfails, and a growth test. Each input here is invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import grows_near_linearly


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _names(deid: Deidentifier, text: str) -> list[str]:
    return [text[s.start:s.end] for s in deid.detect(text) if s.label == "NAME"]


def _recased(text: str, part: str, case: str) -> tuple[str, str]:
    """``text`` (in capitals) and the ``part`` of it as written (sentence case, ``part`` in
    title case), in lower case or as they are."""
    if case == "written":
        part = part.title()
        return text.capitalize().replace(part.lower(), part), part
    if case == "lower":
        return text.lower(), part.lower()
    return text, part


@pytest.mark.parametrize(("text", "name"), [
    ("PT'S SON MARK LONG CALLED FOR AN UPDATE.", "MARK LONG"),
    ("DR YOUNG AT BEDSIDE FOR THE LINE.", "YOUNG"),
    ("WIFE PAT WALKER AT BEDSIDE, UPDATED.", "PAT WALKER"),
    ("SPOKE WITH MARK LONG (SON) BY PHONE.", "MARK LONG"),
    ("MET WITH GRACE HILL, SOCIAL WORK.", "GRACE HILL"),
    ("PATIENT BILL YOUNG SEEN AT 0800.", "BILL YOUNG"),
])
@pytest.mark.parametrize("case", ["upper", "written", "lower"])
def test_cued_names_stay(deid: Deidentifier, text: str, name: str, case: str) -> None:
    text, name = _recased(text, name, case)
    assert any(name in got for got in _names(deid, text)), text


# the places stay (dropping a place of common words in capitals lost real towns: left)
@pytest.mark.parametrize(("text", "place"), [
    ("PT LIVES IN REVERE WITH WIFE.", "REVERE"),
    ("TRANSFERRED FROM NEW HAVEN THIS AM.", "NEW HAVEN"),
    ("DAUGHTER LIVES IN GREEN BAY, WILL VISIT.", "GREEN BAY"),
    ("PT LIVES IN NORCO, DRIVES HIMSELF.", "NORCO"),
])
@pytest.mark.parametrize("case", ["upper", "written", "lower"])
def test_cued_places_stay(deid: Deidentifier, text: str, place: str, case: str) -> None:
    text, place = _recased(text, place, case)
    found = [s for s in deid.detect(text) if s.label in ("LOCATION", "HOSPITAL")]
    assert any(place in text[s.start:s.end] for s in found), text


def test_second_of_two_joined_names_stays(deid: Deidentifier) -> None:
    text = "PT'S HUSBAND GORDON, DAUGHTERS TESS AND\nMALLORY, ATTENDING AT BEDSIDE."
    assert "MALLORY" in _names(deid, text)


@pytest.mark.parametrize(("text", "place"), [
    ("UNHOUSED X 8 MO, STAYING AT\nCROSSROADS SHELTER INTERMITTENTLY.", "CROSSROADS SHELTER"),
    ("MET WITH THE ADVOCATE FROM\nSAFE HARBOR FAMILY SERVICES, WHO CAME AT 1400.",
     "SAFE HARBOR FAMILY SERVICES"),
])
def test_place_with_its_cue_on_the_line_before_stays(deid: Deidentifier, text: str,
                                                     place: str) -> None:
    found = [text[s.start:s.end] for s in deid.detect(text)]
    assert any(place in f for f in found), found


@pytest.mark.parametrize("text", ["DAUGHTER PRIYA CALLED FROM ANCHORAGE, UPDATED.",
                                  "DAUGHTER WANTS HIM CLOSER TO HER IN GRAPEVINE."])
def test_towns_of_common_words_stay_in_capitals(deid: Deidentifier, text: str) -> None:
    """In capitals (found on base too; in lower case neither is found, before or after)."""
    town = "GRAPEVINE" if "GRAPEVINE" in text else "ANCHORAGE"
    assert any(town in text[s.start:s.end] for s in deid.detect(text)), text


@pytest.mark.parametrize(("text", "name"), [
    ("NEURO INTACT. GRACE AT BS ALL SHIFT.", "GRACE"),
    ("Date   Time   HR   BP       Init\n4/1    0800   88   120/70   QZ\n", "QZ"),
])
def test_names_vouched_by_what_follows_or_no_caps_typing_stay(deid: Deidentifier, text: str,
                                                               name: str) -> None:
    """A cue after the name; initials in a table row (no word of capitals beside them)."""
    assert name in _names(deid, text)


# the review's rows (deidcaps23 fix round): names in capitals with a weak cue that the reverted
# rule dropped; base (and this branch) tags them in capitals and as written; in lower case
# base finds none of them (no capital left to read): a gap of base, kept as a strict xfail
_WEAK_CUES = [
    ("HCP IS PAT WALKER, AWARE OF PLAN.", "PAT WALKER"),
    ("POA: HOPE LONG, PHONE ON FILE.", "HOPE LONG"),
    ("DISCUSSED W/ PAT WALKER AT LENGTH.", "PAT WALKER"),
    ("CONSENT OBTAINED FROM PAT WALKER, HCP.", "PAT WALKER"),
    ("PT ASKING FOR ROSE LONG, HIS WIFE.", "ROSE LONG"),
    ("CM PAT WALKER ARRANGING REHAB.", "PAT WALKER"),
    ("OT GRACE HILL EVAL DONE.", "GRACE HILL"),
    ("LIVES ALONE; HOPE LONG IS HCP.", "HOPE LONG"),
    ("ENDORSED CARE TO WILL WEST RN AT 1900.", "WEST"),
    ("GIVEN TO WILL WEST, RN, AT SHIFT CHANGE.", "WEST"),
    ("CHAPLAIN VISIT BY HOPE LONG.", "HOPE LONG"),
    ("PT ATE WELL, BILL FROM DIETARY SAW PT.", "BILL"),
    ("PT WILL RETURN TO HOPE HOUSE ON DISCHARGE.", "HOPE HOUSE"),
    ("FAMILY MEETING WITH ROSE LONG AND PAT WALKER.", "ROSE LONG"),
    ("FAMILY MEETING WITH ROSE LONG AND PAT WALKER.", "PAT WALKER"),
]
_BASE_MISSES = {("PT ATE WELL, BILL FROM DIETARY SAW PT.", "written")}


def _covered(deid: Deidentifier, text: str, part: str) -> bool:
    at = text.index(part)
    spans = deid.detect(text)
    return all(any(s.start <= i < s.end for s in spans)
               for i in range(at, at + len(part)) if text[i] != " ")


@pytest.mark.parametrize(("text", "name"), _WEAK_CUES)
@pytest.mark.parametrize("case", ["upper", "written", "lower"])
def test_names_with_weak_cues_stay(deid: Deidentifier, text: str, name: str, case: str,
                                   request: pytest.FixtureRequest) -> None:
    if case == "lower" or (text, case) in _BASE_MISSES:
        request.applymarker(pytest.mark.xfail(strict=True, reason="base misses it too"))
    text, name = _recased(text, name, case)
    assert _covered(deid, text, name), text


# false alarms the reverted rule would have dropped: tagged in capitals on base and here
# (strict xfail: a known false alarm); not tagged as written or in lower case
@pytest.mark.parametrize(("text", "part"), [
    ("PAT DRY, APPLY BARRIER CREAM.", "PAT DRY"),
    ("FRANK BLOOD IN FOLEY, MD AWARE.", "FRANK BLOOD"),
])
@pytest.mark.parametrize("case", ["upper", "written", "lower"])
def test_common_words_are_no_name(deid: Deidentifier, text: str, part: str, case: str,
                                  request: pytest.FixtureRequest) -> None:
    if case == "upper" and part != "PAT DRY":  # PAT DRY: no name since session 24 (deidcaps24)
        request.applymarker(pytest.mark.xfail(strict=True, reason="known false alarm in caps"))
    text, part = _recased(text, part, case)
    assert part not in _names(deid, text), text


def test_long_caps_line_of_common_words_is_near_linear(deid: Deidentifier) -> None:
    """The review's timing input (quadratic on the reverted rule), one line."""
    unit = "S/P REVISION, LONG CASE, PAT DRY, CHIN TUCK. "
    assert grows_near_linearly(deid, unit, 250, 1000, 8)
