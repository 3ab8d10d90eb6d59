"""Session 27: ``deid.facility_forms_across_notes`` "cued" (the default) carries a facility's short
form to another note of the call only where that note shows it with a facility cue ("nurse @
brackwater hollow", "IN WENDLOW"); a form of one ordinary word ("Ohio" of "Ohio State Hospital")
or with a generic word ("Night Shift" of "Night Shift Nursing") is not carried. True carries
every form to every note (the pass before session 26), False none (session 26)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from meddx.deid import DeidConfig, Deidentifier, deidentify_texts
from meddx.errors import ConfigError

FULL = "Pt admitted from Brackwater Hollow Nursing Center last week."
CUED = "Husband is a nurse @ brackwater hollow. brackwater hollow called again."
TOWN = ["Seen at Wendlow Counseling Associates.", "ON HD M/W/F AT KESTREL DIALYSIS CTR IN WENDLOW."]
OHIO = ["Records from Ohio State Hospital reviewed.", "Son lives in Ohio, calls nightly."]
NIGHT = ["Night Shift Nursing called about the pt.",
         "Report given, handoff to night shift at 0700."]


def _found(deid: Deidentifier, texts: list[str]) -> list[list[str]]:
    return [[t[s.start:s.end].lower() for s in spans]
            for t, spans in zip(texts, deid.detect_many(texts), strict=True)]


def test_cued_form_is_carried_by_default():
    assert _found(Deidentifier(), [FULL, CUED])[1] == ["brackwater hollow", "brackwater hollow"]
    assert _found(Deidentifier(), TOWN)[1][-1] == "wendlow"
    out, summary = deidentify_texts([FULL, CUED], DeidConfig())
    assert out[1] == "Husband is a nurse @ [HOSPITAL]. [HOSPITAL] called again."
    assert summary["facility_forms_across_notes"] == "cued"


@pytest.mark.parametrize("notes", [OHIO, NIGHT])
def test_ordinary_word_form_is_not_carried(notes):
    assert _found(Deidentifier(), notes)[1] == []
    assert deidentify_texts(notes, DeidConfig())[0][1] == notes[1]
    assert _found(Deidentifier(facility_forms_across_notes=True), notes)[1] != []  # the full pass


@pytest.mark.parametrize(("mode", "carried"), [(False, False), ("cued", True), (True, True)])
def test_three_behaviours(mode, carried):
    cfg = DeidConfig(facility_forms_across_notes=mode)
    assert cfg.facility_forms_across_notes == mode
    assert (_found(Deidentifier.from_config(cfg), [FULL, CUED])[1] != []) is carried
    assert ("[HOSPITAL]" in deidentify_texts([FULL, CUED], cfg)[0][1]) is carried


def test_other_values_are_refused():
    with pytest.raises(ValidationError):
        DeidConfig(facility_forms_across_notes="always")
    with pytest.raises(ConfigError):
        Deidentifier(facility_forms_across_notes="always")
