"""Session 17, deidlower17: notes typed in lower case. A listed first name that is a common word
after a word of kin or care ("rn holly at 0412", ``_case_kin``), and the whole note re-cased
for the detectors that read it whole (``recased_note``). Synthetic sentences only."""

from __future__ import annotations

import re
import time

import pytest

from meddx.deid import Deidentifier
from meddx.deid._case_view import case_view, case_view_read, case_view_spans, recased_note
from tests.deid.test_deid_deidlower15 import _view_word


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _names(deid: Deidentifier, text: str) -> list[str]:
    return [text[s.start : s.end] for s in deid.detect(text) if s.label == "NAME"]


@pytest.mark.parametrize(("text", "name"), [
    ("called by rn holly at 0412 to see the patient.", "holly"),
    ("family thanked nurse holly. packet given.", "holly"),
    ("went home with her sister hope, who will stay the week.", "hope"),
    ("lives with son and dau-in-law sherry who help with meds.", "sherry"),
    ("rn: grace at bedside for the family meeting.", "grace"),
    ("husband frank is aware and agrees with the plan.", "frank"),
])
def test_common_word_first_name_after_kin_or_care_word(deid: Deidentifier, text: str,
                                                       name: str) -> None:
    assert _view_word(text, name) == name.title()
    assert name in _names(deid, text)


@pytest.mark.parametrize(("text", "word"), [
    ("rn drew and sent two sets of cultures.", "drew"),  # verbs and measures (the review)
    ("night nurse drew at 0330, sent to lab.", "drew"),
    ("rn drew, labeled and sent the specimens.", "drew"),
    ("nurse jarred at 0500 and sent.", "jarred"),
    ("mother spring at 0400 and sent.", "spring"),
    ("nurse ping at 0400 and sent.", "ping"),
    ("husband miles at 0400 and sent.", "miles"),
    ("wife will call tomorrow with an update.", "will"),
    ("daughter may visit on the weekend.", "may"),
    ("nurse aide at bedside overnight.", "aide"),
    ("family: father mi at 60, mother htn.", "mi"),
    ("son in law drove her in.", "in"),
])
def test_common_words_after_kin_words_stay_lower(deid: Deidentifier, text: str,
                                                 word: str) -> None:
    assert _view_word(text, word) in ("", word)
    assert word not in _names(deid, text)


def test_the_word_after_the_name_must_close_it() -> None:
    # "frank" then a noun: the view leaves it to the name detector's own kin rules
    assert _view_word("husband frank discussion held about goals.", "frank") in ("", "frank")
    assert _view_word("husband frank is aware.", "frank") == "Frank"


def test_mixed_case_notes_have_no_view_and_read_as_written() -> None:
    text = "Called by RN Holly at 0412. Wife Will called."
    assert case_view(text) is None
    assert recased_note(text) is None


def test_notes_in_capitals_are_not_recased_for_a_second_reading() -> None:
    text = "TRANSFERRED FROM HEYWOOD HOSPITAL IN GARDNER. SEEN BY DR. OKONKWO.\n"
    assert case_view(text) is not None  # the view still reads it
    assert recased_note(text) is None


def test_recased_note_keeps_length_wraps_and_the_other_lines() -> None:
    text = ("pt is a 92 year old woman who came in today from brookside\n"
            "assisted living in lincolnton with a cough for three days.\n"
            "afebrile overnight, no new complaints.\n")
    full = recased_note(text)
    assert full is not None and len(full) == len(text)
    first, second, third, _ = full.split("\n")  # the wrap stays a line break here
    assert (first + second).lower() == text.replace("\n", "")[: len(first + second)]
    assert "from Brookside" in first and "Assisted Living" in second
    assert third == "afebrile overnight, no new complaints."  # no proper noun: as typed


def test_case_view_read_agrees_with_case_view_spans(deid: Deidentifier) -> None:
    single = [d for d in deid.detectors if getattr(d, "detect_many", None) is None]
    text = "called by rn holly at 0412. transferred from heywood hospital in gardner.\n"
    spans, full, runs = case_view_read(text, single)
    assert spans == case_view_spans(text, single)
    assert full == recased_note(text)
    assert {text[a:b] for a, b in runs} == {"holly", "heywood hospital", "gardner"}


def _seconds(deid: Deidentifier, text: str) -> float:
    best = float("inf")  # the best of two: a busy machine slows one run, rarely both
    for _ in range(2):
        t0 = time.process_time()
        recased_note(text)
        deid.detect(text)
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("unit", [
    " ",
    "mary ",  # quadratic at the base: the line written into the view once per window
    "from boston ",
    "rn holly ",
    "wife hope, ",
    "seen by dr. okonkwo 12 ",  # quadratic before the review: found spans scanned per span
])
def test_long_repeated_inputs_stay_linear(deid: Deidentifier, unit: str) -> None:
    n = 20_000 if unit == " " else 2_000
    small, large = _seconds(deid, unit * n), _seconds(deid, unit * 2 * n)
    # linear: about 2 (less with the fixed costs); quadratic: about 4
    assert large < 3 * small + 0.05, (small, large)


class _Recorder:
    """A batched detector that records what it reads and tags each title-case word it sees."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def detect(self, text: str) -> list:
        return self.detect_many([text])[0]

    def detect_many(self, texts: list[str]) -> list[list]:
        from meddx.deid._span import Span
        self.read += texts
        return [[Span(m.start(), m.end(), "NAME", "test")
                 for m in re.finditer(r"\b[A-Z][a-z]+\b", t)] for t in texts]


def test_batched_detectors_read_a_flat_note_as_typed_and_recased() -> None:
    rec = _Recorder()
    deid = Deidentifier(detectors=["rules"])
    deid.detectors.append(rec)
    flat = "called by rn holly at 0412. seen at bedside overnight.\n"
    spans = deid.detect(flat)
    assert rec.read == [flat, recased_note(flat)]  # as typed, then its lines re-cased
    assert any(flat[s.start:s.end] == "holly" for s in spans)
    rec.read.clear()
    mixed = "Called by RN Holly at 0412. Seen at bedside overnight.\n"
    deid.detect(mixed)
    assert rec.read == [mixed]  # a note in mixed case is read once


def test_the_second_reading_counts_only_on_words_the_view_recased() -> None:
    # sentence case alone ("Epley", "Called") brings no span: the view re-cased "holly" only
    rec = _Recorder()
    deid = Deidentifier(detectors=["rules"])
    deid.detectors.append(rec)
    flat = "epley maneuver done. called by rn holly at 0412.\n"
    got = [flat[s.start:s.end] for s in deid.detect(flat)]
    assert rec.read[1].startswith("Epley maneuver done. Called by rn Holly")
    assert "holly" in got
    assert "epley" not in got and "called" not in got


@pytest.mark.parametrize(("text", "word"), [
    ("from brookside assisted living. epley maneuver done. plan as above.", "epley"),
])  # "humana" (an insurer: a company, LOCATION by the annotation policy) is tagged by the
# refit crf of session 17 in the first reading, so it no longer tests the second one
def test_no_crf_span_on_a_sentence_start_of_a_recased_note(deid: Deidentifier, text: str,
                                                            word: str) -> None:
    got = [text[s.start:s.end] for s in deid.detect(text)]
    assert "brookside assisted living" in got
    assert word not in got
