"""Session 22: the crf refit with every training set but that session's check groups, and the
guards its tests asked for (``_crf_guard``): a dose fraction after a weekday, an eponym before
its head noun, a year after "since" that reads as a clock time, two people listed with a comma,
a lower-case "may" with no day, a month with a number no month has, a score's eponym before its
value, and an affiliation's town. Each input here is invented."""

from __future__ import annotations

import pytest

from meddx.deid import CrfDetector, Deidentifier
from meddx.deid._crf_guard import crf_pieces
from meddx.deid._span import Span
from tests._support.deid import grows_near_linearly


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _got(deid: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.label) for s in deid.detect(text)]


@pytest.mark.parametrize("text", [
    "gave fri 1/2 tab at bedtime.", "GAVE FRI 1/2 TAB AT BEDTIME.", "mon 1/4 tablet given",
    "she was on levophed since 2015, weaned off", "ON LEVOPHED SINCE 2030, TITRATING",
    "from brookside assisted living. epley maneuver done. plan as above.",
    "murphy sign negative. abd soft.",
    "diagnosed late may 2x mortality", "Dec 40 percent from baseline",
    "Moved (Rankin 2) to rehab floor.", "department of infectious diseases in Copenhagen",
])
def test_no_phi_in_these(deid: Deidentifier, text: str) -> None:
    got = _got(deid, text)
    assert all(span == "brookside assisted living" for span, _ in got), got


@pytest.mark.parametrize(("text", "phi"), [
    ("seen fri 1/2 in clinic", "1/2"),
    ("afib since 2017, on eliquis", "2017"),
    ("seen by dr epley in clinic", "epley"),
    ("Seen by Dr. Murphy today", "Murphy"),
    ("seen Dec 14 in clinic", "Dec 14"),
    ("seen by Dr Rankin 2 days ago", "Rankin"),
    ("surgery late March 2019", "March 2019"),
    ("pt lives in Copenhagen with her son", "Copenhagen"),
])
def test_phi_in_the_same_shapes_stays(deid: Deidentifier, text: str, phi: str) -> None:
    start = text.index(phi)
    assert any(s.start <= start and start + len(phi) <= s.end for s in deid.detect(text))


@pytest.mark.parametrize("text", ["DTR JUNE OKAFOR, MARK CALLED FOR UPDATE.",
                                  "Dtr June Okafor, Mark called for update."])
def test_two_people_listed_with_a_comma_are_two_spans(deid: Deidentifier, text: str) -> None:
    spans = deid.detect(text)
    comma = text.index(",")
    assert not any(s.start < comma < s.end for s in spans)
    assert any(text[s.start:s.end].lower() == "june okafor" for s in spans)


def test_crf_pieces_splits_a_list_but_not_last_first() -> None:
    text = "June Okafor, Mark and Okafor, Mark"
    listed = Span(0, 17, "NAME", source="crf", score=0.95)
    assert [(text[p.start:p.end]) for p in crf_pieces(text, listed)] == ["June Okafor", "Mark"]
    last_first = Span(22, 34, "NAME", source="crf", score=0.95)
    assert crf_pieces(text, last_first) == [last_first]
    place = Span(0, 17, "LOCATION", source="crf", score=0.95)
    assert crf_pieces(text, place) == [place]


def test_the_bundled_model_is_session_23s_refit() -> None:
    import hashlib
    from pathlib import Path

    data = Path(CrfDetector().path).read_bytes()
    assert hashlib.sha256(data).hexdigest()[:16] == "0a0e5fb9643b60b4"


def test_many_towns_with_state_codes_on_one_line_stay_linear(deid: Deidentifier) -> None:
    # each town-and-code scan started at the line's start: quadratic on one long line
    unit = "lives in Christmas Valley, OR "
    assert grows_near_linearly(deid, unit, 500, 2000, factor=7)
    spans = deid.detect(unit * 3)
    assert [(unit * 3)[s.start:s.end] for s in spans] == ["Christmas Valley"] * 3
