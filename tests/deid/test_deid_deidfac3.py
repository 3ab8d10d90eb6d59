"""Facility names told by a care cue, a kind of care after them, a ward's number and side, or
a fuller mention elsewhere in the note (``_facility_cues``). Sentences written for these tests
in several note styles (mixed case, lower case, ALL CAPS); none comes from a note set. Each
rule has positives and look-alikes that must stay untagged."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered as _covered


def _covered_at(deid: Deidentifier, text: str, phrase: str) -> bool:
    """Whether a detected span covers the first word of ``phrase`` where ``phrase`` stands."""
    i = text.index(phrase)
    n = len(phrase.split()[0])
    return any(s.start <= i and i + n <= s.end for s in deid.detect(text))


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# (sentence, the words that must be tagged)
POSITIVES = [
    # a listed short name (CMS, or a care chain) after a care cue
    ("pt is 71m transferred from mercy last noc for nstemi", "mercy"),
    ("? back to mercy vs home after cath", "mercy"),
    ("PT ADMITTED FROM OSH (GOOD SAM) WITH UROSEPSIS", "GOOD SAM"),
    ("Records from St E's were reviewed.", "St E"),
    ("She is followed at Brigham for her heart.", "Brigham"),
    ("f/u w/ cards at mass general next month", "mass general"),
    ("prior records from Mount Auburn reviewed", "Mount Auburn"),
    ("Labs drawn at Quest on Monday.", "Quest"),
    ("Admitted to Tufts for his transplant w/u", "Tufts"),
    ("cardiologist at Heywood", "Heywood"),
    ("patient is a nursing home resident at Mary Ann Morse", "Morse"),
    ("PT LIVES AT HEBREW SENIOR LIFE, BASELINE AMBULATES W/ WALKER.", "HEBREW SENIOR"),
    ("HE GETS HIS CARE AT THE VA", "VA"),
    ("PT CAME FROM THE MEADOWS, BASELINE A+O X2", "MEADOWS"),
    ("pt was at spaulding for 2 wks", "spaulding"),
    ("pt fills at cvs on essex st", "cvs"),
    ("PT SENT IN FROM KINDRED FOR DESAT", "KINDRED"),
    # words no dictionary knows, or a town or surname before a facility word, after a cue
    ("Recurrent hernia (prior repair at Shouldice in 2019).", "Shouldice"),
    ("Pt agreeable to referral to Bournewood for dual-dx.", "Bournewood"),
    ("reports prior detox at the Gosnold last year", "Gosnold"),
    ("Resident returned from Salem Hospital ED at 1630.", "Salem"),
    ("had home care thru east boston neighborhood health center elder svc", "east boston neighborhood"),
    # a residence's name ending in a place word after a cue
    ("pt returns to sunny acres tomorrow", "sunny acres"),
    ("Plan: back to Maple Grove when stable.", "Maple Grove"),
    ("RETURNED TO CEDAR RIDGE VIA AMBULANCE", "CEDAR RIDGE"),
    ("came from the meadows, baseline a+o x2", "meadows"),
    # a listed short name before a department
    ("Mercy ED called with culture results.", "Mercy"),
    ("LAHEY RECORDS REVIEWED", "LAHEY"),
    # a field label of a place of care
    ("Disposition: Sunny Acres", "Sunny Acres"),
    ("D/C to: Oak Knoll", "Oak Knoll"),
    ("Sending facility: Mercy   Unit: ICU", "Mercy"),
    ("DISPOSITION: REHAB - SPAULDING", "SPAULDING"),
    # a list after the cue, and branches of a chain
    ("Referrals sent to Hebrew SeniorLife, Sunrise of Wayland, Country Gardens and Wingate at "
     "Needham.", "Country Gardens"),
    ("Referrals sent to Hebrew SeniorLife, Sunrise of Wayland, Country Gardens and Wingate at "
     "Needham.", "Wingate"),
    # a name before a kind of care
    ("62F BIBA from the Meadows assisted living s/p fall.", "Meadows"),
    ("Dispo: back to Brightview memory care when afebrile.", "Brightview"),
    ("PT WAS AT KINDRED LTACH X 3 WKS", "KINDRED"),
    ("Pt receives Humira from Accredo specialty pharmacy.", "Accredo"),
    # a ward by a number and a side
    ("S. Abernathy, MD, Ellery 7 North", "Ellery 7 North"),
    ("plan to move to finch 4 west once extubated", "finch 4 west"),
    # a short form or initials of a facility named in the note
    ("PT IS A RESIDENT OF SUNNY ACRES NURSING HOME. PLAN: BACK TO SUNNY ACRES WHEN STABLE.",
     "SUNNY ACRES WHEN"),
    ("Outside CT from Frisbie Memorial Hospital. Not changed from the FMH exam.", "FMH"),
    ("Was d/c'd from Arbour-HRI. Beds called: Arbour (declined).", "Arbour (declined"),
]

# (sentence, a word that must not be tagged as a facility)
NEGATIVES = [
    ("Transferred to the floor in stable condition.", "floor"),
    ("Disposition: Stable", "Stable"),
    ("Disposition: Discharged to home", "Discharged"),
    ("Disposition - Admit to Medicine", "Admit"),
    ("D/C to: rehab", "rehab"),
    ("Referring hospital: OSH", "OSH"),
    ("Hospital: Day 3", "Day"),
    ("He returned from Jamaica last week.", "Jamaica"),
    ("hr back to baseine after fluids, transferred to flor", "baseine"),
    ("HR BACK TO BASEINE AFTER FLUIDS", "BASEINE"),
    ("went to dialysis this am, returned at 1200.", "dialysis"),
    ("sent to Holding for surgery.", "Holding"),
    ("returns to Memory Care unit after procedure.", "Memory"),
    ("Patient going to Assisted Living per family.", "Assisted"),
    ("records from Epic reviewed.", "Epic"),
    ("f/u at Urgent Care if worse.", "Urgent"),
    ("flown to Level 1 trauma center.", "Level"),
    ("PT RETURNED FROM IR S/P PICC PLACEMENT.", "IR"),
    ("PT LIVES AT HEBREW SENIOR LIFE, BASELINE AMBULATES W/ WALKER.", "BASELINE"),
    ("PT LIVES AT HEBREW SENIOR LIFE, BASELINE AMBULATES W/ WALKER.", "WALKER"),
    ("moved to Richmond, VA in 2010", "VA"),
    ("Allografts were transplanted to Lewis rats.", "Lewis"),
    ("transferred from Brookside Hospital on January 29th for RLL PNA", "on January"),
    ("labs drawn at Quest at Noon", "at Noon"),
    ("The instruments were returned to the Mayo stand.", "Mayo"),
    ("pt was at goal, then back to baseline", "goal"),
    ("Have mercy, the ED was full.", "mercy"),
    ("referral sent via careport to rehabs", "careport"),
    ("REFERRAL FAXED VIA CAREPORT", "CAREPORT"),
    ("Seen in the Surgical Day Care Centre of Vancouver General Hospital. Surgical day cases.",
     "day cases"),
    ("wants to go back to the house to get her glasses", "house"),
    ("back to halfway house after detox", "halfway"),
    ("returned to the park with her grandson", "park"),
    ("pt sent to rehab after 3 days", "rehab"),
    ("HR back to baseline after fluids", "baseline"),
    ("Seen at bedside by the team.", "bedside"),
    ("transferred to MICU for closer monitoring", "MICU"),
    ("Returned to the OR for washout.", "OR"),
    ("CVS: RRR, no murmur.", "CVS"),
    ("She is on a quest to lose weight.", "quest"),
    ("NGT placed to salem sump, draining bilious", "salem"),
    ("PT/OT recommend short-term rehab.", "short-term"),
    ("Recommend SNF placement.", "Recommend"),
    ("Patient requires assisted living per PT.", "requires"),
    ("d/c to home with home care services", "home"),
    ("Pt went north on Route 9 North to get here.", "Route"),
    ("Moved to Floor 4 East.", "Floor"),
    ("came from home with her husband", "home"),
    ("Studies were selected from the English language literature.", "English"),
    ("as could be seen from Nissl preparations", "Nissl"),
    ("patients admitted to the major state maternity hospital", "maternity"),
    ("DNR/OK TO INTUBATE PER HCP", "INTUBATE"),
    ("resp: weaned to flowby 4/3, placement of line 2/23", "flowby"),
    ("resident of the nursing home for 3 yrs", "nursing"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_facility_found(deid: Deidentifier, text: str, word: str) -> None:
    assert _covered_at(deid, text, word)


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_look_alike_left(deid: Deidentifier, text: str, word: str) -> None:
    assert not _covered(deid, text, word, "HOSPITAL")
