"""Employers, schools, shelters and suppliers named after a cue, in the forms the other
organisation rules miss (LOCATION).

* **After a work, school or stay cue** ("laid off from", "drives for", "works odd jobs at",
  "sleeps at", "staying at", "student at", "goes to"): the name up to the clause's end. In a
  mixed-case note, capitalised words ("Works for L.L.Bean", "Transport by Coastal Wheelchair
  Van"); in a lower-case or ALL CAPS note, words ending in an organisation word with one
  word that is no generic one ("laid off from bath iron works", "sleeps at the mid-maine
  homeless shelter"), or holding a word that no dictionary knows ("DRIVES FOR PENMOR
  LITHOGRAPHERS", "o2 via apria").
* After a stay cue, lodging with one name word: "staying at the comfort inn", "lived at the
  Oxford Street Shelter"; after "released from", a prison ("Maine State Prison").
* National employers, stores and charities by name: "manager at the Home Depot", "YMCA",
  "Meals on Wheels"; "Target", "Subway", "UPS" only capitalised after a preposition, and in a
  line of capitals only after a work cue ("WORKS AT STAPLES", not "INCISION WITH STAPLES").
* Without a cue, capitalised housing with a name word: "Fox Hollow Apartments", "Pine Haven
  Mobile Home Park".
* "works at night", "staying at the shelter", "laid off from his job", "goes to school",
  "student at the community college", "o2 via nc" stay: no name among the words.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import COUNTRIES as _COUNTRIES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, title_count, tokenize

__all__ = ["work_place_spans"]

#: Cue words; the name follows one of ``_PREPS`` within three words after one of them.
_CUES = frozenset(
    "works worked working work employed employer job jobs retired drives drove driver laid "
    "fired quit volunteers volunteered attends attended attending student goes teaches taught "
    "staying stays stayed sleeps slept sleeping shelter transport transported delivered "
    "rented mailed supplied ordered o oxygen dme supplies equipment comp rides ride released "
    "incarcerated detained lives lived living resides resided owns owned runs manages managed "
    "cashier bookkeeper clerk teacher mechanic secretary janitor custodian cook waitress waiter "
    "server aide technician supervisor owner employee worker laborer foreman receptionist "
    "accountant lineman fisherman manager maintenance sandblaster welder machinist operator electrician "
    "plumber carpenter housekeeper housekeeping bartender dishwasher nanny babysitter painter roofer "
    "trucker miner farmhand engineer guard stocker packer loader salesman saleswoman mail".split())
_PREPS = frozenset(("at", "for", "by", "from", "with", "via", "through", "to"))
#: Cues that take only some prepositions: "goes to X", not "goes at".
_AT = frozenset(("at",))
#: Cues whose object is the organisation itself: "owns pruitt's hardware on main st".
_OWN_CUES = frozenset("owns owned runs manages managed".split())
_CUE_PREPS = {"goes": frozenset(("to",)), "laid": frozenset(("from",)), "fired": frozenset(("from",)),
              "quit": _AT, "comp": frozenset(("through", "via", "with")),
              "rides": frozenset(("through", "via", "with")), "ride": frozenset(("through", "via")),
              "released": frozenset(("from",)), "incarcerated": _AT | frozenset(("in",)),
              "detained": _AT, "lives": _AT, "lived": _AT, "living": _AT, "resides": _AT,
              "resided": _AT, "ordered": frozenset(("from", "through", "via")),
              "transported": frozenset(("by", "via")), "transport": frozenset(("by", "via", "with"))}
_PRISON_CUES = frozenset(("released", "incarcerated", "detained"))
_PRISONS = frozenset("prison jail penitentiary correctional".split())
#: Lodging: after a stay cue one name word is enough ("staying at the comfort inn").
_LODGING = frozenset("inn motel hotel suites lodge shelter hostel apartments apts".split())
_STAY_CUES = frozenset("staying stays stayed sleeps slept sleeping lives lived living resides "
                       "resided".split())
#: Words that end an organisation's name (besides those of the organisation rules).
_HEADS = frozenset(
    "works foods paper papers plastics lithographers printing printers charities shelter "
    "fairgrounds van vans cab cabs taxi industries manufacturing mfg textiles lumber machine "
    "electric power energy steel metals chemical dairy seafood brewery mall casino resort lodge "
    "hostel mission ministries pantry kitchen army express scripts medical supply supplies "
    "equipment oxygen respiratory hall systems group partners bros brothers shop auto tire "
    "builders contractors landscaping plumbing transit lines airport inn motel hotel mill hardware "
    "shipyard garage salon bakery restaurant diner pub bar farm farms store market "
    "mills company co inc llc corp school academy college university church prison jail "
    "penitentiary correctional apartments apts towers housing".split())
#: Words that name a kind of place, not one place: a name needs a word besides these.
_GENERIC = frozenset(
    "homeless home medical supply supplies equipment oxygen respiratory durable the a an "
    "local town city county state public private community senior high middle elementary "
    "school college university church shelter van cab taxi hospital wheelchair ambulance "
    "group partners company inc co llc corp express mall hall kitchen pantry shop auto mill "
    "mills hotel motel inn lodge family women's men's mens womens youth new prison jail county "
    "correctional apartments apts towers housing senior".split())
#: Words after a cue that name no place.
_NOT_NAME = frozenset(
    "home night nights day days weekends weekend work school church college times shift "
    "shifts office his her their my your its our him them me family friends friend job jobs "
    "bedside baseline rest least first last nc ra mask fm nrb bipap cpap peg ngt ogt iv po "
    "ems ambulance car bus taxi cab stretcher wheelchair".split())
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;:)(\n-]|$|w/|(?i:as|since|for|until|in|on|at|to|and|x|with|"
                         r"from|after|when|while|last|this|today|yesterday|daily|weekly|but|so|"
                         r"who|where|because|downtown|uptown|nearby|locally)\b|\d)")
_JOIN = frozenset(("", " ", " & ", "&", "-", "'s ", "\u2019s ", "'", "'S ", "\u2019S "))
#: Lower-case words inside a capitalised name: "Iglesia Roca de Salvacion", "Bank of Maine".
_INNER = frozenset(("of", "de", "del", "la", "du", "des", "and", "y"))


#: Endings of derived words that dictionaries miss ("traumatically", "afterdepolarizations").
_ENDINGS = ("ly", "ed", "ing", "al", "ive", "ous", "ic", "ions", "ities", "ated", "ism")


def _possessive(text: str, at: int) -> bool:
    """A possessive "'s" at ``at``, in any case (session 24: "AT TAVOLINO'S DOWNTOWN")."""
    return text[at:at + 2].lower() in ("'s", "\u2019s")


def _clause_end(text: str, at: int) -> bool:
    """The clause ends at ``at``, after a possessive "'s" ("works at shaw's in brunswick")."""
    if _possessive(text, at):
        at += 2
    return _CLAUSE_END.match(text, at) is not None


def _known(t: Token, lex: Lexicon) -> bool:
    """A word some dictionary knows: function, common, clinical, a name or a state."""
    k = t.key
    return (k in FUNCTION_WORDS or k in lex.common_words or lex.is_medical(k) or k in lex.first_names
            or k in lex.last_names or k in lex.states or k in lex.cities or k in _COUNTRIES)


def _run(text: str, toks: list[Token], i: int, mixed: bool) -> int:
    """The index after a name of up to five words starting at i, in one line."""
    j = i
    while j < len(toks) and j - i < 5:
        t = toks[j]
        if t.key in _NOT_NAME and j == i:
            return i
        inner = t.key in _INNER and j > i and j + 1 < len(toks) and toks[j + 1].cap == toks[i].cap
        if t.key in FUNCTION_WORDS and not inner:
            break
        if mixed and not t.cap and not inner:
            break
        j += 1
        gap = text[t.end:toks[j].start] if j < len(toks) else ""
        if gap in ("'S ", "\u2019S ") and _CLAUSE_END.match(text, t.end + 2):
            break  # fix round 24: "AT MAMA LUCIA'S DOWNTOWN SINCE 2019" ends at the possessive
        if gap not in _JOIN and not ((len(t.text) == 1 or t.key in ("st", "mt")) and gap in (".", ". ")):
            break  # "L.L.Bean": initials with periods
    while j > i and toks[j - 1].key in _INNER:
        j -= 1
    return j


def _named(run: list[Token], lex: Lexicon, mixed: bool, the: bool) -> bool:
    """Whether the words name one organisation (the module docstring); ``the`` before them
    in a lower-case or ALL CAPS note asks for more ("the paper mill")."""
    keys = [t.key for t in run]
    if any(k in lex.states or k in _COUNTRIES for k in keys) and len(keys) == 1:
        return False
    # session 24: a connector inside a name that ends in an organisation word is no clinical
    # word ("odessa pipe and steel"; the lexicon holds "and" among its clinical words); not
    # elsewhere ("for mouth-to-mouth and mouth-to-mask techniques", abstracts in lower case)
    inner = _INNER if keys[-1] in _HEADS else frozenset()
    clinical = [len(k) > 1 and lex.is_medical(k) and k not in _GENERIC and k not in _HEADS
                and k not in ("st", "mt", "ft") for k in keys if k not in inner]
    if (any(clinical) and not mixed) or (mixed and (all(clinical) or (len(keys) == 1 and any(clinical)))):
        return False  # capitalised names keep an eponym-like word: "Pratt & Whitney", "CCS Medical"
    special = [k for k in keys if k not in _GENERIC and k not in FUNCTION_WORDS]
    headed = keys[-1] in _HEADS and bool(special)
    unknown = any(not _known(t, lex) and len(t.key) >= 3 and (mixed or not t.key.endswith(_ENDINGS))
                  for t in run)
    if mixed:
        return headed or unknown or (len(special) >= 2 and (
            not all(k in lex.common_words for k in special)
            or not any(clinical) and all(t.cap and not t.upper for t in run)))  # "International Paper"
    return unknown or (headed and (not the or len(special) >= 2))


_FIRM_CUES = frozenset("works worked employed drives drove laid fired retired cashier clerk "
                       "manager employee".split())


def _surname_firm(text: str, cue: Token, run: list[Token], lex: Lexicon, mixed: bool) -> bool:
    """After a work cue in a lower-case or ALL CAPS note, up to three words ending the clause
    with one no common word nor first name: "DRIVES FOR KELTNER HAULING", "works for acme"."""
    if mixed or cue.key not in _FIRM_CUES or len(run) > 3 or not _clause_end(text, run[-1].end):
        return False
    keys = [t.key for t in run]
    if any(k in FUNCTION_WORDS or k in _GENERIC or k in _NOT_NAME or k in lex.states or k in _COUNTRIES
           or (len(k) > 1 and lex.is_medical(k)) for k in keys):
        return False
    return any(k not in lex.common_words and k not in lex.first_names and len(k) >= 3 for k in keys)


#: Relatives after "w/": a person, not an organisation ("staying w/ aunt bev").
_KIN = frozenset("aunt uncle mom dad mother father sister brother son daughter wife husband friend "
                 "friends cousin grandma grandmother grandpa grandfather niece nephew partner "
                 "girlfriend boyfriend fiance fiancee roommate neighbor neighbour".split())


#: Fix round 24: organisation words after "w/" that the heads lack ("w/ Brannock Fabrication").
_W_HEADS = frozenset(("fabrication",))
#: Fix round 24: cues whose "w/" is no employer ("retired w/ Army", "transport w/ Lifeflight crew").
_NO_W_CUES = frozenset(("retired", "transport", "transported"))


def _with_slash(text: str, t: Token) -> bool:
    """"w/", the clinical shorthand for "with" ("electrician w/ baker electric"; session 24)."""
    return t.key == "w" and text[t.end:t.end + 2] in ("/ ", "/\t")  # not "w/c van", "W/O DESAT"


def _mixed(text: str, toks: list[Token]) -> bool:
    return title_count(toks) > 0.05 * max(1, len(toks))


_TITLED_HOUSING = re.compile(
    r"\b(?P<name>(?:(?:St\.[ \t])?[A-Z][A-Za-z'-]+[ \t]){1,3})(?:Apartments|Apts|Mobile[ \t]Home[ \t]Park|"
    r"Trailer[ \t]Park|Shelter|Motel|Co-op|Fairgrounds)\b")


def _housing(text: str, lex: Lexicon, out: list[Span]) -> None:
    """Without a cue, capitalised housing and shelters with a name word: "Fox Hollow
    Apartments", "Pine Haven Mobile Home Park"; not "Senior Apartments", "Homeless Shelter"."""
    for m in _TITLED_HOUSING.finditer(text):
        keys = m.group("name").lower().split()
        if any(k not in _GENERIC and k not in FUNCTION_WORDS and not lex.is_medical(k) for k in keys):
            out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.7))


#: National employers, stores and charities, which notes name without a head word. Those that
#: are also common words ("Target", "Subway", "Staples") count only capitalised after a
#: preposition ("works at Target"); the others in any case ("home depot", "YMCA").
_BRANDS = {
    ("home", "depot"): False, ("lowe's",): False, ("lowes",): False, ("walmart",): False,
    ("mcdonald's",): False, ("mcdonalds",): False, ("dunkin",): False, ("dunkin'",): False,
    ("starbucks",): False, ("fedex",): False, ("usps",): False, ("dollar", "general"): False,
    ("dollar", "tree"): False, ("family", "dollar"): False, ("market", "basket"): False,
    ("sam's", "club"): False, ("best", "buy"): False, ("tj", "maxx"): False, ("kohl's",): False,
    ("macy's",): False, ("burger", "king"): False, ("ymca",): False, ("ywca",): False,
    ("salvation", "army"): False, ("l.l.", "bean"): False, ("ll", "bean"): False,
    ("amazon",): True, ("target",): True,
    ("subway",): True, ("staples",): True, ("goodwill",): True, ("ups",): True, ("verizon",): False,
    ("comcast",): False, ("raytheon",): False, ("boeing",): False, ("ikea",): False,
}
_BRAND_FIRST = frozenset(k[0].removesuffix("'s") for k in _BRANDS)
#: Titles before a surname that a brand shares: "Dr. Lowe's note", "Mr McDonald's wife".
_TITLES = frozenset("dr mr mrs ms miss prof".split())
_BRAND_PREPS = frozenset(("at", "for", "by", "from", "with", "to", "the"))
#: Fix round 24: words after a possessive that make its owner a person ("with Macy's mom").
_OWNED_AFTER = frozenset("aunt uncle mom dad mother father sister brother son daughter wife husband "
                         "friend cousin grandma grandmother grandpa grandfather niece nephew partner "
                         "pt patient note phone cell number boyfriend girlfriend family".split())


def _caps_line(text: str, at: int, last: list) -> bool:
    """The line holding ``at`` has no lower-case letter; ``last`` keeps the line read last
    ([start, end, answer]), so a long line of brands is read once."""
    if not last[0] <= at <= last[1]:
        end = text.find("\n", at)
        last[0], last[1] = text.rfind("\n", 0, at) + 1, len(text) if end < 0 else end
        line = text[last[0]:last[1]]
        last[2] = line.upper() == line
    return last[2]


#: In capitals, a place noun after an ambiguous brand ("AT TARGET PARKING LOT", "UPS WAREHOUSE"),
#: an event or presence word before "AT" ("FELL AT STAPLES", "FOUND DOWN AT SUBWAY"), and the
#: measurement words that make "AT TARGET" a goal ("INR AT TARGET", "BP WAS AT TARGET"): second
#: fix round (second review of deidfp21p, finding 6).
_BRAND_PLACE_AFTER = frozenset(
    "parking lot store warehouse bathroom restroom distribution aisle entrance".split())
_BRAND_EVENTS = frozenset(
    "fell fall slipped tripped collapsed found down injured injury seizure seized syncope "
    "stopped bought shopping shopped passed".split())
_PERSON_WAS = frozenset("pt patient he she".split())
_MEASURES = frozenset(
    "inr bp hr ldl a1c hba1c goal dose map sbp dbp glucose sugar sugars bg bs pressure level levels "
    "weight tsh hgb sat sats spo2 temp rate trough ptt aptt lipids cholesterol k".split())


def _caps_brand_place(toks: list[Token], i: int, n: int) -> bool:
    """An ambiguous brand in a line of capitals is a place: a place noun follows it, or an event
    word (or "PT WAS") stands within four tokens before its "AT", with no measurement word there."""
    if i + n < len(toks) and toks[i + n].key in _BRAND_PLACE_AFTER:
        return True
    if i == 0 or toks[i - 1].key != "at":
        return False
    before = [x.key for x in toks[max(0, i - 5):i - 1]]
    if any(k in _MEASURES for k in before):
        return False
    return any(k in _BRAND_EVENTS for k in before) or any(
        before[j] == "was" and j > 0 and before[j - 1] in _PERSON_WAS for j in range(len(before)))


def _brands(text: str, toks: list[Token], out: list[Span]) -> None:
    last = [0, -1, False]
    for i, t in enumerate(toks):
        if t.key not in _BRAND_FIRST:
            continue
        for n in (3, 2, 1):
            # session 24: the tokens hold no possessive "'s", the brands do ("buy from Lowe's",
            # "SAM'S CLUB"): a word the text follows with "'s" is read with it
            owned = [_possessive(text, x.end) for x in toks[i:i + n]]
            key = tuple(x.key + "'s" * o for x, o in zip(toks[i:i + n], owned, strict=True))
            if len(key) < n or key not in _BRANDS:
                continue
            if any(text[toks[j].end + 2 * owned[j - i]:toks[j + 1].start] not in (" ", "")
                   for j in range(i, i + n - 1)):
                continue
            if any(owned) and i > 0 and toks[i - 1].key in _TITLES:
                break  # "Dr. Lowe's note": a surname's possessive
            if any(owned) and (i == 0 or toks[i - 1].key not in _BRAND_PREPS or (
                    i + n < len(toks) and toks[i + n].key in _OWNED_AFTER)):
                break  # fix round 24: a possessive brand only after a preposition, before no
                # person ("Jim Lowe's wife", "RN Lowe's patient", "Spoke with Macy's mom")
            if _BRANDS[key] and not (t.cap and i > 0 and toks[i - 1].key in _BRAND_PREPS):
                break  # "target organ", "subway" in lower case
            if _BRANDS[key] and t.upper and _caps_line(text, t.start, last) and not any(
                    x.key in _CUES for x in toks[max(0, i - 4):i - 1]) \
                    and not _caps_brand_place(toks, i, n):
                break  # session 21: in capitals a capital says nothing; "INCISION WITH
                # STAPLES", "THE TARGET CELLS" are no store, "WORKS AT TARGET" stays
            out.append(Span(t.start, toks[i + n - 1].end + 2 * owned[-1], "LOCATION", "places", 0.7))
            break


def work_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the organisations of the module docstring."""
    toks = tokenize(text)
    out: list[Span] = []
    _brands(text, toks, out)
    if "Apartments" in text or "Apts" in text or "Park" in text or "Shelter" in text \
            or "Motel" in text or "Co-op" in text or "Fairgrounds" in text:
        _housing(text, lex, out)
    cues = [k for k, t in enumerate(toks) if t.key in _CUES]
    if not cues:
        return out
    mixed = _mixed(text, toks)
    seen = set()
    for k in cues:
        if toks[k].key == "o" and not text.startswith("2", toks[k].end):
            continue  # "O2 via Apria"; not "[K+]o"
        allowed = _CUE_PREPS.get(toks[k].key, _PREPS)
        if toks[k].key in _OWN_CUES:
            p = k  # the name follows the verb: "owns pruitt's hardware"
        else:
            # fix round 24: a real preposition first, "w/" only where none follows ("works w/
            # husband at Penmor Lithographers" takes "at", as at base)
            window = [q for q in range(k + 1, min(k + 5, len(toks) - 1)) if q not in seen]
            found = [q for q in window if toks[q].key in allowed] or [
                q for q in window if "with" in allowed and _with_slash(text, toks[q])
                and toks[k].key not in _NO_W_CUES]
            if not found:
                continue
            p = found[0]
        if "\n" in text[toks[k].end:toks[p].start] or "." in text[toks[k].end:toks[p].start]:
            continue
        seen.add(p)
        if p + 1 >= len(toks):  # "pt runs" at the end of a note
            continue
        the = toks[p + 1].key == "the" and p + 2 < len(toks)
        i = p + 1 + the
        if "\n" in text[toks[p].end:toks[i].start]:
            continue
        titled = mixed and toks[i].cap
        end = _run(text, toks, i, titled)
        if titled and end > i and end < len(toks) and toks[end].key in _HEADS and not toks[end].cap \
                and text[toks[end - 1].end:toks[end].start] == " ":
            end += 1  # "goes to St. Maximilian Kolbe church"
        run = toks[i:end]
        if not run or not _clause_end(text, run[-1].end) and not any(t.key in _HEADS for t in run):
            continue
        heads = [n for n, t in enumerate(run) if t.key in _HEADS]
        if heads and not (titled and _clause_end(text, run[-1].end)):  # "Hotel Casa Llanera" stays whole
            run = run[:heads[-1] + 1]  # "the tri-county homeless shelter most nights"
        stop = run[-1].end + (2 if _possessive(text, run[-1].end) else 0)
        if toks[k].key in _PRISON_CUES and not any(x.key in _PRISONS for x in run):
            continue  # "released from the fusion protein"
        if _with_slash(text, toks[p]) and run[-1].key not in _HEADS and run[-1].key not in _W_HEADS:
            continue  # fix round 24: after "w/" an organisation word ends the name ("w/ Sleep Apnea",
            # "w/ CDL", "w/ Army", "w/ Lifeflight crew" stay)
        if _with_slash(text, toks[p]) and any(len(x.key) > 1 and x.key not in _INNER and x.key not in _HEADS
                                              and lex.is_medical(x.key) for x in run):
            continue  # session 24: "COOK W/ HX OF ETOH ABUSE", "works w/ OT": care, no employer
        if _with_slash(text, toks[p]) and (run[0].key in lex.first_names or run[0].key in _KIN) \
                and run[-1].key not in _HEADS:
            continue  # "works w/ John Hale", "STAYING W/ AUNT BEV": a person (the name rules')
        lodging = toks[k].key in _STAY_CUES and run[-1].key in _LODGING and any(
            x.key not in _GENERIC for x in run)
        if not lodging and not _named(run, lex, titled, the) and not _surname_firm(
                text, toks[k], run, lex, mixed):
            continue
        if mixed and not titled and not (run[-1].key in _HEADS and any(not _known(t, lex) for t in run)):
            continue  # lower case in a mixed-case note: "the mid-maine homeless shelter"
        out.append(Span(run[0].start, stop, "LOCATION", "places", 0.7))
    return out
