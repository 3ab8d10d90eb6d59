"""Facility names told by the word right after them (session 10, branch ``deidhosp10``).

The other facility rules find most names; these add forms they miss and fix the label where a
town or organisation rule typed a facility LOCATION (HOSPITAL wins the merge):

* **A kind of care in brackets**: "Sea View (SNF)", "Governor's Center (SNF)", "Maple Court
  (assisted living)", "buckley healthcare center (ltc)", "Kindred Northeast (LTACH)": up to
  four name words right before "(SNF)", "(LTACH)", "(NH)", "(ALF)", "(assisted living)",
  "(nursing home)", "(rehab)", "(hospice)" ... In a mixed-case note the words must be
  capitalised; in a lower- or upper-case note they follow "at" / "from" / "to" / "of" and are
  no clinical word ("back to rehab (snf)", "discharged to home (alf)" stay).
* **An ambulance or air-medical service**: "Armstrong Ambulance", "Brewster Ambulance
  Service", "Trinity EMS", "Boston MedFlight", "Baystate LifeFlight": name words before
  "Ambulance" / "EMS" / "MedFlight" / "LifeFlight" / "Life Flight"; not "private ambulance",
  "called EMS", "BLS ambulance", a bare "MedFlight", a town's "Medford EMS" (a LOCATION).
* **A hospital department after a name**: "Kent County ED", "via Quincy ER", "Lawrence ICU",
  "Heywood cath lab", "Kent palliative team", "heywood wound clinic": the name words are a
  HOSPITAL (a town rule made "Kent County" a LOCATION). At least one word must be no common
  word, or the words must already be a place span, or (before "ED" / "ER" in a mixed-case
  note) be capitalised mid-sentence after "at" / "to" / "in" ... ("seen in Hope ED"); "Peds
  ED", "Main ED", "Neuro ICU", "Adult ER" stay.
* **Hospital-shaped initials after a preposition or before a clinic**: "referral to BWH",
  "at BWH last year", "the DHMC memory clinic", "BWH records": three to five capitals ending
  in H, MC or HC, no clinical abbreviation nor word ("secondary to IVH", "FROM BOTH" stay).
* **A care organisation typed as a company**: a LOCATION span ending in "Services", "Center",
  "Group", "Associates", "Partners" or "Network" with a word of care inside ("Baystate Vascular
  Services", "Valley Kidney Center", "Northside Behavioral Health Partners") is a HOSPITAL;
  "Merrimack Senior Center", "Acme Medical Supply", "Tufts Health Plan" stay as they are.
* **A name before a group-practice head**, also in lower case: "seen at reliant medical group",
  "f/u w/ pioneer valley family practice", "umass family medicine": up to four name words after
  "at" / "from" / "to" / "with" / "by" before "medical group", "family practice", "health
  center" ...; not "at an outside medical center", "at our family practice", "pt sees family
  medicine".
* **An outside-hospital field**: "OSH: Winchester", "Referring facility - St. Anne's": the
  name after the label, to the end of the clause; not "OSH: none", "OSH: CT head neg", nor
  common words in lower case after a label with a capital ("OSH: records pending", session 16).
* **A name before "MC"**: "Tufts MC", "MAINE MC": a medical center's short form; not
  "left MC joint", "5th MC".
"""

from __future__ import annotations

import re

from meddx.deid._ascii import ascii_for
from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._place_words import GENERIC_WORDS, ORG_WORDS
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, title_count, tokenize

__all__ = ["context_facility_spans"]

_KIND_IN_BRACKETS = re.compile(
    r"(?i)[ \t]*\((?:snf|ltach|ltac|ltc|nh|alf|tcu|assisted[ -]living|nursing[ -]home|"
    r"skilled[ -]nursing(?:[ -]facility)?|rest[ -]home|memory[ -]care|long[ -]term[ -]care|"
    r"acute[ -]rehab|rehab|hospice|nursing[ -]facility|ltc[ -]facility|independent[ -]living)\)")
#: The same from its bracket on: a note holds a match of one exactly when it holds one of the
#: other (the blanks before the bracket may be none); a literal first character scans faster.
_KIND_FROM_BRACKET = re.compile(_KIND_IN_BRACKETS.pattern.replace(r"[ \t]*", "", 1))
_INITIAL_PREPS = frozenset(("to", "at", "from", "via"))
_CLINICS = frozenset(("clinic", "clinics", "center", "program"))  # "the DHMC memory clinic"
_NOT_INITIALS = frozenset(("rhc", "lhc"))  # right / left heart catheterization
_AFTER_INITIALS = frozenset("clinic clinics records ed er icu lab labs campus hospital cath "
                            "program center".split())
#: Capitalised words that are no name before a department ("Adult ED", "Neuro ICU").
_NOT_NAMES = frozenset("adult adults peds pediatric paediatric main new old our this that same "
                       "another other outside local satellite fast track walk-in neuro trauma "
                       "burn medical surgical cardiac cardiothoracic step-down stepdown "
                       "left right first second third fourth fifth our their his her home house "
                       "facility place bed baseline psych psychiatric freestanding free-standing rural "
                       "academic urban nearest closest nearby tertiary affiliated teaching usual "
                       "an".split())
_TITLES = frozenset(("dr", "mr", "mrs", "ms", "miss", "prof", "doctor"))
_RUN_PREPS = frozenset(("at", "from", "to", "of", "in", "via"))
_GROUP_PREPS = frozenset(("at", "from", "to", "via", "with", "w", "by"))
#: Adjectives before "medical practice" / "surgical practice" in prose ("to current surgical practice").
_PRACTICE_ADJECTIVES = frozenset("current routine standard modern general clinical private daily "
                                 "everyday contemporary usual own".split())


def _gap_ok(text: str, a: Token, b: Token) -> bool:
    """Only a space, a hyphen or a possessive between two words of one name."""
    gap = text[a.end:b.start]
    if gap[:2] in ("'s", "\u2019s", "'S", "\u2019S"):
        gap = gap[2:]
    return gap in (" ", "-", "")


def _mixed(toks: list[Token]) -> bool:
    return title_count(toks, 2) > 0.05 * len(toks)


def _name_word(t: Token, lex: Lexicon, mixed: bool) -> bool:
    """A word that may sit in a facility's name."""
    k = t.key
    if k in FUNCTION_WORDS or k in _NOT_NAMES or k in _TITLES or lex.is_medical(k) or not t.text[0].isalpha():
        return False
    return t.cap if mixed else True


def _run(text: str, toks: list[Token], j: int, lex: Lexicon, mixed: bool) -> int:
    """Index of the first of up to four name words ending at ``toks[j - 1]`` (``j``: none)."""
    i = j
    while i > 0 and j - i < 4 and _name_word(toks[i - 1], lex, mixed) and (
            i == j or _gap_ok(text, toks[i - 1], toks[i])):
        i -= 1
    if i < j and i > 0 and toks[i - 1].key in _TITLES:
        return j  # "Dr. Kent ED attending"
    while i < j and toks[i].key in lex.common_words and _sentence_start(text, toks[i]):
        i += 1  # "Called EMS", "Transferred to ..."
    return i


def _sentence_start(text: str, t: Token) -> bool:
    head = text[max(0, t.start - 40):t.start].rstrip(" \t")
    return not head or head[-1] in ".!?:;\n"


def _distinct(toks: list[Token], i: int, j: int, lex: Lexicon) -> bool:
    """Some word of the run is no common, generic or clinical word."""
    return any(all(p not in lex.common_words and p not in GENERIC_WORDS for p in t.key.split("-"))
               and len(t.key) > 2 for t in toks[i:j])


def _covered(spans: list[Span], start: int, end: int) -> bool:
    return any(s.label in ("LOCATION", "HOSPITAL") and s.start <= start and end <= s.end for s in spans)


def _at(toks: list[Token], pos: int) -> int:
    """Index of the first token starting at or after ``pos``."""
    lo, hi = 0, len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _bracketed(text: str, toks: list[Token], lex: Lexicon, mixed: bool, out: list[Span]) -> None:
    for m in _KIND_IN_BRACKETS.finditer(text):
        j = _at(toks, m.start())
        i = _run(text, toks, j, lex, mixed)
        if i == j:
            continue
        if not mixed and (i == 0 or toks[i - 1].key not in _RUN_PREPS):
            continue  # "pt is a resident (snf)": no name in a lower-case note without "at"
        out.append(Span(toks[i].start, toks[j - 1].end, "HOSPITAL", "places", 0.8))


_EMS_RE = re.compile(r"\b(?:ambulance|ems|medflight|lifeflight|med-flight|life[- ]flight)\b")
_DEPT_RE = re.compile(
    r"(?i)(?<=[ \t-])(?:ED|ER|[MSPN]?ICU|CCU|cath[ \t]+lab|emergency[ \t]+(?:department|dept|room)|"
    r"palliative[ \t]+(?:care|team|service)|(?:wound|infusion|memory)[ \t]+(?:clinic|center)|campus)\b")
_INITIALS_RE = re.compile(r"\b[A-Z]{1,4}(?:H|MC|HC)\b")
_MC_RE = re.compile(r"(?<=[A-Za-z] )MC\b")


def _ems(text: str, low: str, toks: list[Token], lex: Lexicon, mixed: bool, out: list[Span]) -> None:
    for m in _EMS_RE.finditer(low):
        j = _at(toks, m.start())
        if j >= len(toks):
            continue
        i = _run(text, toks, j, lex, mixed)
        if i == j or not (mixed or _distinct(toks, i, j, lex)):
            continue
        if m.group() == "ems" and " ".join(t.key for t in toks[i:j]) in lex.cities:
            continue  # "Medford EMS": a town's service, the town a LOCATION
        end = m.end()
        k = j + (2 if " " in m.group() else 1)
        if m.group() == "ambulance" and k < len(toks) and toks[k].key in ("service", "services") \
                and _gap_ok(text, toks[k - 1], toks[k]):
            end = toks[k].end
        out.append(Span(toks[i].start, end, "HOSPITAL", "places", 0.8))


def _departments(text: str, toks: list[Token], lex: Lexicon, mixed: bool, spans: list[Span],
                 out: list[Span]) -> None:
    for m in ascii_for(_DEPT_RE, text).finditer(text):
        word = m.group()
        if word.lower() in ("ed", "er") and mixed and not word.isupper():
            continue  # "Ed", "er": a name or a filler
        j = _at(toks, m.start())
        if j == 0 or j >= len(toks) or not _gap_ok(text, toks[j - 1], toks[j]):
            continue
        i = _run(text, toks, j, lex, mixed)
        if i == j:
            continue
        start, end = toks[i].start, toks[j - 1].end
        if toks[j - 1].key in ORG_WORDS:
            end = m.end()  # "Kent County ED": "county" would make the name a LOCATION
        if _distinct(toks, i, j, lex) or _covered(spans, start, end) or (
                mixed and word.upper() in ("ED", "ER") and toks[i - 1].key in _RUN_PREPS
                and not _sentence_start(text, toks[i])):
            out.append(Span(start, end, "HOSPITAL", "places", 0.8))


def _initials(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    n = len(toks)
    for m in ascii_for(_INITIALS_RE, text).finditer(text):
        if len(m.group()) < 3:
            continue
        k = m.group().lower()
        if lex.is_medical(k) or k in lex.common_words or k in lex.states or k in _NOT_INITIALS:
            continue
        j = _at(toks, m.start())
        if j >= n or toks[j].start != m.start():
            continue
        before = toks[j - 1].key if j else ""
        if before == "the" and j > 1:
            before = toks[j - 2].key
        after = [toks[x].key for x in range(j + 1, min(n, j + 3))]
        if before in _INITIAL_PREPS or (after and after[0] in _AFTER_INITIALS) or (
                len(after) == 2 and after[1] in _CLINICS and after[0].isalpha()
                and after[0] not in FUNCTION_WORDS):
            out.append(Span(m.start(), m.end(), "HOSPITAL", "places", 0.8))


def _medical_centers(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    for m in _MC_RE.finditer(text):
        j = _at(toks, m.start())
        if j == 0 or j >= len(toks):
            continue
        prev = toks[j - 1]
        if not prev.cap or prev.key in FUNCTION_WORDS or prev.key in _NOT_NAMES or lex.is_medical(prev.key):
            continue
        if j + 1 < len(toks) and toks[j + 1].key in ("joint", "joints", "fracture", "fx", "head", "shaft",
                                                     "base", "bone", "bones"):
            continue
        out.append(Span(prev.start, m.end(), "HOSPITAL", "places", 0.8))


_CARE_WORDS = frozenset("vascular cardiac cardiology heart kidney renal dialysis cancer oncology "
                        "surgical surgery behavioral rehabilitation rehab nursing medical health "
                        "healthcare imaging radiology orthopedic orthopaedic pediatric pediatrics "
                        "hospice wound infusion sleep pain urology neurology".split())
_CARE_ENDS = frozenset("services center centre group associates partners network".split())
_WORD = re.compile(r"[A-Za-z]+")


def _care_organisations(text: str, spans: list[Span], out: list[Span]) -> None:
    for s in spans:
        if s.label != "LOCATION" or s.end - s.start > 80:
            continue
        words = _WORD.findall(text[s.start:s.end].lower())
        if len(words) >= 2 and words[-1] in _CARE_ENDS and any(w in _CARE_WORDS for w in words[:-1]):
            out.append(Span(s.start, s.end, "HOSPITAL", "places", 0.8))


_GROUP_RE = re.compile(r"(?i)\b(?:medical|family|health|pediatric|surgical)[ \t]+"
                       r"(?:group|associates|practice|medicine|center|centre|partners)\b")
_OSH_FIELD = re.compile(
    r"(?i)\b(?:osh|outside[ \t]+hospital|(?:referring|sending|transferring)[ \t]+(?:hospital|facility))"
    r"[ \t]*[:-][ \t]*([A-Za-z][\w.'\u2019&-]*(?:[ ][A-Za-z][\w.'\u2019&-]*){0,4}?)"
    r"[ \t]*(?=$|[,;(\n]|[.][ \t]|[ \t]{2})", re.MULTILINE)
_NO_VALUE = frozenset("none unknown na n/a same see above below pending not unk".split())


def _group_practices(text: str, toks: list[Token], lex: Lexicon, mixed: bool, out: list[Span]) -> None:
    for m in heads_finditer(_GROUP_RE, text):
        j = _at(toks, m.start())
        i = _run(text, toks, j, lex, mixed)
        if 0 < i < j and toks[i - 1].key in _GROUP_PREPS and toks[i].key not in _PRACTICE_ADJECTIVES:
            out.append(Span(toks[i].start, m.end(), "HOSPITAL", "places", 0.8))


def _osh_fields(text: str, lex: Lexicon, out: list[Span]) -> None:
    for m in _OSH_FIELD.finditer(text):
        words = [w.lower().strip(".") for w in m.group(1).split()]
        if words[0] in _NO_VALUE or words[0] in FUNCTION_WORDS or any(lex.is_medical(w) for w in words):
            continue
        label = text[m.start():m.start(1)]
        if label != label.lower() and all(w in lex.common_words for w in words) and not all(
                w[:1].isupper() for w in m.group(1).split() if w.lower() not in FUNCTION_WORDS):
            continue  # "OSH: records pending", "OSH: intubated": common words in lower case after
            # a label in capitals (reviewer, session 16); "OSH: Good Sam" stays
        out.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.8))


def context_facility_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """HOSPITAL spans of the module docstring's forms."""
    low = text.lower()
    bracket = "(" in text and _KIND_FROM_BRACKET.search(text) is not None
    ems = "ambulance" in low or "ems" in low or "flight" in low
    toks = tokenize(text)
    mixed = _mixed(toks)
    out: list[Span] = []
    if bracket:
        _bracketed(text, toks, lex, mixed, out)
    if ems:
        _ems(text, low, toks, lex, mixed, out)
    _departments(text, toks, lex, mixed, spans, out)
    _care_organisations(text, spans, out)
    _group_practices(text, toks, lex, mixed, out)
    if "osh" in low or "outside" in low or "ing hospital" in low or "ing facility" in low:
        _osh_fields(text, lex, out)
    _initials(text, toks, lex, out)
    if "MC" in text:
        _medical_centers(text, toks, lex, out)
    return out
