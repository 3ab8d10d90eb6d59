"""Facilities and places named in the ways that discharge, radiology, pharmacy, home-health
and social-work lines name them, which the other place rules miss.

* **Pharmacies** (HOSPITAL): a chain's name ("Walgreens", "Rite Aid", "CVS pharmacy"; "CVS"
  alone only after a preposition on a line about a pharmacy or a prescription, as it is also a
  clinical abbreviation), with "pharmacy" and "on Main St" after it; "Stop & Shop pharmacy".
* **Visiting nurses** (HOSPITAL): "VNA of Cape Cod", "Visiting Nurse Association of Boston".
* **Transport companies** (LOCATION): "Lifeline Ambulance", "Boston MedFlight": the name with
  its head word (the town rule before "EMS" tags the name alone).
* **Outside imaging** (HOSPITAL): a name after a study word and "from" ("CT from Lahey").
* **Wards** (HOSPITAL): after a move, a stay or ending a header ("transferred to Blake 7",
  "SW Assessment - Finch 4"); an eponym or common word only if it is also a surname.
* **Practices in any case** (HOSPITAL): a run of words before "associates", "medical group",
  "family practice", "assisted living", ... ("tidewater cardiology associates", "Valley
  Medical Group"; in lower case after a preposition), "<words> institute of <town>"
  ("surgical institute of reading") and "Our Community Hospital" inside a sentence.
* **A town right after a facility name**, no comma: "Spaulding Rehab Hospital Cape Cod"
  (a listed town, or a two-word name ending in a town word).
* Employers in short, towns after residence cues and foreign cities after a travel cue:
  ``_home_places``, run from here.
"""

from __future__ import annotations

import re

from meddx.deid._home_places import (
    abroad_spans,
    employer_spans,
    home_town_spans,
)
from meddx.deid._home_places import gap as _gap
from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import CLAUSE_END as _CLAUSE_END
from meddx.deid._place_words import GENERIC_BEFORE as _GENERIC_BEFORE
from meddx.deid._place_words import (
    HOME_CUES,
    MINOR_STREET_WORDS,
    ROUTE_WORDS,
    STREET_WORDS,
    TRAVEL,
    WORK_CUES,
)
from meddx.deid._place_words import plain as _plain
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, start_index, tokenize

__all__ = ["cue_place_spans"]

# Chains that fill prescriptions; "cvs" also means chorionic villus sampling, so it needs a cue.
_CHAINS = {
    ("walgreens",): True, ("walgreen",): True, ("rite", "aid"): True, ("riteaid",): True,
    ("walmart",): True, ("wal-mart",): True, ("costco",): True, ("kroger",): True,
    ("publix",): True, ("osco",): True, ("duane", "reade"): True, ("wegmans",): True,
    ("hannaford",): True, ("meijer",): True, ("caremark",): True, ("optumrx",): True,
    ("cvs",): False, ("safeway",): True,
}
_CHAIN_FIRST = frozenset(k[0] for k in _CHAINS)
_PHARMACY_LINE = re.compile(r"(?i)pharm|\brx\b|prescri|refill|filled|picked[ \t]+up|scripts?\b")
_PHARMACY_PREPS = frozenset("at to from via through pharmacy pharm by with the".split())
_STREET_WORDS = (STREET_WORDS | ROUTE_WORDS) - MINOR_STREET_WORDS
_VNA_HEADS = frozenset(("vna", "vns"))
_TRANSPORT = frozenset("ambulance medflight lifeflight medi-van medivan transport transportation".split())
_NOT_NAME = frozenset(("bib", "per", "via", "by", "pt", "patient"))  # "BIB Brewster ambulance"
_LONE_TRANSPORT = frozenset(("medflight", "lifeflight"))  # a company's name alone
_GENERIC_TRANSPORT = frozenset(
    "private county city state local municipal fire town the a an called via by basic advanced "
    "ground air critical care patient medical wheelchair chair stretcher emergency non-emergency "
    "interfacility inter-facility hospital public medicaid medicare".split())
_STUDY_WORDS = frozenset("films film ct cta cts mri mris mra cxr xr x-ray x-rays xray xrays "
                         "imaging images study studies exam exams ultrasound us echo pet scan "
                         "scans report reports mammogram mammograms".split())
_MOVE_VERBS = frozenset("admitted readmitted transferred tx'd xferred moved sent arrived returned back"
                        .split())
_PRACTICE_HEADS = {
    ("associates",): 1, ("medical", "group"): 1, ("medical", "associates"): 1,
    ("family", "practice"): 1, ("family", "medicine"): 1, ("health", "partners"): 1,
    ("physicians", "group"): 1, ("medical", "practice"): 1, ("primary", "care"): 2,
    ("pediatrics",): 2, ("urgent", "care"): 2, ("dialysis",): 2, ("home", "care"): 2,
    ("infusion",): 2, ("health", "services"): 2, ("health", "alliance"): 1,
    ("home", "health", "care"): 2, ("home", "health"): 2, ("homecare",): 2,
    ("assisted", "living"): 1, ("senior", "living"): 1,
}
_NAME_PREPS = frozenset(("at", "from", "to", "with", "by", "in", "via", "w/"))
# Words of a practice's kind, not its name: "Internal Medicine Associates".
_SPECIALTY = frozenset("internal medicine family general primary adult pediatric women's womens "
                       "senior community surgical surgery medical".split())
_TOWN_WORDS = frozenset("cod island valley springs falls bay creek river harbor hill hills "
                        "heights city beach county shore".split())



def _chain_at(toks: list[Token], i: int) -> int:
    """The index after a chain's name starting at ``i``, or ``i``."""
    for n in (2, 1):
        key = tuple(t.key for t in toks[i:i + n])
        if len(key) == n and key in _CHAINS:
            return i + n
    return i


def _pharmacies(text: str, toks: list[Token], at: list[int], out: list[Span]) -> None:
    for i in at:
        t = toks[i]
        end = _chain_at(toks, i)
        if end == i:
            continue
        key = tuple(x.key for x in toks[i:end])
        line_start = text.rfind("\n", 0, t.start) + 1
        line_end = text.find("\n", t.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        nxt = toks[end] if end < len(toks) else None
        named = nxt is not None and nxt.key in ("pharmacy", "pharm") \
            and not _gap(text, toks[end - 1], nxt).strip()
        after_prep = i > 0 and toks[i - 1].key in _PHARMACY_PREPS
        if not (t.cap or t.upper or named or _CHAINS[key] or after_prep):
            continue  # "cvs" in lower case: chorionic villus sampling
        if not (_CHAINS[key] or named or (after_prep and _PHARMACY_LINE.search(line))):
            continue  # "CVS: RRR, no murmur" (the cardiovascular system)
        stop = end + 1 if named else end
        # "Walgreens on Main St": the branch's street too
        if stop + 2 < len(toks) and toks[stop].key == "on" and toks[stop + 1].key not in FUNCTION_WORDS \
                and toks[stop + 2].key in _STREET_WORDS \
                and "\n" not in text[toks[stop - 1].end:toks[stop + 2].start]:
            stop += 3
        # "works at Walmart": an employer (LOCATION); else a pharmacy (HOSPITAL)
        work = any(x.key in WORK_CUES for x in toks[max(0, i - 3):i])
        out.append(Span(t.start, toks[stop - 1].end, "LOCATION" if work else "HOSPITAL", "places", 0.75))


_AMP_NAME = re.compile(
    r"([A-Z][A-Za-z']+(?:[ \t]*&[ \t]*|[ \t]+)[A-Z][A-Za-z']+)[ \t]+(?i:pharmacy|pharm)\b")


def _named_pharmacies(text: str, lex: Lexicon, out: list[Span]) -> None:
    """ "the Stop & Shop pharmacy", "Brigham Outpatient Pharmacy": two capitalised words
    before "pharmacy", with "&" between them or one that is no common or medical word."""
    for m in _AMP_NAME.finditer(text):
        words = re.findall(r"[A-Za-z']+", m.group(1))
        if "&" in m.group(1) or any(not (w.lower() in lex.common_words or lex.is_medical(w.lower())
                                         or w.lower() in FUNCTION_WORDS) for w in words):
            out.append(Span(m.start(1), m.end(), "HOSPITAL", "places", 0.7))


def _name_run_before(text: str, toks: list[Token], k: int, lex: Lexicon, limit: int = 3) -> int:
    """The first index of a run of capitalised, non-function words ending before ``k``."""
    first = k
    while first > 0 and k - first < limit:
        p = toks[first - 1]
        gap = _gap(text, p, toks[first])
        if not p.cap or p.key in FUNCTION_WORDS or p.key in lex.states or "\n" in gap or p.key in _NOT_NAME \
                or gap.strip() not in ("", "-"):
            break
        first -= 1
    return first



def _cap_run_after(text: str, toks: list[Token], j: int, lex: Lexicon, limit: int = 4) -> int:
    end = j
    while end < len(toks) and end - j < limit and (
            (toks[end].cap and toks[end].key not in FUNCTION_WORDS) or (end > j and toks[end].key == "of")):
        if end > j and _gap(text, toks[end - 1], toks[end]) not in (" ", "-"):
            break
        end += 1
    while end > j and toks[end - 1].key == "of":
        end -= 1
    return end


def _visiting_nurses(text: str, toks: list[Token], lex: Lexicon, at: list[int], out: list[Span]) -> None:
    for i in at:
        t = toks[i]
        if t.key in _VNA_HEADS:
            first = i
        elif t.key == "association" and i >= 2 and toks[i - 1].key in ("nurse", "nurses") \
                and toks[i - 2].key == "visiting":
            first = i - 2
        else:
            continue
        if i + 2 < len(toks) and toks[i + 1].key == "of" and _gap(text, t, toks[i + 1]) == " ":
            j = i + 2
            if toks[j].key == "greater" and j + 1 < len(toks):
                j += 1
            end = _cap_run_after(text, toks, j, lex)
            if end == j and toks[j].key in lex.cities and _CLAUSE_END.match(text, toks[j].end):
                end = j + 1  # "vna of lowell"
            if end > j:
                out.append(Span(toks[first].start, toks[end - 1].end, "HOSPITAL", "places", 0.75))


def _transport(text: str, toks: list[Token], lex: Lexicon, at: list[int], out: list[Span]) -> None:
    for k in at:
        t = toks[k]
        first = _name_run_before(text, toks, k, lex)
        if t.key in _LONE_TRANSPORT and t.cap:
            first = min(first, k)  # "MedFlight" alone is a company's name
        elif first == k or all(x.key in _GENERIC_TRANSPORT for x in toks[first:k]) or (
                _sentence_start(text, toks[first]) and all(_plain(x, lex) for x in toks[first:k])):
            continue  # "Ambulance", "Private Ambulance", "Basic Life Support Ambulance"
        elif not any(_company_word(x, lex, t.key == "ambulance") for x in toks[first:k]):
            continue  # session 20: "via BLS ambulance", "BY ALS AMBULANCE", "PEDS TRANSPORT"
        out.append(Span(toks[first].start, t.end, "LOCATION", "places", 0.75))


def _company_word(t: Token, lex: Lexicon, ambulance: bool) -> bool:
    """A word that can name a transport company (session 20): one no dictionary knows, a
    listed surname, first name or town ("Brewster", "Fallon"), a title-case word ("Lifeline
    Ambulance"), or, in capitals before "AMBULANCE", a plain English word that is no service
    level, manner or verb form ("LIFELINE", "PATRIOT", "EASTERN AMBULANCE"). A clinical word
    ("ALS", "BLS", "PEDS"), a service word ("SECURE", "RELIABLE") or a common word in lower
    case says nothing: a service level or an adjective, not a company."""
    k = t.key
    if len(k) < 2:
        return False  # "D/C TRANSPORTATION"
    if not _plain(t, lex) or k in lex.last_names or k in lex.first_names or k in lex.cities:
        return True
    if t.upper:
        return ambulance and len(k) >= 3 and k in lex.common_words and not lex.is_medical(k) \
            and k not in FUNCTION_WORDS and k not in _GENERIC_TRANSPORT and k not in _SERVICE_LEVELS \
            and not k.endswith(("ed", "ing"))
    return t.cap  # title case (a title-case token always holds lower-case letters)


#: Words that say how or at what level a patient travels, not who carries them (session 20).
_SERVICE_LEVELS = frozenset(
    "als bls cct sct peds pediatric paediatric neonatal bariatric secure reliable safe volunteer "
    "rescue transfer transport scheduled routine urgent stat same next home family own paid "
    "contract regular standard normal usual outside another other different second first "
    "nursing paramedic ems consecutive additional subsequent multiple several each".split())


def _outside_imaging(text: str, toks: list[Token], lex: Lexicon, at: list[int], out: list[Span]) -> None:
    froms = sorted({i for s in at for i in range(s + 1, min(s + 4, len(toks) - 1)) if toks[i].key == "from"})
    for i in froms:
        t = toks[i]
        line = text.rfind("\n", 0, t.start)
        if not any(toks[x].key in _STUDY_WORDS and toks[x].start > line for x in range(max(0, i - 3), i)):
            continue
        j = i + 1
        if toks[j].key == "the" and j + 1 < len(toks):
            j += 1
        end = _cap_run_after(text, toks, j, lex)
        run = toks[j:end]
        if not run or all(_plain(x, lex) for x in run) or any(x.key in lex.states for x in run):
            continue
        after = toks[end].key if end < len(toks) else ""  # the run may end the note's words
        if not _CLAUSE_END.match(text, run[-1].end) and after not in ("dated", "on", "from"):
            continue
        out.append(Span(run[0].start, run[-1].end, "HOSPITAL", "places", 0.7))


_WARD_NUMBER = re.compile(r"[ \t](\d{1,2})(?=[ \t]*(?:[.,;:)\n]|$|(?:for|on|under|with|at|and|via)\b))")


_GENERIC_UNITS = frozenset("day days stage grade level room bed pod floor phase class type step unit "
                            "station week cycle dose post gate round part lot page line lead door "
                            "block bay hall wing tower west east north south suite zone section "
                            "track team group lane street court ward".split())
_LINE_END_NUMBER = re.compile(r"[ \t]*(?:\n|$)")


def _ward_cued(text: str, toks: list[Token], i: int, end: int) -> bool:
    """A move before the ward ("transferred to Blake 7"), a stay on it ("ICU stay on Finch
    4"), or the ward ending a header line ("AGH Marsh 2", "SW Assessment - Finch 4")."""
    if i == 0:
        return False
    p = toks[i - 1]
    if p.key in ("to", "from") and i >= 2 and toks[i - 2].key in _MOVE_VERBS:
        return True
    if p.key == "on" and i >= 2 and toks[i - 2].key in ("stay", "admitted", "boarding", "boarded"):
        return True
    gap = text[p.end:toks[i].start]
    return "\n" not in gap and _LINE_END_NUMBER.match(text, end) is not None and (
        gap.strip() in ("-", ",") or (p.upper and len(p.text) <= 5 and gap == " "))


_WARD_AT = re.compile(r"[A-Z][a-z]{2,}[ \t]\d{1,2}(?!\d)")


def _moved_to_wards(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    starts = [m.start() for m in _WARD_AT.finditer(text)]
    if not starts:
        return
    index = start_index(toks)
    for i in (index[x] for x in starts if x in index):
        w = toks[i]
        if not w.cap or w.upper or len(w.key) < 3 or w.key in FUNCTION_WORDS or w.key in lex.states \
                or w.key in _GENERIC_UNITS:
            continue
        if (w.key in lex.common_words or lex.is_medical(w.key)) and w.key not in lex.last_names:
            continue  # "Level 2", "Cath 2"; "Finch 4", "Marsh 2", "Blake 7" are surnames
        m = _WARD_NUMBER.match(text, w.end)
        if m and _ward_cued(text, toks, i, m.end(1)):
            out.append(Span(w.start, m.end(1), "HOSPITAL", "places", 0.7))


def _head_at(toks: list[Token], k: int) -> tuple[int, int]:
    for n in (3, 2, 1):
        key = tuple(t.key for t in toks[k:k + n])
        if len(key) == n and key in _PRACTICE_HEADS:
            return k + n, _PRACTICE_HEADS[key]
    return k, 0


def _practices(text: str, toks: list[Token], lex: Lexicon, at: list[int], out: list[Span]) -> None:
    for k in at:
        t = toks[k]
        end, kind = _head_at(toks, k)
        if not kind or k == 0:
            continue
        first = k
        while first > 0 and k - first < 3:
            p = toks[first - 1]
            if _gap(text, p, toks[first]) not in (" ", "-") or p.key in FUNCTION_WORDS \
                    or p.key in _GENERIC_BEFORE or p.key in lex.states:
                break
            if t.cap != p.cap:
                break
            first -= 1
        run = toks[first:k]
        if not run:
            continue
        if not t.cap and (first == 0 or toks[first - 1].key not in _NAME_PREPS):
            continue  # "family prefers assisted living"; "rehab at tidewater cardiology associates"
        if kind == 2 and not t.cap:
            continue  # "catheter-directed infusion", "home dialysis"
        kinds = [x for x in run if x.key not in _SPECIALTY]
        named = any(not _plain(x, lex) or x.key in lex.cities for x in kinds) or (
            kind == 1 and len(run) >= 2 and any(not lex.is_medical(x.key) for x in kinds))
        # "Valley Medical Group": capitalised in the middle of a sentence; a kind-2 head
        # ("Pediatrics", "Dialysis") needs a word that is no common one
        titled = (kind == 1 or end - k > 1) and t.cap and not _sentence_start(text, run[0]) \
            and not all(lex.is_medical(x.key) or x.key in _SPECIALTY for x in run)
        if named or titled:
            out.append(Span(run[0].start, toks[end - 1].end, "HOSPITAL", "places", 0.7))
    for k in at:  # "surgical institute of reading"
        t = toks[k]
        if t.key not in ("institute", "center", "centre") or k + 2 >= len(toks) or toks[k + 1].key != "of":
            continue
        town = toks[k + 2]
        after = toks[k + 3] if k + 3 < len(toks) else None
        if town.key not in lex.cities or town.key in lex.states or not (
                _CLAUSE_END.match(text, town.end) or (after is not None and (
                    after.key in FUNCTION_WORDS or after.key in ("after", "before", "with", "since")))):
            continue
        first = k
        while first > 0 and k - first < 2:
            p = toks[first - 1]
            if p.key in FUNCTION_WORDS or p.key in _GENERIC_BEFORE or _gap(text, p, toks[first]) != " ":
                break
            first -= 1
        if first < k:
            out.append(Span(toks[first].start, town.end, "HOSPITAL", "places", 0.7))


def _sentence_start(text: str, t: Token) -> bool:
    before = text[max(0, t.start - 3):t.start].rstrip(" \t")
    return not before or before[-1] in ".\n!?-"  # after a label ("PCP:") a name is expected


_OUR_FACILITY = re.compile(
    r"(?<=[a-z,] )Our(?: [A-Z][a-z]+){1,3} (?:Hospital|Medical Center|Health Center|Clinic)\b")


def _our_facilities(text: str, out: list[Span]) -> None:
    """ "admitted from Our Community Hospital": "Our" capitalised inside a sentence opens a name."""
    if "Our " in text:
        out.extend(Span(m.start(), m.end(), "HOSPITAL", "places", 0.7) for m in _OUR_FACILITY.finditer(text))


_TITLE_AFTER = re.compile(r" ([A-Z][a-z]+(?: [A-Z][a-z]+)?)")


def _town_after_facility(text: str, spans: list[Span], lex: Lexicon, out: list[Span]) -> None:
    """ "Spaulding Rehab Hospital Cape Cod for PT": a town with no comma after a facility."""
    for s in spans:
        if s.label != "HOSPITAL":
            continue
        m = _TITLE_AFTER.match(text, s.end)
        if m is None or not _CLAUSE_END.match(text, m.end()):
            continue
        words = m.group(1).lower().split()
        town = " ".join(words)
        if (town in lex.cities and town not in lex.common_words and not lex.is_medical(town)) or (
                len(words) == 2 and words[1] in _TOWN_WORDS and words[0] not in lex.states):
            out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.7))


_PRACTICE_FIRST = frozenset(k[0] for k in _PRACTICE_HEADS) | frozenset(("institute", "center", "centre"))
# the rules, each with the words that start it
_RULES = {
    "pharmacies": _CHAIN_FIRST, "nurses": _VNA_HEADS | frozenset(("association",)),
    "transport": _TRANSPORT, "imaging": _STUDY_WORDS, "practices": _PRACTICE_FIRST,
    "employers": WORK_CUES, "homes": HOME_CUES, "abroad": TRAVEL,
}
_TRIGGERS: dict[str, tuple[str, ...]] = {}
for _rule, _words in _RULES.items():
    for _w in _words:
        _TRIGGERS[_w] = (*_TRIGGERS.get(_w, ()), _rule)


def cue_place_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """The spans of the rules in the module docstring; ``spans`` are the places found so far."""
    toks = tokenize(text)
    out: list[Span] = []
    at: dict[str, list[int]] = {}
    for i, t in enumerate(toks):
        for rule in _TRIGGERS.get(t.key, ()):
            at.setdefault(rule, []).append(i)
    if "pharmacies" in at:
        _pharmacies(text, toks, at["pharmacies"], out)
    if "harm" in text or "HARM" in text:
        _named_pharmacies(text, lex, out)
    if "nurses" in at:
        _visiting_nurses(text, toks, lex, at["nurses"], out)
    if "transport" in at:
        _transport(text, toks, lex, at["transport"], out)
    if "imaging" in at:
        _outside_imaging(text, toks, lex, at["imaging"], out)
    _moved_to_wards(text, toks, lex, out)
    if "practices" in at:
        _practices(text, toks, lex, at["practices"], out)
    if "employers" in at:
        employer_spans(text, toks, lex, at["employers"], out)
    if "homes" in at:
        home_town_spans(text, toks, lex, at["homes"], out)
    if "Our " in text:
        _our_facilities(text, out)
    if "abroad" in at:
        abroad_spans(text, toks, lex, at["abroad"], out)
    _town_after_facility(text, spans + out, lex, out)
    return out
