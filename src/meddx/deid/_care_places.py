"""Places of care, services and employers named around a cue word, in any case.

* **"for" inside a facility's name**: "Shriners Hospitals for Children", "Hospital for Special
  Surgery", "Hebrew Home for the Aged", "SHRINERS HOSPITALS FOR CHILDREN NORTHERN CALIF".
* **Care-facility words** (SNF, NH, ALF, LTAC, rehab, hospice, dialysis, VNA, ...) with a name
  before or after them: "Sunrise NH", "Cedar Ridge ALF", "Kindred LTAC", "discharged to SNF:
  Maple Grove", "rehab at Spaulding", "dialysis at davita westside". The name needs a word
  that no dictionary knows, or capitals in a mixed-case note; "transfer to SNF vs home",
  "dialysis at home", "rehab at bedside" stay.
* **A town's services**: "Medford EMS", "quincy fire", "Framingham Fire Dept", "Boston PD".
* **Employers, schools and churches after a cue**: "works at stop and shop" is out of reach
  (every word common), but "works for raytheon", "works as a CNA at Sunrise", "attends Boston
  Latin", "member of St Anthony's", "retired from Talbot Paper" are found; "works at night",
  "works for the city", "attends church", "member of the team" stay.

Addresses, insurers, suppliers, field labels and towns before a state code are
``_care_fields``'s; it shares this module's helpers (``Mixed``, ``run_after``, ``named``,
``ends_clause``).
"""

from __future__ import annotations

import re

from meddx.deid._caps_pairs import frequent_surname
from meddx.deid._derived_words import derived
from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import GENERIC_WORDS
from meddx.deid._place_words import plain as _plain
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, key_set, tokenize

__all__ = ["Mixed", "care_place_spans", "ends_clause", "named", "note_view", "run_after"]

_FOR_NAME = re.compile(
    r"(?i)\b(?:hospitals?|home|institute|center|centre|infirmary|school|society)[ \t]+for[ \t]+"
    r"(?:the[ \t]+)?(?:sick[ \t]+children|children|women|special[ \t]+surgery|aged|elderly|"
    r"incurables|joint[ \t]+diseases|rehabilitation|infants|veterans|blind|deaf|chronic[ \t]+"
    r"diseases?)\b(?:'s)?"
    r"(?:[ \t]*[-\u2013,]?[ \t]*(?:northern|southern|eastern|western|central|north|south|east|"
    r"west)[ \t]+[A-Za-z]+\b)?")
#: Words that name a kind of care facility; a name before or after them is the facility's.
_CARE_WORDS = frozenset("snf nh alf ltac ltach ecf irf ltc rehab hospice dialysis vna hd".split())
#: Care words whose name before them is the organisation rules' (or no name: "Huntington HD").
_AFTER_ONLY = frozenset(("rehab", "hospice", "dialysis", "hd"))
#: Care words after which a name may follow: "SNF: Maple Grove", "rehab at Spaulding".
_AFTER_LINK = frozenset((":", "-", "(", "=", "at", "is", "called", "named", "with", "through"))
_SERVICES = frozenset("ems fire police rescue ambulance fd pd".split())
_CITY_ONLY = frozenset(("fd", "pd"))  # "Boston PD"; not "on PD", "Parkinson PD"
_WORK_CUES = frozenset(
    "works work working worked employed employee job volunteers volunteer volunteering teaches "
    "taught teacher student retired member parishioner attends attended "
    "employer".split())
_WORK_PREPS = frozenset(("at", "for", "by", "of", "from", "with"))
_OF_CUES = frozenset(("member", "parishioner", "employee"))  # "member of", not "work of"
#: Words after a cue that name no employer or school.
_NOT_EMPLOYER = frozenset(
    "home night nights day days weekends weekend times school church college work hospital "
    "team staff army navy marines military force guard city town state county "
    "government aa na meetings meeting program programs class classes dialysis rehab therapy "
    "age years year months part full time shift shifts construction retail sales medicaid front "
    "desk office medicare "
    "insurance".split())
_STOPS = frozenset(
    "with on for when in and at by after since until today this last as where who per then "
    "but or from to into while was is were are has had will mwf tts tth tths tuthsa mwfsa "
    "daily weekly".split())  # ... and dialysis days: "HD at DaVita Riverside MWF"


def _name_word(t: Token, lex: Lexicon, mixed: bool | Mixed) -> bool:
    """A word that may name a facility or employer on its own: unknown to the dictionaries
    (or a listed surname or town), or, in a mixed-case note, capitalised and no generic,
    clinical or function word."""
    k = t.key
    if len(k) < 3 or k in FUNCTION_WORDS or k in GENERIC_WORDS or lex.is_medical(k) \
            or k in lex.states or k in _NOT_EMPLOYER or derived(k, lex):  # "non-emergency"
        return False
    if k not in lex.common_words or k in lex.last_names or k in lex.cities:
        return True
    return bool(mixed) and t.cap and not t.upper


def _names_facility(words: list[Token], lex: Lexicon, mixed: bool | Mixed) -> bool:
    """Words that name a facility: one unknown to the dictionaries (or a listed surname or
    town), or two or more capitalised name words in a mixed-case note ("Maple Grove";
    not "Yes", "Current")."""
    if not words or not all(_name_word(x, lex, mixed) or x.key in ("and", "of") for x in words):
        return False
    strong = any(x.key not in lex.common_words or x.key in lex.last_names or x.key in lex.cities
                 for x in words if len(x.key) >= 3)
    return strong or (bool(mixed) and sum(x.key not in ("and", "of") for x in words) >= 2)


def named(words: list[Token], lex: Lexicon, mixed: bool | Mixed) -> bool:
    """After a strong cue: in a mixed-case note, capitalised words with one name word
    ("Calloway Insurance Group"); otherwise as :func:`_names_facility`."""
    if mixed:
        return bool(words) and all(w.cap or w.key in ("and", "of") for w in words) \
            and any(_name_word(w, lex, mixed) for w in words)
    return _names_facility(words, lex, mixed)


_TITLE_WORD = re.compile(r"\b[A-Z][a-z]")


class Mixed:
    """Whether a note is in mixed case (more than a few title-case words), counted the first
    time a rule asks: most notes hold no candidate that needs it."""

    def __init__(self, text: str, toks: list[Token]) -> None:
        self.text, self.n = text, len(toks)
        self.value: bool | None = None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = len(_TITLE_WORD.findall(self.text)) > 0.05 * self.n
        return self.value


def run_after(text: str, toks: list[Token], i: int, lex: Lexicon, mixed: bool | Mixed) -> int:
    """The end index of the name that starts at token i: up to four words in one line,
    joined by blanks, "&" or "and"/"of" between capitalised words; 0 words: i, also before
    a title ("Attending: Dr Shook", "attended by Dr Reed": a person)."""
    if i < len(toks) and toks[i].key in _TITLES:
        return i
    j = i
    while j < len(toks) and j - i < 4:
        t = toks[j]
        if t.key in _STOPS and not (t.key in ("and", "of") and j > i and mixed
                                     and j + 1 < len(toks) and toks[j + 1].cap):
            break
        if mixed and not t.cap and t.key not in ("and", "of"):
            break
        if not mixed and ((lex.is_medical(t.key) and t.key not in GENERIC_WORDS)
                          or t.key in _NOT_EMPLOYER):
            break
        j += 1
        if j < len(toks) and text[t.end:toks[j].start] not in (" ", " & ", "'s ", "\u2019s ", "' "):
            break
    while j > i and toks[j - 1].key in ("and", "of"):
        j -= 1
    return j


def _for_names(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    for k in [n - 1 for n, t in enumerate(toks) if t.key == "for" and n and toks[n - 1].key in _FOR_HEADS]:
        m = _FOR_NAME.match(text, toks[k].start)
        if m is None:
            continue
        head = toks[k]
        first = k
        while first > 0 and k - first < 4 and text[toks[first - 1].end:toks[first].start] == " ":
            t = toks[first - 1]
            if t.key in FUNCTION_WORDS or lex.is_medical(t.key) or \
                    (head.cap and not t.cap) or (not head.cap and _plain(t, lex)):
                break
            first -= 1
        if first < k and any(not _plain(t, lex) or t.cap for t in toks[first:k]):
            out.append(Span(toks[first].start, m.end(), "HOSPITAL", "places", 0.8))


def _care_names(text: str, toks: list[Token], lex: Lexicon, mixed: bool | Mixed,
                out: list[Span]) -> None:
    for k in [n for n, t in enumerate(toks) if t.key in _CARE_WORDS]:
        t = toks[k]
        # before: "Sunrise NH", "Cedar Ridge ALF", "kindred ltac"
        first = k
        while first > 0 and k - first < 3 and text[toks[first - 1].end:toks[first].start] == " " \
                and _name_word(toks[first - 1], lex, mixed) \
                and (toks[first - 1].cap or not mixed):
            first -= 1
        if first < k and t.key not in _AFTER_ONLY \
                and _names_facility(toks[first:k], lex, mixed):  # _orgs has those three
            # "Sunrise NH": the name only; NH is also the state ("Wendham NH 03824")
            end = toks[k - 1].end if t.key == "nh" else t.end
            out.append(Span(toks[first].start, end, "HOSPITAL", "places", 0.75))
        # after: "SNF: Maple Grove", "rehab at Spaulding", "NH (Sunrise)"
        if k + 2 >= len(toks):
            continue
        gap = text[t.end:toks[k + 1].start].strip()
        i = k + 1
        if gap == "" and toks[i].key in _AFTER_LINK:
            i += 1
        elif gap not in (":", "-", "(", "=", "\u2013"):
            continue
        if text[toks[i - 1].end:toks[i].start].strip(" :-(=\u2013") != "" \
                or "\n" in text[t.end:toks[i].start] or toks[i].key in ("the", "a"):
            continue  # "dialysis at 0600 MWF": the name follows the link
        end = run_after(text, toks, i, lex, mixed)
        if end > i and _names_facility(toks[i:end], lex, mixed):
            out.append(Span(toks[i].start, toks[end - 1].end, "HOSPITAL", "places", 0.75))


def _services(text: str, toks: list[Token], lex: Lexicon, mixed: bool | Mixed,
              out: list[Span]) -> None:
    """ "Medford EMS", "quincy fire", "Boston PD": a town before a town's service."""
    for k in [n for n, t in enumerate(toks) if t.key in _SERVICES and n]:
        t = toks[k]
        a = toks[k - 1]
        if text[a.end:t.start] != " " or (mixed and not a.cap) or a.key in ("bib", "per", "by"):
            continue
        if not a.cap and a.key in lex.common_words:
            continue  # "house fire", "brush fire", "car fire" (deidicu)
        if a.upper and a.key in lex.common_words and a.key not in lex.cities \
                and a.key not in lex.first_names and not frequent_surname(a.key) \
                and a.key not in gazetteer().towns:
            continue  # in capitals too: "S/P HOUSE FIRE", "STATE POLICE" (session 24)
        if t.key in _CITY_ONLY:
            ok = a.key in lex.cities and a.cap
        else:
            ok = a.key in lex.cities or _name_word(a, lex, mixed)
        if ok and not lex.is_medical(a.key) and a.key not in lex.states and a.key not in GENERIC_WORDS:
            out.append(Span(a.start, a.end, "LOCATION", "places", 0.75))


def _employers(text: str, toks: list[Token], lex: Lexicon, mixed: bool | Mixed,
               out: list[Span]) -> None:
    """ "works for raytheon", "works as a CNA at Sunrise", "worked 30 yrs at lincare",
    "attends Boston Latin", "attends holy family on sundays"."""
    n = len(toks)
    for k in [n for n, t in enumerate(toks) if t.key in _WORK_CUES]:
        t = toks[k]
        i = k + 1
        if i < n and toks[i].key in _DURATION:  # "worked 30 yrs at"
            i += 1
        if i < n and toks[i].key == "as":  # "works as a CNA at", "works as an engineer for"
            j = i + 1
            while j < n and j - i <= 4 and toks[j].key not in _WORK_PREPS:
                j += 1
            i = j
        if t.key == "work" and (i >= n or toks[i].key != "at"):
            continue  # "called from work at X"; not "return to work for persons"
        if i < n and toks[i].key in _WORK_PREPS and (toks[i].key != "of" or t.key in _OF_CUES):
            i += 1
        elif not t.key.startswith("attend"):
            continue
        the = i < n and toks[i].key == "the"
        i += the
        if i >= n or "\n" in text[toks[i - 1].end:toks[i].start] or text[toks[i - 1].end] == ",":
            continue
        if toks[i].key in _NOT_EMPLOYER | _NOT_FIRST and not (mixed and toks[i].cap and i + 1 < n
                                                 and toks[i + 1].cap):
            continue  # "works at home", not "at Home Depot"
        end = run_after(text, toks, i, lex, mixed)
        if end == i or all(x.key in lex.cities or x.key in lex.states for x in toks[i:end]):
            continue
        if any(_name_word(x, lex, mixed) for x in toks[i:end]) or (
                not mixed and not the and ends_clause(text, toks[i:end], lex, t.key)):
            out.append(Span(toks[i].start, toks[end - 1].end, "LOCATION", "places", 0.7))


_TITLES = frozenset("dr drs doctor mr mrs ms miss prof".split())
_NOT_FIRST = frozenset(("family", "her", "his", "their"))  # "works for family"; "holy family"
#: Words between a work cue and its preposition: "worked 30 yrs at".
_DURATION = frozenset("yrs years yr year months mos wks weeks".split())
_CLAUSE_AFTER = re.compile(r"(?i)[ \t]*(?:[.,;:)\n]|$|as\b|for\b|x[ \t]*\d|since\b)")
_CHURCH_AFTER = re.compile(r"(?i)[ \t]+(?:on[ \t]+sundays?|every[ \t]+sunday|weekly|mass|services)\b")


def ends_clause(text: str, words: list[Token], lex: Lexicon, cue: str) -> bool:
    """In a lower-case or ALL CAPS note, common words after a strong cue name an employer
    when they end the clause: "worked 22 yrs at GENERAL ELECTRIC AS A", "called from work at
    fidelity,", "attends holy family on sundays"; no word clinical (but for generic words) nor all generic."""
    if len(words) > 3 or any((lex.is_medical(x.key) and x.key not in GENERIC_WORDS)
                             or x.key in FUNCTION_WORDS or x.key in _NOT_EMPLOYER
                             or x.key.endswith("ing") for x in words):
        return False
    if all(x.key in GENERIC_WORDS for x in words):
        return False
    after = _CHURCH_AFTER if cue.startswith("attend") else _CLAUSE_AFTER
    return after.match(text, words[-1].end) is not None


def note_view(text: str) -> tuple[list[Token], frozenset[str], Mixed]:
    """The note's tokens, the set of their keys and its lazy mixed-case test."""
    toks = tokenize(text)
    return toks, key_set(toks), Mixed(text, toks)


_FOR_HEADS = frozenset("hospital hospitals home institute center centre infirmary school society".split())


def care_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the names described in the module docstring. Each rule runs only when the
    note holds its cue words (most notes hold none: the cost per note stays small)."""
    out: list[Span] = []
    toks, keys, mixed = note_view(text)
    if not toks:
        return out
    if "for" in keys and not keys.isdisjoint(_FOR_HEADS):
        _for_names(text, toks, lex, out)
    if not keys.isdisjoint(_CARE_WORDS):
        _care_names(text, toks, lex, mixed, out)
    if not keys.isdisjoint(_SERVICES):
        _services(text, toks, lex, mixed, out)
    if not keys.isdisjoint(_WORK_CUES):
        _employers(text, toks, lex, mixed, out)
    return out
