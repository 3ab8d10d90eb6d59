"""Employers, schools and units named after a job in a line typed with no case (session 29).

The work rules (``_work_places``) read a capitalised name after "works at"; in a line typed all
lower case or ALL CAPS they want an organisation word or a word no dictionary knows, so an
employer of common words or a surname stays ("truck driver for ruan", "LONG HAUL DRIVER FOR
WERNER", "bartender at the rusty spur", "CNA AT THE HOLZER", "chef at lucky dragon kitchen",
"EMT WITH PENDER VOLUNTEER FIRE", "works in construction for itasca paving"). Session 28's
readable groups show the class in five of nine groups. Here a job word or a work verb, then
"at" / "for" / "with" ("for" / "with" only after a work verb, a driver, an EMT or a medic: "cna
with bath", "nurse for break coverage" stay) (an optional "the"), then one to four words that
end the clause (a stop, a comma, a bracket, a dash, "and" before a verb or a pronoun, "since",
"x 10 years") are a LOCATION when:

* the line has no case to read (no capital, or no lower-case letter; capitalised lines are the
  work rules');
* only a space or "the" stands between the preposition and the name, and the job is none of
  the ward's own staff ("case manager at", "unit clerk for", "transport supervisor for");
* no word is a function, clinical or time word, nor a kind of place alone ("nurse at the
  bedside", "chef at a local restaurant", "cna at this facility", "works for the county",
  "driver for hypoxia", "student at the community college", "works at night");
* one word is neither a kind of place nor a state ("emt with the fire department" stays).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._line_case import NoteLines
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, tokenize

__all__ = ["job_place_spans"]

#: Job words and work verbs; the employer follows within two words ("works nights as a cna at").
_JOBS = frozenset(
    "works worked working employed employee employees coworker coworkers co-workers driver "
    "drivers trucker chef cook bartender server waitress waiter cna lpn emt paramedic medic "
    "firefighter fireman lineman guard deputy student teacher cashier mechanic welder machinist "
    "electrician plumber carpenter janitor custodian housekeeper foreman laborer dishwasher nanny "
    "stocker packer loader volunteer volunteers nurse owner".split())
_PREPS = frozenset(("at", "for", "with"))
#: Jobs whose employer may follow "for" or "with" too ("works for", "driver for ruan", "EMT WITH
#: PENDER VOLUNTEER FIRE"); after the others only "at" ("cna with bath", "nurse for break coverage").
_WIDE_JOBS = frozenset(
    "works worked working employed employee employees volunteer volunteers driver drivers trucker "
    "emt medic paramedic".split())
#: Any job word before a space: most notes have none, and skip the token scan.
_ANY_JOB = re.compile(r"\b(?:" + "|".join(sorted(_JOBS, key=len, reverse=True)) + r")[ \t]")
#: Words between the job and its preposition ("works nights for", "works in construction for").
_BETWEEN = frozenset("nights days weekends part full time part-time full-time in construction "
                     "maintenance security there also still now currently as a an".split())
#: Kinds of place, which name no one place alone ("the plant", "the fire department").
_KINDS = frozenset(
    "plant factory warehouse mill mine farm ranch store shop restaurant diner bar pub cafe "
    "kitchen hotel motel office bank school college university academy high middle elementary "
    "hospital facility clinic center centre unit department dept station fire police sheriff "
    "county city state town local community public private national company co inc llc corp "
    "firm business site yard shipyard depot base church daycare home house program "
    "agency service services district airport port post club gym market grocery supermarket "
    "construction maintenance security delivery trucking paving roofing landscaping same "
    "family job jobs place area tech technical nursing medical regional general volunteer "
    "shelter transit disability developmental health care".split())
#: Words after the preposition that name no place.
_NOT_NAME = frozenset(
    "home night nights day days weekends weekend work times shift shifts bedside baseline rest "
    "least first last now present moment this that these those his her their my your its our "
    "him them me us you it he she they family friends friend pt patient least once years "
    "months weeks hours time next week month year tomorrow today tonight morning evening "
    "afternoon upload review recognition".split())
#: What ends the name: a stop, a comma, a bracket, a dash, a line end, or a clause word.
_END = re.compile(
    r"[ \t]*(?:[.,;:)(\n?!]|[-\u2013\u2014][ \t]|$|(?i:and[ \t]+(?:is|was|has|had|he|she|they|"
    r"asked|asks|wants|worried|states|said|says|reports|will|would|can|cannot|knows|needs|"
    r"plans|hopes|concerned|wife|husband)|since|x[ \t]*\d|for[ \t]+\d|for[ \t]+(?:the[ \t]+)?"
    r"(?:past|last)|who|which|where|but|so|until|when|because|per)\b)")
_AND_WORD = re.compile(r"[ \t]+(?i:and|&)[ \t]+([a-zA-Z]+)")


def _plain(k: str, lex: Lexicon) -> bool:
    """A function, clinical or time word, or a state: no word of a name here."""
    return (k in FUNCTION_WORDS or k in _NOT_NAME or (len(k) > 1 and lex.is_medical(k) and k not in _KINDS)
            or k in lex.states)


def _name(text: str, toks: list[Token], i: int, lex: Lexicon) -> int:
    """The index after the employer's words starting at ``i``, or ``i`` when they are none."""
    j = i
    while j < len(toks) and j - i < 4:
        t = toks[j]
        if not t.text.replace("'", "").replace("-", "").isalpha() or _plain(t.key, lex):
            return i
        j += 1
        if j < len(toks) and text[t.end:toks[j].start] not in (" ", "'s "):
            break
        if _END.match(text, t.end):
            break
        m = _AND_WORD.match(text, t.end)  # "denton tire and lube -"
        if m is not None and j + 1 < len(toks) and toks[j + 1].start == m.start(1) \
                and not _plain(toks[j + 1].key, lex) and _END.match(text, toks[j + 1].end) \
                and not text[toks[j + 1].end:toks[j + 1].end + 6].lstrip().lower().startswith("and"):
            return j + 2
    if j == i or not _END.match(text, toks[j - 1].end):
        return i
    return j


def job_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the employers of the module docstring."""
    low = text.lower()
    if (" at " not in low and " for " not in low and " with " not in low) or _ANY_JOB.search(low) is None:
        return []
    toks = tokenize(text)
    lines = NoteLines(text)
    out: list[Span] = []
    for k, t in enumerate(toks):
        if t.key not in _JOBS:
            continue
        p = k + 1
        while p < len(toks) and p - k <= 3 and toks[p].key in _BETWEEN:
            p += 1
        if p >= len(toks) - 1 or toks[p].key not in _PREPS or "\n" in text[t.end:toks[p + 1].start]:
            continue
        if toks[p].key != "at" and t.key not in _WIDE_JOBS:
            continue  # "NURSE WITH QUESTIONS ABOUT DRIP", "cna with bath": no employer
        i = p + 1 + (toks[p + 1].key == "the")
        if i >= len(toks) or toks[i].key in ("a", "an") or not lines.without_case(t.start) \
                or text[toks[p].end:toks[i].start].lower() not in (" ", " the "):
            continue  # only a space or "the" between: not "nurse at 1330. paperwork"
        j = _name(text, toks, i, lex)
        if j == i:
            continue
        keys = [x.key for x in toks[i:j]]
        if all(x in _KINDS or x in ("and", "&") for x in keys):
            continue
        one = len(keys) == 1 and (keys[0] not in lex.last_names or keys[0] in lex.common_words)
        if keys[0] in lex.first_names and (one or len(keys) == 2 and keys[1] in lex.last_names):
            continue  # "works with john", "works with dave smith": a person, the name rules'
        out.append(Span(toks[i].start, toks[j - 1].end, "LOCATION", "places", 0.7))
    return out
