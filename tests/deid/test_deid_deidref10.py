"""The clean-up of the review leftovers (session 10, branch deidref10): the bug fixes, each
with positives and look-alikes. Sentences written for these tests; none comes from a note set."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid._facility_pairs import facility_pair_spans
from meddx.deid._lexicon import lexicon
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _pairs(text: str) -> list[str]:
    return [text[s.start:s.end] for s in facility_pair_spans(text, lexicon())]


# A residence "at" a town before "rehabilitation": the gate let only "rehab" through.
@pytest.mark.parametrize("text, name", [
    ("She will go to Wingate at Needham rehabilitation on discharge.", "Wingate at Needham"),
    ("Plan: Brookdale at Woodbury Rehabilitation after PT eval.", "Brookdale at Woodbury"),
    ("DC TO HEBREW SENIOR at ROSLINDALE REHABILITATION", "HEBREW SENIOR at ROSLINDALE"),
    ("to Wingate at Needham rehab tomorrow", "Wingate at Needham"),
])
def test_at_town_before_rehabilitation(text, name):
    assert _pairs(text) == ([name] if name else [])


@pytest.mark.parametrize("text", [
    "Goal is PT at Home rehabilitation program.",  # no name before "at"
    "Wingate at Needham rehabilitative potential good.",  # "rehab..." is no kind of care
    "Continue OT at Bedside rehabilitation exercises.",
])
def test_at_town_before_rehabilitation_lookalikes(text):
    assert _pairs(text) == []


def test_at_town_before_rehabilitation_detected(deid):
    text = "Accepted at Maplewood at Brewster rehabilitation for PT."
    assert covered(deid, text, "Maplewood at Brewster", "HOSPITAL")
