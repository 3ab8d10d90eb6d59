"""Session 13, deidcase13: the rules side of letter case. Facility spans that only capitals
vouch for do not propagate (``_caps_guard``); names typed in capitals give no common-word short
forms; a relabelled span keeps its ``propagate`` flag; the case view restores the parts of a
name that its other parts vouch for (initials, titles, common-word surnames) and state codes
before a ZIP code. Synthetic sentences only."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier, Span
from meddx.deid._caps_guard import caps_guard
from meddx.deid._case_view import case_view, case_view_spans
from meddx.deid._corpus import facility_aliases
from meddx.deid._labels import relabel
from meddx.deid._lexicon import lexicon
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _span(text: str, value: str, label: str = "HOSPITAL", source: str = "places") -> Span:
    i = text.index(value)
    return Span(i, i + len(value), label, source)


class _Finds:
    """A detector that finds fixed (lower-cased value, label) pairs, as the lexicon would."""

    def __init__(self, *found: tuple[str, str], name: str = "places") -> None:
        self.found = found
        self.name = name

    def detect(self, text: str) -> list[Span]:
        out = []
        for value, label in self.found:
            i = text.find(value)
            if i >= 0:
                out.append(Span(i, i + len(value), label, self.name))
        return out


@pytest.mark.parametrize(("text", "value", "propagates"), [
    # capitals alone: dropped since session 27 (deidcaps27) unless a cue of place reads it
    ("PLAN: NEXT CLINIC MONDAY, LABS BEFORE.", "NEXT CLINIC", None),
    ("PLAN: SEEN AT NEXT CLINIC MONDAY, LABS BEFORE.", "NEXT CLINIC", False),  # kept, not repeated
    ("PT WAS ADMITTED TO MERCY HOSPITAL FOR PNA.", "MERCY HOSPITAL", True),  # found in lower case
    ("FOLLOWS AT HEYWOOD CLINIC FOR PSYCH.", "HEYWOOD CLINIC", True),  # a word in no list
    ("Plan: Next Clinic Monday, labs before.", "Next Clinic", True),  # mixed case: not the guard's
    ("NEXT CLINIC MONDAY\nSeen by the team, stable.", "NEXT CLINIC", None),  # a capitals line
])
def test_caps_guard_stops_capitals_only_facilities_from_propagating(text, value, propagates):
    span = _span(text, value)
    lower_reader = _Finds(("mercy hospital", "HOSPITAL"))
    other = _Finds(("next clinic", "HOSPITAL"), name="names")  # not the span's detector
    out = caps_guard(text, [span], [lower_reader, other])
    if propagates is None:
        assert out == []
        return
    assert len(out) == 1 and (out[0].start, out[0].end) == (span.start, span.end)
    assert out[0].propagate is propagates


def test_caps_guard_leaves_other_labels_and_the_crf_alone():
    text = "SEEN BY NEXT CLINIC TEAM TODAY."
    spans = [_span(text, "NEXT CLINIC", "AGE"), _span(text, "NEXT CLINIC", source="crf")]
    assert caps_guard(text, spans, []) == spans


def test_capitals_facility_span_does_not_tag_the_word_in_other_notes(deid):
    # session 20 (deidfp20p): "TO ACUTE REHAB" in capitals is no longer tagged at all (plain
    # English before a service word); a place word keeps this capitals facility span
    notes = ["DISPOSITION: TO ACUTE VALLEY REHAB TOMORROW, ACCEPTED.",
             "NO ACUTE EVENTS OVERNIGHT. ACUTE KIDNEY INJURY RESOLVING."]
    spans = deid.detect_many(notes)
    assert not any(notes[1][s.start:s.end].startswith("ACUTE") for s in spans[1])
    # the span keeps its place in its own note but is not repeated: the corpus pass would
    # otherwise carry "ACUTE REHAB" (and its short forms) to every other note
    rehab = [s for s in spans[0] if "ACUTE" in notes[0][s.start:s.end]]
    assert rehab and not any(s.propagate for s in rehab)


def test_capitals_names_give_no_common_word_short_form():
    lex = lexicon()
    assert facility_aliases("MERCY HOSPITAL", lex) == []
    assert facility_aliases("Mercy Hospital", lex) == ["Mercy"]
    assert "HEYWOOD" in facility_aliases("HEYWOOD HOSPITAL", lex)  # no common word: kept


def test_relabel_keeps_a_span_non_propagating():
    text = "Transferred to Kestrel Hospital today."
    span = Span(15, 31, "LOCATION", "places", 0.8, propagate=False)  # relabelled HOSPITAL
    out = relabel(text, [span])
    assert [(s.label, s.propagate) for s in out] == [("HOSPITAL", False)]


@pytest.mark.parametrize("case", [str.lower, str.upper])
@pytest.mark.parametrize(("text", "value"), [
    ("Anesthesia: Nadia Fenwick, MD. Assist: K. Marchetti, MD.", "K. Marchetti"),
    ("Caseworker Marcus Reed from the county office called.", "Marcus Reed"),
    ("Contact niece Ingrid Pike at home, she visits daily.", "Ingrid Pike"),
])
def test_flat_case_names_keep_their_parts(deid, case, text, value):
    assert covered(deid, case(text), case(value), "NAME")


def test_lower_case_titles_cue_names(deid):
    text = "family (mrs. lindgren) notified by dr walsh at 1610."
    assert covered(deid, text, "lindgren", "NAME") and covered(deid, text, "walsh", "NAME")
    assert covered(deid, "chaplain fr. dominic visited this afternoon.", "dominic", "NAME")


@pytest.mark.parametrize(("text", "word"), [
    ("marcus said he would call back after work", "said"),
    ("the mr showed no acute findings and ms on ocrevus", "mr"),
    ("the mr showed no acute findings and ms on ocrevus", "ms"),
    ("pt says hi 12345 times a day to the staff here", "hi"),
    ("pt transferred fr rehab to the floor overnight, stable", "rehab"),
])
def test_flat_case_name_parts_negatives(deid, text, word):
    assert not covered(deid, text, word)


def test_a_first_name_before_a_place_word_opens_no_name():
    # "valley" is a listed surname and a place word: "harlan valley" is no name in lower case
    view = case_view("endocrine clinic f/u to be set up at harlan valley. caseworker marcus reed")
    assert view is not None and "Marcus Reed" in view and "Harlan Valley" not in view


def test_view_recases_initials_titles_and_state_before_zip():
    view = case_view("assist: k. marchetti, md. lived in nashua nh 03060 until 2022.")
    assert view is not None
    assert "K. Marchetti, md" in view  # a credential is no state code ("md")
    assert "NH 03060" in view
    # a found surname does not hide its initial from the view; a title adds nothing to see
    text = "assist: k. marchetti, md, stable overnight"
    assert case_view(text, [_span(text, "marchetti", "NAME", "names")]) is not None
    assert case_view(text, [_span(text, "k. marchetti", "NAME", "names")]) is None
    text = "seen by dr walsh today, stable overnight"
    assert case_view(text, [_span(text, "walsh", "NAME", "names")]) is None


def test_crf_spans_do_not_count_as_found_for_the_view():
    # the crf's lower-case words give way to the rules' spans, so the view's reading must stand
    text = "assist: k. marchetti, md, stable overnight"
    reader = _Finds(("K. Marchetti", "NAME"))
    assert case_view_spans(text, [reader], [_span(text, "k. marchetti", "NAME", "crf")])
    assert not case_view_spans(text, [reader], [_span(text, "k. marchetti", "NAME", "names")])


def test_flat_case_zip_after_state(deid):
    assert covered(deid, "lived with son in nashua nh 03060 until 2022, now here", "03060")


def test_view_spans_add_without_relabelling():
    text = "last scope may 2019 with dr. walsh, normal"
    found = [_span(text, "2019 with dr.", "ADDRESS", "rules")]
    reader = _Finds(("Dr. Walsh", "NAME"))
    assert case_view_spans(text, [reader], found) == []  # it would relabel the address
    assert case_view_spans(text, [reader], [])  # nothing read as written: the view adds it
    # a longer name of a more specific type may relabel: a town inside a hospital's name
    text = "sending facility: quillby county hospital, stable"
    found = [_span(text, "quillby county", "LOCATION", "places")]
    reader = _Finds(("Quillby County Hospital", "HOSPITAL"))
    assert case_view_spans(text, [reader], found)


@pytest.mark.parametrize(("text", "value", "label"), [
    ("specimen to pathology (sp-21-40213), jar a", "sp-21-40213", "ACCOUNT"),
    ("compare prior s22-5512 from last spring", "s22-5512", "ACCOUNT"),
    ("bed 4 - quillon, 94f, sepsis, on pressors", "94", "AGE"),
])
def test_flat_case_identifier_shapes(deid, text, value, label):
    assert covered(deid, text, value, label)
    assert covered(deid, text.upper(), value.upper(), label)


@pytest.mark.parametrize("text", [
    "walked 50m with a walker and tolerated it well",
    "plan ct a/p at 0800 then npo after midnight",
])
def test_flat_case_identifier_shapes_negatives(deid, text):
    assert deid.detect(text) == []
