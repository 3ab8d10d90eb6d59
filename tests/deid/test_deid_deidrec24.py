"""Session 24, deidrec24: classes of PHI that the check groups W, X, Y of session 23 (ICU notes
by writers who read no detector) named and the default detectors missed: a hospital campus's
compass word ("Baptist East"), a hospital's short "community" form, employers after "w/", firm
names with "and" in lower case or capitals, a name before "downtown", national brands with a
possessive ("Lowe's"), staff initials at the bedside, floated to a unit and in a signature, and
"kindred" reviewing a referral. Each as written, in lower case and in capitals; look-alikes of
the same shapes that stay untagged; real PHI of similar shapes still found. Sentences written
for these tests (none copied from a note). Only ``Deidentifier`` is imported, so that each case
fails by itself on the base code."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


CASES = (str, str.lower, str.upper)

#: Each missed by the base code (PYTHONPATH=/tmp/base24/src) in the cases named: o as written,
#: l lower case, u capitals (the others the base already finds; they are checked in
#: ``test_found_in_every_case``).
FOUND = [
    # a campus named by a compass word after a faith word or after a found facility
    ("Had TAVR last month at Baptist East, sent home.", "Baptist East", None, "olu"),
    ("Pt accepted by CT surgery at Methodist Southwest for CABG.", "Methodist Southwest", None, "l"),
    ("Pt was seen at Mercy West last week.", "Mercy West", None, "l"),
    ("Son's employer (Methodist Hospital North - he is a cook there) called.",
     "Methodist Hospital North", None, "lu"),
    # a hospital's short form with "community" at the clause's end
    ("Pt's oncologist at San Joaquin Community was notified by team.", "San Joaquin Community", None,
     "l"),
    # an employer after "w/"; a firm's name with "and"; a name before "downtown"
    ("Pt is a welder w/ Brannock Fabrication, off work since injury.", "Brannock Fabrication", None,
     "olu"),
    ("Works at Harlan Pipe and Steel per wife.", "Harlan Pipe and Steel", None, "lu"),
    # a national brand with a possessive
    ("Son will pick up the shower chair from Lowe's tomorrow.", "Lowe's", None, "olu"),
    # staff initials where the note places or moves a person; a signature's initials
    ("Desat to 84%, RT QV at bedside, suctioned.", "QV", "NAME", "olu"),
    ("Staffing: floated jw to tele for 4 hrs.", "jw", "NAME", "olu"),
    ("No acute events, pt resting. Signed, KPW", "KPW", "NAME", "olu"),
    # a common-word chain reviewing a referral
    ("Referral faxed to 2 LTACHs. Kindred reviewing, needs PT notes.", "Kindred", "HOSPITAL", "olu"),
]
_CASE_OF = {"o": str, "l": str.lower, "u": str.upper}


@pytest.mark.parametrize(("text", "word", "label", "case"), [
    (text, word, label, _CASE_OF[c]) for text, word, label, cases in FOUND for c in cases])
def test_found(deid, text, word, label, case):
    assert covered(deid, case(text), case(word), label)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "word", "label", "cases"), FOUND)
def test_found_in_every_case(deid, text, word, label, cases, case):
    assert covered(deid, case(text), case(word), label)


#: Look-alikes of the same shapes: no span over the word (the base tags none of them either).
NOT_FOUND = [
    ("Pt lives in Reading, north of the city.", "north"),
    ("Pt is Baptist; east coast family visiting.", "Baptist"),
    ("Baptist pastor visited, prayed with family.", "Baptist"),
    ("Resides in community, independent with ADLs.", "community"),
    ("Pt is a cook w/ hx of ETOH abuse.", "hx"),
    ("Pt is a mechanic w/ chronic back pain.", "chronic"),
    ("Pt works w/ PT daily on gait.", "daily"),
    ("Works w/ OT on ADLs, tolerated well.", "OT on"),
    ("Retired teacher w/ mild dementia, lives alone.", "mild"),
    ("Pt works at night and weekends.", "night"),
    ("Transport: Tar River Medical Transport w/c van at 1000.", "c van"),
    ("Tol transport w/o desat, SpO2 94%.", "o desat"),
    ("Drives him from Hedgesville and would like a call.", "and would like"),
    ("volumes delivered for mouth-to-mouth and mouth-to-mask techniques were equal", "mouth-to-mask"),
    ("Dr. Lowe's note reviewed, plan unchanged.", "'s note"),
    ("RN at bedside for the procedure.", "at bedside"),
    ("RT NC at bedside, sats 94%.", "NC"),
    ("RN IV at bedside, flushing line.", "IV"),
    ("MD OK at bedside with plan.", "OK"),
    ("RN CN present for the family meeting.", "CN"),
    ("RN ST in room for swallow eval.", "ST"),
    ("Pulled OG to 50 cm per XR.", "OG"),
    ("Float RN to 5B today.", "5B"),
    ("Consent signed, ok.", "ok"),
    ("Consent signed, IR.", "IR"),
    ("Consent signed, tbd", "tbd"),
    ("Paperwork signed, POA", "POA"),
    ("MOLST signed, DNR", "DNR"),
    ("Family are kindred spirits, very close.", "kindred"),
    ("RN arranged. Discussed funeral home options with family.", "Discussed"),  # deidrec23's rule
    ("Pt unable to select. Reviewing meds with wife.", "select"),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_look_alikes(deid, text, word, case):
    t, w = case(text), case(word)
    i = t.index(w)
    assert not any(s.start < i + len(w) and i < s.end for s in deid.detect(t))


#: Real PHI of similar shapes, still found (and by the base too).
STILL_FOUND = [
    ("Son drove to Mercy West Hospital last week.", "Mercy West Hospital", None),
    ("Pt works for Baker Electric, off since Tuesday.", "Baker Electric", None),
    ("Daughter works at Sam's Club on weekends.", "Sam's Club", None),
    ("Wife works w/ John Hale, will call.", "John Hale", None),
    ("Dr. Lowe's note reviewed, plan unchanged.", "Lowe", "NAME"),
    ("Pt works at Kohl's warehouse nights.", "Kohl's", None),
    ("Came up from Bethesda North ED with DKA.", "Bethesda North", None),
    ("Kindred accepted, bed tomorrow.", "Kindred", "HOSPITAL"),
    # fix round 24: the base finds the name already; the possessive join in capitals adds its "'s"
    ("Pt works as a dishwasher at Tavolino's downtown, no insurance.", "Tavolino", None),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "word", "label"), STILL_FOUND)
def test_still_found(deid, text, word, label, case):
    assert covered(deid, case(text), case(word), label)


@pytest.mark.parametrize("case", (str, str.upper))
def test_coworker_after_w_slash_stays_a_name(deid, case):
    # a first name after "w/" is a coworker: NAME as at base (in lower case base and branch
    # both read "john hale" as a facility)
    assert covered(deid, case("Wife works w/ John Hale, will call."), case("John Hale"), "NAME")


@pytest.mark.parametrize("text", [
    "AT BAPTIST EAST NORTH SOUTH WEST COMMUNITY. " * 2000,
    "electrician w/ baker and steel downtown w/ " * 2000,
    "RT BJ AT BEDSIDE. FLOATED RJ TO PCU. SIGNED, DMK\n" * 2000,
    "buy from Lowe's Sam's Lowe's " * 2000,
])
def test_long_inputs_are_fast(deid, text):
    start = time.process_time()
    deid.detect(text)
    assert time.process_time() - start < 20


def test_possessive_in_capitals_ends_the_employer(deid):
    # fix round 24: replaces the "Tavolino's downtown" FOUND case (the base finds "TAVOLINO" there);
    # the base finds nothing here in capitals, and the name stops before "DOWNTOWN SINCE"
    text = "PT IS A COOK AT MAMA LUCIA'S DOWNTOWN SINCE 2019."
    assert covered(deid, text, "MAMA LUCIA", None)
    i = text.index("DOWNTOWN")
    assert not any(s.start < text.index("2019") and i < s.end for s in deid.detect(text))


#: Fix round 24: the review's inputs (/work/wt/reviews/deidrec24.md). PHI the branch lost or
#: narrowed against the base, found in the cases named (the base finds each there).
REVIEW_FOUND = [
    # finding 1: "w/" before a later "at"/"for" took the cue
    ("Pt works w/ husband at Penmor Lithographers.", "Penmor Lithographers", None, "olu"),
    ("Works w/ dad at Tavolino's.", "Tavolino", None, "olu"),
    ("Works w/ dad at Belmont Auto Body.", "Belmont Auto", None, "olu"),
    ("Pt works w/ his uncle at Hamilton Lumber.", "Hamilton Lumber", None, "olu"),
    ("Pt works w/ kids at daycare.", "daycare", None, "lu"),
    # finding 3: a person's possessive is no store
    ("Jim Lowe's wife called, update given.", "Jim Lowe", "NAME", "olu"),
    ("Pt's wife Rhonda Lowe's phone number in chart.", "Rhonda Lowe", "NAME", "olu"),
    ("RN Lowe's patient in 4 was anxious.", "Lowe", "NAME", "olu"),
    ("Nurse Lowe's pt was restless.", "Lowe", "NAME", "olu"),
    ("Spoke with Macy's mom at bedside.", "Macy", "NAME", "olu"),
    ("Macy's grandmother at bedside.", "Macy", "NAME", "ou"),
    ("Talked to pt's friend Macy's husband.", "Macy", "NAME", "olu"),
    ("Kohl's daughter called for update.", "Kohl", "NAME", "ou"),
    ("McDonald's wife called for update.", "McDonald", "NAME", "ou"),
    ("Kohl's son RN Kohl at bedside.", "Kohl", "NAME", "olu"),
    # finding 4: Mercy is a first name
    ("Spoke with Mercy North, pt's sister.", "Mercy North", "NAME", "olu"),
    ("Mercy South RN at bedside.", "Mercy South", "NAME", "olu"),
    ("Daughter Mercy West at bedside, updated.", "Mercy West", "NAME", "olu"),
    ("Pt is Methodist North Carolina native.", "Methodist North Carolina", None, "olu"),
]


@pytest.mark.parametrize(("text", "word", "label", "case"), [
    (text, word, label, _CASE_OF[c]) for text, word, label, cases in REVIEW_FOUND for c in cases])
def test_review_found(deid, text, word, label, case):
    assert covered(deid, case(text), case(word), label)


#: Fix round 24: the review's false spans: no span over the word, in the cases named (the base
#: tags none of them there).
REVIEW_NOT_TAGGED = [
    # finding 2: "RT X present" is "right X present"; sites, pulses, procedures
    ("Pulses: RT DP present, LT DP absent.", "DP", "olu"),
    ("Lines: RT IJ present, dressing CDI.", "IJ", "olu"),
    ("RT IJ in room, flushes well.", "IJ", "olu"),
    ("RT AC present, no infiltrate.", "AC", "olu"),
    ("RT FA present, PIV 20g.", "FA", "olu"),
    ("RT EJ present, flushes.", "EJ", "olu"),
    ("RT UE present, swelling noted.", "UE", "olu"),
    ("RT BK present, wound vac.", "BK", "olu"),
    ("RT JP present, draining.", "JP", "olu"),
    ("Resident LP at bedside, CSF clear.", "LP", "olu"),
    ("Fellow IJ at bedside, line placed under US.", "IJ", "olu"),
    ("RN TL present for code, compressions started.", "TL", "olu"),
    ("RN IO at bedside, flushing.", "IO", "olu"),
    ("RN BM in room, cleaned pt.", "BM", "olu"),
    ("RT PS at bedside, weaning.", "PS", "olu"),
    ("RT VT present on vent check.", "VT", "olu"),
    ("RT HF at bedside, 40L 60%.", "HF", "olu"),
    # finding 4: a compass word before a state
    ("Pt is a Baptist East Texas native.", "Baptist", "olu"),
    # finding 5: health, licence and service words after "w/"
    ("Retired welder w/ Sleep Apnea on CPAP.", "Sleep", "olu"),
    ("Pt is a cook w/ Chronic Pain.", "Chronic", "olu"),
    ("Trucker w/ CDL, on the road most weeks.", "CDL", "olu"),
    ("Retired w/ Army after 20 yrs.", "Army", "olu"),
    ("Pt works w/ Spanish-speaking families.", "families", "olu"),
    ("Transport w/ Lifeflight crew, handoff given.", "crew", "olu"),
    # finding 6: "kindred" as a word
    ("Pt bonded with kindred, felt at peace.", "kindred", "olu"),
    ("Family are kindred spirits, very close.", "kindred", "olu"),
    # finding 7: a relative after "signed,"
    ("Consent signed, dau", "dau", "olu"),
    ("Signed, bro", "bro", "olu"),
    ("Consent signed, sis", "sis", "olu"),
    # finding 8: devices and staff after "pulled"/"floated"
    ("pulled IAB to 20 cm per CT surg.", "IAB", "olu"),
    ("Floated NA to 5 for 4 hrs.", "NA", "olu"),
    # finding 9: clause-end words after a possessive in capitals
    ("Pt works at Tavolino's locally.", "locally", "ou"),
    ("Pt works at Lowe's locally.", "locally", "ou"),
    ("Pt is a cook w/ Pruitt's downtown.", "downtown", "olu"),
]


@pytest.mark.parametrize(("text", "word", "case"), [
    (text, word, _CASE_OF[c]) for text, word, cases in REVIEW_NOT_TAGGED for c in cases])
def test_review_not_tagged(deid, text, word, case):
    t, w = case(text), case(word)
    i = t.index(w)
    assert not any(s.start < i + len(w) and i < s.end for s in deid.detect(t))


#: Fix round 24: a person's possessive that shares a brand stays a person: no LOCATION over it.
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "word"), [
    ("Jim Lowe's wife called, update given.", "Lowe"),
    ("Kohl's daughter called for update.", "Kohl"),
    ("McDonald's wife called for update.", "McDonald"),
    ("Spoke with Macy's mom at bedside.", "Macy"),
    ("RN Lowe's patient in 4 was anxious.", "Lowe"),
])
def test_review_person_possessive_is_no_store(deid, text, word, case):
    t, w = case(text), case(word)
    i = t.index(w)
    assert not any(s.label == "LOCATION" and s.start < i + len(w) and i < s.end for s in deid.detect(t))
