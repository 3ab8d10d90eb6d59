"""PHI in ICU and ward nursing notes and respiratory-therapy narratives (session 9, branch
deidicu; ``_shift_note_names``, ``_nursing_places`` and small guards in ``_ages`` and
``_patterns``): staff and relatives by a first name that is also a word or a month ("rn april",
"wife june", "cm rich"), colleagues before their service ("d/w jen in pharmacy"), lower-case
facility names ("maple crest rehab"), wards named after an eponym ("on ellison 11"), churches,
ages in brackets after a relative's name, and month/day dates before "w/" or "in". Sentences
written for these tests; each rule has look-alikes that must stay untagged."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


POSITIVES = [
    # a staff role, then a first name that is also a word or a month, ending its clause
    ("self-extubated per night rn april; reintubated by anesthesia", "april", "NAME"),
    ("rt grace to recheck at 1300.", "grace", "NAME"),
    ("passy-muir trial w/ slp karen.", "karen", "NAME"),
    ("bed search ongoing, cm rich working on it", "rich", "NAME"),
    ("RN PEG AND RN BETH ADMITTED PT.", "PEG", "NAME"),
    ("RT DEVON / RT ANA (7A-7P).", "ANA", "NAME"),
    ("lytes sent, covering np joy aware.", "joy", "NAME"),
    ("RN: april. pt resting.", "april", "NAME"),
    ("unit secretary deb paged dr.", "deb", "NAME"),
    # a title before a month that is also a given name
    ("dr april aware of k 3.1", "april", "NAME"),
    ("Mrs. June Hale called for update.", "June", "NAME"),
    # a relative, then a first name that is also a word or a month
    ("hcp is son will.", "will", "NAME"),
    ("pt's wife, june, at bs.", "june", "NAME"),
    ("family: wife june and son at bs.", "june", "NAME"),
    ("PT'S HUSBAND ART IS IN A NURSING HOME.", "ART", "NAME"),
    ("husband art at bs all day", "art", "NAME"),
    ("niece may called for update", "may", "NAME"),
    # a colleague's first name before their service
    ("d/w jen in pharmacy re dilt to po", "jen", "NAME"),
    ("per sue from case mgmt, no bed until monday", "sue", "NAME"),
    # a team then a first name in brackets; a hand-off to a first name
    ("iv team (carol) placed 20g l fa.", "carol", "NAME"),
    ("report to jane on 11 at 1500.", "jane", "NAME"),
    # a relative, "is", a first name; a relative's first name before a phone word
    ("mom is jean, 555-2234", "jean", "NAME"),
    ("daughter hope's cell 617-555-1212", "hope", "NAME"),
    # a non-clinical role, then a surname
    ("fire investigator mcnulty asked to speak to pt", "mcnulty", "NAME"),
    # ages over 89 in brackets after a relative's name
    ("lives w/ wife ruth (90) at home", "90", "AGE"),
    ("wife dolores (91 yo) at bs all day", "91", "AGE"),
    # lower-case facility names
    ("was intubated at osh - leominster hospital - before medflight", "leominster", "HOSPITAL"),
    ("pt was at maple crest rehab in october for hip fx.", "maple crest rehab", "HOSPITAL"),
    ("pcp dr goldberg at harbor health center called", "harbor health center", "HOSPITAL"),
    ("plan dc to marina bay skilled nursing friday", "marina bay", "HOSPITAL"),
    ("pcp (lexington medical associates) updated", "lexington medical associates", "HOSPITAL"),
    ("osh = lowell general. transferred back later.", "lowell general", "HOSPITAL"),
    ("transferred from winchester memorial today.", "winchester memorial", "HOSPITAL"),
    ("pt was at mt auburn last month.", "mt auburn", "HOSPITAL"),
    ("vna referral; seen at boston home care before.", "boston home care", "HOSPITAL"),
    ("pt's pcp: dr ruiz, cambridge health alliance.", "cambridge health alliance", "HOSPITAL"),
    ("pt d/c to youville today.", "youville", "HOSPITAL"),
    # wards named after an eponym
    ("tx to floor in am if bed avail on ellison 11.", "ellison 11", "HOSPITAL"),
    ("report called to rn sandy on ellison 12 at 1430", "ellison 12", "HOSPITAL"),
    # churches by denomination
    ("pastor ellis from grace baptist church visited.", "grace baptist church", "LOCATION"),
    # a facility and its town in brackets after OSH
    ("TRANSFERRED FROM OSH (HOLY FAMILY IN METHUEN) AT 2215", "HOLY FAMILY", "HOSPITAL"),
    # a town after a date and "in"; a town in brackets after a facility
    ("flame burn from a house fire 11/22 in lowell.", "lowell", "LOCATION"),
    ("bib lowell fd after a fall; quincy fire on scene.", "quincy", "LOCATION"),
    ("PT CAME TO US FROM ST. VINCENT'S (WORCESTER) 11/24.", "WORCESTER", "LOCATION"),
    # month/day before "w/" (with) and "in" (a town)
    ("passy-muir trial planned 12/7 w/ slp.", "12/7", "DATE"),
    ("flame burn from a house fire 11/22 in lowell.", "11/22", "DATE"),
]

NEGATIVES = [
    # staff roles before words that are no names
    ("rt arm weakness. rn aware.", "arm"),
    ("pt will call. rt leg elevated.", "leg"),
    ("pa line removed. ot eval in am.", "line"),
    ("rn may call back. sw will follow.", "may"),
    ("rt ana positive per rheum.", "ana"),
    ("rn ok'd it; rn ok.", "ok"),
    ("flushed by rn peg.", "peg"),
    ("SW: will follow. RT: may need bipap.", "may"),
    ("dr may call back. seen by dr may 3.", "may", "NAME"),
    # relatives before words that are no names
    ("son will call back tomorrow", "will"),
    ("dtr may come in am", "may"),
    ("wife june 3rd visit planned", "june", "NAME"),  # a date, not a name
    ("son very supportive. wife at bs.", "very"),
    ("son is frank about his concerns.", "frank"),
    ("wife, may be here later. son, very upset.", "may"),
    ("dtr is here. wife is hcp.", "here"),
    # colleagues, teams and hand-offs
    ("report to floor at 1500. report given to night rn.", "floor"),
    ("iv team (none avail). pharmacy (vanco dosing).", "none"),
    ("d/w team in pharmacy re dosing", "team"),
    # ages in brackets without a person
    ("hr (90) and sats (97)", "90"),
    # generic facilities in lower case
    ("went to acute rehab, then to inpatient rehab.", "acute"),
    ("admitted to a tertiary care hospital.", "tertiary"),
    ("f/u outpatient cardiology; cardiac rehab referral.", "outpatient"),
    ("transferred from the nursing home to skilled nursing facility", "nursing home"),
    ("treated at general hospital; patients from rural health center", "rural"),
    ("referred to general surgery. in general, pt doing well.", "general"),
    ("pt needs home care; unable to mount stairs.", "home care"),
    ("needs home healthcare; in a large health system.", "large"),
    ("Inpatients of a large, referral-based hospital and early rehabilitation.", "referral-based"),
    ("pts of a large, referral-based hospital. in the early rehabilitation phase.", "referral-based"),
    ("plan d/c to rehab vs home. d/c to floor. abx d/c to po.", "floor"),
    # scores and devices after "on" / "to"
    ("skin: braden 12. foley to 16. on day 3.", "braden"),
    ("pt on day 3, to day 4 of abx.", "day 3"),
    # churches without a name
    ("attends the local catholic church; his baptist church helps.", "catholic"),
    ("started 12/1 in am. dx 3/4 in ed. given 12/2 in pacu.", "pacu"),
    ("transferred from Winchester Hospital (ICU) and Lahey Clinic (Epic).", "Epic"),
    ("flame burn from a house fire; brush fire nearby.", "house"),
    # rooms of a hospital after a clinical abbreviation are no hospital initials
    ("pt admitted from cath lab 1400 s/p pci.", "cath"),
    ("to ep lab for ablation; back from ir suite.", "ep"),
    # fractions stay fractions
    ("1/2 in tab given. pain 7/10 w/ movement.", "1/2"),
    ("3/4 in incision, 5/16 in drain.", "5/16"),
    ("EGA 38 2/7 w pregnant.", "2/7"),
    ("NSVD at 39 2/7 in Aug, 3280 g.", "2/7"),
    ("psv 10/5 w/ good vt.", "10/5"),
]


@pytest.mark.parametrize(("text", "word", "label"), POSITIVES)
def test_positive(deid: Deidentifier, text: str, word: str, label: str) -> None:
    assert covered(deid, text, word, label)


@pytest.mark.parametrize("case", NEGATIVES, ids=lambda c: c[0][:40])
def test_negative(deid: Deidentifier, case: tuple[str, ...]) -> None:
    text, word, *label = case
    assert not covered(deid, text, word, *label)
