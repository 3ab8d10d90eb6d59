"""Clinical text written like PHI (``_clinical_lookalikes``, session 19, branch deidprec19):
scores read as wards, "DR" the doctor read as a street, charting words after "Dr"/"MD"/"MR"
read as names, anatomical junctions read as towns. Sentences written for these tests in several
note styles (mixed case, lower case, ALL CAPS); none comes from a note set. Each family has its
look-alikes (dropped) and PHI of the same shape that must stay."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier
from meddx.deid._clinical_lookalikes import drop_clinical_lookalikes
from meddx.deid._span import Span
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _touched(deid: Deidentifier, text: str, word: str) -> bool:
    i = text.index(word)
    return any(s.start < i + len(word) and i < s.end for s in deid.detect(text))


# (sentence, a word no span may touch)
LOOKALIKES = [
    ("Alcoholic hepatitis (Maddrey 42), started prednisolone.", "Maddrey"),
    ("alcoholic hepatitis (maddrey 42), started prednisolone.", "maddrey"),
    ("ALCOHOLIC HEPATITIS (MADDREY 42), STARTED PREDNISOLONE.", "MADDREY"),
    ("Cirrhosis (MELD-Na 27) admitted with GI bleed.", "MELD"),
    ("cirrhosis (meld-na 27) admitted with gi bleed.", "meld"),
    ("CALL RECEIVED 0315 FROM DR KOWALCZYK ABOUT THE PT.", "0315 FROM"),
    ("LOVENOX 40 GIVEN PER DR OSTROWSKI.", "GIVEN PER"),
    ("RTC 3 MO WITH DR. ABERNATHY.", "MO WITH"),
    ("ABG 7.31/52/88, DR AWARE, RR INCREASED TO 20.", "AWARE"),
    ("K 3.1, MD NOTIFIED, REPLETED.", "NOTIFIED"),
    ("MR NOTED ON ECHO.", "NOTED"),
    ("EF 30%, mod MR. RVSP 48 on echo.", "RVSP"),
    ("R IJ CVC TIP AT CAVOATRIAL JUNCTION.", "CAVOATRIAL"),
    ("PT TO IR, STONE AT THE URETEROPELVIC JUNCTION.", "URETEROPELVIC"),
    ("pt to ir for picc, tip at cavoatrial junction.", "cavoatrial"),
]


@pytest.mark.parametrize(("text", "word"), LOOKALIKES)
def test_clinical_lookalike_untagged(deid: Deidentifier, text: str, word: str) -> None:
    assert not _touched(deid, text, word)


# (sentence, PHI that must stay covered)
KEPT = [
    ("Seen by Dr. Bath this morning.", "Bath"),
    ("DR. BATH AT BEDSIDE.", "BATH"),
    ("Lovenox 40 given per Dr Ostrowski.", "Ostrowski"),
    ("LOVENOX 40 GIVEN PER DR OSTROWSKI.", "OSTROWSKI"),
    ("CALL RECEIVED 0315 FROM DR KOWALCZYK ABOUT THE PT.", "KOWALCZYK"),
    ("Brief ICU stay on Aldous 5 for levophed.", "Aldous"),
    ("Lives at 1015 Swan Dr with her son.", "1015 Swan Dr"),
    ("Moved here from Grand Junction, CO last year.", "Grand Junction"),
]


@pytest.mark.parametrize(("text", "word"), KEPT)
def test_phi_of_the_same_shape_kept(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word)


def _drop(text: str, part: str, label: str) -> bool:
    """Whether the guard drops a ``label`` span over ``part`` of ``text``."""
    i = text.index(part)
    return not drop_clinical_lookalikes(text, [Span(i, i + len(part), label, "test")])


@pytest.mark.parametrize(("text", "part", "label"), [
    ("Skin: Braden 14, turned q2h.", "Braden 14", "HOSPITAL"),
    ("Morse fall score 45, bed alarm on.", "Morse", "NAME"),
    ("SAH (Hunt-Hess 3), nimodipine started.", "Hunt-Hess 3", "HOSPITAL"),
    ("Braden 14", "Braden", "NAME"),
    ("PT: Berg 41, walker.", "Berg 41", "LOCATION"),
    ("0220 FROM DR HALE", "0220 FROM DR", "ADDRESS"),
    ("AT 1015 SWAN REMOVED BY DR. HALE", "1015 SWAN REMOVED BY DR.", "ADDRESS"),
    ("Dr notified of BP.", "notified", "NAME"),
])
def test_guard_drops(text: str, part: str, label: str) -> None:
    assert _drop(text, part, label)


@pytest.mark.parametrize(("text", "part", "label"), [
    ("Seen by Dr. Morse 4 days ago.", "Morse 4", "HOSPITAL"),  # a title: a person
    ("Seen by Dr. Morse 4 days ago.", "Morse", "NAME"),
    ("Transferred to Hunt 5 for telemetry.", "Hunt 5", "HOSPITAL"),  # a ward named for a person
    ("Stay on Fisher 3 overnight.", "Fisher 3", "HOSPITAL"),
    ("Visited Glasgow with family.", "Glasgow", "LOCATION"),  # no value: a place
    ("Lives in Apache Junction.", "Apache Junction", "LOCATION"),
    ("Moved from Grand Junction.", "Grand Junction", "LOCATION"),
    ("Lives at 1015 Swan Dr.", "1015 Swan Dr", "ADDRESS"),
    ("SINCE 2081 PER DR HALE", "2081 PER DR", "ADDRESS"),  # a year: the span may be its cover
    ("SEEN 3/14 BY DR HALE", "14 BY DR", "ADDRESS"),
    ("Called Dr. Page.", "Page", "NAME"),
    ("Daughter Grace 32 at bedside.", "Grace", "NAME"),
    ("Spoke with Mr. Noted.", "Noted", "NAME"),  # a title and no valve before: kept
    ("Spoke with Dr. Ahmed today.", "Ahmed", "NAME"),
])
def test_guard_keeps(text: str, part: str, label: str) -> None:
    assert not _drop(text, part, label)


def test_long_repeated_inputs_are_fast() -> None:
    for text in (" " * 20000, "Boston " * 7000, "MR " * 7000, "Braden 14 " * 3000,
                 "1 per dr " * 3000, "a" * 20000):
        spans = [Span(0, min(len(text), 40), label, "test")
                 for label in ("HOSPITAL", "NAME", "ADDRESS", "LOCATION")]
        t0 = time.process_time()
        drop_clinical_lookalikes(text, spans)
        assert time.process_time() - t0 < 0.5
