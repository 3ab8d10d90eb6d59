"""A place run that reaches the last word of a note (session 19: "cxr from sunrise of arlington
reviewed." raised IndexError in the imaging-source rule, so the whole note failed)."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier


@pytest.mark.parametrize("text", [
    "cxr from sunrise of arlington reviewed.",
    "cxr from sunrise of arlington reviewed",
    "CXR FROM SUNRISE OF ARLINGTON REVIEWED.",
    "ct from oak ridge of salem",
    "mri from",
])
def test_an_imaging_source_at_the_end_of_a_note_does_not_raise(text):
    spans = Deidentifier().detect(text)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)


def test_the_source_is_still_masked_at_the_end_of_a_note():
    text = "cxr from sunrise of arlington reviewed."
    covered = {i for s in Deidentifier().detect(text) for i in range(s.start, s.end)}
    start = text.index("sunrise")
    assert all(i in covered for i in range(start, text.index(" reviewed")) if text[i].isalnum())
