"""Session 23, deidrec23: classes of PHI that ICU notes by new writers named and the detector
missed (``meddx.deid._staff_titles``, ``meddx.deid._care_flow_places``, the implant years of
``meddx.deid._history_years``): staff initials after a role in a hand-off, a surname after a
clergy or staff title, an alias, numbered facility choices, a facility that accepts the
patient, common-word care companies after a referral cue, organ procurement and air ambulance
services, a business before its kind, a pharmacy with its street, and the year of a past
procedure. Each as written, in lower case and in capitals, with look-alikes of the same shapes
that stay untagged. Sentences written for these tests."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier
from meddx.deid._care_flow_places import care_flow_spans
from meddx.deid._lexicon import lexicon
from meddx.deid._staff_titles import staff_title_names
from tests._support.deid import covered, touched


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


CASES = (str, str.lower, str.upper)

FOUND = [
    # 1. staff initials after a role in a hand-off; a surname after a title; an alias
    ("Pt resting. Handed off to RN PK at 1900.", "PK", "NAME"),
    ("REPORT GIVEN TO NIGHT RN LB: PT STABLE.", "LB", "NAME"),
    ("Report to ICU RN D.W. at 0715, questions answered.", "D.W.", "NAME"),
    ("Foley in place. RN AH received report from PACU at 1340.", "AH", "NAME"),
    ("Priest called; Fr Anselm gave last rites at 0200.", "Anselm", "NAME"),
    ("Report given to RN TL at 0700.", "TL", "NAME"),  # fix round 23: initials, kept
    ("Pt unidentified, registered under alias Tango Basalt, MRN 5512.", "Tango Basalt", "NAME"),
    # 2. numbered choices; a facility that accepts the patient; common-word care companies
    ("SW: top choices: 1) Brookside Manor 2) Willow Crest. Referrals faxed.", "Willow Crest", "HOSPITAL"),
    ("Update: willow crest accepted, bed offer for Monday.", "willow crest", "HOSPITAL"),
    ("CM: Select accepted pt, auth pending.", "Select", "HOSPITAL"),
    ("Update: harding declined (no bed), others pending.", "harding", "HOSPITAL"),
    ("LTACH screen done by Encompass liaison this am.", "Encompass", "HOSPITAL"),
    ("home tpn via option care once approved.", "option care", "HOSPITAL"),
    ("Home O2 3L (Adapt), cane, walker.", "Adapt", "HOSPITAL"),
    # 3. OPO, air ambulance, a business before its kind, a pharmacy with its street
    ("LifeGift coordinator met with family at 1500.", "LifeGift", "HOSPITAL"),
    ("Organ procurement (LifeShare of the Ozarks) notified.", "LifeShare of the Ozarks", "HOSPITAL"),
    ("Pt flown in via Mercy Air Network fixed wing from outside hosp.", "Mercy Air Network", None),
    ("Body released; Okafor-Lind Mortuary to pick up at 1800.", "Okafor-Lind Mortuary", None),
    ("Back to work at the Sutter Home winery next month.", "Sutter Home winery", None),
    ("Med rec done with list from CVS on Halsted.", "CVS on Halsted", "HOSPITAL"),
    ("Fills at Walgreens on Hillcrest, pharmacy called.", "Walgreens on Hillcrest", "HOSPITAL"),
    ("Med list from CVS on Oak & 7th scanned.", "CVS on Oak & 7th", None),
    ("Info on Fisher House given to wife.", "Fisher House", None),
    ("Perfusionist Okonkwo checked the circuit at 0200.", "Okonkwo", "NAME"),
    # 4. the year of a past procedure
    ("PMH: DM2, CCY 2009, OSA.", "2009", "DATE"),
    ("LVAD implant 2021, driveline site clean.", "2021", "DATE"),
    ("pt is 61F, LVAD (HeartMate 3) implant 2020, admitted w/ driveline infxn.", "2020", "DATE"),
    ("ICD (dual chamber) implanted 2018, interrogated today.", "2018", "DATE"),
    ("Hx CAD, PCI to RCA 2014, on ASA.", "2014", "DATE"),
    ("Known MVR replaced 2016, on warfarin.", "2016", "DATE"),
    ("PEG 2022, tolerating TF at goal.", "2022", "DATE"),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "word", "label"), FOUND)
def test_found(deid, text, word, label, case):
    assert covered(deid, case(text), case(word), label)


#: Fix round 23: a legal form in lower case. In capitals the base code already tags the name
#: (no input of this rule was found that the base misses in all three cases), so capitals are
#: not claimed here.
@pytest.mark.parametrize("case", (str, str.lower))
def test_legal_form_in_lower_case(deid, case):
    text = case("Workers comp; employer is pecos drywall llc.")
    assert covered(deid, text, case("pecos drywall llc"), None)


#: Fix round 23: the review's false spans of this branch (base tags none of these words with
#: the label given, in any case): no span from this session's rules, and no span with that
#: label from the whole detector.
REVIEW_NOT_FOUND = [
    ("Meal tray declined, pt nauseous.", "Meal tray", "HOSPITAL"),
    ("Shower declined, pt fatigued.", "Shower", "HOSPITAL"),
    ("Bath declined; pt wants to sleep.", "Bath", "HOSPITAL"),
    ("Dinner accepted, pt ate 50%.", "Dinner", "HOSPITAL"),
    ("Visit declined, pt sleeping.", "Visit", "HOSPITAL"),
    ("Ice chips accepted, pt tolerating.", "Ice chips", "HOSPITAL"),
    ("PT: Session declined, pt fatigued.", "Session", "HOSPITAL"),
    ("Meal choices: 1) chicken 2) fish.", "chicken", "HOSPITAL"),
    ("Meal choices: 1) chicken 2) fish.", "fish", "HOSPITAL"),
    ("Discharge choices: 1) assisted living 2) stay with daughter.", "assisted living", "HOSPITAL"),
    ("Discharge choices: 1) assisted living 2) stay with daughter.", "stay with", "HOSPITAL"),
    ("Pt choices: 1) independent living 2) skilled nursing.", "independent living", "HOSPITAL"),
    ("Pt choices: 1) independent living 2) skilled nursing.", "skilled nursing", "HOSPITAL"),
    ("Pt struggling to adapt.", "adapt", "HOSPITAL"),
    ("Slowly learning to adapt, wife supportive.", "adapt", "HOSPITAL"),
    ("Home O2 2L, need to adapt, per RT.", "adapt", "HOSPITAL"),
    ("Pt unable to select, wife helped.", "select", "HOSPITAL"),
    ("Asked wife to select for pt.", "select", "HOSPITAL"),
    ("Report given to fellow CC regarding pressor needs.", "CC", "NAME"),
    ("Report to resident GS, pt to OR in am.", "GS", "NAME"),
    ("Report called to RN EP lab", "EP", "NAME"),
    ("Report to RN HF team re: milrinone", "HF", "NAME"),
    ("Report given to RN ID consult pending", "ID", "NAME"),
    ("Report to MD HD started at 1500", "HD", "NAME"),
    ("Report given to RN TX team aware", "TX", "NAME"),
    ("PIV (22g R FA) replaced 2015, flushes well.", "2015", "DATE"),
    ("Mg 1.6 (L) replaced 2015 per protocol.", "2015", "DATE"),
    ("K (3.2) replaced 2015 per protocol.", "2015", "DATE"),
    ("CVC (R IJ) replaced 2020, CXR pending.", "2020", "DATE"),
    ("Alias merged into true MRN after ID confirmed.", "merged into", "NAME"),
    ("Arrived via medevac rotor wing.", "medevac", "LOCATION"),
    ("Arrived via hospital helicopter rotor wing.", "hospital helicopter", "LOCATION"),
    ("Transfer fr Hillcrest via EMS.", "Hillcrest", "NAME"),
    ("Family prefers Catholic funeral home.", "Catholic", "LOCATION"),
    ("pt's son owns brewery.", "owns", "LOCATION"),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "word", "label"), REVIEW_NOT_FOUND)
def test_review_look_alikes(deid, text, word, label, case):
    lex = lexicon()
    t, w = case(text), case(word)
    i = t.index(w)
    assert not any(s.start < i + len(w) and i < s.end for s in care_flow_spans(t, lex))
    assert not any(s < i + len(w) and i < e for s, e in staff_title_names(t, t.lower(), lex))
    assert not any(s.start < i + len(w) and i < s.end and s.label == label for s in deid.detect(t))


@pytest.mark.parametrize("case", CASES)
def test_from_before_a_place_stays_a_place(deid, case):
    # fix round 23: "fr" is "from" after a word of moving; the base reads Hillcrest as a place
    # (session 24: the crf refit V4 calls it HOSPITAL as written, LOCATION in lower/capitals)
    text = case("Transfer fr Hillcrest via EMS.")
    i = text.index(case("Hillcrest"))
    labels = [s.label for s in deid.detect(text) if s.start <= i < s.end]
    assert len(labels) == 1 and labels[0] in ("HOSPITAL", "LOCATION")


#: (In capitals the later mention is not reached: the case view does not repeat the name.)
@pytest.mark.parametrize("case", CASES)
def test_brand_before_a_wrapped_agency_name_is_left_to_the_agency_rules(case):
    # span review: "via encompass\nhome health jasper" is one agency; the brand alone, merged
    # with the agency's span, cut it to "encompass"
    text = case("home health via encompass\nhome health jasper. f/u 2 wk.")
    assert care_flow_spans(text, lexicon()) == []


@pytest.mark.parametrize("case", (str, str.lower))
def test_accepting_facility_carries_to_later_mentions(deid, case):
    text = case("Willow crest accepted, bed Monday. Wife ok with willow crest.")
    at = text.rindex(case("willow crest"))
    assert any(s.start <= at and at + 12 <= s.end for s in deid.detect(text))


#: Ordinary ICU text of the same shapes: no span from this session's rules, and (as written)
#: none from the whole detector.
NOT_FOUND = [
    ("RN aware of plan, report to RN at bedside.", "at"),
    ("Report given to RN via phone at 0700.", "via"),
    ("report to floor rn in 4 south", "in"),
    ("RN IV team called for PICC.", "IV"),
    ("Chaplain at bedside; chaplain aware of family needs.", "aware"),
    ("14 Fr Foley placed, clear yellow urine.", "Foley"),
    ("Pastor visited from church.", "visited"),
    ("Alias name used per trauma protocol.", "name used"),
    ("Discussed options: 1) trach and PEG 2) comfort care.", "comfort care"),
    ("Family choices: 1) full code 2) DNR.", "full code"),
    ("Pt accepted plan, bed 4. Family declined, pt tearful.", "Family"),
    ("Transfusion declined by pt after discussion.", "Transfusion"),
    ("Rest. Prone positioning declined by pt (awake).", "Prone positioning"),
    ("Seen by chaplain bro. Tillman today.", "bro"),
    ("Please select the correct dose from the list.", "select"),
    ("Pt will need to adapt to home O2.", "adapt"),
    ("Hospice option, care plan reviewed with family.", "option"),
    ("Body to morgue, funeral home to pick up.", "funeral home"),
    ("Family chose funeral home; mortuary notified.", "mortuary"),
    ("Home meds on file at Walgreens, list on file.", "on file"),
    ("The gift of life, family grateful.", "gift of life"),
    ("Arrived via air ambulance rotor wing.", "air ambulance"),
    ("Urine output 2015 ml overnight.", "2015"),
    ("Pt and family agreed, inc fluids overnight.", "family agreed"),
    ("Pt to family room with chaplain. Post-intubation ABG pending.", "Post-intubation"),
    ("Hgb 8.1. Perfusionist at bedside q4h.", "Perfusionist"),
    ("K replaced 2015 per protocol.", "2015"),
    ("Proplast-teflon (vitek inc, houston, tx) replacements were used.", "vitek inc"),
    ("PEG 2000 ml free water daily.", "2000"),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_look_alikes_untagged(deid, text, word, case):
    lex = lexicon()
    t, w = case(text), case(word)
    i = t.index(w)
    assert not any(s.start < i + len(w) and i < s.end for s in care_flow_spans(t, lex))
    assert not any(s < i + len(w) and i < e for s, e in staff_title_names(t, t.lower(), lex))
    if case is str:
        assert not touched(deid, t, w)


@pytest.mark.parametrize("text", [
    "report to rn " * 5000,
    "choices: 1) " + "a " * 10000,
    "alias " * 8000,
    "via " + "a " * 10000 + "rotor wing",
    "a " * 10000 + "mortuary",
    "x accepted " * 5000,
    "walgreens on " * 5000,
    "transfer fr hillcrest " * 5000,
    "report to rn ab at " * 5000,
    "top choices: 1) " + "a " * 10000,
])
def test_long_inputs_are_fast(text):
    lex = lexicon()
    t0 = time.perf_counter()
    care_flow_spans(text, lex)
    staff_title_names(text, text.lower(), lex)
    assert time.perf_counter() - t0 < 2.0
