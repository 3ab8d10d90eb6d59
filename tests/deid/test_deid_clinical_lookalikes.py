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
    ("Pt was transferred to Parkland for burn care.", "Parkland"),
    ("Seen by Dr. Crawford in clinic.", "Crawford"),
    ("Seen 5/5 by neuro, no changes.", "5/5"),
    ("Hip fx, seen 5/5 by ortho.", "5/5"),
    ("Admitted 4-8 with pneumonia.", "4-8"),
    ("Seen by Dr. Post today.", "Post"),
    ("Ivor Lewis called about his mother.", "Ivor Lewis"),
    ("Dr. Whipple reviewed the films.", "Whipple"),
    ("Seen at Mayo Clinic in 2019.", "Mayo Clinic"),
    ("Dr. Shiley placed the trach.", "Shiley"),
    ("Returned from Mar 3 to Mar 9 for chemo.", "Mar 3"),
    ("Discharged in Mar to rehab.", "Mar"),
    ("Pt is from Sats, WA.", "Sats"),
    ("Transferred from Crawford Memorial.", "Crawford Memorial"),
    ("Moved here from Norco, CA.", "Norco"),
    ("Seen by Dr. Day this morning.", "Day"),
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
    ("EF 30%, mod MR. RVSP 48 on echo.", "RVSP", "NAME"),
    ("Skin: Braden 14, turned.", "Braden", "NAME"),
    ("Falls: Morse 45) noted.", "Morse", "NAME"),
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
    ("Seen 3/5 for a rash.", "3/5", "DATE"),  # no strength word: a date
    ("Strength training class, seen 4/5 by PT.", "4/5", "DATE"),  # a word between: a date
    ("Nursing note 07-09", "07-09", "DATE"),  # not two shift hours
    ("Admitted 4-8 with pneumonia.", "4-8", "DATE"),
    ("Lives at 28 Front St.", "28 Front St", "ADDRESS"),
    ("Followed at CHOP clinic.", "CHOP clinic", "HOSPITAL"),  # hospital initials
    ("Appt at Salem clinic.", "Salem clinic", "HOSPITAL"),  # a clinical word that is a town
    ("Seen at Mayo Clinic.", "Mayo Clinic", "HOSPITAL"),
    ("Moved to Parkland in 2010.", "Parkland", "LOCATION"),
    ("Dr. Crawford II saw her for the aneurysm.", "Crawford II", "NAME"),
    ("Called Mr. Whipple about the procedure.", "Whipple", "NAME"),
    ("Mar 3 chemo.", "Mar 3", "DATE"),
    ("Admitted in Mar.", "Mar", "DATE"),
    ("Ward: Tower 5 tele.", "Tower 5", "HOSPITAL"),
    ("Seen by Norton 3 days ago.", "Norton", "NAME"),  # a surname before a number: no score
    ("Labs on 3/5 all normal.", "3/5", "DATE"),  # a date before "all"
    ("On 3/5 upper endoscopy done.", "3/5", "DATE"),
    ("Leg pain since 4/5, worse.", "4/5", "DATE"),
    ("Lives at 12 F Street.", "12 F Street", "ADDRESS"),  # "F" is no French size
    ("Pt's son, Hoyer, called.", "Hoyer", "NAME"),  # a device brand that is a surname, alone
    ("Grew up in Norco with her aunt.", "Norco", "LOCATION"),
    ("Spoke with Dr. Day about the plan.", "Day", "NAME"),
    ("Daughter Joy Day at bedside.", "Day", "NAME"),  # a surname with no number after
    ("Seen 5/7 in clinic.", "5/7", "DATE"),
    ("Admitted to Mercy Rehab.", "Mercy Rehab", "HOSPITAL"),
])
def test_guard_keeps(text: str, part: str, label: str) -> None:
    assert not _drop(text, part, label)


@pytest.mark.parametrize("text", [
    " " * 20000, "Boston " * 7000, "MR " * 7000, "Braden 14 " * 3000, "1 per dr " * 3000,
    "a" * 20000, "3/5 " * 5000, "strength " * 5000 + "3/5", "tavr " * 5000 + "clinic",
    "07-19 note " * 3000, "a" * 55 + " junction", "Mr. SEN " * 4000])
def test_long_repeated_inputs_are_fast(text: str) -> None:
    labels = ("HOSPITAL", "NAME", "ADDRESS", "LOCATION", "DATE")
    spans = [Span(0, min(len(text), 40), label, "test") for label in labels]
    spans += [Span(0, len(text), label, "test") for label in labels]  # one span over it all
    spans += [Span(len(text) - 3, len(text), "DATE", "test")]
    t0 = time.process_time()
    drop_clinical_lookalikes(text, spans)
    assert time.process_time() - t0 < 0.5


def test_many_spans_on_one_long_line_are_fast() -> None:
    text = "x" * 2_000_000  # a note with no line break: each check reads near its span only
    spans = [Span(i, i + 3, label, "test") for i in range(0, len(text) - 3, 400)
             for label in ("DATE", "HOSPITAL", "NAME")]
    t0 = time.process_time()
    drop_clinical_lookalikes(text, spans)
    assert time.process_time() - t0 < 2.0


# review of a7fb561d, finding 1: a score word that is a census surname before a number that is
# a phone's, an age's or a count's is a person (every row below must stay a name)
SCORE_SURNAMES = [
    ("Emergency contact: Katz 555-1212", "Katz"),
    ("Emergency contact: Forrest 555-1212", "Forrest"),
    ("Emergency contact: Rankin 555-1212", "Rankin"),
    ("Emergency contact: Norton 555-1212", "Norton"),
    ("Emergency contact: Ballard 555-1212", "Ballard"),
    ("EMERGENCY CONTACT: FORREST 555-1212", "FORREST"),
    ("emergency contact: forrest 555-1212", "forrest"),
    ("Son: Fisher 617 555 1212", "Fisher"),
    ("Spoke with pt's daughter Katz 2x today", "Katz"),
    ("Pt name: Forrest 45 yo", "Forrest"),
    ("PT NAME: FORREST 45 YO", "FORREST"),
    ("Patient: Wells 72 yo female", "Wells"),
    ("PATIENT: WELLS 72 YO F", "WELLS"),
    ("Room 4: Rankin 3 days post op", "Rankin"),
    ("seen by Morse 4 days ago", "Morse"),
]


@pytest.mark.parametrize(("text", "word"), SCORE_SURNAMES)
def test_score_surname_before_a_number_stays_a_name(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word)
    assert not _drop(text, word, "NAME")


# finding 7: a surname in capitals after Mr./Ms. that is also an abbreviation is a person; only
# an echo measure with its value after "MR"/"MS" the valve finding is dropped
TITLED_ABBREVIATIONS = [
    ("Mr. SEN was seen today", "SEN"),
    ("Ms. NOH called today", "NOH"),
    ("Ms. RA called about her mother", "RA"),
    ("Mr. BAE states he feels better", "BAE"),
    ("Mr. MO feels better today", "MO"),
    ("Ms. EF 45 yo here with her son", "EF"),  # a measure's letters, then an age: a person
]


@pytest.mark.parametrize(("text", "word"), TITLED_ABBREVIATIONS)
def test_titled_surname_that_is_an_abbreviation_kept(deid: Deidentifier, text: str, word: str) -> None:
    assert not _drop(text, word, "NAME")
    assert covered(deid, text, word)


@pytest.mark.parametrize("n", [1000, 4000])
def test_many_score_and_title_spans_scale_linearly(n: int) -> None:
    """n and 4n spans on one line (the review's quadratic eponym pass is gone; keep it so)."""
    unit = "Mr. SEN Katz 4 Crawford II "
    text = unit * n
    spans = []
    for k in range(n):
        base = k * len(unit)
        spans += [Span(base + 4, base + 7, "NAME", "test"), Span(base + 8, base + 14, "HOSPITAL", "test"),
                  Span(base + 15, base + 26, "NAME", "test")]
    t0 = time.process_time()
    drop_clinical_lookalikes(text, spans)
    assert time.process_time() - t0 < 0.5 * n / 1000
