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
    # session 19, the PHI-sparse ICU notes' families (sentences written here)
    ("plan: wean o2 to sats 88-92%, transfer to floor.", "sats"),
    ("wife worked for the post office for 20 years.", "post"),
    ("small sdh on outside ct, no shift.", "outside"),
    ("rhythm: a-paced / v-sensed 60s, occasional pvcs.", "sensed"),
    ("tavr clinic f/u booked.", "tavr"),
    ("Fluids: LR per Parkland, titrated to UOP.", "Parkland"),
    ("LR at 250 mL/hr (Parkland 4 mL x 70 kg x 30%).", "Parkland"),
    ("TAAA repair (Crawford II) yesterday.", "Crawford"),
    ("collar on (miami j) at all times.", "miami"),
    ("S/P LVAD (HeartMate 3) POD 2.", "HeartMate"),
    ("NSICU RN NOTE 07-19", "NSICU"),
    ("NSICU RN NOTE 07-19", "07-19"),
    ("bedrest 2h after sheath pull, then ambulate.", "bedrest"),
    ("Wean PEEP per ARDSnet table.", "ARDSnet"),
    ("small apical ptx, unchanged from post-op film.", "post-op"),
    ("POD 1 ESOPHAGECTOMY (IVOR LEWIS).", "IVOR"),
    ("ttp (plasmic 6), plex started.", "plasmic"),
    ("R 28 Fr CT to suction.", "28 Fr"),
    ("weak (4/5 arms, 3/5 legs).", "4/5"),
    ("LE strength checked q1h: 5/5 bilat.", "5/5"),
    ("L arm 2/5 (3/5\nyesterday), L leg 4/5.", "3/5"),
    ("L rib fx 4-8 with flail segment.", "4-8"),
    ("Sent: discharge summary, MAR, last labs.", "MAR"),
    # ward, therapy and case-management words (written here)
    ("DME: Hoyer lift for home, rollator later.", "Hoyer"),
    ("dme: hoyer lift for home.", "hoyer"),
    ("Meds: Plavix, Norco prn, Senna.", "Norco"),
    ("Exercises 5/7 days per week.", "5/7"),
    ("Chaplain Services notified.", "Services"),
    ("Progress Note - Hospitalist Service", "Hospitalist"),
    ("Wound care nurse: Stage 2 to coccyx.", "Stage"),
    ("d/c recs: home with hhpt vs snf.", "hhpt"),
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
    ("MICU RN NOTE 19-07", "19-07", "DATE"),
    ("night shift 19-07: quiet.", "19-07", "DATE"),
    ("HD 1-2, on insulin gtt.", "1-2", "DATE"),
    ("HR 110s with activity.", "HR 110s", "LOCATION"),
    ("Device check in EP clinic.", "EP clinic", "HOSPITAL"),
    ("Esophagectomy (Ivor Lewis) POD 1.", "Ivor Lewis", "NAME"),
    ("Whipple procedure last year.", "Whipple", "NAME"),
    ("C-collar changed to Philadelphia collar.", "Philadelphia", "LOCATION"),
    ("Skin: Braden 14, turned.", "Braden", "NAME"),
    ("Falls: Morse 45) noted.", "Morse", "NAME"),
    ("S/p Watchman device, on aspirin.", "Watchman", "HOSPITAL"),
    ("Motor 5/5 throughout.", "5/5", "DATE"),
    ("Grip 4/5 x4.", "4/5", "DATE"),
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
    "07-19 note " * 3000, "a" * 55 + " junction"])
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
