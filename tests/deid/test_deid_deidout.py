"""Places, names and ages of community and outpatient documents (session 9, branch deidout):
tails of street addresses, rural routes and bare streets, military units and ships, towns of
relatives, visiting-nurse and ageing agencies, courts, insurers of the Blue Cross family and
"Mutual" names, practices named by their specialty, ages in brackets after a relative's name, and
weekday abbreviations that are no names. Sentences written for these tests in the styles of
referral letters, social work, home health, pharmacy and telephone notes; none comes from a note
set. Each rule has positives and look-alikes."""

from __future__ import annotations

from pathlib import Path

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered as _covered
from tests._support.scripts import load_script


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


# (sentence, words that must be covered by one span)
POSITIVES = [
    # street tails: directional, floor and unit, the town after a comma, a ZIP after the town
    ("Mail to 771 Larch Ave N, Fergus Falls 56537 please.", "771 Larch Ave N"),
    ("Mail to 771 Larch Ave N, Fergus Falls 56537 please.", "Fergus Falls"),
    ("Mail to 771 Larch Ave N, Fergus Falls 56537 please.", "56537"),
    ("She lives at 39 Tremont St 3rd Fl, Quincy, with her son.", "39 Tremont St 3rd Fl"),
    ("She lives at 39 Tremont St 3rd Fl, Quincy, with her son.", "Quincy"),
    ("New address 1402 Birch Rd SE, Bldg 2, Rio Rancho NM 87124", "Rio Rancho"),
    ("ADDRESS: 88 W PINE ST, KEARNY, NJ", "KEARNY"),
    # rural and highway contract routes with a box, and the town after them
    ("Lives out at RR 3 Box 41A, Hollis Center, no running water.", "RR 3 Box 41A"),
    ("Lives out at RR 3 Box 41A, Hollis Center, no running water.", "Hollis Center"),
    ("mailing: HC 63 Box 9, Ansted WV", "HC 63 Box 9"),
    # streets with a directional or an ordinal, no house number
    ("Grandmother's apartment on E Cortland Ave has no elevator.", "E Cortland Ave"),
    ("FOUND SLEEPING IN A DOORWAY ON N 14TH ST.", "N 14TH ST"),
    ("Drop-in center off 5th Ave near the bus station.", "5th Ave"),
    # military units and ships
    ("Served with the 2nd Battalion, 7th Marines in Fallujah.", "2nd Battalion, 7th Marines"),
    ("Deployed twice with the 10th Mountain Division.", "10th Mountain Division"),
    ("ARMY VET, 1ST CAV, 2 TOURS.", "1ST CAV"),
    ("Machinist's mate on the USS Nimitz for 6 years.", "USS Nimitz"),
    # towns of relatives and friends
    ("Son Dwight Haskins in Millinocket was called.", "Millinocket"),
    ("Her niece drove up from Sewickley to help.", "Sewickley"),
    ("daughter (Renee) lives in Oneonta and calls daily", "Oneonta"),
    # visiting-nurse and ageing agencies, courts
    ("referred to vna of the berkshires for wound care", "vna of the berkshires"),
    ("Visiting Nurse Association of Greater Lowell to start Monday.",
     "Visiting Nurse Association of Greater Lowell"),
    ("Lifeline through the Western Reserve Area Agency on Aging.", "Western Reserve Area Agency on Aging"),
    ("Custody hearing at Plymouth Probate and Family Court.", "Plymouth Probate and Family Court"),
    ("ORDER FROM ESSEX JUVENILE AND FAMILY COURT ON FILE.", "ESSEX JUVENILE AND FAMILY COURT"),
    # insurers
    ("Ins: Regence Blue Shield, member since 2019.", "Regence Blue Shield"),
    ("Primary insurance Blue Cross Blue Shield of Vermont.", "Blue Cross Blue Shield of Vermont"),
    ("secondary is bcbs of ma", "bcbs of ma"),
    ("Coverage changed to Medical Mutual of Ohio in the fall.", "Medical Mutual of Ohio"),
    ("supplement through Mutual of Omaha", "Mutual of Omaha"),
    # practices named by their specialty
    ("OKANOGAN DERMATOLOGY", "OKANOGAN DERMATOLOGY"),
    ("Referring: Ana Ruiz, NP, Tidewater Pulmonology Associates", "Tidewater Pulmonology Associates"),
    ("Seen at Kittatinny Podiatry for the ulcer.", "Kittatinny Podiatry"),
    # congregations named by a denomination, after a cue
    ("Sings in the choir at Trinity Episcopal most weeks.", "Trinity Episcopal"),
    ("Longtime member of Zion Lutheran.", "Zion Lutheran"),
    # named wards, halls and houses after a room, a bed or a move
    ("Found on floor of room 12 on Magnolia Hall at 0300.", "Magnolia Hall"),
    ("Accepted, bed on Cedar unit tomorrow.", "Cedar unit"),
    ("She moved to Harbor House in June.", "Harbor House"),
    # the town of an organisation just named
    ("Employer: Lowe's Distribution Center 1420, Scranton.", "Scranton"),
    ("Drives a forklift at the FedEx hub in Romulus.", "Romulus"),
    # a facility's branch after a dash, a practice "of" its area
    ("PCP: Tri-County Family Health Center - Oakfield", "Oakfield"),
    ("FACILITY: MERCY HEALTH IMAGING - KINGS MILLS", "KINGS MILLS"),
    ("Referred by Pediatric Associates of Hanover for the murmur.", "Pediatric Associates of Hanover"),
    ("Followed by Orthopedic Specialists of the Carolinas.", "Orthopedic Specialists of the Carolinas"),
    # names after community roles and form fields; ages in brackets after a relative's name
    ("DCF caseworker Wanda Pryce notified of discharge.", "Wanda Pryce"),
    ("Public defender Tobias Renn requested records.", "Tobias Renn"),
    ("Employee: Marisol Quintero", "Marisol Quintero"),
    ("Caller: Bettina Ruhl (niece)", "Bettina Ruhl"),
    ("Wife Gertrude (93) is his caregiver.", "93"),
    # facilities where a patient is sent or admitted, and systems ending in a network word
    ("If worse, go to Tamarack Falls ED or call 911.", "Tamarack Falls"),
    ("Two prior hospitalizations at Brattleboro Retreat-East for detox.", "Brattleboro Retreat-East"),
    ("DISPO: BED AT HAVERHILL PAVILION-WEST", "HAVERHILL PAVILION-WEST"),
    ("Dental care through Chesapeake Medical System.", "Chesapeake Medical System"),
    # prisons named by a town, organisations "of" their area, neighbourhoods by a direction
    ("Served 18 months at Bristol County House of Correction.", "Bristol County House of Correction"),
    ("released from SCI Houtzdale in June", "SCI Houtzdale"),
    ("Referred to Elder Services of the Berkshires for a homemaker.", "Elder Services of the Berkshires"),
    ("Grew up on the Lower East Side; moved to the North End.", "Lower East Side"),
    ("resident Alvin Petrakis (97) found on floor", "97"),
]

# (sentence, a word that must NOT be tagged)
NEGATIVES = [
    ("Walked 2 blocks, then up to the 2nd floor.", "2nd floor"),
    ("Gave 2 mg IV at 5 pm, W to the ED.", "W to the ED"),
    ("Lives on 3rd floor, 12 steps to enter.", "3rd floor"),
    ("1st degree AV block on ECG.", "1st degree"),
    ("Fourth ventricle and 3rd division of the trigeminal nerve normal.", "3rd division"),
    ("Presented at the 2nd Division of Cardiology meeting.", "2nd Division"),
    ("Son in ICU with her.", "ICU"),
    ("Daughter in Florida calls weekly.", "Florida"),
    ("Wife from Mexico, speaks Spanish.", "Mexico"),
    ("Son in Hospice care now.", "Hospice"),
    ("Contacted Area Agency on Aging today.", "Contacted"),
    ("Referred to VNA of her choice.", "choice"),
    ("Hearing at the Probate and Family Court next week.", "Probate and Family Court"),
    ("Mutual aid agreement; a mutual decision was made.", "Mutual aid"),
    ("blue cross noted on the card", "blue cross"),
    ("Insurance: Blue Cross Blue Shield Medicare Advantage.", "Medicare"),
    ("Referred to Pediatric Cardiology and Interventional Radiology.", "Pediatric Cardiology"),
    ("FORENSIC PSYCHIATRY", "FORENSIC PSYCHIATRY"),
    ("Sports Medicine follow-up in 2 weeks.", "Sports Medicine"),
    ("Religion: Roman Catholic; raised Southern Baptist.", "Southern Baptist"),
    ("Pt on Memory Care unit since Friday.", "Memory Care"),
    ("Transferred to Step Down unit, then to East Wing.", "East Wing"),
    ("Admitted to Medical unit; bed 2 on the Dialysis unit.", "Dialysis unit"),
    ("Works at the FedEx hub in Town Hall.", "Town Hall"),
    ("Mercy Hospital - Discharge Summary", "Discharge Summary"),
    ("Baystate Medical Center - ICU, bed 4", "ICU"),
    ("The caseworker will call back; the employee was seen.", "caseworker"),
    ("Client reports better sleep. Member of the choir.", "Client"),
    ("Admitted to Medicine for CHF; bed at Home Health later.", "Medicine"),
    ("Taken to ED by EMS, then admitted to ICU.", "ICU"),
    ("PT ENGAGED WITH BEHAVIORAL HEALTH NETWORK OUTPT.", "BEHAVIORAL HEALTH NETWORK"),
    ("Home aide Lupe MWF, dialysis TTS.", "MWF"),
    ("MCI diagnosis made; SCI Level C5; USP Grade water.", "MCI"),
    ("Bruise on the left side and the east end of the ward.", "left side"),
    ("Seen at Lowell General, of note no fever.", "of note"),
    ("Aide comes Mon/Thu and PT Tue/Thu.", "Thu"),
    ("Aide comes Mon/Thu and PT Tue/Thu.", "Tue"),
    ("Sats (96%) on room air, HR (92).", "92"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_tagged(deid: Deidentifier, text: str, word: str) -> None:
    assert _covered(deid, text, word)


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_not_tagged(deid: Deidentifier, text: str, word: str) -> None:
    i = text.index(word)
    assert not any(s.start < i + len(word) and i < s.end for s in deid.detect(text))


ROUND3 = Path(__file__).resolve().parents[2] / "bench" / "data" / "deid_round3" / "deidout"


@pytest.mark.parametrize(("source", "prefix", "stem"), [
    ("source", "deidout", "dev"), ("fresh_source", "deidout-fresh", "fresh")])
def test_outpatient_notes_are_the_converted_markup(source: str, prefix: str, stem: str) -> None:
    """bench/data/deid_round3/deidout: the committed JSONL is what its markup converts to."""
    conv = load_script("deid_heldout_convert", ROUND3.parents[1] / "deid_heldout" / "convert.py")
    recs, negs, problems = conv.build(ROUND3 / source, prefix)
    assert problems == [] and len(recs) >= 8
    assert conv.dumps(recs) == (ROUND3 / f"{stem}.jsonl").read_text(encoding="utf-8")
    assert conv.dumps(negs) == (ROUND3 / f"{stem}_hard_negatives.jsonl").read_text(encoding="utf-8")
