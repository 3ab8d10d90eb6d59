"""Session 29, deidprec29: false alarms of PHI-sparse ICU notes dropped by the note's layout and
the word's class (``_sparse_alarms``, run inside ``drop_plain_alarms``), each class both ways:
the look-alike's span is dropped, the PHI's span with its cue stays and is still found end to
end. Synthetic sentences only, as written, in lower case and in capitals."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier, Span
from meddx.deid._plain_alarms import drop_plain_alarms
from tests._support.deid import covered, touched

CASES = (str, str.lower, str.upper)


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _kept(text: str, part: str, label: str) -> bool:
    """Whether a ``label`` span over the first ``part`` of ``text`` survives the filter."""
    start = text.index(part)
    return bool(drop_plain_alarms(text, [Span(start, start + len(part), label, "test")]))


LOOK_ALIKES = [
    # a row of scores: one denominator (an audit), or grades of 5 or less with a repeat
    ("HOB >30 DEG: 8/8. DAILY SAT/SBT: 7/8. DVT PPX: 8/8. PUD PPX: 6/8.", "7/8", "DATE"),
    ("Motor: del 4/4, bic 4/4, tri 3/3, we 3/2, grip 2/1 (r/l).", "3/2", "DATE"),
    # out of ten after pain or a scale
    ("Pain 7/10 despite oxy, block done at 1500 w/ improvement to 3/10.", "3/10", "DATE"),
    ("Good relief (dyspnea scale 8/10 to 5/10).", "5/10", "DATE"),
    # counts, course days, strength in brackets
    ("UOP goal 0.5 ml/kg/hr met 10/12 hrs.", "10/12", "DATE"),
    ("IVIG completed, PLEX started (1/5 today).", "1/5", "DATE"),
    ("On acyclovir q8h, day 5/14-21. MRI pending.", "5/14-21", "DATE"),
    ("Residual R arm weakness (3/5) and mild aphasia.", "3/5", "DATE"),
    # "may" as a verb, "MAR" as the record
    ("EVD per team (may raise to 20 today).", "may", "DATE"),
    ("Copies of MAR, H&P and labs sent with pt.", "MAR", "DATE"),
    # services, kinds of care, insurers, workplaces, a ward's side
    ("Dressing changed by NSGY resident at 2130.", "NSGY resident", "LOCATION"),
    ("F/u in NSGY clinic with CT in 4 wks.", "NSGY clinic", "HOSPITAL"),
    ("Augmentin x 7 d per OMFS.", "OMFS", "HOSPITAL"),
    ("Was admitted first at a small hospital on the interstate.", "small hospital", "HOSPITAL"),
    ("Received pt from outlying hospital (OSH) by ground.", "outlying hospital", "HOSPITAL"),
    ("Family asked about moving him to another hospital.", "another hospital", "HOSPITAL"),
    ("Follow up with structural heart clinic in 30 days.", "structural heart clinic", "HOSPITAL"),
    ("Insurance is Humana; SW to check copays.", "Humana", "LOCATION"),
    ("He lost his job at the plant in the spring.", "plant", "LOCATION"),
    ("Works at the distribution center on nights.", "the distribution center", "LOCATION"),
    ("Report given to 5 South RN at 1415.", "South", "NAME"),
    # plain words as names
    ("Complicated by vasospasm with bilateral PCA infarcts.", "bilateral", "NAME"),
    ("Family aware, updated, message left at 0015.", "message", "NAME"),
    ("Pt's husband upset at bedside 1540.", "upset", "NAME"),
    ("Wife stays at bedside, helps with bipap.", "stays", "NAME"),
    ("Neuro ICU Resident Progress Note\nID: 33F.", "Progress", "NAME"),
    # phrases as names or addresses
    ("Talked with him about how many people go back to work.", "many people", "NAME"),
    ("Continue OT daily, walks in hall with PT.", "OT daily", "NAME"),
    ("SQ heparin 5000 TID today (72H stable CT).", "72H stable CT", "ADDRESS"),
    ("GCS declined to 12 en route, now 11.", "12 en route", "ADDRESS"),
    # clauses, relatives, transport and home as places
    ("CCU attending at 1300 - explained TTM and prognosis.", "explained TTM", "LOCATION"),
    ("He asks about assisted living. SW to see.", "asks about assisted living", "HOSPITAL"),
    ("Identified when his fiancee called area hospitals.", "fiancee", "LOCATION"),
    ("Arrived 2210 by fixed wing and ground.", "fixed wing", "LOCATION"),
    ("Pt works from home, partner here all day.", "home", "LOCATION"),
]

PHI = [
    ("Cultures 3/2, 3/4, 3/5 negative.", "3/4", "DATE"),  # dates of one month: no repeat
    ("Pain 7/10 on arrival; seen 3/10 in clinic.", "3/10", "DATE"),
    ("Admitted 1/5 with PLEX started today.", "1/5", "DATE"),
    ("Granddaughter graduates in May, pt hopes to attend.", "May", "DATE"),
    ("Last dose 3/5 per wife.", "3/5", "DATE"),
    ("Trip planned for mid-May, wife says.", "May", "DATE"),
    ("Surgery set for May first at Mercy.", "May", "DATE"),
    ("Pain 7/10 in ED. Admitted and seen by team 3/10 for f/u.", "3/10", "DATE"),
    ("Dialysis at US Renal Care on MWF.", "US Renal Care", "HOSPITAL"),
    ("Transferred from Mercy Hospital last night.", "Mercy Hospital", "HOSPITAL"),
    ("Follow up at Heart Clinic of Arkansas in 2 wks.", "Heart Clinic of Arkansas", "HOSPITAL"),
    ("Works at Amazon warehouse in Selma.", "Amazon", "LOCATION"),
    ("Daughter Juniper at bedside all day.", "Juniper", "NAME"),
    ("Charge RN Felicity met with the family.", "Felicity", "NAME"),
    ("Pt's sons Anders and Per visited; Per asked about trach.", "Per asked", "NAME"),
    ("Family meeting with drs Whitlock and Kettle at 1400.", "Kettle", "NAME"),
    ("Report given to RP LPN at 1900.", "RP", "NAME"),
    ("Ordered by MT LICSW for placement.", "MT", "NAME"),
    ("Mom Lucía at bedside the whole time.", "Lucía", "NAME"),
    ("Pt works at Humana as a claims processor.", "Humana", "LOCATION"),
    ("Pt came through Belmont ER before transfer.", "came through Belmont ER", "HOSPITAL"),
    ("Visits: 1/28 (12/28, 11/28).", "12/28", "DATE"),
    ("Holter 6/97 hrs of sinus rhythm.", "6/97", "DATE"),
    ("Report given to Temperance RN at 1900.", "Temperance", "NAME"),
    ("Dtr April aware of plan.", "April", "NAME"),
    ("Delivered at the Women's Hospital in 2019.", "Women's Hospital", "HOSPITAL"),
    ("Referred to the Cancer Center downtown.", "Cancer Center", "HOSPITAL"),
    ("MOM LIVES IN WATERTOWN\nABOUT 3 HRS AWAY.", "WATERTOWN\nABOUT 3 HRS AWAY", "LOCATION"),
    ("Sitter A. Fernandez from 1900.", "A. Fernandez", "NAME"),
    ("Attending John A Smith at bedside.", "John A Smith", "NAME"),
    ("Seen by Dr Jo Daily today.", "Jo Daily", "NAME"),
    ("Lives at 12 Oak Ct with her son.", "12 Oak Ct", "ADDRESS"),
    ("Flown in by Life Flight Network overnight.", "Life Flight Network", "LOCATION"),
    ("Works as a cashier at the Family Dollar on Main St.", "Family Dollar", "LOCATION"),
    ("Moved nearer home (Sacred Heart Riverbend) next week.", "Sacred Heart Riverbend", "HOSPITAL"),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "part", "label"), LOOK_ALIKES)
def test_look_alike_span_is_dropped(case, text, part, label):
    assert not _kept(case(text), case(part), label)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "part", "label"), PHI)
def test_phi_span_with_its_cue_stays(case, text, part, label):
    if part == "Per asked":  # the second "Per" (the one before "asked"), not "Anders and Per"
        start = case(text).index(case(part))
        spans = [Span(start, start + len("Per"), label, "test")]
        assert drop_plain_alarms(case(text), spans)
        return
    assert _kept(case(text), case(part), label)


@pytest.mark.parametrize(("text", "phi"), [
    ("Cultures 3/2, 3/4, 3/5 negative.", "3/4"),
    ("Transferred from Mercy Hospital last night.", "Mercy Hospital"),
    ("Daughter Juniper at bedside all day.", "Juniper"),
])
def test_phi_with_its_cue_is_still_found(deid, text, phi):
    for case in CASES:
        assert covered(deid, case(text), case(phi)), case(text)


@pytest.mark.parametrize(("text", "part"), [
    ("Dressing changed by NSGY resident at 2130, site clean.", "NSGY"),
    ("Pain 7/10 despite oxy, block done at 1500 w/ improvement to 3/10.", "3/10"),
    ("Motor: del 4/4, bic 4/4, tri 3/3, we 3/2, grip 2/1 (r/l).", "4/4"),
])
def test_look_alike_is_not_found(deid, text, part):
    for case in CASES:
        assert not touched(deid, case(text), case(part)), case(text)
