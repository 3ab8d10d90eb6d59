"""Places named by what they are (session 8, branch deidloc4): justice, public-service and
veterans' bodies, military installations, travel legs, lots of trailer parks, insurers after an
insurance cue, numbered lodging and truck-stop chains, roads and cross streets. Sentences written
for these tests in the styles of EMS, correctional, court, VA, infectious-disease and
street-medicine notes; none comes from a note set. Each rule has positives and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered as _covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# (sentence, the words that must be tagged; the label may be HOSPITAL where a facility rule
# overlaps the same words, as "County Jail" does: coverage is what redaction needs)
POSITIVES = [
    # justice, public-service and veterans' bodies
    ("Transferred from Oakdale County Jail on arrival.", "Oakdale County Jail"),
    ("Facility: Dodge Correctional Institution, unit B", "Dodge Correctional Institution"),
    ("inmate at Tenmile Detention Center since spring", "Tenmile Detention Center"),
    ("Referred to the Navajo Housing Authority for a unit.", "Navajo Housing Authority"),
    ("UNIT M14 LAKESHORE FIRE RESCUE ON SCENE", "LAKESHORE FIRE RESCUE"),
    ("mutual aid from Haugen VFD for lift assist", "Haugen VFD"),
    ("Ordered by the Harlow County Court of Common Pleas.", "Harlow County Court of Common Pleas"),
    ("Report from Brenton Police Second District reviewed.", "Brenton Police Second District"),
    ("Member of VFW Post 759 and the Elks.", "VFW Post 759"),
    ("goes to American Legion Post 52 on Fridays", "American Legion Post 52"),
    # military installations
    ("Served at Fort Hood and Ft. Campbell.", "Fort Hood"),
    ("Burn pit exposure at Camp Arifjan.", "Camp Arifjan"),
    ("stationed at Naval Air Station Whidbey for 3 yrs", "Naval Air Station Whidbey"),
    ("Prior deployment Bagram 2012.", "Bagram"),
    ("flight line mechanic at Travis AFB", "Travis AFB"),
    # travel legs
    ("Flew New Orleans -> Bogota via Houston in May.", "Bogota"),
    ("Flew New Orleans -> Bogota via Houston in May.", "Houston"),
    ("then bus to Villavicencio for field work", "Villavicencio"),
    ("Then 1 wk in Cartagena at a hostel.", "Cartagena"),
    ("deployed to Kandahar twice", "Kandahar"),
    # lots of trailer parks
    ("lives at lot 22 of Magnolia Acres Mobile Home Park", "lot 22"),
    ("pt at Sunrise Manor Trailer Park, lot 7, no phone", "lot 7"),
    ("space 14 at the pine haven rv park", "space 14"),
    # insurers after an insurance cue
    ("Pt ins is Humana Gold Plus, auth needed.", "Humana Gold Plus"),
    ("Insurance: Medicaid via Presbyterian Centennial Care.", "Presbyterian Centennial Care"),
    # numbered lodging, truck-stop and equipment chains
    ("Stayed at the Motel 6 on Route 9.", "Motel 6"),
    ("ems dispatched to the super 8 motel for chest pain", "super 8 motel"),
    ("fueling at kwik trip when pain began", "kwik trip"),
    ("o2 concentrator from Lincare", "Lincare"),
    # organisations after more job words
    ("1990-2001 sandblaster at Gulf Coast Shipbuilding in Biloxi", "Gulf Coast Shipbuilding"),
    ("then maintenance at International Paper until 2012", "International Paper"),
    ("machinist for Kessler Tool and Die, retired", "Kessler Tool and Die"),
    ("Gets mail at Transition Projects, 665 Hoyt St.", "Transition Projects"),
    ("Attends daycare at Bright Horizons 3 days a week.", "Bright Horizons"),
    ("Stayed at Hotel Casa Llanera and in a rural finca.", "Hotel Casa Llanera"),
    # roads and cross streets
    ("LOCATION OF CALL: 4471 COUNTY RD 19, BIRCHWOOD, 54817.", "54817"),
    ("LOCATION OF CALL: 4471 COUNTY RD 19, BIRCHWOOD, 54817.", "COUNTY RD 19"),
    ("farm off state route 7 past the grange", "state route 7"),
    ("apartment off Gallatin Pike near the school", "Gallatin Pike"),
    ("sleeps under the Burnside Bridge most nights", "Burnside Bridge"),
    ("CALL AT 40 ELM ST, CROSS ST OLD MILL RD", "OLD MILL RD"),
    ("cross streets Elm St and Main St", "Elm St and Main St"),
]

# (sentence, a word that must NOT be tagged LOCATION)
NEGATIVES = [
    ("She notified Police of the fall.", "notified"),
    ("The County Jail called for records.", "Jail"),
    ("Fire Department on scene on arrival.", "Fire"),
    ("Court ordered treatment.", "Court"),
    ("Post 3 weeks: doing well.", "Post"),
    ("went to summer camp last year", "camp"),
    ("joined Camp Fire activities with friends", "Fire"),
    ("Insurance Medicare A/B, no supplement", "Medicare"),
    ("Insurance: Medicaid via the state exchange", "state"),
    ("ins: self-pay", "self"),
    ("NG tube via PEG; flush via Foley", "Foley"),
    ("Transferred -> ICU overnight", "ICU"),
    ("bus to dialysis MWF", "dialysis"),
    ("Flew to Mexico via Dallas", "Mexico"),
    ("on the Denver shunt", "Denver"),
    ("Boston criteria met", "Boston"),
    ("Rocky Mountain spotted fever titers sent", "Rocky"),
    ("Philadelphia chromosome positive", "Philadelphia"),
    ("norwalk virus outbreak on the unit", "norwalk"),
    ("lives at lot 4", "lot 4"),
    ("beginning dinner at the inn", "inn"),
    ("on Aortic Bridge graft", "Aortic"),
    ("maintenance at baseline, no new deficits", "baseline"),
    ("state 3 days ago, rd 2 of chemo", "state 3"),
    ("co 2 retention on abg", "co 2"),
    ("CV: SR 70S-90S, BUN/CR 32/1.4", "SR 70S"),
    ("labs: k 6.1, cr 3.4, bun 40", "cr 3"),
    ("operator at risk for falls", "risk"),
    ("engineer for Medicare forms", "Medicare"),
    ("works at Night Shift only", "Night"),
    ("Stayed at Hotel for two nights.", "Hotel"),
    ("Stayed at Home Depot garden center", "garden"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_tagged(deid: Deidentifier, text: str, word: str) -> None:
    assert _covered(deid, text, word)


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_not_tagged(deid: Deidentifier, text: str, word: str) -> None:
    assert not _covered(deid, text, word, "LOCATION")


# fixed in session 9 (branch deidlabel, meddx.deid._labels: eponymous diseases and rules)
@pytest.mark.parametrize("text", ["Rocky Mountain spotted fever was ruled out.",
                                  "San Francisco syncope rule negative."])
def test_place_eponyms_are_no_phi_of_any_label(deid: Deidentifier, text: str) -> None:
    assert deid.detect(text) == []
