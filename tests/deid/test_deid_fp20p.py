"""Session 20, branch deidfp20p: false spans of the place rules on PHI-sparse clinical text
(scores, drugs and doses read as wards, transport levels as companies, plain English in
capitals as facilities, scans as streets, generic services as clinics, equipment as suppliers),
and the real places of the same shapes that must stay found. Every sentence is written here."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier
from meddx.deid._lexicon import lexicon
from meddx.deid._places import PlaceDetector
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


@pytest.fixture(scope="module")
def places() -> PlaceDetector:
    return PlaceDetector(lexicon())


def _place_covers(places: PlaceDetector, text: str, word: str) -> bool:
    i = text.index(word)
    return any(s.start < i + len(word) and i < s.end for s in places.detect(text))


# -- the false spans: no place rule tags the word -------------------------------------------
@pytest.mark.parametrize(("text", "word"), [
    # a "word number" after a comma in a list of findings, doses or scores is no ward
    ("Pt drowsy but arousable, Aldrete 8 at 1400. Denies nausea.", "Aldrete 8"),
    ("ECHO: LV normal, RV mildly enlarged, TAPSE 15. No effusion.", "TAPSE 15"),
    ("Vent on AC, Pplat 24. PEEP 10.", "Pplat 24"),
    ("home meds: lisinopril 20 daily, atorva 40, metoprolol 25 bid.", "atorva 40"),
    ("Meds: aspirin 81 daily, meloxicam 7, omeprazole.", "meloxicam 7"),
    # a score named by hyphenated common words, in brackets
    ("OSA SCREEN (STOP-BANG 4) - HIGH RISK.", "STOP-BANG 4"),
    # transport levels and adjectives before "ambulance" / "transport"
    ("Transport via BLS ambulance at 1500, report called.", "BLS ambulance"),
    ("TRANSPORT BY ALS AMBULANCE WITH RN AT 1300.", "ALS AMBULANCE"),
    ("PT TO GO VIA SECURE AMBULANCE TOMORROW.", "SECURE AMBULANCE"),
    ("PT HAS RELIABLE TRANSPORT (BUS).", "RELIABLE TRANSPORT"),
    # plain English in capitals before a service word, after "for" / "with" / "by"
    ("PT APPROPRIATE FOR ACUTE REHAB PER PM&R.", "ACUTE REHAB"),
    ("MAY GO HOME WITH INCREASED SERVICES IF PROGRESSES.", "INCREASED SERVICES"),
    ("SUBOXONE STARTED BY ADDICTION MEDICINE TODAY.", "ADDICTION MEDICINE"),
    # a common word before an ICU word, in capitals or lower case
    ("IF MAP < 65 WILL CALL ICU FOR EVAL.", "CALL ICU"),
    ("if worse will call micu for eval.", "call micu"),
    ("GAIT: SHORT STEP LENGTH, 1 STANDING REST.", "SHORT STEP"),
    # a common word in capitals after a strong cue is no town
    ("MOTHER WILL HELP IF PT STAYS IN TREATMENT.", "TREATMENT"),
    ("NOISY HALL, MOVED TO QUIETER ROOM AT 2200.", "QUIETER"),
    # "ct" after a study word is the scan, not "Court"
    ("no bleed, stable on repeat ct this am.", "repeat ct"),
    ("~20CC ON OUTSIDE CT, GCS 13.", "OUTSIDE CT"),
    # generic services and a hospital's role in a transfer
    ("F/U VASCULAR CLINIC IN 2 WKS.", "VASCULAR CLINIC"),
    ("STABLE FOR TRANSFER BACK TO REFERRING HOSPITAL.", "REFERRING HOSPITAL"),
    ("ANTICOAG CLINIC APPT MADE FOR MONDAY.", "ANTICOAG CLINIC"),
    ("INFO ON LODGING NEAR HOSPITAL GIVEN TO WIFE.", "LODGING NEAR HOSPITAL"),
    ("PCN ALLERGY, PENDING ALLERGY CLINIC TESTING.", "PENDING ALLERGY"),
    (" - TRANSITIONAL CARE CLINIC APPT IN 1 WK.", "TRANSITIONAL CARE CLINIC"),
    ("Seen in the Preoperative Evaluation Clinic today.", "Preoperative Evaluation Clinic"),
    # the equipment a DME or oxygen field names
    ("DME: ROLLING WALKER AND BEDSIDE COMMODE ORDERED.", "ROLLING WALKER"),
    ("home oxygen: concentrator + portable tanks.", "concentrator"),
])
def test_place_false_span_gone(places, text, word):
    assert not _place_covers(places, text, word)


# -- the real places of the same shapes: still found ----------------------------------------
@pytest.mark.parametrize(("text", "part", "label"), [
    ("transferred to Parkland Memorial for cath.", "Parkland Memorial", "HOSPITAL"),
    ("daughter lives in Parkland, WA.", "Parkland", "LOCATION"),
    ("(charge, Harroway 6) aware of plan.", "Harroway 6", None),
    ("Report from RN Okafor, Kestrelby 7, at 1900.", "Kestrelby 7", "HOSPITAL"),
    ("pt transferred to Kestrelby 5 for tele.", "Kestrelby 5", "HOSPITAL"),
    ("pt moved (lunder 21) for tele.", "lunder 21", None),
    ("Transport via Brewster Ambulance at 1400.", "Brewster Ambulance", None),
    ("TRANSPORT VIA FALLON AMBULANCE AT 1400.", "FALLON AMBULANCE", None),
    ("Sent via Lifeline Ambulance today.", "Lifeline Ambulance", None),
    ("WORKS AT SUNRISE SENIOR LIVING.", "SUNRISE SENIOR LIVING", None),
    ("TRANSFERRED TO LINDEN HILL MANOR.", "LINDEN HILL MANOR", None),
    ("DISCHARGED TO MERCY REHAB TODAY.", "MERCY", None),
    ("PT NOW ON TOLLAND ICU.", "TOLLAND ICU", "HOSPITAL"),
    ("pt now on Tolland ICU.", "Tolland ICU", "HOSPITAL"),
    ("LIVES IN AUBURN WITH WIFE.", "AUBURN", "LOCATION"),
    ("STAYS WITH SON IN NORBURN.", "NORBURN", "LOCATION"),
    ("lives on maple ct with wife.", "maple ct", "LOCATION"),
    ("house on Elm Ct, Castleford.", "Elm Ct", "LOCATION"),
    ("Transferred to Mary Bridge Clinic for f/u.", "Mary Bridge Clinic", "HOSPITAL"),
    ("TRANSFERRED FROM LONG ISLAND JEWISH HOSPITAL.", "LONG ISLAND JEWISH HOSPITAL", "HOSPITAL"),
    ("F/U at Lahey Clinic in 2 wks.", "Lahey Clinic", "HOSPITAL"),
    ("TRANSFERRED TO GOOD SAMARITAN HOSPITAL.", "GOOD SAMARITAN HOSPITAL", "HOSPITAL"),
    ("DME: Northeast Breathing Solutions will deliver.", "Northeast Breathing Solutions", None),
    ("Home O2: Lincare, 2L NC.", "Lincare", None),
])
def test_place_of_same_shape_found(deid, text, part, label):
    assert covered(deid, text, part, label)


def test_long_inputs_stay_fast(places):
    """The new checks add no regex; the rules they sit in stay linear on long inputs."""
    for text in (" " * 20_000, "Boston " * 7_000, "ON REPEAT CT, " * 2_000,
                 "FOR ACUTE REHAB, " * 2_000, "oriented, Aldrete 9, " * 2_000):
        t0 = time.perf_counter()
        places.detect(text)
        assert time.perf_counter() - t0 < 20
