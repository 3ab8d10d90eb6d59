"""Hospital initials by context (``_initials``) and places of care, services, employers,
insurers, suppliers and addresses around cue words (``_care_places``). Sentences written for
these tests, in several note styles (mixed case, lower case, ALL CAPS); none comes from a
note set. Each rule has positives and look-alikes that must stay untagged."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered as _covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()



# (sentence, the words that must be tagged, the label they must carry or None for any label)
POSITIVES = [
    # initials defined in the note, and their later uses
    ("Pt was transferred from Mercy Hospital (MH) on 3/2.", "MH", "HOSPITAL"),
    # initials after transfer and care cues, also when they are clinical abbreviations
    ("transferred from MMC for cath", "MMC", "HOSPITAL"),
    ("pt admitted from PMH with sepsis", "PMH", "HOSPITAL"),
    ("TRANSFERRED FROM SAH FOR HIGHER LEVEL OF CARE", "SAH", "HOSPITAL"),
    ("records obtained from ACH", "ACH", "HOSPITAL"),
    ("PCP DR CHURCH AT HH.", "HH", "HOSPITAL"),
    ("pt asking for cath to be done at SAH where his stents were placed", "SAH", "HOSPITAL"),
    # initials before a department, and in a note header
    ("Location: SAH Emergency Dept", "SAH", "HOSPITAL"),
    ("Discharge Summary - PMH\nNAME: x", "PMH", "HOSPITAL"),
    # "for" inside a facility name
    ("She was followed at Shriners Hospitals for Children until age 12.",
     "Shriners Hospitals for Children", "HOSPITAL"),
    ("SHRINERS HOSPITALS FOR CHILDREN NORTHERN CALIF", "CHILDREN NORTHERN CALIF", "HOSPITAL"),
    ("dc'd to the Hebrew Home for the Aged", "Hebrew Home for the Aged", "HOSPITAL"),
    # care-facility words with a name before or after
    ("from Sunrise NH with fall", "Sunrise", None),
    ("resides at Cedar Ridge ALF", "Cedar Ridge ALF", "HOSPITAL"),
    ("transfer to Kindred LTAC", "Kindred LTAC", "HOSPITAL"),
    ("discharged to SNF: Maple Grove", "Maple Grove", None),
    ("rehab at Spaulding", "Spaulding", "HOSPITAL"),
    ("dialysis at davita westside", "davita westside", "HOSPITAL"),
    # a town's services
    ("Medford EMS reports found down", "Medford", "LOCATION"),
    ("Quincy Police at bedside", "Quincy", "LOCATION"),
    # employers, schools and churches after a cue
    ("works for raytheon as engineer", "raytheon", "LOCATION"),
    ("pt worked 12 yrs at lincare as a driver", "lincare", "LOCATION"),
    ("PT WORKED 22 YRS AT GENERAL ELECTRIC AS A MACHINIST", "GENERAL ELECTRIC", "LOCATION"),
    ("son called from work at fidelity, asks for update", "fidelity", "LOCATION"),
    ("daughter called from work at Home Depot, asks to be called", "Home Depot", "LOCATION"),
    ("pt attends holy family on sunday", "holy family", "LOCATION"),
    ("Works as a cook at Olive Garden.", "Olive Garden", "LOCATION"),
    ("employed by Acme Plumbing", "Acme Plumbing", "LOCATION"),
    # insurers, suppliers and field labels
    ("insurance medicare a/b and blue cross supplement", "blue cross", "LOCATION"),
    ("insurance: Medicare A/B and Tufts Health Plan supplement", "Tufts Health Plan", None),
    ("equipment (walker, commode) from lincare.", "lincare", "LOCATION"),
    ("Home O2: Northeast Breathing Solutions (acct 22)", "Northeast Breathing Solutions", None),
    ("Insurance: Granite Teachers' Union health plan", "Granite Teachers' Union", None),
    # towns and ZIP codes
    ("lives alone in Hope, RI.", "Hope", "LOCATION"),
    ("65 yo man from Orange, MA with CHF", "Orange", "LOCATION"),
    ("lives in Bethesda, MD with her son", "Bethesda", "LOCATION"),
    ("transferred from College Park, MD", "College Park", "LOCATION"),
    ("rent an apt at 14 Garrison Street, Wendham NH 03824; stairs", "03824", None),
    ("dialysis unit (Route 114, Wendham) confirmed chair", "Route 114", None),
    # towns that are common words after a strong cue, a saint's parish
    ("pt's daughter here from providence and is staying at his house", "providence", "LOCATION"),
    ("son flew in from denver last night", "denver", "LOCATION"),
    ("family asking about priest from st. casimir parish, chaplain paged.", "st. casimir parish",
     None),
    ("old records from east alabama (epic) reviewed", "east alabama", "HOSPITAL"),
    # written after the rules were fixed, as a check (all rules together)
    ("Pt gets HD at DaVita Riverside MWF.", "DaVita Riverside", "HOSPITAL"),
    ("Attends St. Mary's on Sundays.", "St. Mary's", None),
    ("Home O2 through Apria.", "Apria", None),
    ("ADMITTED FROM WINCHESTER HOSPITAL, TX BACK TO WH WHEN STABLE.", "WH", "HOSPITAL"),
    ("Seen at Faulkner Hospital (FH) in 2019; FH notes reviewed.", "FH", "HOSPITAL"),
    ("EMS (Lynn Fire) found pt on floor.", "Lynn", "LOCATION"),
    ("Insurance: Medicare A/B, Harvard Pilgrim supplement.", "Harvard Pilgrim", None),
    ("Prior records from Lahey (Epic) reviewed.", "Lahey", "HOSPITAL"),
    # street addresses in lower case, with units
    ("lives at 12 elm st apt 4, quincy", "12 elm st apt 4", None),
    ("home at 300 n main st #12", "300 n main st #12", None),
    ("Briar Point Orthopaedics\n3 Tidewater Plaza, Quillan Bay", "3 Tidewater Plaza", None),
]

NEGATIVES = [
    # clinical abbreviations that share letters with hospital initials
    "PMH: HTN, HLD, DM2. PMH of CAD s/p CABG.",
    "PMH significant for SAH in 2010.",
    "Pt admitted from home with SAH.",
    "referred to HH for PT/OT. discharged to HH services",
    "records from OSH reviewed. transferred from OSH.",
    "admitted from NH with UTI. transfer back to NH when stable.",
    "Pt is a 67M with PMH of MS, presenting to ED with weakness.",
    "MS flare, seen in MS clinic. MS ED visit.",
    "sent to CT at 1400. sent to MRI. sent to IR.",
    "CCU course: stable. MH: depression. BH consulted. ACH: no. MMC: 5 cm.",
    "PMH ED visits x3 last year for COPD",
    "transferred to MICU for pressors; transferred to NSICU.",
    "PT TRANSFERRED FROM CCU TO FLOOR. SEEN BY PT AND OT.",
    # care words without a name
    "transfer to SNF vs home. dialysis at home. rehab at bedside.",
    "PT/OT recommend rehab. SNF: pending bed offer. Rehab - to be determined.",
    "dialysis at 0600 MWF. HD: tolerated well. Dialysis - 3 hr run, UF 2L.",
    "NH resident. from NH. ALF: Yes. VNA: resume services.",
    "Attending: Dr. Smith. NH vs ALF. Rehab vs SNF.",
    "Hospital for evaluation. home for the holidays. Sent home for the weekend.",
    # work cues without an employer
    "pt works at night as a nurse. works for the city. works in construction.",
    "attends church weekly. attends AA meetings. member of the team.",
    "retired from the Navy. retired from teaching. works at home.",
    "works as a nurse at the hospital. employed by the state.",
    "Return to work for persons with traumatic brain injury.",
    "Enrolled in Medicaid NEMT through the state program.",
    # services, insurance and supplies without a name
    "on PD at home. Parkinson PD. Fire alarm. Police at bedside.",
    "EMS reports found down. Per EMS, pt was unresponsive. bib ems from home.",
    "Insurance: Medicare with Part D supplement. Has Medicare Advantage.",
    "on vitamin D supplement, calcium supplement daily.",
    "O2 from home concentrator. walker from PT. supplies from the pharmacy.",
    "walker at bedside, transferred from chair to bed.",
    "Pt from Nursing Home, MA with fever.",
    "lives in fear of falling. here from home with family.",
    "HD at bedside today. HD at 1400. on HD MWF. HD 3: stable.",
    "Pt with PMH of HTN, HLD presented to ED with CP. SAH on CT, transferred to NSICU for EVD.",
    "d/c home with VNA services. Recommend SNF vs home with services.",
    "He attends cardiac rehab twice a week. Pt on home O2 2L NC.",
    # numbers and street words in clinical text
    "take 1 tab each day. 3 beats st elevation.",
    "increase lasix 40 mg po bid, f/u 2 wks with dr",
    "bp 120/80 on 2 l nc at rest. walks 20 ft with rw.",
]


@pytest.mark.parametrize(("text", "word", "label"), POSITIVES,
                         ids=[f"{w}|{t[:30]}" for t, w, _ in POSITIVES])
def test_care_place_rules_find(deid, text, word, label):
    assert _covered(deid, text, word, label)


@pytest.mark.parametrize("text", NEGATIVES)
def test_care_place_rules_leave_clinical_words(deid, text):
    spans = [(text[s.start:s.end], s.label) for s in deid.detect(text)
             if s.label in ("HOSPITAL", "LOCATION", "ADDRESS")]
    assert spans == []


def test_defined_initials_tag_their_later_uses(deid):
    text = "Pt was transferred from Mercy Hospital (MH) on 3/2. At MH she had a CT."
    tagged = [text[s.start:s.end] for s in deid.detect(text)]
    assert tagged.count("MH") == 2


def test_a_dash_after_a_company_is_no_field_label(deid):
    text = "Employer Tarrow Valve Company - FMLA paperwork to be faxed."
    assert "FMLA" not in {text[s.start:s.end] for s in deid.detect(text)}


def test_initials_of_a_named_facility_are_not_times(deid):
    """ "PM" of "Pine Mountain Hospital" after "at 11": a time, and never taken."""
    text = "Transferred from Pine Mountain Hospital at 11 PM; seen at 1PM. Back to PM later."
    assert "PM" not in {text[s.start:s.end] for s in deid.detect(text)}


@pytest.mark.parametrize("text", [
    "Attending: Dr Shook\nPCP: Dr. Cathey",
    "Discussed with attending Dr Kaul Bishop, who agrees with plan.",
    "Pt was attended by Dr Reed overnight.",
    "Works with Dr. Hobbs at the clinic.",
    "Note from Jane Doe, MD reviewed. Records from John Smith, PA-C.",
    "Letter from Robert Chen, MD. Seen by Amy Park, MD",
])
def test_a_title_starts_a_name_not_an_employer(deid, text):
    """ "attending" is a physician, and "Dr X" after a cue is a person: NAME, never LOCATION."""
    assert all(s.label == "NAME" for s in deid.detect(text)
               if "Dr" in text[s.start:s.end] or text[s.start:s.end] in ("Shook", "Reed", "Hobbs"))
    assert not any(s.label == "LOCATION" for s in deid.detect(text))


def test_defined_initials_need_the_name_letters(deid):
    """Brackets after a facility name that are no initials of it stay untagged."""
    text = "Seen at Mercy Hospital (ICU) and at Lakeside Clinic (MWF)."
    tagged = {text[s.start:s.end] for s in deid.detect(text)}
    assert "ICU" not in tagged and "MWF" not in tagged
