"""Session 28, deidprec28: false alarms of PHI-sparse ICU notes dropped by word class
(``_plain_alarms``), each class both ways: the look-alike is not found, the PHI with its cue
still is. Synthetic sentences only, as written, in lower case and in capitals."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier, Span
from meddx.deid._plain_alarms import drop_plain_alarms
from tests._support.deid import covered, touched

CASES = (str, str.lower, str.upper)


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "part"), [
    # contractions
    ("Pt lives with his wife; wife doesn't drive at night, son will come.", "doesn't"),
    ("Daughter can't pick him up until after 1700.", "can't"),
    ("Told him I'd ask financial counseling to stop by tomorrow.", "I'd ask"),
    # auxiliaries and adverbs
    ("Pt and her husband are aware and agree with the plan.", "are"),
    # levels of care
    ("Admission note: pt arrived to SDU from ED via stretcher at 1640.", "SDU"),
    ("Nursing shift note 0700-1930, SDU bed 14.", "SDU bed"),
    ("Referred to 4 SNFs with wound capability.", "SNFs"),
    # measured values
    ("Autonomic: BP labile 90s-170s, HR 50-120.", "labile"),
    ("Cardiac: V-paced 70s with intermittent intrinsic SR.", "V-paced"),
    ("Pt going home on 2L continuous, 3L with exertion.", "continuous"),
    # clinical terms
    ("RR 38, HR 130s, diaphoretic. Placed back on full support.", "diaphoretic"),
    ("Balloon placed by ICU attending at 0140 for massive hematemesis.", "hematemesis"),
    ("Admitted for acute hypercapnic respiratory failure 2/2 COPD.", "hypercapnic"),
    # days of stay
    ("Intubated POD 1-3, extubated yesterday.", "1-3"),
    # clock times
    ("Night shift report 1900-0700. Bed 3. 44 yo F with DKA.", "1900-0700"),
    ("Plan: SBT 0700. Team optimistic for extubation.", "0700"),
    # sentences at a verb or quantifier
    ("Blood bank director to call ICU team.", "call ICU"),
    ("Signs of infection and when to call burn clinic.", "call burn"),
    ("Be able to play with grandkids, fewer hospital visits.", "fewer hospital"),
    ("Asked about the bill from the transferring hospital.", "transferring"),
    ("Mom remains at delivering hospital.", "delivering"),
    ("Follow up device clinic 7-10 days for wound check.", "device clinic"),
    # headings
    ("Neurocritical Care Progress Note\n\nS: overnight pt calm.", "Neurocritical"),
    ("TICU Nursing Note 0700-1900\n\n68 y/o M, pedestrian struck.", "TICU"),
    ("Progressive Care Nursing Note - Nights\n\nSummary: 4 days post op.", "Progressive"),
    # languages and compounds
    ("Used the iPad interpreter (Punjabi). Explained the plan.", "Punjabi"),
    ("Pt Spanish-speaking, interpreter via iPad.", "Spanish-speaking"),
    ("Splenic lac grade III managed non-op.", "non-op"),
])
def test_look_alike_is_no_phi(deid, case, text, part):
    assert not touched(deid, case(text), case(part))


@pytest.mark.parametrize(("text", "phi"), [
    ("Wife Mary Smith doesn't drive; son will come.", "Mary Smith"),
    ("Seen by Dr. Just in clinic.", "Just"),
    ("Transferred to SDU from Mercy Hospital last night.", "Mercy Hospital"),
    ("Wife called Mercy Hospital about the bill.", "Mercy Hospital"),
    ("She lives in Two Rivers with her son.", "Two Rivers"),
    ("Attends First Baptist of Selma on Sundays.", "First Baptist of Selma"),
    ("Pt from home in Weaverville, HR 130s, diaphoretic.", "Weaverville"),
    ("Mary-Kate Olsen at bedside, Spanish-speaking.", "Mary-Kate Olsen"),
    ("Lives in Hancock; went home for the weekend.", "Hancock"),
    ("Tobin ICU RN note 2/11 nights. Pt came up from Tobin 4.", "Tobin"),
    ("Heritage Manor Nursing Note\n\nResident seen at 0900.", "Heritage Manor"),
    ("Pt from outside hosp: Mercy Hospital in Selma.", "Mercy Hospital"),
])
def test_phi_with_its_cue_is_still_found(deid, text, phi):
    for case in CASES:
        assert covered(deid, case(text), case(phi)), case(text)


def test_contraction_cuts_a_span_after_a_name():
    text = "Wife Rosa doesn't drive."
    start = text.index("Rosa")
    got = drop_plain_alarms(text, [Span(start, text.index(" drive"), "NAME", "names")])
    assert [(s.start, s.end) for s in got] == [(start, start + len("Rosa"))]


def test_identifier_of_no_clock_time_stays():
    text = "MRN 4412-3390 on file."
    start = text.index("4412")
    assert drop_plain_alarms(text, [Span(start, start + 9, "MRN", "rules")])

