"""Place vocabulary shared by the places rules: one leaf module, imported by the rule modules,
so that no place or facility module imports another's word lists.

Where two rules used slightly different lists, the shared list is here with a named
difference beside it (``ROUTE_WORDS``, ``MINOR_STREET_WORDS``; the town endings each rule
leaves out are named in its module), so every rule reads the same words as before.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._tokens import FUNCTION_WORDS, Token

__all__ = ["ADJECTIVE_ENDS", "AT_TOWN_KINDS", "BRANCH_WORDS", "CARE_KINDS", "CLAUSE_END", "COUNTRIES",
           "FACILITY_HEADS", "FULL_FACILITY_HEADS", "GENERIC_BEFORE", "GENERIC_WORDS", "HOME_CUES",
           "HOSPITAL_WORDS", "MINOR_STREET_WORDS", "NAME_KINDS", "ORG_WORDS", "PLACE_WORDS",
           "RESIDENCE_KINDS", "ROLE_BEFORE_OF", "STUDY_WORDS_AFTER",
           "ROUTE_WORDS", "STATE_CODES", "STREET_WORDS", "TAIL_WORDS", "TOWN_ENDS", "TRAVEL",
           "WORK_CUES", "care_kinds_rx", "destination_typo", "plain"]

#: endings of English adjectives: a city that is also a common word with one of them ("Normal",
#: "Central", "Superior") is no town where no capital vouches for it (session 19)
ADJECTIVE_ENDS = ("al", "ic", "ive", "ous", "ed", "ing", "ior", "ary", "en", "ful", "less")

STATE_CODES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR".split()
)
#: Countries and provinces: no PHI under Safe Harbor.
COUNTRIES = frozenset(
    "canada mexico usa us america england scotland ireland wales france germany italy spain "
    "portugal poland russia ukraine china japan korea india pakistan vietnam philippines haiti "
    "cuba jamaica brazil colombia peru chile argentina guatemala honduras salvador somalia "
    "kenya nigeria ghana egypt ethiopia iraq iran syria afghanistan israel lebanon turkey greece "
    "quebec ontario".split()) | frozenset(("nova scotia", "puerto rico",
        "dominican republic", "el salvador", "sri lanka", "south africa", "new zealand",
        "costa rica", "sierra leone", "saudi arabia", "united kingdom", "united states", "uk",
        "nicaragua", "panama", "venezuela", "ecuador", "bolivia", "paraguay", "uruguay", "belize",
        "bahamas", "barbados", "trinidad", "bangladesh", "nepal", "thailand", "cambodia", "laos",
        "myanmar", "burma", "indonesia", "malaysia", "singapore", "taiwan", "mongolia", "sudan",
        "eritrea", "uganda", "tanzania", "rwanda", "burundi", "congo", "drc", "angola", "zambia",
        "zimbabwe", "cameroon", "senegal", "liberia", "mali", "morocco", "algeria", "tunisia",
        "libya", "jordan", "yemen", "oman", "qatar", "kuwait", "albania", "bosnia", "serbia",
        "croatia", "romania", "bulgaria", "hungary", "austria", "switzerland", "belgium",
        "netherlands", "holland", "denmark", "sweden", "norway", "finland", "iceland", "lithuania",
        "latvia", "estonia", "belarus", "moldova", "georgia", "armenia", "azerbaijan", "kazakhstan",
        "uzbekistan", "australia", "fiji", "samoa", "tonga", "cape verde", "ivory coast",
        "british columbia", "alberta", "manitoba", "saskatchewan", "new brunswick", "pei",
        "newfoundland", "labrador", "guam", "micronesia", "africa", "asia", "europe"))

#: Prepositions and clause verbs that never sit inside a facility's name (session 20, in
#: ``_places``; session 21: here, with "through" and more, for the organisation rules too:
#: "BEREAVEMENT SUPPORT THROUGH HOSPICE", "tells his wife about hospice").
CLAUSE_WORDS = frozenset(
    "near using pending regarding following including during concerning after before about "
    "without until via per than awaiting recommends recommended requires needs prefers".split())
# Second fix round (second review of deidfp21p, finding 5): "through", "toward(s)", "into",
# "onto", "upon", "despite", "against", "across", "within" removed again: they start or sit
# inside real names ("Toward Independence Counseling", "Within Reach Counseling", "Newcastle
# upon Tyne Hospitals", "Against All Odds Recovery Center").

#: Words before "of" that are no part of the facility's name ("Resident of Linden Hill Manor").
ROLE_BEFORE_OF = frozenset(
    "resident residents patient patients director chief member members staff employee employees "
    "nurse nurses physician physicians doctor doctors head volunteer volunteers president ceo "
    "former transfer admission discharge records chart".split())

#: Last words of a healthcare facility's name.
HOSPITAL_WORDS = frozenset(
    "hospital hosp manor pavilion recovery pediatrics paediatrics pharmacy lab labs laboratory "
    "imaging radiology associates health medicine practice orthopaedics orthopedics vna "
    "midwifery counseling counselling ltach dialysis ctr clinic clinics hospice infirmary "
    "rehab rehabilitation sanatorium sanitarium unit wing pavilion tower cardiology oncology "
    "dermatology urology neurology gastroenterology physicians healthcare nursing gen general "
    "memorial care institute hospitals hlth regional living residence snf rheumatology "
    "nephrology endocrinology pulmonology ophthalmology podiatry allergy".split()
)
#: Head words of a facility's name: the word that makes a name a facility's and ends it
#: ("Elliot Hospital", "Mercy Clinics", "Bay Ridge Infirmary"; "Cancer Center of X" has it
#: inside), singular, plural and the short forms writers use ("hosp", "ctr"). One set for the
#: rules that ask whether a name has its head: a field's value opening on a clinical word is a
#: name only with one (``_facility_fields``), and a year right after one is a date
#: (``_history_years``); whether a span is whole reads the full heads below (session 18).
#: Generic facility words (unit, care, nursing, labs, rehab, health) are no head: they name a
#: kind of care or a part of a hospital as often as a facility ("OSH: labs reviewed").
FACILITY_HEADS = frozenset(
    "hospital hospitals hosp center centre ctr clinic clinics institute infirmary hospice "
    "sanatorium sanitarium".split())
#: The full singular heads among them (session 18, deidhosp18; the heads read before session
#: 17): a span ending on one is whole, so no wrapped head is joined to it (``_facility_ends``:
#: "pine valley hosp\nrehabilitation center", ending on a short head, is joined again).
FULL_FACILITY_HEADS = frozenset(("hospital", "center", "centre", "clinic", "institute"))
#: Last words of a company, school, church or other organisation's name (typed LOCATION).
ORG_WORDS = frozenset(
    "inn suites hotel motel freight roofing mill mills company co llc llp inc corp corporation "
    "bakery school elementary academy college university daycare dental logistics analytics "
    "solutions insurance fund foundation parish church chapel synagogue temple mosque home "
    "homes sons daughters hardware pizzeria restaurant diner cafe shipyard rides union bank "
    "market motors construction services partners dept department station center "
    "centre plant factory farm farms store stores supermarket garage transport trucking "
    "airlines railroad mutual county univ body charities ministries".split()
)
#: Words that sit inside organisation names but name nothing on their own ("Family Health",
#: "Senior Center"); a name needs one word besides these and clinical words.
GENERIC_WORDS = frozenset(
    "family memory senior middle high elementary state community general regional medical "
    "health care urgent skilled nursing funeral children women womens men mens internal home "
    "dental rehab rehabilitation physical therapy surgical orthopedic orthopaedic breathing "
    "distribution insurance mutual fire police public county city memorial university main "
    "outpatient inpatient primary behavioral mental sleep pain wound heart cancer cath blood "
    "gift nurses patient social services service day night emergency intensive critical "
    "ambulatory specialty specialty surgery infusion imaging radiology diagnostic home "
    "support north south east west northern southern eastern western central outside local "
    "other another previous prior same nearby our this that your referring receiving sending "
    "private teaching affiliated area tertiary quaternary rural urban veterans children's "
    "women's new old assisted".split()
)
PLACE_WORDS = frozenset(
    "east west north south new old port fort mount mt lake falls bay creek hill hills point "
    "crossing springs spring city heights valley beach harbor harbour haven village town ville "
    "park ridge grove river rapids junction center centre landing mills glen cross estates "
    "rocks corner corners woods meadows shores plains gardens lower upper little great".split()
)
#: Street suffixes after a street's name (the organisation, town and facility rules).
STREET_WORDS = frozenset(
    "st street ave avenue rd road ln lane ct court dr drive blvd boulevard way pl place ter "
    "terrace cir circle pkwy parkway hwy highway row".split()
)
#: Street words that the pharmacy-address rule (``_place_cues``) reads besides
#: ``STREET_WORDS``, and those of ``STREET_WORDS`` it does not read.
ROUTE_WORDS = frozenset("plaza route rte sq square".split())
MINOR_STREET_WORDS = frozenset("cir circle court ct place row ter terrace".split())
#: Last words of town names ("Boothbay Harbor", "Deer Isle", "Pine Ridge"): the
#: union of the rules' lists; each rule that reads fewer names the words it leaves out.
TOWN_ENDS = frozenset("bay beach center city creek crossing estates falls grove harbor harbour "
                      "haven heights hill hills island isle junction landing mills park point "
                      "ridge river rocks springs valley village".split())

#: Words a facility's short form leaves out: "Sunny Acres (Nursing Home)", "Frisbie (Memorial
#: Hospital)", "Wingate (at Needham)".
TAIL_WORDS = frozenset("hospital hosp hospitals medical center ctr centre nursing home homes rehab "
                  "rehabilitation care assisted living memory health healthcare regional memorial "
                  "general clinic pharmacy hospice snf ltach ltac alf skilled facility inc "
                  "specialty community".split())
#: Kinds of care a facility's name stands next to ("Brightview memory care", "Wingate at
#: Needham rehab", "from Maple Grove SNF"): the one list, words joined by one space. Each rule
#: reads a subset named below (the words it leaves out are named there), so every rule reads
#: the words it read before; "nursing" and "assisted" alone are the residence rule's short cues.
CARE_KINDS = frozenset((
    "skilled nursing", "assisted living", "senior living", "memory care", "rehab",
    "rehabilitation", "nursing home", "nursing facility", "nursing center", "nursing",
    "assisted", "snf", "alf", "ltc", "ltac", "ltach", "ecf", "long term care",
    "specialty pharmacy", "mail order", "home care", "home health", "adult day", "rest home"))
#: After a residence "at" a town ("Wingate at Needham rehab", ``_facility_pairs``).
AT_TOWN_KINDS = CARE_KINDS - {"nursing", "assisted", "ltac", "ecf", "specialty pharmacy",
                              "mail order", "home care", "home health", "adult day", "rest home"}
#: After a facility's name ("Brightview memory care", ``_facility_forms``).
NAME_KINDS = CARE_KINDS - {"senior living", "rehabilitation", "nursing center", "nursing",
                           "assisted", "ltc", "long term care", "rest home"}
#: After a residence's two words ("from Maple Grove SNF", ``_facility_mentions``).
RESIDENCE_KINDS = CARE_KINDS - {"skilled nursing", "assisted living", "senior living",
                                "rehabilitation", "nursing home", "nursing facility",
                                "nursing center", "ltc", "ecf", "long term care",
                                "specialty pharmacy", "mail order", "home care", "home health"}


def care_kinds_rx(kinds: frozenset[str], sep: str = r"[ \t]+") -> str:
    """A non-capturing alternation of ``kinds`` (longest first; ``sep`` between words)."""
    return "(?:" + "|".join(k.replace(" ", sep) for k in sorted(kinds, key=lambda k: (-len(k), k))) + ")"


#: Words before a branch of a facility: "Wingate at Needham".
BRANCH_WORDS = frozenset(("of", "at", "on"))

#: Cue words of the person-centred place rules (``_home_places``, run from ``_place_cues``): words
#: before a head that leave a generic service, work, residence and travel cues, and the end of a
#: clause after a place. (``_care_places`` reads a longer work-cue list of its own.)
# Words before a head that leave a generic service, not a named one.
GENERIC_BEFORE = frozenset("the a an our your his her their its this that outside local home "
                           "pt's patient's own new same other prior previous patient needs needed "
                           "started start resume resumed".split())
WORK_CUES = frozenset("retired works worked working employed employee drives drove volunteers "
                      "volunteered".split())
HOME_CUES = frozenset("lives living lived resides residing house home apartment apt condo "
                       "moved".split())
TRAVEL = frozenset("immigrated emigrated returned traveled travelled trip visit visiting flew "
                    "moved came born raised lived cruise vacation vacationing stops".split())
CLAUSE_END = re.compile(r"[ \t]*(?:[.,;:)\n]|$|(?:as|in|since|for|x)\b|\d)")


def plain(t: Token, lex: Lexicon) -> bool:
    """A function, common or clinical word."""
    return t.key in FUNCTION_WORDS or t.key in lex.common_words or lex.is_medical(t.key)


#: Generic destinations inside a hospital, whose typos follow a transfer verb ("TRANSFERRED TO
#: FLOR", "xfer to flooor", "sent to teh unit").
_DESTINATIONS = frozenset("floor unit ward room home rehab lounge stepdown telemetry".split())


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter dropped, added, changed or swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def destination_typo(key: str) -> bool:
    """Whether ``key`` (a lower-case word of four letters or more) is one edit from a generic
    destination ("flor", "flooor", "uint"), so a typo, not a facility's name."""
    return len(key) >= 4 and any(_one_edit(key, d) for d in _DESTINATIONS)


#: words after a specialty or a town that make it a study, a society or a publication, not a
#: practice ("Boston Cardiology Study", "keokuk cardiology registry"): an alternation for the
#: report-place and practice patterns
STUDY_WORDS_AFTER = ("study|studies|trial|trials|cohort|registry|society|association|foundation|"
                     "program|project|survey|network|journal")
