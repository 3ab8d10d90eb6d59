"""Session 15, branch deidfix15: a reviewer's findings on that session's rules (leaks,
regressions, slow patterns, false positives). Every example is invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


#: An identifier that ends a sentence keeps its whole number (finding 1).
IDS_AT_PERIOD = [
    ("MRN: PVC 10092.", "PVC 10092"),
    ("MRN MCDH 40-11876.", "MCDH 40-11876"),
    ("HOSPITAL #: HMC 118-447.", "HMC 118-447"),
    ("MRN: 123 45 67.", "123 45 67"),
    ("Acct 12 34 56.", "12 34 56"),
]


@pytest.mark.parametrize(("text", "word"), IDS_AT_PERIOD)
def test_id_before_a_full_stop_is_caught_whole(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word)


def test_id_lookahead_still_rejects_a_decimal(deid: Deidentifier) -> None:
    assert not covered(deid, "MRN: PVC 10092.5 x", "PVC 10092")
