"""Places of PHI-sparse unit notes that the other place rules miss (session 20, deidrec20): how
nurses and case managers write where a patient goes next, where a transfer came from and where
a patient works.

* **A post-acute chain after a discharge cue**: a listed LTACH, rehabilitation, hospice,
  home-health, infusion or equipment chain (``resources/care_brands.txt`` and
  ``resources/post_acute_chains.txt``, both written from general knowledge of US companies, no
  note's surface) with a discharge cue ("ltach", "rehab", "snf", "referral", "placement", "bed
  offer", "hospice", "home infusion", "dme", "dispo") before it in the same sentence: "ltach referral
  (Kindred vs Vibra)", "REHAB REFERRAL (ENCOMPASS OR SNF)". A chain whose words are all English
  words ("Encompass", "Select Specialty", "Seasons") must stand as a choice: after "(", "vs",
  "or", ",", "/" or ":" ("rehab goals to encompass ADLs" stays). Pharmacies, laboratories,
  walk-in clinics and names of three letters or fewer are not read here ("PICC placed, CVS:
  regular" is the cardiovascular system).
* **A care company by its tail**: title-case words before "Home Infusion", "Home Health",
  "Home Care", "Infusion Services", "Medical Supply" or "Medical Equipment" in a mixed-case
  note: "Optimum Home Infusion", "Tri-County Home Health". A run of generic words ("Home
  Health Aide", "Outpatient Home Infusion") is no name.
* **A town in brackets after a facility word**: "(referring hospital, Holdrege)", "(OSH,
  Valentine)", and a town of the larger gazetteer (``_gazetteer``) in brackets right after a
  facility found in the note: "Cherry County Hospital (Valentine)". A town that is also an
  English word or first name needs a capital.
* **An employer after a job**: "works as a bus driver for Muleshoe ISD", "line cook at
  Hartwell's Seafood": title-case words after "works as a/an <job> at/for" in a mixed-case
  note, or any words ending in an employer's word ("ISD", "schools", "seafood", "depot",
  "inc", "llc") in any case.
* **A family firm**: "Aldous & Sons" (a funeral home, a store), not "wife & sons" nor a first
  name ("Mary & sons at bedside": a mother and her sons).
* **A hospital in apposition**: "the birth hospital, Southeastern Regional," (mixed case), and
  a county's hospital by its initials: "Summers County ARH".
* **A bed offer**: "bed offer from Oak Terrace", "accepted at Maple Manor": title-case words
  after "offer from", "accepted at/to/by" ending the clause in a mixed-case note, one of them
  no generic or clinical word; in lower case, and after "accepted by" in any case, ending in a
  residence word ("oak terrace"); never with a title ("accepted by Dr Smith").
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import Lexicon, _lines
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._name_words import TITLES
from meddx.deid._place_words import ADJECTIVE_ENDS, GENERIC_WORDS, STATE_CODES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, start_index, token_keys, tokenize

__all__ = ["referral_place_spans"]

#: Discharge and placement cues: a listed chain after one of these in the sentence is a place.
_CUE = re.compile(
    r"(?i)\b(?:ltach?s?|ltc|rehabs?|irf|ipr|snfs?|referrals?|referred|placement|bed[ \t]+offers?|"
    r"accept(?:ed|ing|ance)|hospice|home[ \t]+health|home[ \t]+infusion|dme|vna|dispo(?:sition)?|"
    r"careport|d/?c(?:'?d)?[ \t]+to|discharg(?:e|ed|ing)[ \t]+to|transfer(?:red)?[ \t]+to|"
    r"sent[ \t]+to)\b")
#: Chains of care_brands.txt that are pharmacies, laboratories or walk-in clinics, and any of
#: three letters or fewer ("CVS:" is the cardiovascular system): no post-acute place.
_NOT_POST_ACUTE = frozenset((
    "walgreens", "walgreen", "rite", "osco", "jewel", "stop", "walmart", "wal-mart", "costco",
    "kroger", "safeway", "wegmans", "hannaford", "publix", "meijer", "h-e-b", "duane", "giant",
    "shoprite", "price", "market", "express", "optumrx", "optum", "caremark", "quest", "labcorp",
    "bioreference", "minuteclinic", "minute", "carbon", "concentra", "one", "medexpress", "citymd",
    "gohealth", "patient", "fastmed", "planned"))
#: What stands right before a chain written as a choice: "(Kindred vs Vibra)", "ENCOMPASS OR SNF".
#: A bare "," or ":" is no choice ("Referral placed, select medical records attached").
_CHOICE_BEFORE = re.compile(r"(?:\(|\bvs\.?|\bversus|\bor|/)[ \t\n]*$", re.IGNORECASE)
_CHOICE_AFTER = re.compile(r"[ \t\n]*(?:\)|\bvs\b|\bversus\b|\bor\b|/|,)", re.IGNORECASE)
#: The end of a choice right after a chain: "(Kindred vs Vibra)", "vs Encompass." (no noun after).
#: A label of post-acute care right before a chain: "Rehab: consulate health care of X".
_LABEL_BEFORE = re.compile(r"(?i)\b(?:ltach?|rehab|irf|snf|hospice|home[ \t]+health|placement)[ \t]*:[ \t]*$")
#: A list's comma, a label's colon or "and" before a chain: a choice only in a note of one case.
_LIST_BEFORE = re.compile(r"(?:,|:|\band)[ \t\n]*$", re.IGNORECASE)
_CHOICE_END = re.compile(r"[ \t\n]*(?:[),.;\n]|$)|[ \t]+(?:hospital|hosp|center|centre|health|healthcare|"
                         r"specialty|medical[ \t]+center)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?:[.;!?][ \t]|\n[ \t]*\n)")


@lru_cache(maxsize=1)
def _chains() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the listed chains' word keys, longest first."""
    by_first: dict[str, set[tuple[str, ...]]] = {}
    for line in _lines("care_brands.txt") + _lines("post_acute_chains.txt"):
        keys = tuple(t.key for t in tokenize(line))
        if keys and keys[0] not in _NOT_POST_ACUTE and len(" ".join(keys)) > 3:
            by_first.setdefault(keys[0], set()).add(keys)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


def _chain_length(keys: list[str], i: int) -> int:
    for names in _chains().get(keys[i], ()):
        if tuple(keys[i:i + len(names)]) == names:
            return len(names)
    return 0


#: A kind of post-acute care right after a chain: "vibra hospital of X (ltach)", "Kindred LTACH".
_KIND_AFTER = re.compile(r"(?i)[ \t]*\(?[ \t]*(?:ltach?|ltc|rehab|irf|ipr|snf|hospice|home[ \t]+health|"
                         r"infusion|dme|vna)\b")
#: A branch after a chain: "vibra hospital of southeastern mass (ltach)", "Kindred of Lowell".
_BRANCH = re.compile(r"[ \t]+of[ \t]+((?:[A-Za-z][A-Za-z'-]*)(?:[ \t]+[A-Za-z][A-Za-z'-]*){0,2})"
                     r"(?=[ \t]*(?:[,.;:()\n]|$))")


def _cued(text: str, start: int, end: int) -> bool:
    """A discharge cue before ``start`` in its sentence (at most 100 characters back) or a kind
    of care within 40 characters after ``end``."""
    window = text[max(0, start - 100):start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        window = window[ends[-1].end():]
    if _CUE.search(window) is not None:  # not the cached head scan: a window is note text
        return True
    after = _BRANCH.match(text, end)
    return _KIND_AFTER.match(text, after.end() if after else end) is not None


def _branch_end(text: str, branch: re.Match[str], lex: Lexicon, capitals: bool) -> int:
    """Where a branch ends: before a first name after its first word ("of Tulsa Brian Lott") and,
    in a note with capitals (``capitals``), before a lower-case word ("of Sarasota accepted")."""
    words = list(re.finditer(r"\S+", branch.group(1)))
    end = branch.start() if not words else branch.start(1)
    for n, w in enumerate(words):
        word = w.group(0)
        if n and word.lower() in lex.first_names or capitals and word.islower():
            break
        end = branch.start(1) + w.end()
    return end if end > branch.start(1) else branch.start()


def _chain_spans(text: str, toks: list[Token], keys: list[str], lex: Lexicon, out: list[Span]) -> None:
    chains = _chains()
    firsts = [i for i, key in enumerate(keys) if key in chains]
    if not firsts:
        return
    # In a note of one case capitals cannot show a name: a list's comma or a label's colon before
    # the chain is then enough; with both cases the chain needs a title case or a choice.
    capitals = any(c.isupper() for c in text)
    lower = any(c.islower() for c in text)
    one_case = not capitals or not lower
    after = 0  # the first token a chain may start at (after the last one read)
    for i in firsts:
        if i < after:
            continue
        after = i + 1
        n = _chain_length(keys, i)
        if n == 0:
            continue
        words = toks[i:i + n]
        start, end = words[0].start, words[-1].end
        if any(text[a.end:b.start] not in (" ", " & ", "-") for a, b in pairwise(words)) \
                or i and text[toks[i - 1].end:start] in ("-", "'") \
                or not _cued(text, start, end):
            continue
        plain = all(w.key in lex.common_words or w.key in FUNCTION_WORDS or lex.is_medical(w.key)
                    or w.key in lex.first_names for w in words)
        branch = _BRANCH.match(text, end)
        if branch is not None and any(w.lower() in FUNCTION_WORDS for w in branch.group(1).split()):
            branch = None  # "regency hospital of the past"
        branch_end = _branch_end(text, branch, lex, capitals) if branch is not None else end
        ends = _CHOICE_END.match(text, end) or _KIND_AFTER.match(text, end)
        named = (all(w.cap and not w.upper for w in words) and lower
                 or _LABEL_BEFORE.search(text[max(0, start - 16):start]))
        if plain and not (_CHOICE_BEFORE.search(text[max(0, start - 12):start]) and ends
                          or _CHOICE_AFTER.match(text, end)
                          or named and (ends or branch_end > end)
                          or one_case and _LIST_BEFORE.search(text[max(0, start - 12):start])
                          and not _phrase_goes_on(text, start, end)):
            after = i + n
            continue  # "rehab goals to encompass ADLs", "placed, select medical records": no choice
        end = branch_end  # "vibra hospital of southeastern mass"
        out.append(Span(start, end, "HOSPITAL", "places", 0.7))
        after = i + n


#: Record nouns after "select <adjective>": "select medical records" is an ordinary phrase
#: (session 22; narrowed in the fix round: only these nouns, never a chain with a facility word
#: or another head, "referral placed, select medical today" stays a facility).
_RECORD_NOUN = re.compile(r"[ \t]+(?:records?|notes?|forms?|files?|documents?|charts?)\b", re.IGNORECASE)


def _phrase_goes_on(text: str, start: int, end: int) -> bool:
    """The chain is "select" and one adjective, and a record noun follows it: the words of an
    ordinary phrase ("referral placed, select medical records attached"), not a company
    named in a list."""
    words = text[start:end].lower().split()
    return (len(words) == 2 and words[0] == "select" and words[1].endswith(ADJECTIVE_ENDS)
            and _RECORD_NOUN.match(text, end) is not None)


#: Tails of care companies (two words each, lower case).
_TAILS = frozenset((("home", "infusion"), ("home", "health"), ("home", "healthcare"),
                    ("home", "care"), ("infusion", "services"), ("infusion", "pharmacy"),
                    ("medical", "supply"), ("medical", "supplies"), ("medical", "equipment"),
                    ("respiratory", "services"), ("oxygen", "services")))
_TAIL_FIRSTS = frozenset(first for first, _ in _TAILS)


#: What stands before a care company's name in lower case: a label's colon or a preposition.
_COMPANY_BEFORE = re.compile(r"(?:[:(]|\b(?:via|with|thru|through|from|by))[ \t]*$", re.IGNORECASE)
#: Words of an agency's kind, not its name ("set up with vna home care").
_KIND_WORDS = frozenset("vna visiting nurse nurses nursing outpatient private skilled local county "
                        "hospital agency new same current usual own durable basic needed more "
                        "adequate appropriate proper any some".split())


def _tail_spans(toks: list[Token], keys: list[str], text: str, lex: Lexicon, mixed: bool,
                out: list[Span]) -> None:
    last = len(toks) - 1
    for j in [j for j, key in enumerate(keys) if key in _TAIL_FIRSTS and 0 < j < last]:
        if (keys[j], keys[j + 1]) not in _TAILS or text[toks[j].end:toks[j + 1].start] != " ":
            continue
        titled = toks[j].cap and toks[j + 1].cap and not toks[j].upper
        if mixed and not titled or not mixed and not text[toks[j].start:toks[j + 1].end].islower():
            continue
        i = j
        while i > 0 and j - i < 3 and (toks[i - 1].cap and not toks[i - 1].upper or not mixed) \
                and text[toks[i - 1].end:toks[i].start] in (" ", "-") \
                and toks[i - 1].key not in FUNCTION_WORDS:
            i -= 1
        names = [t.key for t in toks[i:j]]
        if not mixed:  # lower case: after a label or a preposition, no kind of agency
            while names and (names[0] in _KIND_WORDS or lex.is_medical(names[0])):
                i, names = i + 1, names[1:]
            if not names or not _COMPANY_BEFORE.search(text[max(0, toks[i].start - 12):toks[i].start]) \
                    or any(k in _KIND_WORDS or k.endswith(ADJECTIVE_ENDS) and k in lex.common_words
                           for k in names):  # "with minimal medical equipment"
                continue
        if not names or all(k in GENERIC_WORDS or lex.is_medical(k) or k in lex.states for k in names):
            continue  # "Outpatient Home Infusion", "Home Health": no name before the tail
        out.append(Span(toks[i].start, toks[j + 1].end, "HOSPITAL", "places", 0.7))


_TOWN = r"([A-Za-z][A-Za-z'.-]+(?:[ \t][A-Za-z][A-Za-z'.-]+){0,2})"
_FACILITY_TOWN = re.compile(
    r"\((?:the[ \t]+)?(?:(?:referring|outside|sending|transferring|local|home|critical[ \t]+access|"
    r"community|rural)[ \t\n]+)?(?:hospital|hosp|facility|osh|cah)[ \t\n]*,[ \t\n]*" + _TOWN
    + r"(,[ \t]*[A-Za-z]{2})?[ \t]*\)", re.IGNORECASE)
_BRACKET_TOWN = re.compile(r"[ \t]*\([ \t]*" + _TOWN + r"[ \t]*\)")


def _town(word: str, lex: Lexicon) -> bool:
    key = word.lower()
    if key not in gazetteer().towns or key in lex.states or key.upper() in STATE_CODES \
            or lex.is_medical(key) or key in FUNCTION_WORDS:
        return False
    return key not in gazetteer().plain_towns or word[0].isupper() and not word.isupper()


def _town_spans(text: str, lex: Lexicon, spans: list[Span], out: list[Span]) -> None:
    if "(" not in text:
        return
    for m in _FACILITY_TOWN.finditer(text):
        if m.group(2) is None and m.group(1).lower() in gazetteer().plain_towns:
            continue  # "(facility, Story)": an English word needs its state after it
        if _town(m.group(1), lex):
            out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.7))
    for s in spans:
        if s.label != "HOSPITAL" or "(" not in text[s.end:s.end + 3]:
            continue
        m = _BRACKET_TOWN.match(text, s.end)
        if m is not None and _town(m.group(1), lex):
            out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.7))


def _after_matches(pattern: re.Pattern[str], text: str, toks: list[Token]) -> list[int]:
    """Indices of the tokens that start right where a match of ``pattern`` ends."""
    ends = [m.end() for m in heads_finditer(pattern, text)]
    if not ends:
        return []
    starts = start_index(toks)
    return [starts[e] for e in ends if e in starts]


#: "works as a bus driver for", "line cook at": a job of one to three words, then at/for; "is
#: a high school track coach at", "coworker at", "boss at".
_JOB_NOUNS = (r"teacher|coach|driver|cook|chef|nurse|aide|worker|manager|clerk|cashier|mechanic|"
              r"engineer|janitor|custodian|secretary|accountant|waitress|waiter|server|bartender|"
              r"foreman|laborer|labourer|electrician|plumber|carpenter|welder|officer|guard|pastor|"
              r"professor|student|librarian|technician|operator|supervisor|director|owner|employee|"
              r"volunteer|firefighter|paramedic|attorney|lawyer|principal|counselor|cna|lpn|rn")
_JOB = re.compile(r"(?i)\b(?:(?:works?|worked|working|employed|job)[ \t]+(?:as[ \t]+(?:an?[ \t]+)?)?"
                  r"(?:[a-z][a-z'-]*[ \t]+){0,3}?|(?:is|was)[ \t]+an?[ \t]+(?:[a-z][a-z'-]*[ \t]+){0,3}?(?:"
                  + _JOB_NOUNS + r")[ \t]+|(?:co-?workers?|boss|employer|supervisor)[ \t]+)"
                  r"(?:at|for|with|from)[ \t\n]+(?:the[ \t]+)?")
#: Last words of an employer's name (any case).
_EMPLOYER_ENDS = frozenset("isd usd schools school district academy seafood foods farms farm dairy "
                           "depot inc llc co corp company corporation industries manufacturing "
                           "motors trucking logistics construction builders restaurant diner cafe "
                           "high grill bakery market grocery store stores mill mills plant factory "
                           "railroad railway lumber mining".split())
_GAPS = frozenset((" ", "\n", " & ", "'s ", "\u2019s ", "'s\n"))
_NOT_EMPLOYER = frozenset("home house the a an his her their this that same local night day "
                          "nights days hospital".split())


def _employer_spans(text: str, toks: list[Token], keys: list[str], mixed: bool, lex: Lexicon,
                    out: list[Span]) -> None:
    for i in _after_matches(_JOB, text, toks):
        j = i
        while j < len(toks) and j - i < 4 and (j == i or text[toks[j - 1].end:toks[j].start] in _GAPS):
            if keys[j] in FUNCTION_WORDS and keys[j] not in ("of",) or mixed and not toks[j].cap:
                break
            j += 1
        while j > i and keys[j - 1] == "of":
            j -= 1
        if j == i or keys[i] in _NOT_EMPLOYER or any(k in TITLES for k in keys[i:j]) \
                or j - i == 2 and keys[i] in lex.first_names and keys[i + 1] in lex.last_names:
            continue  # "works for Dr Jones", "works with John Smith": a person
        named = [k for k in keys[i:j] if k not in GENERIC_WORDS and not lex.is_medical(k)
                 and k not in lex.states]
        if keys[j - 1] in _EMPLOYER_ENDS and named and (mixed or j - i >= 2) \
                or mixed and named \
                and all(t.cap and not t.upper or t.key in _EMPLOYER_ENDS for t in toks[i:j]) \
                and any(k not in lex.common_words for k in named):
            out.append(Span(toks[i].start, toks[j - 1].end, "LOCATION", "places", 0.7))


_OFFER = re.compile(r"(?i)\b(?:(?:bed[ \t]+)?offers?[ \t]+(?:from|at)|accepted[ \t]+(?:at|to|by)|"
                    r"accepting[ \t]+facility:?)[ \t]+(?:the[ \t]+)?")
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;:)(\n]|$|(?:likely|for|pending|on|in|is|was|if|but|and|"
                         r"vs|versus|or|today|tomorrow|tonight|once|when|after)\b)", re.IGNORECASE)


#: Last words of a residence's or facility's name: in lower case a name needs one.
_RESIDENCE_ENDS = frozenset("terrace manor gardens garden village commons lodge pointe place court "
                            "ridge hills hill acres meadows meadow pines oaks woods haven crest view "
                            "park grove heights estates house home center centre hall".split())


#: Kinds of care before a residence word: "dialysis center", "respite house", "assisted living".
_CARE_KINDS = frozenset("dialysis kidney renal burn detox respite hospice treatment psych psychiatric "
                        "assisted living day rehab infusion cancer wound sleep".split())
#: Last words of a team or a level of care after "accepted to" in mixed case.
_NO_NAME_TAILS = frozenset("service services team unit status floor level bed".split())


def _offer_spans(text: str, toks: list[Token], lex: Lexicon, mixed: bool, out: list[Span]) -> None:
    low = text.lower()
    if "offer" not in low and "accept" not in low:
        return
    for i in _after_matches(_OFFER, text, toks):
        j = i
        while j < len(toks) and j - i < 3 and (toks[j].cap and not toks[j].upper or not mixed) \
                and (j == i or text[toks[j - 1].end:toks[j].start] == " ") \
                and toks[j].key not in FUNCTION_WORDS:
            j += 1
        if any(t.key in TITLES for t in toks[i:j]):
            continue  # "accepted by Dr Smith": a person
        by = text[max(0, toks[i].start - 4):toks[i].start].rstrip().lower().endswith("by")
        if not mixed or by:  # lower case or "accepted by": a residence word ends the run
            while j > i and toks[j - 1].key not in _RESIDENCE_ENDS:
                j -= 1
            if j - i < 2 or toks[j - 2].key in GENERIC_WORDS or toks[j - 1].key in ("home", "house") \
                    and toks[j - 2].key in ("nursing", "group", "rest", "foster", "halfway") \
                    or any(t.key in _CARE_KINDS or t.key in _KIND_WORDS or lex.is_medical(t.key)
                           for t in toks[i:j - 1]) \
                    or toks[j - 1].key in ("center", "centre") and toks[j - 2].key in lex.common_words:
                continue  # "accepted at outpatient dialysis center", "offer from hospice house"
        elif toks[j - 1].key in _NO_NAME_TAILS:
            continue  # "Accepted to Red Team": a team, not a place
        if j == i or not _CLAUSE_END.match(text, toks[j - 1].end):
            continue
        if all(t.key in GENERIC_WORDS or lex.is_medical(t.key) or t.key in lex.states
               or t.key in ("rehab", "snf", "ltach", "hospice") for t in toks[i:j]):
            continue  # "accepted to Rehab", "offer from Home Health"
        out.append(Span(toks[i].start, toks[j - 1].end, "HOSPITAL", "places", 0.7))


#: A hospital named in apposition to a hospital word: "the birth hospital, Southeastern Regional,".
_APPOSED = re.compile(r"(?i:hospital|facility|osh|hosp)[ \t]*[,:][ \t\n]*((?:[A-Z][a-z'.-]+[ \t]+){0,2}"
                      r"(?:Regional|Memorial|General|Community|Medical[ \t]+Center))(?=[ \t]*(?:[,.;)\n]|$))")
#: A county's hospital by its initials: "Summers County ARH", "Butler County RMC".
_COUNTY_INITIALS = re.compile(r"\b((?:[A-Z][a-z]+[ \t]+){1,2})County[ \t]+([A-Z]{0,2}(?:H|MC|HC))\b")
_NOT_HOSPITAL_INITIALS = frozenset(("DHS", "DOH", "PH", "BH", "SH", "HC"))
#: A family firm: "Aldous & Sons", "Pruitt & Daughters" (a funeral home, a store).
_FIRM = re.compile(r"\b([A-Za-z][A-Za-z'-]+)[ \t\n]*&[ \t\n]*(?:sons?|daughters|bros|brothers)\b"
                   r"(?:,?[ \t]+(?:funeral[ \t]+(?:homes?|services?|chapels?|parlou?r)|inc|llc|co|company|"
                   r"construction|hardware|plumbing|roofing|trucking|farms?|dairy|lumber|motors|"
                   r"contractors|builders|landscaping|electric|market|stores?|mortuary|chapel)\b)?",
                   re.IGNORECASE)
_KIN_WORDS = frozenset("wife husband mother mom father dad son sons daughter daughters brother "
                       "sister parents family friends friend grandsons kids children self both pt "
                       "patient ex step stepson stepsons stepdaughter grandson".split())


def _named_spans(text: str, lex: Lexicon, mixed: bool, out: list[Span]) -> None:
    """The apposition, county-initials and family-firm rules above."""
    if mixed and ("," in text or ":" in text):
        for m in heads_finditer(_APPOSED, text):
            words = m.group(1).split()
            if any(w.lower() not in GENERIC_WORDS and w.lower() not in lex.states for w in words):
                out.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.7))
    if "County" in text:
        for m in _COUNTY_INITIALS.finditer(text):
            if m.group(2) not in _NOT_HOSPITAL_INITIALS:
                out.append(Span(m.start(1), m.end(2), "HOSPITAL", "places", 0.7))
    if "&" in text:
        for m in _FIRM.finditer(text):
            word = m.group(1)
            key = word.lower()
            if any(part in _KIN_WORDS for part in key.split("-")) or key in FUNCTION_WORDS \
                    or lex.is_medical(key) or key in lex.first_names \
                    or key in lex.common_words and not (mixed and word[0].isupper() and not word.isupper()):
                continue
            out.append(Span(m.start(1), m.end(), "LOCATION", "places", 0.7))


def _mixed(toks: list[Token]) -> bool:
    """Lower-case words and title-case words both: capitals tell names here."""
    lower = sum(1 for t in toks if t.text.islower())
    return lower > 0.4 * len(toks) and any(t.cap and not t.upper for t in toks)


def referral_place_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """Spans of the places described in the module docstring (``spans``: the places found)."""
    out: list[Span] = []
    toks = tokenize(text)
    if not toks:
        return out
    keys = token_keys(toks)
    mixed = _mixed(toks)
    _chain_spans(text, toks, keys, lex, out)
    _tail_spans(toks, keys, text, lex, mixed, out)
    _offer_spans(text, toks, lex, mixed, out)
    _town_spans(text, lex, spans, out)
    _employer_spans(text, toks, keys, mixed, lex, out)
    _named_spans(text, lex, mixed, out)
    return out
