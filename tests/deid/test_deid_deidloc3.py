"""Locations in the forms of real notes (session 8, branch deidloc3): addresses without a
street word, the town after a box or unit, "Town ST ZIP", lower-case "town, st", towns after
more cues, and organisations after work, school and supply cues. Sentences written for these
tests in the styles of nursing, social-work, case-management and discharge notes; none comes
from a note set. Each rule has positives and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered as _covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# (sentence, the words that must be tagged)
POSITIVES = [
    # a house number and a name, no street word
    ("social: pt lives at 22 birch w/ wife.", "22 birch"),
    ("Pt lives at 118 Pine with her son.", "118 Pine"),
    ("ADDRESS ON FILE 40 ELM APT 2, NORTH FENWAY, MA 02115", "40 ELM APT 2"),
    ("home is 7 quarry, lives alone", "7 quarry"),
    ("new address 19 Larch Unit 3B.", "19 Larch Unit 3B"),
    ("mailing address: 310 Spruce apt 6", "310 Spruce apt 6"),
    # the town after a box or a unit, with a state or ZIP
    ("prior address po box 310, corinna me.", "corinna"),
    ("MAIL TO PO BOX 17, FORT KENT ME 04743", "FORT KENT"),
    ("MAIL TO PO BOX 17, FORT KENT ME 04743", "04743"),
    ("lives at 9 fern st apt c, east millinocket, me 04430.", "east millinocket"),
    ("lives at 9 fern st apt c, east millinocket, me 04430.", "04430"),
    ("Address: 14 Sawyer Rd Apt 2, Dexter ME 04930", "Dexter"),
    # a town and a ZIP around a state code
    ("Home: 77 Hammond St, Guilford ME 04443-1201", "04443-1201"),
    ("Home: 77 Hammond St, Guilford ME 04443-1201", "Guilford"),
    ("Mail to: Corinth, Maine 04427", "04427"),
    # a lower-case town before a lower-case state code
    ("pt is originally from keene, nh, moved here 2010.", "keene"),
    ("wife grew up in brattleboro, vt and works days.", "brattleboro"),
    # towns after more cues
    ("son drove from parkman overnight to be here.", "parkman"),
    ("DAUGHTER DROVE UP FROM DEXTER, AT BEDSIDE.", "DEXTER"),
    ("pt is a resident of anson, lives alone.", "anson"),
    ("pt is originally from sangerville.", "sangerville"),
    ("niece in dover-foxcroft is HCP.", "dover-foxcroft"),
    ("boyfriend from hermon visiting tonight.", "hermon"),
    ("visited her grandkids in millinocket last week.", "millinocket"),
    ("Exposure as a child in Mozyr, per mother.", "Mozyr"),
    # organisations after work, stay and supply cues
    ("pt was laid off from pratt iron works in 2019.", "pratt iron works"),
    ("HUSBAND DRIVES FOR KELTNER HAULING.", "KELTNER"),
    ("homeless, sleeps at the tri-county homeless shelter most nights.", "tri-county homeless shelter"),
    ("Works for L.L.Bean at the outlet.", "L.L.Bean"),
    ("Transport by Coastal Wheelchair Van at 1300.", "Coastal Wheelchair Van"),
    ("home o2 via apria, 2L at night.", "apria"),
    ("She attends services at Iglesia Roca de Vida on Sundays.", "Iglesia Roca de Vida"),
    # a town and a code without a comma, counties, neighbourhoods, residents, roads
    ("PT FROM FORT FAIRFIELD ME, WIFE AT BEDSIDE.", "FORT FAIRFIELD"),
    ("pt from Bangor ME, here w/ son.", "Bangor"),
    ("grew up in piscataquis county.", "piscataquis county"),
    ("lives in the Libbytown neighborhood with roommate.", "Libbytown"),
    ("She is a lifelong Skowhegan resident.", "Skowhegan"),
    ("T-BONED ON RT 202 NEAR WINTHROP.", "RT 202"),
    ("rollover on I-95 near exit 4.", "I-95"),
    ("crash on Hwy 9 per EMS.", "Hwy 9"),
    # lodging and prisons after stay and release cues; a church after "goes to"; rides
    ("brother staying at the comfort inn by the airport.", "comfort inn"),
    ("Previously lived at the Oxford Street Shelter downtown.", "Oxford Street Shelter"),
    ("Recently released from Maine State Prison in Warren.", "Maine State Prison"),
    ("Pt goes to St. Maximilian Kolbe church on Sundays.", "Maximilian Kolbe"),
    ("Pt has no car; rides through Modivcare.", "Modivcare"),
    # a town after a place's name and "in"
    ("He works nights at Pioneer Plastics in Auburn.", "Auburn"),
    ("Pt goes to St. Kolbe church in Scarborough.", "Scarborough"),
    ("mother is at pine haven assisted living in veazie.", "veazie"),
    # listed towns of several words in lower case, islands, housing, a town and ZIP without commas
    ("sister flew in from san antonio this am.", "san antonio"),
    ("Pt's son coming from Caribou tonight.", "Caribou"),
    ("He lives with his wife on Deer Isle.", "Deer Isle"),
    ("PCP at Island Family Medicine in Deer Isle.", "Deer Isle"),
    ("bitten by a dog at Fox Hollow Apartments.", "Fox Hollow Apartments"),
    ("ADDRESS ON FACESHEET 112 WATER ST SKOWHEGAN 04976 UPDATED.", "SKOWHEGAN"),
    ("ADDRESS ON FACESHEET 112 WATER ST SKOWHEGAN 04976 UPDATED.", "04976"),
    # cities abroad after strong travel cues, "pt from", full state names, street corners
    ("a cruise with stops in Cartagena and Aruba.", "Cartagena"),
    ("pt flew to Cancun last month.", "Cancun"),
    ("pt from tully, lives alone.", "tully"),
    ("grew up in keene, new hampshire.", "keene"),
    ("hit by a car at the corner of Lisbon St and Main.", "Main"),
    # a business the patient owns; a town after a unit before "in"; caps town after a facility
    ("pt very concerned abt his business, owns kimball's hardware on main st.", "kimball's hardware"),
    ("Follow up at 400 Commerce Way, Suite 210, Norwood in 10 days.", "Norwood"),
    ("ON HD M/W/F AT KESTREL DIALYSIS CTR IN DIXFIELD FALLS.", "DIXFIELD FALLS"),
    # a town after a workplace and "in", or after "near"
    ("he works in Hallowell.", "Hallowell"),
    ("rollover near Dixmont.", "Dixmont"),
    ("no phone at their camp outside of Greenville.", "Greenville"),
    # a second town after a complex's name, a lower-case town after a street, "home is",
    # an apartment alone, a place word after a preposition, national employers
    ("Visit at residence, Apt 12, Birchwood Commons, Kennebunk. Pt well.", "Kennebunk"),
    ("mail to their camp at 7 shore rd, trescott. daughter aware.", "trescott"),
    ("PT TRANSFERRED FROM OSH. HOME IS CHERRYFIELD; WORKS SEASONALLY.", "CHERRYFIELD"),
    ("daughter lives upstairs in Apt 14.", "Apt 14"),
    ("Returns to Bar Harbor in May.", "Bar Harbor"),
    ("he is a manager at the Home Depot in Saco.", "Home Depot"),
    ("Uses the YMCA for exercise.", "YMCA"),
    ("works for UPS as a driver.", "UPS"),
    # job titles as work cues, possessive names, military posts, "out of", exits, "(18 Elm St, Town)"
    ("pt works as a cashier at shaw's in brunswick.", "shaw's"),
    ("pt works as a cashier at shaw's in brunswick.", "brunswick"),
    ("Former bookkeeper at Hussey Seating in North Berwick.", "Hussey Seating"),
    ("Pt was fired from Pratt & Whitney in March.", "Pratt & Whitney"),
    ("Insulin supplies via CCS Medical.", "CCS Medical"),
    ("son stationed at fort drum.", "fort drum"),
    ("PT IS A FISHERMAN OUT OF PORT CLYDE.", "PORT CLYDE"),
    ("pulled off at exit 22 and called 911.", "exit 22"),
    ("fell at home (18 Spring St, Gardiner) getting out of the tub.", "Gardiner"),
]

NEGATIVES = [
    # measures, counts and storeys after a residence cue
    ("Lives at 2 story house with 12 steps to enter.", "2 story"),
    ("lives 30 minutes away with wife.", "30 minutes"),
    ("staying at 2 different shelters this month.", "2 different"),
    ("moved 3 times in the last year.", "3 times"),
    ("lesion located at 3 o'clock, 2 cm from the nipple.", "3 o'clock"),
    ("home 2 days ago, now back.", "2 days"),
    ("pt received 1 unit #2 of PRBC.", "1 unit"),
    # ids and codes that look like a state and a ZIP
    ("Patient ID 12345 verified with two identifiers.", "12345", "LOCATION"),  # an ID
    ("pt gave me 10000 steps goal.", "10000"),
    ("OR 14567 case cart pulled.", "14567"),
    # lower-case state codes that are words
    ("pt is from home, me and wife agree.", "home"),
    ("returned from pain clinic, ok per pt.", "pain clinic"),
    ("transferred in from rehab, pa to see.", "rehab"),
    # a unit and a comma with no town after it; "units" is no unit
    ("lives in apt 4, lives alone.", "lives alone"),
    ("nephrostomy tract in 17 patients (19 renal units), no leak.", "19 renal units"),
    # cues before common words, countries and populations
    ("son drove from work to see her.", "work"),
    ("daughter in law at bedside.", "law"),
    ("wife in the waiting room.", "waiting room"),
    ("family is from Guatemala, speaks K'iche'.", "Guatemala"),
    ("retired from the paper mill last year.", "paper mill"),
    ("works at night, laid off from his job.", "job"),
    ("staying at the shelter downtown.", "shelter"),
    ("home o2 via nc at 2L.", "nc"),
    ("sat 92% on RA; o2 via nasal cannula.", "nasal cannula"),
    ("supported work program for traumatically brain-injured individuals.", "traumatically"),
    # codes that are credentials or words, kinds of county, neighbourhood and resident
    ("Letter from Amy Chen MD, attached.", "Chen MD"),
    ("transferred to ICU PA.", "ICU"),
    ("same county as her daughter.", "same county"),
    ("lives in a rough neighborhood.", "rough"),
    ("discussed with the surgical resident.", "surgical"),
    ("seen by a first-year resident overnight.", "first-year"),
    ("grew up in a Hispanic neighborhood.", "Hispanic"),
    ("pulses RT 2+ bilat.", "RT 2"),
    ("on rt 2L nc.", "rt 2L"),
    ("clearance of iodine 131 (I-131) was measured.", "I-131"),
    # lodging, prisons and towns after a place: generic words, months and states
    ("staying at the local motel for now.", "local motel"),
    ("free IL-6 was released from the fusion protein by thrombin.", "fusion protein"),
    ("Seen at Mercy Hospital in April for a fall.", "April", "LOCATION"),  # a DATE
    ("works at Pioneer Plastics in Maine.", "Maine"),
    ("Lives in Senior Apartments downtown.", "Senior Apartments"),
    ("The Homeless Shelter called back.", "Homeless Shelter"),
    ("gave 2 units on Step Down floor.", "Step Down"),
    ("He returned from Nicaragua last week.", "Nicaragua"),
    ("Pt returned from Dialysis.", "Dialysis"),
    ("returned from Trendelenburg position.", "Trendelenburg"),
    ("Pt from Rehab today.", "Rehab"),
    ("he owns a small farm.", "small farm"),
    ("works in Sales.", "Sales"),
    ("near syncope episode overnight.", "syncope"),
    ("two patients had near resolution.", "resolution"),
    ("lives at 12 elm st, apt 4, alone.", "alone"),
    ("home is safe, no stairs.", "safe"),
    ("HOME IS SAFE PER WIFE.", "SAFE"),
    ("f/u apt 3/2 with PCP.", "apt"),
    ("next apt 2 weeks.", "apt 2"),
    ("admitted to Sandy Point Hospital.", "Sandy Point", "LOCATION"),
    ("Pt and DIL agree to Briar Point for rehab.", "Briar Point", "LOCATION"),
    ("injury patterns of motor vehicle trauma in Rhode Island.", "Rhode Island"),
    ("target organ damage; SBP target <140.", "target"),
    ("UPS 3.2 on the left.", "UPS"),
    ("the aide at bedside helped.", "bedside"),
    ("server at the restaurant.", "restaurant"),
    ("family is from Puerto Rico.", "Puerto"),
    ("exit 2/3 of the way.", "exit"),
    ("Ordered by LR LICSW.", "LR LICSW", "LOCATION"),
    ("she runs a daycare at home.", "daycare"),
    # clinical rules, scales and devices named after cities
    ("Ottawa ankle rules positive on the right.", "Ottawa"),
    ("The San Francisco syncope rule was negative.", "San Francisco"),
    ("Los Angeles grade B esophagitis on EGD.", "Los Angeles"),
    ("Bethesda category V on prior FNA.", "Bethesda"),
    ("Pt wore a Milwaukee brace as a teen.", "Milwaukee"),
    ("Kansas City Cardiomyopathy Questionnaire deferred.", "Kansas City"),
    ("Philadelphia chromosome-positive CML.", "Philadelphia"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_location_forms_found(deid: Deidentifier, text: str, word: str) -> None:
    assert _covered(deid, text, word)


@pytest.mark.parametrize("case", NEGATIVES, ids=lambda c: c[1])
def test_location_look_alikes_stay(deid: Deidentifier, case: tuple[str, ...]) -> None:
    text, word, *label = case
    assert not _covered(deid, text, word, label[0] if label else None)
