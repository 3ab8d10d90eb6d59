"""The words of the case view (:mod:`meddx.deid._case_view`): the class of each word before
the context rules (a listed name or town, a word in no list, a short abbreviation, the rest)
and the word lists the view's rules read (cues, titles, facility words, kinds of care).
"""

from __future__ import annotations

import re
from functools import lru_cache

from meddx.deid._initials import _GENERIC as GENERIC_INITIALS
from meddx.deid._lexicon import lexicon
from meddx.deid._place_words import (
    GENERIC_WORDS,
    HOSPITAL_WORDS,
    ORG_WORDS,
    PLACE_WORDS,
    STREET_WORDS,
    TOWN_ENDS,
)

__all__ = [
    "AT_FROM", "COUNTS", "CUED_HEADS", "CUED_HEADS_STRONG", "CUED_ORGS", "CUES", "DOTTED",
    "FACILITY", "FILL", "GENERIC", "HEADS", "INITIAL_ENDS", "INITIALS", "LISTED_CUES",
    "LISTED_MAX", "LOWER", "NAME", "NAME_LABELS", "NOT_INITIALS", "NOT_SURNAMES", "PLACE_PARTS",
    "SHAPE", "SHOUTED", "STOPS", "TAILS", "TITLE", "TITLES", "TO_VERBS", "UNKNOWN", "UPPER",
    "WEAK_FACILITY", "WINDOW", "WORD", "ZIP_AFTER", "is_proper_word", "tied", "word_class",
]

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "drs", "miss", "fr", "atty", "rev", "prof"})
#: titles that cue a name only with their period ("fr" is "from" too, "rev" a revision)
DOTTED = frozenset({"fr", "atty", "rev", "prof"})
#: titles that are clinical abbreviations too: in capitals where no period or name follows
#: ("mr brain", "ms on ocrevus")
SHOUTED = frozenset({"dr", "mr", "mrs", "ms", "mx", "drs"})
#: words after which a listed name or a word in no list is read as a proper noun
CUES = frozenset((
    "dr doctor drs mr mrs ms mx miss husband wife son daughter sister brother mother "
    "father mom dad niece nephew aunt uncle grandson granddaughter grandmother grandfather "
    "grandma grandpa friend neighbor neighbour partner boyfriend girlfriend fiance fiancee spouse "
    "cousin sitter caregiver guardian pcp attending fr atty rev prof stepfather stepmother "
    "stepson stepdaughter caseworker"
).split())
#: field labels before a patient's name: a listed name, or a word before ", <first name>"
#: ("patient: strickland, edna m", "pt: oduya, grace"; not "pt: ambulates 50 ft")
NAME_LABELS = frozenset("pt patient name re member resident client student".split())
#: what follows a middle initial after "surname, first"
INITIAL_ENDS = frozenset(("", "\n", ".", ". ", ".\n", "  ", " \n"))
#: words after which only a listed name or town is ("from fitchburg", "to dennis")
LISTED_CUES = frozenset((
    "from in at to near by called named contact "
    # session 15: a letter's greeting, a newborn, kin and care-team words of nursing notes
    # ("dear kiera", "baby mateo", "dtr lorna", "rn lucinda"; not "rn ok'd it")
    "dear hi hello baby dtr dau nurse rn chaplain pastor sw"
).split())
#: facility and street words: after a proper noun they take title case, and a proper noun
#: before the first ones ("heywood hospital") is read as one
HEADS = frozenset((
    "hospital hospitals medical center centre clinic clinics health healthcare rehabilitation "
    "nursing regional memorial general county community hospice institute university pharmacy "
    "infirmary sanatorium"
).split())
TAILS = HEADS | frozenset((
    "rehab associates group practice manor village gardens care services home homes lodge "
    "terrace estates court commons place pavilion campus street st road rd avenue ave drive "
    "boulevard blvd lane ln way highway hwy parkway pkwy circle cir falls"
).split())
#: facility words that end a name made of ordinary words ("kestrel dialysis center")
FACILITY = frozenset((
    "hospital hospice center centre ctr clinic manor pediatrics orthopaedics orthopedics imaging "
    "associates pavilion lodge village infirmary healthcare institute"
).split())
#: facility words that end a name of ordinary words only after a proper word ("magnetic
#: resonance imaging", "color flow imaging")
WEAK_FACILITY = frozenset("imaging pediatrics orthopaedics orthopedics".split())
#: counts and qualifiers that a name of ordinary words never holds ("two hospitals", "single
#: urban hospital", "mean postoperative hospital stay")
COUNTS = frozenset((
    "one two three four five six seven eight nine ten both several many most few single "
    "average mean median initial total each although before after during"
).split())
#: words that never open such a name: function words, kinds of care, generic qualifiers
GENERIC = frozenset((
    "a an the this that his her their our my your its at to from in into of on for with and or by "
    "per via pt patient was is are be been will new same main local outside other another any "
    "care health day urgent primary family community senior adult state city county regional "
    "general medical surgical mental behavioral wound cancer heart eye pain sleep vein dialysis "
    "infusion surgery rehab rehabilitation nursing home walk walkin children's women's outpatient "
    "inpatient ambulatory "
    "veterans university academic teaching private public rural tertiary referral specialty "
    "cardiology oncology imaging radiology lab laboratory"
).split())
#: words that never end a name as a listed surname after a first name ("marcus said")
NOT_SURNAMES = frozenset("said says asked asks came went got gets saw sees".split())
#: words of places and facilities: after a first name they open a place ("harlan valley")
PLACE_PARTS = (PLACE_WORDS | TOWN_ENDS | HOSPITAL_WORDS | ORG_WORDS | GENERIC_WORDS
               | STREET_WORDS)
STOPS = frozenset("a an the this that his her their our my your its at to from in into of on "
                   "for with and or by per via pt patient was is are be been will any more next "
                   "some all no each every other another want wants need needs".split())
#: words before a facility name in lower case ("at", "from"; "to" after a verb of transfer:
#: "transferred to", "admitted to", "d/c to")
AT_FROM = frozenset(("at", "from"))
TO_VERBS = frozenset((
    "transferred transfer xfer xferred tx txed sent admitted admit adm discharged dc c "
    "accepted return returned back go going went faxed referred referral"
).split())  # "c": the end of "d/c"
#: words that end a facility name after such a cue ("riverside community care", "waldo county
#: general", "northeast rehab"); a name of one ordinary word needs one of the first ones
CUED_HEADS_STRONG = frozenset((
    "hospital hospitals medical general infirmary hospice healthcare health memorial regional"
).split())
CUED_HEADS = CUED_HEADS_STRONG | FACILITY | frozenset((
    "care rehab rehabilitation nursing living therapy medicine pharmacy lab clinic clinics "
    "center centre regional"
).split())
#: organisation words that end such a name too ("at riverside elementary", "from milwaukee
#: county jail"); not those of a kind of place or a department ("at grandma's home")
CUED_ORGS = (ORG_WORDS - frozenset(
    "home homes body rides fund union services dept department market county station".split())
) | frozenset("jail prison apartments towers tower hall".split())
#: hospital initials after such a cue ("follows at bmc", "transferred to gvh", "at the va")
INITIALS = re.compile(r"[a-z]{1,4}(?:h|mc|hc)|va|vamc")
#: the longest listed facility name read after such a cue, in words
LISTED_MAX = 6
#: initials that name no hospital: the initials rules' generic ones ("osh", "nh", "bh") and
#: clinical ones that the hospital pattern above matches ("pmh", "sah", "ivh")
NOT_INITIALS = GENERIC_INITIALS | frozenset(
    "ach pmh sah ivh lvh rvh ich sdh edh mch bph tah gh th nih doh cch dph".split())
#: identifiers that the rules read by their capitals: accession numbers, an interstate
#: ("i-93"), an age over 89 with its sex
SHAPE = re.compile(r"(?<![\w.,/:$+-])(?:[a-z]{1,3}-?[0-9]{2}-[0-9]{4,7}|[a-z]{2,4}-[0-9]{6,10}|"
                   r"[a-z]{1,3}[0-9]{6,10}|i-[0-9]{2,3})(?![\w/-]|[.,][0-9])"
                   r"|(?<![\w.,/-])(?:9[0-9]|1[01][0-9])[mf](?![\w/-]|\.[0-9])")
#: a ZIP code after a state code
ZIP_AFTER = re.compile(r" \d{5}(?:-\d{4})?\b")
#: what blanked text is filled with: neither a word, nor a space (runs of spaces are what the
#: header rules scan, and scanning them costs far more than the rest of the view)
FILL = "\x00"
#: words kept on either side of a proper noun (cues before it, facility words after it)
WINDOW = 3
# classes of a word in the view
LOWER, TITLE, UPPER, NAME, UNKNOWN = range(5)


@lru_cache(maxsize=50_000)
def word_class(w: str) -> int:
    """Class of the lower-cased word ``w`` before the context rules: ``NAME`` for a listed
    name or town, ``UNKNOWN`` for a word in no list, ``UPPER`` for a short abbreviation,
    ``LOWER`` for the rest."""
    lex = lexicon()
    if w in lex.common_words or w in TITLES or len(w) < 3:
        return LOWER
    listed = w in lex.first_names or w in lex.last_names or w in lex.cities
    if w in lex.abbreviations or lex.is_medical(w):
        return UPPER if len(w) <= 4 and w.isascii() and not listed else LOWER
    return NAME if listed else UNKNOWN


def is_proper_word(w: str) -> bool:
    """Whether the lower-cased word ``w`` reads as a proper noun whatever its case: a listed
    name or town that is no common or clinical word, or a word in no list."""
    return word_class(w) in (NAME, UNKNOWN)


def tied(line: str, a: re.Match, b: re.Match) -> bool:
    """Words ``a`` and ``b`` of ``line`` are parts of one name: spaces between, or a period
    after an initial ("c. whitlock"; the case view's runs of name words)."""
    gap = line[a.end() : b.start()]
    return not gap.strip() or (gap.strip() == "." and len(a.group()) == 1)
