"""Session 23: false alarms in ALL-CAPS notes. In capitals every word is capitalised, so two
common English words of which one is also a name ("LONG CASE", "YOUNG GUY", "PAT DRY", "CHIN
TUCK") read as a person's name; the caps guard (``_caps_guard``) drops a NAME span of the names
detector in capitals when every word of it is a common word, no cue stands before it and the
line lower-cased does not give it. Names with a cue stay, in capitals, as written and in lower
case. Each input here is invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid._caps_guard import caps_guard
from meddx.deid._names import NameDetector
from meddx.deid._span import Span


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


# each of these gives a NAME span on base (cbebbcf2)
@pytest.mark.parametrize("text", [
    "S/P REVISION CONVERTED TO OPEN, LONG CASE (7H). EXTUBATED IN OR.",
    "PT IS A YOUNG GUY, 36, QUITE SCARED ABOUT THE CATH.",
    "FAMILY ASKED MANY GOOD QUESTIONS ABOUT THE MONITORING.",
    "WOUND: CLEANSE W/ NS, PAT DRY, FOAM DRESSING.",
    "CLEARED FOR THIN LIQUIDS WITH CHIN TUCK. ATE 30% OF LUNCH.",
    "CHAIR ALARM ON, CALL LIGHT IN REACH, RN AWARE.",
    "INTUBATED DAY 3. TODAY WAS A LONG DAY, SBT FAILED.",
    "PT HAD OK DAY, REMAINS ON HFNC 40L.",
])
def test_common_words_in_capitals_are_no_name(deid: Deidentifier, text: str) -> None:
    assert _names(deid, text) == []


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


def test_guard_leaves_mixed_case_lines_alone() -> None:
    text = "Long case today."
    span = Span(0, 9, "NAME", source="names")
    assert caps_guard(text, [span], [NameDetector()]) == [span]


def test_guard_drops_only_the_unvouched_name() -> None:
    text = "S/P A LONG CASE. SON MARK LONG CALLED."
    det = NameDetector()
    spans = det.detect(text)
    kept = {text[s.start:s.end] for s in caps_guard(text, spans, [det])}
    assert "LONG CASE" not in kept
    assert "MARK LONG" in kept


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
