"""Staff named by initials or a surname after their role, and registered aliases (session 23,
branch deidrec23), NAME, in any case.

* **Initials after a role in a hand-off**: "Handed off to RN MJ at 0700", "REPORT TO FLOOR RN
  TJ:", "report given to night rn a.b." and "rn kj received report from ir". Two letters after
  the role name a person only where a hand-off says a person is meant: after "handed off to",
  "report to/from" (a role between), or before "received/took/gave report". Two letters that
  are a word or a clinical abbreviation ("RN AT BEDSIDE", "report to RN IN 4 SOUTH", "RN IV
  TEAM") stay; after "report to/from" the letters end at a time, a stop or the line's end (fix
  round 23: "report to RN HF team", "fellow CC regarding", "resident GS" stay).
* **A surname after a clergy or staff title**: "FR BONIFACE ANOINTED PT", "Perfusionist Okonkwo
  did circuit check", "Rev. Adeyemi", "chaplain Thibodeaux". The word must be no English word,
  no clinical word and no town ("chaplain aware", "perfusionist at bedside", "14 FR FOLEY",
  "transfer fr Reno"), and "fr" after or before a word of moving is "from" ("Transfer fr
  Hillcrest via EMS"; fix round 23).
* **An alias**: "registered as trauma alias Zulu Quartz": the one or two words after "alias"
  (the first not a word about the alias itself: "alias name used" stays).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["staff_title_names"]

_ROLE = r"(?:rn|rt|lpn|lvn|np|pa|cna|nurse|md|resident|fellow|intern|crna|rrt)"
_UNIT = (r"(?:(?:the|floor|night|day|oncoming|charge|receiving|primary|float|icu|micu|sicu|ccu|"
         r"pacu|ed|er|or|step-?down|tele|unit|bedside|\d[a-z]?)[ \t]+)?")
_INITIALS = r"([a-z]{2}|[a-z]\.[ \t]?[a-z]\.?)(?![\w/&.'-])"
#: After hand-off initials: a time, a closer or the line's end ("RN TL at 0700.", "RN LB: pt
#: stable"), never a word ("fellow CC regarding", "RN EP lab", "RN HF team"; fix round 23).
_CLOSER = r"(?=[ \t]*(?:[,.;:@]|$|at\b|\d))"
#: "handed off to RN MJ", "report to floor RN TJ", "report from night RN K.J."
_HANDOFF = re.compile(
    r"(?i)\b(?:handed[ \t]+off[ \t]+to|hand-?off[ \t]+to|(?:called[ \t]+|gave[ \t]+|give[ \t]+)?"
    r"report[ \t]+(?:given[ \t]+|called[ \t]+)?(?:to|from))[ \t]+" + _UNIT + _ROLE + r"[ \t]+"
    + _INITIALS + _CLOSER, re.M)
#: "rn kj received report", "RN MJ TOOK REPORT"
_RECEIVED = re.compile(
    r"(?i)\b" + _ROLE + r"[ \t]+" + _INITIALS
    + r"[ \t]+(?:received|took|taking|accepted|gave|given)[ \t]+(?:the[ \t]+)?report\b")
#: Session 24: staff initials where a note places or moves a person: "RT BJ AT BEDSIDE", "RN
#: KM present for the bronch", "floated rj to pcu", "pulled TK to the ED", and a signature's
#: initials at the end of a line ("SIGNED, DMK").
_AT_BEDSIDE = re.compile(
    r"(?i)\b" + _ROLE + r"[ \t]+" + _INITIALS
    + r"[ \t]+(?:(?:at|@)[ \t]+(?:the[ \t]+)?bedside|present|in[ \t]+room)\b")
_UNITS = (r"(?:pcu|icu|micu|sicu|ccu|cvicu|cticu|nicu|picu|neuro[ \t]?icu|ed|er|tele|telemetry|"
          r"floor|step-?down|sdu|imc|pacu|burn|ortho|onc|oncology|med[ \t-]?surg|\d{1,2}[a-z]|"
          r"(?:unit|room|rm|floor)[ \t]*\d{1,3}[a-z]?)")  # fix round 24: no bare number ("pulled IAB to 20")
_FLOATED = re.compile(
    r"(?i)\b(?:floated|floating|float|pulled)[ \t]+" + r"([a-z]{2,3})(?![\w/&.'-])"
    + r"[ \t]+to[ \t]+(?:the[ \t]+)?" + _UNITS + r"\b")
_SIGNED = re.compile(r"(?im)\bsigned[ \t]*[,:-]?[ \t]*([a-z]{2,3})[ \t.]*$")
#: Short words a "signed," line ends with that sign nothing: "consent signed, tbd".
_NOT_SIGNERS = frozenset("tbd tba unk nka nkda wnl pnd "
                         "dau dtr bro sis mom dad na iab nt".split())  # fix round 24: relatives, devices
#: Two letters placed at the bedside that are equipment or a role, not someone's initials.
_AT_BEDSIDE_THINGS = frozenset("nc tf us bg bs ua ng og ct tv cn st rd dr ma np pa sw "
                                # fix round 24: line sites, pulses, limbs, procedures, vent modes
                                "ij ej ac fa dp pt ue le bk ak jp io lp ps vt bm tl hf tx ep av "
                                "pm am id rr rt ok so".split())
#: Two letters after a role that are a word or a clinical abbreviation, not initials.
_NOT_INITIALS = frozenset(
    "at to in on is by re of ok pt md rn np pa rt am pm as or ed er it no us we he me my so up "
    "iv im po pr sq sc hr bp rr ct mr ir gi cv sw ot dc ob ng og et ns lr cm hs qd ax an be do "
    "go if vs via fr ap "
    # fix round 23: services and lines read as initials ("report to RN HF team", "fellow CC")
    "cc gs ep hf id hd tx".split())
#: Clergy and staff titles written before a surname.
_TITLE = re.compile(
    r"(?i)(?<![\w.])(?:(?:fr|rev|msgr)\.?|reverend|pastor|deacon|rabbi|imam|"
    r"chaplain|perfusionist)[ \t]+([a-z][a-z'-]{2,})(?![\w'-])")
#: A second title after the first ("chaplain bro. tillman"): the name comes after it.
_TITLE_WORDS = frozenset("bro brother sr sister fr father rev dr mr mrs ms".split())
_NUMBER_BEFORE = re.compile(r"\d[ \t]*$")
#: "fr" as "from" (fix round 23: "Transfer fr Hillcrest via EMS" is a place): after a word of
#: moving, or before one.
_FROM_BEFORE = re.compile(r"(?i)\b(?:transfer|transferred|xfer|xferred|xfered|trans|tx|txd|"
                          r"came|come|comes|arrived|arrives|arrival|admitted|adm|admit|"
                          r"transported|returned|returns|back|discharged|d/c|dc|sent|moved|"
                          r"brought|flown|direct|directly|pt|patient|pts|ems|transfered)[ \t]*$")
_FROM_AFTER = re.compile(r"(?i)[ \t]+(?:via|to|on|by|at|in|for|per|with|and|after|s/p)\b")
_ALIAS = re.compile(
    r"(?i)\balias(?:es)?[ \t]*(?:name[ \t]*)?[:=-]?[ \t]*([a-z][a-z'-]+)"
    r"(?:([ \t]+)([a-z][a-z'-]+))?")


#: Words after "alias" that say how it was used, not what it is.
_NOT_ALIASES = frozenset("name names used given assigned registered protocol per policy until "
                         "pending unknown only system trauma patient pt mrn id number merged "
                         "changed removed updated dropped resolved linked combined".split())


def _initials_ok(word: str) -> bool:
    return word.replace(".", "").replace(" ", "").lower() not in _NOT_INITIALS


def _no_one(word: str, lex: Lexicon) -> bool:
    """A word that names no one: a function, English, clinical or place word."""
    key = word.lower()
    return (key in FUNCTION_WORDS or key in lex.common_words or lex.is_medical(key)
            or key in lex.cities or key in lex.states)


def staff_title_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of staff initials after a role, surnames after a title, and aliases."""
    # each pattern is found from the literal words it starts with (``_literal_heads``: the same
    # matches as its ``finditer``, faster)
    out: list[tuple[int, int]] = []
    if "report" in low or "handed" in low or "hand-off" in low or "handoff" in low:
        for rx in (_HANDOFF, _RECEIVED):
            out += [m.span(1) for m in heads_finditer(rx, text, low) if _initials_ok(m.group(1))]
    if "bedside" in low or "present" in low or "room" in low:
        out += [m.span(1) for m in heads_finditer(_AT_BEDSIDE, text, low)
                if _initials_ok(m.group(1)) and m.group(1).lower() not in _AT_BEDSIDE_THINGS
                and ("bedside" in m.group(0).lower() or m.group(0)[:2].lower() != "rt")]
        # fix round 24: "RT X present" is "right X present"; the therapist only at the bedside
    for rx in (_FLOATED, _SIGNED) if "float" in low or "pulled" in low or "signed" in low else ():
        out += [m.span(1) for m in heads_finditer(rx, text, low)
                if _initials_ok(m.group(1)) and not _no_one(m.group(1), lex)
                and m.group(1).lower() not in _NOT_SIGNERS]
    for m in heads_finditer(_TITLE, text, low):
        word = m.group(1)
        if text[m.start():m.start() + 2].lower() == "fr" and (
                _FROM_BEFORE.search(text, max(0, m.start() - 16), m.start())
                or _FROM_AFTER.match(text, m.end(1))):
            continue  # "transfer fr Hillcrest via EMS": from a place
        if _no_one(word, lex) or word.lower() in _TITLE_WORDS \
                or _NUMBER_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            continue  # "chaplain aware", "14 FR Foley"
        out.append(m.span(1))
    if "alias" in low:
        for m in heads_finditer(_ALIAS, text, low):
            first = m.group(1)
            key = first.lower()
            if key in _NOT_ALIASES or key in FUNCTION_WORDS or lex.is_medical(key) or (
                    key.endswith(("ed", "ing")) and key in lex.common_words):  # "alias merged into"
                continue  # "alias name used", "alias given" (a trauma alias is often two
                # English words: "alias tango basalt")
            end = m.end(1)
            if m.group(3) and m.group(3).lower() not in FUNCTION_WORDS:
                end = m.end(3)
            out.append((m.start(1), end))
    return out
