"""Session 15, branch deiddate15: what the default detectors do with product and device
numbers (the policy in README "De-identification"), and the date, age, id and phone forms
of that session. Every example is invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier, RulesDetector
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


#: A product's lot number names a batch given to many patients: not PHI, in any of the ways a
#: vaccine or implant record writes it.
LOTS = [
    ("Tdap given L deltoid, lot #4471093, VIS given", "4471093"),
    ("Lot number: 4471093, expiration 12/2027", "4471093"),
    ("Lot and expiration: 8812734 12/27", "8812734"),
    ("lot no. 66120931 from pharmacy", "66120931"),
    ("PPD placed R forearm, lot 1C22B, read in 48h", "1C22B"),
    ("knee implant, LOT 64211893, size 5", "64211893"),
]


@pytest.mark.parametrize(("text", "word"), LOTS)
def test_lot_numbers_are_not_phi(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)


#: A device's serial number is (HIPAA's "device identifiers and serial numbers").
SERIALS = [
    ("Pacemaker interrogated, serial # PJN4471093, battery ok", "PJN4471093"),
    ("ICD S/N 7751234 model D314TRG", "7751234"),
    ("insulin pump serial number 55123987 checked", "55123987"),
    ("generator SN 4471093 interrogated", "4471093"),
]


@pytest.mark.parametrize(("text", "word"), SERIALS)
def test_device_serials_are_phi(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word)


def test_lot_before_its_expiry_is_no_id() -> None:
    """The rules leave a lot number after "LOT/EXP:" (the learned tagger may still join it to
    the expiry date that follows, which costs no PHI)."""
    text = "LOT/EXP: 5530218 / 12/2027"
    assert not [s for s in RulesDetector().detect(text) if s.start <= text.index("5530218") < s.end]


def test_lot_beside_serial(deid: Deidentifier) -> None:
    text = "Lead serial # LFJ2290441; lot 7781023 of the introducer kit"
    assert covered(deid, text, "LFJ2290441")
    assert not covered(deid, text, "7781023")
