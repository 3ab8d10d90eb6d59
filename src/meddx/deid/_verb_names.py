"""Names after a verb of communication or hand-off, in sign-out forms, after aides' roles,
double initials, and places after a title (session 10, branch deidname10; the talk cues
merged with ``_gazetteer_names``'s in session 11, branch deidref11).

Listed names that end like an inflected English word ("Fred", "Ahmed", "Kelly") count; an
unlisted word with such an ending ("reportedly") does not.

* **A bare surname or first name after a talk or hand-off cue** (:func:`talk_names`), in any
  case: "d/w nguyen re plan", "D/W NGUYEN (NIGHT FLOAT)", "discussed w/ gutierrez", "paged
  matthews (resp)", "called kowalski re: K", "per Tidwell, continue abx", "spoke w/
  pennebaker", "Seen with Tidwell today", "notified QUATTLEBAUM", "covering for Sato this
  weekend", "signed out to jen", "s/o to Baptiste", and the second of "d/w halvorsen and
  lindstrom" or "Covering: Abernathy -> Szczepanik". One cue list, one check: a surname of
  the census list (``_gazetteer``: 40,000 surnames less the common English and clinical words,
  first names and states) counts unless a head noun follows it ("per Kocher criteria"); any
  other word must be no English, clinical, relation, role or month word, a listed first name
  or surname (or, after a strong cue: "d/w", "covering for", "signed out to" ..., a word no
  list has in title case: "d/w Okafor,"), and what follows it must be what follows a person
  ("re", a comma, "(", "at bedside", "aware", "ok to", the line's end ...). Look-alikes that
  stay: "d/w renal", "d/w pt and family", "D/W PHARMACY", "d/w nsgy re drain", "d/w
  Hospitalist", "per protocol", "per Epic", "called back", "paged cards fellow", "covering
  for nights", "seen with family".
* **Double initials before a surname**: "Resident: TJ Okafor", "Nurse: AJ Kowalski", "JT Smith
  RN": two capitals that are no clinical abbreviation, state code, role or credential, then a
  capitalised surname (listed, or no English word before a line end, comma or credential). "CT
  Chest", "ED Course", "PT Will", "NY Presbyterian" stay.
* **A staff member told of something**, at a clause's start: "Okafor aware of K", "K 5.9,
  Lindqvist notified", "NGUYEN MADE AWARE" (a listed name, or a title-case word no list has);
  "Team aware", "Cards aware", "NIGHT FLOAT AWARE" stay.
* **Sign-out forms**: a team's members in brackets ("day team (steph / jon)"), a covering role
  then a name ("nf ravi ->", "NIGHT FLOAT (MCGRATH)"), a bed line then the patient's surname
  ("bed 3 delacroix - vent", "rm 4: o'hara 72f"), a header "SIGNOUT from Patel to Kim". "bed 2
  bath - done", "D/W TEAM (MICU)", "handoff from day to night" stay.
* **An aide named by role**: "MA Shelby roomed", "CMA jess", "DRAWN BY TASHA (PCT)".
* **Typists' initials after "transcribed" / "dictated" / "typed"** without "by": "transcribed
  kmj", "typed: JRS". "dictated not read" stays.
* **A relative named "Will" or "May"** between commas or in brackets: "Son, Will, called",
  "husband (Will) at bedside"; "son, will call back" stays.
* **A place span right after a personal title or a relation, inside a name span** ("Dr.
  Waverly", "Mrs. Lincoln", "granddaughter Brooklyn"): the person's name, not the town; the
  place span is dropped so the name's label wins (:func:`titled_places`, run by the relabel
  pass). A place after a column gap ("Dr. Tolliver   Marlow Radiology") stays.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import MONTHS, Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._name_words import CREDENTIALS, MODALS, NOT_AFTER_CUE, RELATIONS, ROLES, TITLES
from meddx.deid._place_words import STATE_CODES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun

__all__ = ["talk_names", "titled_places", "verb_names"]

_STRONG = (r"d/w|discussed[ \t]+(?:w/|with)|disc[ \t]+w/|cross[- ]?cover(?:ing|s)?[ \t]+for"
           r"|cross[- ]?cover(?:ed)?[ \t]+by|cover(?:ing|s)[ \t]+for|covered[ \t]+by|covering:?"
           r"|signed[ \t]+(?:out|over)[ \t]+to|sign[- ]?out[ \t]+(?:given[ \t]+)?to|s/o[ \t]+to"
           r"|hand(?:ed)?[- ]?off[ \t]+to|handed[ \t]+over[ \t]+to")
_WEAK = (r"per|called|paged|notified|informed|texted|spoke[ \t]+(?:w/|with|to)"
         r"|seen[ \t]+(?:w/|with)")
_NAME = r"([A-Za-z][A-Za-z'\u2019-]*[A-Za-z])(?!\w|['\u2019@.-]\w)"
#: a cue, then the name word (letters, apostrophes, hyphens), then maybe a second after a
#: joiner ("halvorsen and lindstrom", "Abernathy -> Szczepanik"); any case
_CUE = re.compile(r"(?<![\w/])(?i:(" + _STRONG + r")|(" + _WEAK + r"))[ \t]+" + _NAME
                  + r"(?:(?:[ \t]*(?:-->|->|>|/)[ \t]*|[ \t]+(?i:and|&|to)[ \t]+)" + _NAME + ")?")
#: what follows a person's name: "re", a comma, "(night float)", "at bedside", "aware", a line end
_AFTER = re.compile(r"[ \t]*(?:[,;:.)(]|$|(?:re|regarding|about|at|and|who|aware|agrees|agreed|to|"
                    r"for|from|with|w/|by|via|on|this|tonight|today|ok|okay|will|wants|recommends|says|states|x\d|@)"
                    r"(?![\w]))",
                    re.MULTILINE | re.IGNORECASE)
#: a staff member told of something: "Okafor aware", "LINDQVIST NOTIFIED", "kowalczyk made aware"
_TOLD = ("aware", "notified", "paged")
_TOLD_BEFORE = re.compile(r"(?:^|(?<=[\n.;:,(/&])|(?<=\band)|(?<=\bAND))[ \t]*"
                          r"([A-Za-z][A-Za-z'\u2019-]*[A-Za-z])[ \t]+(?:(?:is|was|made|MADE|IS|WAS)[ \t]+)?$")
_TOLD_AFTER = re.compile(r"[ \t]*(?:[,;:.)]|$|of\b|and\b|re\b|OF\b|AND\b|RE\b|[ \t]*&|/)", re.MULTILINE)
#: services and covering roles that no word list has
_SERVICES = frozenset("hospitalist hospitalists nocturnist intensivist nightfloat moonlighter neurosx "
                      "nsgy ctsurg gensurg tox cvicu picu nicu sicu micu ccu".split())
_BRACKET = re.compile(r"[ \t]*\([ \t]*[A-Za-z]")
_INFLECTED = ("ing", "ed", "ly", "tion", "ment", "ness", "able", "ies", "ful", "less")
# the capitals first, so that the engine's scan for a capital runs before the look-behind
_PAIR = re.compile(r"([A-Z]{2})(?<![\w.&/-][A-Z]{2})[ \t]+([A-Z][a-z][A-Za-z'\u2019-]*[a-z])(?![\w-])")
_PAIR_AFTER = re.compile(r"[ \t]*(?:,|$|\(|(?:RN|MD|NP|PA|DO|RT|LPN|CNA|PharmD|PA-C|CRNA)\b)",
                         re.MULTILINE)
_TYPIST = re.compile(r"(?<![\w/])(?:transcribed|dictated|typed)(?!\s+by)[ \t]*:?[ \t]*"
                     r"([a-z]{2,4}|[A-Z]{2,4})(?=[ \t]*(?:$|[,;.)/]))", re.MULTILINE | re.IGNORECASE)
_NOT_PAIRS = frozenset(s.lower() for s in STATE_CODES) | TITLES | CREDENTIALS | ROLES | frozenset(
    "ed er or ct mr pt ot st dc iv im po pr jr sr ii iv ob gi id ir en nc".split())
#: a covering role, then one word in brackets: "NIGHT FLOAT (MCGRATH)", "cross-cover (diaz)"
_PAREN_WORD = re.compile(r"\(([A-Za-z][A-Za-z'\u2019-]*[a-zA-Z])\)")
_COVER_BEFORE = re.compile(r"(?i:\b(?:night[ \t]?float|nf|cross[- ]?cover(?:ing)?|moonlighter|hospitalist|"
                           r"intensivist|on[- ]call|house[ \t]+officer|senior|junior|sub-?i|"
                           r"med(?:ical)?[ \t]+student|ms[34]|nocturnist|covering))[ \t]*$")
#: a team's members in brackets: "day team (steph / jon)", "team (Okafor, Lindqvist, Sato)"
_TEAM_LIST = re.compile(r"(?i:\bteam)[ \t]*\(([A-Za-z][A-Za-z'\u2019 ,/&-]{1,60})\)")
_LIST_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]")
_LIST_SEP = re.compile(r"[ \t]*(?:,|/|&|\band\b)[ \t]*|[ \t]*$", re.IGNORECASE)
#: a covering role, then a lower-case name: "nf ravi ->", "cross-cover jen paged"
_COVER_NAME = re.compile(r"(?<![\w/-])(?:nf|night[ \t]?float|cross[- ]?cover)[ \t]*:?[ \t]+"
                         r"([a-z][a-z'-]+[a-z])\b")
#: a sign-out's bed line, then the patient's surname: "bed 3 delacroix - vent", "rm 4: o'hara 72f"
_BED_NAME = re.compile(r"(?<![\w/-])(?:bed|bd|rm|room)[ \t]*#?[ \t]*\d{1,3}[a-z]?[ \t]*[-:)\u2013]?[ \t]*"
                       r"([a-z][a-z'\u2019-]*[a-z])"
                       r"(?=[ \t]*(?:[-\u2013:,(]|\d{1,3}[ \t]*(?:yo|y/o|y|[mf])\b))")
#: a word, then an aide's role in brackets: "LABS DRAWN BY TASHA (PCT)", "bath by jo (cna)"
_AIDE_PAREN = re.compile(r"\((?:pct|pca|cna|lna|stna|cma|huc|uc|lvn|mhw|tech|sitter)\)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z'\u2019-]*[A-Za-z])[ \t]*$")
#: a sign-out's header: "SIGNOUT from Patel to Kim", "sign-out from Okafor to Lindqvist"
_HANDOFF = re.compile(r"(?:sign[- ]?out|s/o|hand[- ]?off|handover)\b[^\n]{0,24}?\bfrom[ \t]+"
                      r"([a-z][a-z'\u2019-]*[a-z])[ \t]+to[ \t]+([a-z][a-z'\u2019-]*[a-z])\b")
#: an aide's or assistant's role in capitals, then a first name: "MA Shelby", "PCT maria"
_AIDE = re.compile(r"(?<![\w,/-][ \t])(?<![\w/-])(?:MA|CMA|PCT|PCA|LNA|STNA|HUC|LVN|MHW|CNA)"
                   r"[ \t]*:?[ \t]+([A-Za-z][a-z]+)\b")
#: a relative's first name that is also a modal, between commas or in brackets: "Son, Will,"
_KIN_MODAL = re.compile(r"(?i:\b(?:son|daughter|dtr|husband|wife|brother|sister|friend|partner|"
                        r"nephew|niece|grandson|granddaughter|mother|father|caregiver|hcp)"
                        r"(?:'s)?)(?:,[ \t]*(Will|May|WILL|MAY|will|may)[ \t]*,|[ \t]*\("
                        r"(Will|May|WILL|MAY|will|may)\))")
_SPACE = re.compile(r"\s")
_GAP = re.compile(r"\s\s|\n")
#: where a relative named "Will" or "May" may stand: ", will", "(may"
_MODAL_BETWEEN = re.compile(r"[,(][ \t]*(?:will|may)\b")
#: a personal title or a relation right before a span: "Dr. Waverly", "granddaughter Brooklyn"
_PERSON_WORDS = frozenset("dr doctor mr mrs ms miss prof".split()) | RELATIONS
_PLACE_LABELS = frozenset(("LOCATION", "HOSPITAL"))


def _no_name_word(key: str, lex: Lexicon) -> bool:
    """``key`` (lower case) is a word that names no one after a cue."""
    return (len(key) < 3 or key in FUNCTION_WORDS or key in RELATIONS or key in ROLES
            or key in TITLES or key in CREDENTIALS or key in MODALS or key in MONTHS
            or key in NOT_AFTER_CUE or key in lex.common_words or lex.is_medical(key)
            or key in lex.states or key.endswith(_INFLECTED)
            and key not in lex.first_names and key not in lex.last_names)  # "Fred", "Kelly"


def _name_word(text: str, start: int, end: int, strong: bool, lex: Lexicon) -> bool:
    key = text[start:end].lower()
    if _no_name_word(key, lex):
        return False
    if key not in lex.first_names and key not in lex.last_names:
        # a word no list has: after a strong cue, in title case only ("d/w Okafor"), not a
        # service written short ("d/w nsgy", "D/W TOX", "d/w Hospitalist")
        word = text[start:end]
        if not strong or key in _SERVICES or not (
                word[0].isupper() and not word.isupper() or _BRACKET.match(text, end)):
            return False  # "d/w Okafor,", "d/w farouk (pulm fellow)"
    return _AFTER.match(text, end) is not None


def talk_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names after talk and hand-off cues (the module docstring's first
    rule); a name's "'s" stays out of its span."""
    out: list[tuple[int, int]] = []
    for m in heads_finditer(_CUE, text, low):
        strong = m.group(1) is not None
        for g in (3, 4):
            a, b = m.span(g)
            if a < 0:
                continue
            end = b - 2 if text[b - 2:b].lower() in ("'s", "\u2019s") else b
            if _talk_name(text, a, end, b, strong, lex):
                out.append((a, end))
    return out


def _talk_name(text: str, a: int, end: int, b: int, strong: bool, lex: Lexicon) -> bool:
    """Whether ``text[a:end]`` after a talk cue is a name (``b``: the word's end, with "'s")."""
    if text[a:end].lower() in gazetteer().surnames:  # a census surname that is no other word
        return not followed_by_head_noun(text, b)
    return _name_word(text, a, b, strong, lex)


def verb_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """The spans of the module docstring's first three rules."""
    out = talk_names(text, low, lex)
    out += _pairs(text, lex)
    out += _told(text, low, lex)
    out += [m.span(1) for m in heads_finditer(_AIDE, text, low) if _aide_name(m.group(1).lower(), lex)]
    if "(" in text:
        out += [m.span(1) for m in _PAREN_WORD.finditer(text)
                if _COVER_BEFORE.search(text, max(0, m.start() - 20), m.start())
                and not _no_name_word(m.group(1).lower(), lex)]
    if "team" in low:
        out += _team_list(text, lex)
    out += [m.span(1) for m in heads_finditer(_COVER_NAME, low)
            if not _no_name_word(m.group(1), lex) and m.group(1) not in _SERVICES]
    out += [m.span(1) for m in heads_finditer(_BED_NAME, low)
            if not _no_name_word(m.group(1), lex) and m.group(1) not in _SERVICES]
    if "(" in text:
        for m in _AIDE_PAREN.finditer(low):
            w = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
            if w and (_told_name(text, w.start(1), w.end(1), lex) or w.group(1).islower()
                      and w.group(1) in lex.first_names and not _no_name_word(w.group(1), lex)):
                out.append(w.span(1))
    if "from" in low:
        for m in heads_finditer(_HANDOFF, low):
            out += [m.span(g) for g in (1, 2) if _told_name(text, m.start(g), m.end(g), lex)]
    if _MODAL_BETWEEN.search(low):
        out += [m.span(1) if m.group(1) else m.span(2) for m in heads_finditer(_KIN_MODAL, text, low)]
    if "transcribed" in low or "dictated" in low or "typed" in low:
        out += [m.span(1) for m in heads_finditer(_TYPIST, text, low) if _typist(m.group(1).lower(), lex)]
    return out


def _aide_name(key: str, lex: Lexicon) -> bool:
    return key in lex.first_names and not _no_name_word(key, lex)


def _typist(key: str, lex: Lexicon) -> bool:
    return not (key in FUNCTION_WORDS or key in lex.common_words or lex.is_medical(key)
                or key in CREDENTIALS or key in ROLES or key in TITLES)


def _team_list(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Each member of "team (steph / jon)", when every word of the list may be a name."""
    out = []
    for m in _TEAM_LIST.finditer(text):
        words, pos, end = [], m.start(1), m.end(1)
        while pos < end:
            w = _LIST_WORD.match(text, pos, end)
            sep = _LIST_SEP.match(text, w.end(), end) if w else None
            if w is None or sep is None:
                break
            words.append(w.span())
            pos = sep.end()
        if pos >= end and words and all(not _no_name_word(text[a:b].lower(), lex) for a, b in words):
            out += words
    return out


def _told(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """A name right before "aware" / "notified" / "paged", at a clause's start: "Okafor aware
    of K", "Lindqvist notified.", "OYELARAN AWARE", "Kate/Okafor aware"."""
    out = []
    for cue in _TOLD:
        i = low.find(cue)
        while i >= 0:
            end = i + len(cue)
            if (i == 0 or not low[i - 1].isalpha()) and _TOLD_AFTER.match(text, end):
                m = _TOLD_BEFORE.search(text, max(0, i - 40), i)
                if m and _told_name(text, m.start(1), m.end(1), lex):
                    out.append(m.span(1))
            i = low.find(cue, end)
    return out


def _told_name(text: str, start: int, end: int, lex: Lexicon) -> bool:
    word = text[start:end]
    key = word.lower()
    if _no_name_word(key, lex) or key in _SERVICES:
        return False
    if key in lex.first_names or key in lex.last_names:
        return True
    return word[0].isupper() and not word.isupper()  # "Okafor aware"; not "NSGY AWARE"


def _pairs(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Double initials, then a surname: "TJ Okafor"."""
    out = []
    for m in _PAIR.finditer(text):
        pair, word = m.group(1), m.group(2)
        key = word.lower()
        if pair.lower() in _NOT_PAIRS or lex.is_medical(pair, abbreviations=False) \
                or _no_name_word(key, lex):
            continue  # "CT Chest", "ED Course", "MS Contin"
        # a pair that is also a listed abbreviation ("AJ", "TJ") needs a line end, comma or
        # credential after the surname
        if (key in lex.last_names and not lex.is_medical(pair)) or _PAIR_AFTER.match(text, m.end()):
            out.append((m.start(1), m.end(2)))
    return out


def titled_places(text: str, spans: list[Span]) -> list[Span]:
    """Drop a place span that starts right after a personal title or a relation and is a name
    span, or one word inside a name span: "Dr. Waverly", "granddaughter Brooklyn" is a person,
    not the town; "Dr. Tolliver   Marlow Radiology" (a column gap) is left to the relabel pass,
    which splits it. The same word elsewhere in the note inside a name span is the person
    too: "ORDER FROM DR. WAVERLY ... WAVERLY MADE AWARE"."""
    places = [s for s in spans if s.label in _PLACE_LABELS]
    if not places:
        return spans
    names = [s for s in spans if s.label == "NAME"]
    if not names:
        return spans
    names.sort(key=lambda n: n.start)
    starts = [n.start for n in names]
    inside = [(s, ns) for s in places
              if (ns := [n for n in names[max(0, bisect_right(starts, s.start) - 4):
                                          bisect_right(starts, s.start)] if s.end <= n.end])
              and not _GAP.search(text, s.start, s.end)]
    if not inside:
        return spans
    people: set[str] | None = None
    drop = set()
    for s, ns in inside:
        word = text[s.start:s.end]
        if _word_before(text, s.start) in _PERSON_WORDS and any(
                n.start == s.start and n.end == s.end or not _SPACE.search(word) for n in ns):
            drop.add(id(s))
            continue
        if people is None:
            people = {text[n.start:n.end].lower() for n in names
                      if _word_before(text, n.start) in _PERSON_WORDS}
        if word.lower() in people:
            drop.add(id(s))
    return [s for s in spans if id(s) not in drop] if drop else spans


def _word_before(text: str, start: int) -> str:
    """The word before ``start`` in lower case, without a period, "'s", comma or bracket."""
    before = text[max(0, start - 24):start].rstrip(" \t(,").rstrip(".").split()
    word = before[-1].lower() if before else ""
    return word[:-2] if word.endswith("'s") else word
