"""Session 15, deidlower15: the case view of notes typed in lower case reads names and places by
the shape of their line (``_case_shapes``: "surname, first" header lines, transcription
footers, street addresses, a town and its state code) and by more cue words ("dear", "baby",
"dtr", "rn"). Synthetic sentences only."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid._case_shapes import line_shapes
from meddx.deid._case_view import case_view


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _view_word(text: str, words: str) -> str:
    """The case view of ``words`` in ``text`` ("" where no view is built)."""
    view = case_view(text) or ""
    i = text.index(words)
    return view[i : i + len(words)]


def _found(deid: Deidentifier, text: str, words: str, labels: tuple[str, ...]) -> bool:
    """Every letter of ``words`` in ``text`` lies in a span of one of ``labels``."""
    i = text.index(words)
    spans = [s for s in deid.detect(text) if s.label in labels]
    return all(any(s.start <= k < s.end for s in spans)
               for k in range(i, i + len(words)) if text[k].isalnum())


def _tagged(deid: Deidentifier, text: str, words: str) -> bool:
    i = text.index(words)
    return any(s.start < i + len(words) and i < s.end for s in deid.detect(text))


@pytest.mark.parametrize(("text", "name"), [
    ("icu progress note  hd 4\nbrannigan-oyelade, tobiah  57 m  mrn 3308127\n\nno events "
     "overnight, weaned to 2 l.", "brannigan-oyelade, tobiah"),
    ("wound clinic visit\nquartermaine, odalys   dob 4/2/1961\nheel ulcer smaller, 2 x 1 cm.",
     "quartermaine, odalys"),
    ("pt daily note\nfeatherstonhaugh, lucinda (88)  pod 3, walked 40 ft with rw.",
     "featherstonhaugh, lucinda"),
])
def test_header_lines_read_surname_and_first_name(deid, text, name):
    assert _view_word(text, name).istitle()
    assert _found(deid, text, name, ("NAME",))


@pytest.mark.parametrize("text", [
    "exam today\nabdomen, soft  nontender, no rebound, bowel sounds present.\n",
    "exam today\nlungs, clear  bilaterally, no wheeze or crackles heard.\n",
    "plan for today\nsodium, potassium  both normal this morning, recheck in am.\n",
])
def test_header_shape_leaves_findings_alone(deid, text):
    line = text.splitlines(keepends=True)[1]
    assert line_shapes(line, line, []) == (line, [])
    assert not [s for s in deid.detect(text) if s.label == "NAME"]


@pytest.mark.parametrize(("text", "initials"), [
    ("thank you for the referral.\n\nhortensia vasquez-lind, md\n\nhvl/tpq\ndd: 02/11/2070\n"
     "dt: 02/12/2070", ("hvl", "tpq")),
    ("return in six weeks with labs.\n\ncorwin abernathy-skye, do\ncas/kmr   d: 07/19/2071 10:04"
     "   t: 07/20/2071 08:30", ("cas", "kmr")),
])
def test_transcription_footers_read_as_initials(deid, text, initials):
    for ini in initials:
        assert _found(deid, text, ini, ("NAME",))


def test_a_unit_line_is_no_footer():
    text = "sodium reported in\nmg/dl\nnext draw at 0600 with the am labs, recheck potassium"
    assert "MG" not in (case_view(text) or "")


@pytest.mark.parametrize(("text", "address"), [
    ("discharged home to her daughter's house at 1482 larkspur hollow road, then outpt pt.",
     "1482 larkspur hollow road"),
    ("lives alone at 77 tamarind ln. no stairs, uses a cane outdoors, drives locally.",
     "77 tamarind ln"),
])
def test_street_addresses(deid, text, address):
    assert _view_word(text, address)[-len(address.split()[-1]):].istitle()
    assert _found(deid, text, address, ("ADDRESS", "LOCATION"))


@pytest.mark.parametrize("text", [
    "ekg with 1 mm st elevation in v2 and v3, repeat troponin in 3 hours, cards aware.",
    "she will need 2 more days st. then home if pain is controlled on oral meds.",
])
def test_street_shape_leaves_st_segments_alone(deid, text):
    assert not [s for s in deid.detect(text) if s.label in ("ADDRESS", "LOCATION")]


def test_a_listed_town_and_its_state_code(deid):
    text = "transfer summary\nfrom: county er, chillicothe mo\nto: icu, report called to charge rn."
    assert _view_word(text, "chillicothe mo") == "Chillicothe MO"
    assert _found(deid, text, "chillicothe", ("LOCATION",))


@pytest.mark.parametrize(("text", "name"), [
    ("baby marisol doing well, feeding every 3 hours, mom at bedside all night long.", "marisol"),
    ("dear kiera,\n\nthank you for asking about your grandmother, she is home now.", "kiera"),
    ("family update: dtr lucinda called at 1400, will visit tomorrow after work.", "lucinda"),
    ("report given to rn marisol at 0700, pt resting, no prn meds needed overnight.",
     "marisol"),
])
def test_more_name_cues(deid, text, name):
    assert _view_word(text, name).istitle()
    assert _tagged(deid, text, name)


@pytest.mark.parametrize("text", [
    "rn ok'd it with the charge nurse; rn ok. no new orders from the team.",
    "report given to rn aware of plan, baby sleeping comfortably in crib.",
])
def test_care_team_cues_need_a_listed_name(deid, text):
    assert not [s for s in deid.detect(text) if s.label == "NAME"]


@pytest.mark.parametrize(("text", "name"), [
    ("lives alone. wife dot (dorothy) and grandkids visited today, all well.", "dorothy"),
    ("pt calm, sleeping in mom's (yesenia) arms, no stridor at rest since 0430.", "yesenia"),
])
def test_a_listed_first_name_in_parentheses_after_a_cue(deid, text, name):
    assert _view_word(text, name).istitle()
    assert _tagged(deid, text, name)


def test_words_in_parentheses_after_findings_stay_lower_case(deid):
    text = "lab: sodium (low) and potassium (normal) were redrawn this am, grace period over."
    assert case_view(text) is None
    assert not [s for s in deid.detect(text) if s.label == "NAME"]
