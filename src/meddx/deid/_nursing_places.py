"""Places as nurses and respiratory therapists write them, which the other place rules miss
(session 9, branch deidicu).

* **Facility names in lower case** (HOSPITAL): "at osh - leominster hospital -", "was at maple
  crest rehab in october", "pcp at harbor health center", "dc to marina bay skilled nursing",
  "(lexington medical associates)": one to three lower-case words before a facility word
  ("hospital", "health center", "rehab", "skilled nursing", "associates", "home care", ...), after a
  preposition, a bracket, a dash or a line's start, in a note written in lower case (at most 5% of
  its words capitalised). No word may be a function, generic or clinical word, and one must be a
  place word ("bay", "crest", "harbor") or no common word (a listed town or person, or a word no
  dictionary knows; each part of a hyphenated word): "to acute rehab", "at this hospital", "in a
  teaching hospital", "f/u outpatient cardiology", "cardiac rehab", "a referral-based hospital",
  "well-planned rehabilitation" stay.
* **Wards named after a person that is also an eponym** (HOSPITAL): "bed avail on ellison 11",
  "rn sandy on ellison 12 at 1430", "tx to blake 7": a listed surname after "on" / "to" /
  "from" / "onto", a ward number of one or two digits, then the clause's end or a preposition
  (scores and devices such as "braden 12", "glasgow 15", "foley 16" never).
* **A town's hospital in short, in lower case** (HOSPITAL): "osh = lowell general", "from
  winchester memorial": a listed town after a preposition or "=", then "general" / "memorial"
  ("to general surgery", "in general", "at risk" stay).
* **A mountain's name after a preposition** (HOSPITAL): "pt was at mt auburn", "from mount
  sinai" (not "at mt. of ...", "in mount rainier"-like common words: the word must be no
  common or clinical word).
* **Churches by denomination** (LOCATION): "pastor from grace baptist church", "FIRST
  METHODIST CHURCH": a name word before the denomination ("his baptist church", "the local
  catholic church" stay).
* **A facility and its town in brackets after OSH**: "FROM OSH (HOLY FAMILY IN METHUEN)".
* **A town after a date and "in"** (LOCATION): "house fire 11/22 in lowell.", "MVC 12/1 IN
  QUINCY," (a listed town that is no common or clinical word, ending the clause).
* **A town in brackets after a facility found in the note** (``town_in_brackets``, LOCATION):
  "ST. VINCENT'S (WORCESTER)", "Mercy Hospital (Springfield)"; not "(ICU)", "(MA)".

Each rule starts from a rare literal (a facility word, a ward number after a cue, a
denomination, "osh (") found on the lower-cased text.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._place_words import PLACE_WORDS
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["nursing_place_spans", "town_in_brackets"]

_HEADS = re.compile(
    r"(?<![\w-])(?:hospital|medical[ \t]+center|med[ \t]+ctr|health[ \t]+center|rehab|"
    r"rehabilitation[ \t]+(?:center|hospital)|skilled[ \t]+nursing(?:[ \t]+facility)?|"
    r"nursing[ \t]+(?:home|center|facility)|medical[ \t]+associates|cardiology(?:[ \t]+associates)?|"
    r"medical[ \t]+group|family[ \t]+practice|health[ \t]+care[ \t]+center|home[ \t]+care|"
    r"home[ \t]+health(?:[ \t]+care)?|health[ \t]+(?:alliance|system|partners|network)|healthcare|"
    r"medical[ \t]+partners)\b")
#: "was at mt auburn", "from mount sinai": a mountain's name is a place (or its hospital).
_MOUNT = re.compile(r"(?<![\w-])(?:at|to|from|in|@|via)[ \t]+((?:mt\.?|mount)[ \t]+([a-z][a-z'-]{2,20}))\b")
_ANY_WORD = re.compile(r"[A-Za-z]{2,}")
_CAPITALISED = re.compile(r"(?<![A-Za-z])[A-Z][a-z]")
_WORD_BEFORE = re.compile(r"([a-z][a-z'\u2019-]*)[ \t]+$")
#: What may stand before the name: a preposition, a bracket, a dash, a colon or a line's start.
_CUE_BEFORE = re.compile(r"(?:^|[(:,\-\u2013]|(?<![\w-])(?:at|to|from|@|via|in|into|and|or|vs)"
                         r"(?:[ \t]+the)?)[ \t]*$",
                         re.MULTILINE)
_GENERIC = frozenset(
    "outside local community other another previous prior same nearby our this that the a an "
    "their his her your private public state county city university general regional memorial "
    "teaching tertiary district referral acute inpatient outpatient subacute sub-acute cardiac "
    "pulmonary pulm physical occupational home va veterans children's childrens women's pediatric "
    "peds adult interventional general outside osh short long term long-term care skilled "
    "rural urban academic psychiatric psych mental behavioral hospital rehab new".split())
#: Words of residences' and practices' names that dictionaries know ("maple crest", "marina bay").
_NAME_PARTS = PLACE_WORDS | frozenset(
    "crest brook brooke wood woods field fields view side dale dales glen pine pines oak oaks "
    "maple cedar elm willow willows birch aspen laurel shore marina bayside harbor harbour "
    "saint st mount mt fair fairview sunny acres manor haven".split())
_WARD = re.compile(r"(?<![\w/-])(?:on|to|from|onto)[ \t]+([a-z][a-z'-]{2,14})[ \t](\d{1,2})"
                   r"(?=[ \t]*(?:[.,;:)\n]|$|(?:at|for|on|under|with|and|via|today|tomorrow|"
                   r"when|if|in)\b))", re.MULTILINE)
#: Eponyms that are scores, devices or signs, never a ward ("braden 12", "foley 16").
_NOT_WARDS = frozenset(
    "braden glasgow morse apgar pugh foley swan ganz hickman quinton holter zoll bair kerley "
    "homan homans mallory cushing coombs dubin horner kocher mcburney mcmurray nissen whipple "
    "wolff spearman wilcoxon poisson salem lima penrose".split())
_CHURCH = re.compile(
    r"((?:[a-z][a-z.'\u2019-]*[ \t]+){1,3})(?:baptist|methodist|lutheran|catholic|episcopal|"
    r"presbyterian|congregational|pentecostal|evangelical|orthodox|unitarian|adventist|"
    r"ame|apostolic|nazarene)[ \t]+(?:church|parish|chapel)\b")
#: "osh = lowell general", "transferred from winchester memorial": a town's hospital in short.
_TOWN_GENERAL = re.compile(
    r"(?<![\w-])(?:at|to|from|@|=|osh|via)[ \t]+(?:the[ \t]+)?([a-z][a-z-]{2,20})[ \t]+"
    r"(?:general|memorial)\b(?![ \t]+(?:surgery|medicine|anesthesia|ward|floor|practice|population|"
    r"public|health|admission|consent|care|condition|appearance)\b)")
#: "house fire 11/22 in lowell.", "MVC 12/1 IN QUINCY": a town after a date and "in".
_DATE_IN_TOWN = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?[ \t]+in[ \t]+([a-z][a-z'-]+(?:[ \t][a-z][a-z'-]+)?)"
                           r"(?=[ \t]*(?:[.,;:)\n]|$))", re.MULTILINE)
#: "ST. VINCENT'S (WORCESTER)", "Mercy Hospital (Springfield)": a town in brackets after a facility.
_TOWN_BRACKET = re.compile(r"['\u2019]?[sS]?[ \t]*\([ \t]*([A-Za-z][A-Za-z'-]+(?:[ \t][A-Za-z][A-Za-z'-]+)?)"
                           r"[ \t]*\)")
_WORD = re.compile(r"[a-z][a-z.'\u2019-]*")
_OSH_BRACKET = re.compile(r"(?<![\w-])(?:osh|outside[ \t]+hospital)[ \t]*\([ \t]*"
                          r"([a-z][a-z.'\u2019 -]{2,40}?)[ \t]+in[ \t]+([a-z][a-z .'-]{2,30}?)[ \t]*\)")


def _name_word(word: str, lex: Lexicon) -> bool:
    """A word that can name a residence or a practice: a place word, or a word that is no common
    or clinical word (a listed town or person, or a word no dictionary knows)."""
    if "-" in word:  # "well-planned", "referral-based": every part must be a name word
        return all(_name_word(p, lex) for p in word.split("-") if p)
    return word in _NAME_PARTS or (word not in lex.common_words and not lex.is_medical(word))


def _lower_note(text: str) -> bool:
    """A note written in lower case (or in capitals): at most 5% of its words capitalised."""
    words = len(_ANY_WORD.findall(text))
    return len(_CAPITALISED.findall(text)) <= 0.05 * max(words, 1)


def _lower_facilities(text: str, low: str, lex: Lexicon, out: list[Span]) -> None:
    lower_note = None
    for m in heads_finditer(_HEADS, low):
        if text[m.start():m.end()] != m.group(0):
            continue  # capitalised: the capitalised-name rules read it
        if lower_note is None:
            lower_note = _lower_note(text)
        if not lower_note:
            return  # mixed case: a facility's name is capitalised ("early rehabilitation" is none)
        start, words = m.start(), 0
        named = False
        while words < 3:
            w = _WORD_BEFORE.search(low, max(0, start - 24), start)
            if w is None or text[w.start(1):w.end(1)] != w.group(1):
                break
            word = w.group(1)
            if word in FUNCTION_WORDS or word in _GENERIC or (
                    lex.is_medical(word) and word not in lex.cities and word not in lex.last_names
                    and word not in _NAME_PARTS):
                break
            named = named or _name_word(word, lex)
            start, words = w.start(1), words + 1
        if words and named and _CUE_BEFORE.search(low, max(0, start - 12), start):
            out.append(Span(start, m.end(), "HOSPITAL", "places", 0.7))


def town_in_brackets(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """A listed town in brackets right after a facility found in the note: "ST. VINCENT'S
    (WORCESTER)", "Mercy Hospital (Springfield)" (not "(ICU)", "(Epic)", "(MA)")."""
    out = []
    for s in spans:
        if s.label != "HOSPITAL" or "(" not in text[s.end:s.end + 4]:
            continue
        m = _TOWN_BRACKET.match(text, s.end)
        if m is None:
            continue
        town = m.group(1).lower()
        if town in lex.cities and not lex.is_medical(town) and town not in lex.states \
                and (town not in lex.common_words or m.group(1)[0].isupper()):
            out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.7))
    return out


def nursing_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the places these rules find (see the module docstring)."""
    low = text.lower()
    if len(low) != len(text):
        return []
    out: list[Span] = []
    _lower_facilities(text, low, lex, out)
    for m in heads_finditer(_WARD, low):
        word = m.group(1)
        # the surnames that are no clinical word are ``_orgs``'s ("on Ellison 4" in any case)
        if word in lex.last_names and lex.is_medical(word) and word not in lex.common_words \
                and word not in _NOT_WARDS and word not in lex.states:
            out.append(Span(m.start(1), m.end(2), "HOSPITAL", "places", 0.7))
    for m in _MOUNT.finditer(low) if "mt" in low or "mount" in low else ():
        word = m.group(2)
        if (word not in lex.common_words or word in lex.cities) and not lex.is_medical(word) \
                and word not in FUNCTION_WORDS:
            out.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.7))
    for m in _TOWN_GENERAL.finditer(low) if "general" in low or "memorial" in low else ():
        town = m.group(1)
        if text[m.start(1):m.end()] == low[m.start(1):m.end()] and town in lex.cities \
                and town not in lex.common_words and not lex.is_medical(town) \
                and town not in lex.states:
            out.append(Span(m.start(1), m.end(), "HOSPITAL", "places", 0.7))
    for m in _CHURCH.finditer(low) if "church" in low or "parish" in low or "chapel" in low else ():
        words = list(_WORD.finditer(low, m.start(1), m.end(1)))
        first = None
        for w in reversed(words):  # the name words right before the denomination
            if w.group(0) in FUNCTION_WORDS or w.group(0) in _GENERIC:
                break
            first = w.start()
        if first is not None:
            out.append(Span(first, m.end(), "LOCATION", "places", 0.7))
    for m in _DATE_IN_TOWN.finditer(low) if " in " in low else ():
        town = m.group(1)
        if town in lex.cities and town not in lex.common_words and not lex.is_medical(town) \
                and town not in lex.states:
            out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.7))
    for m in _OSH_BRACKET.finditer(low) if "osh" in low or "outside hospital" in low else ():
        out.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.7))
        out.append(Span(m.start(2), m.end(2), "LOCATION", "places", 0.7))
    return out
