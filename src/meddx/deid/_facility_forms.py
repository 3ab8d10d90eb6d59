"""Facility names told by what stands around them (the cue rules are ``_facility_cues``'s).

* **A name before a kind of care**: "the Meadows assisted living", "Brightview memory care",
  "KINDRED LTACH", "Accredo specialty pharmacy", "Express Scripts mail order": capitalised
  words in a mixed-case note, a listed name or a word no dictionary knows in any case.
* **A listed short name before a department**: "Mercy ED", "LAHEY RECORDS".
* **A field label of a place of care**: "Disposition: Sunny Acres", "D/C to: Oak Knoll",
  "Sending facility: Mercy", "DISPOSITION: REHAB - SPAULDING"; not "Disposition: Home",
  "D/C to: rehab", "Referring hospital: OSH".
* **Named wards by a number and a side**: "Ellery 7 North", "finch 4 west"; not "Route 9
  North", "Floor 4 East".
* **Short forms and initials of a facility named in the note**: "SUNNY ACRES NURSING HOME ...
  BACK TO SUNNY ACRES", "Wingate at Needham. Wingate accepted", "Frisbie Memorial Hospital ...
  the FMH exam", "Arbour-HRI ... Arbour".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from meddx.deid._ascii import ascii_for
from meddx.deid._facility_cues import (
    cue_spans,
    listed_cued_length,
    mixed_case,
    one_name,
    unknown_key,
    unknown_word,
)
from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import (
    BRANCH_WORDS,
    GENERIC_WORDS,
    NAME_KINDS,
    ROLE_BEFORE_OF,
    TAIL_WORDS,
    care_kinds_rx,
)
from meddx.deid._span import Span
from meddx.deid._tokens import (
    FUNCTION_WORDS,
    Token,
    end_index,
    token_keys,
    token_starts,
    tokenize,
    upper_indices,
)

__all__ = ["facility_spans", "short_form_spans"]

#: Kinds of care a facility's name comes before: "Brightview memory care".
_KINDS = re.compile(rf"(?i)[ \t]+{care_kinds_rx(NAME_KINDS)}\b")
_WARD = re.compile(r"(?i)[ \t]+(\d{1,2})[ \t]*(north|south|east|west|[nsew])\b(?![/.]\w)")
#: starts only where a run of blanks starts (the match must begin at a token's end anyway):
#: linear on a long run of blanks before digits (session 15, third review)
_WARD_SIDE = re.compile(r"(?i)(?<![ \t])[ \t]+\d{1,2}[ \t]*(?:north|south|east|west|[nsew])\b")
_NOT_WARD = frozenset("route rt highway hwy interstate exit floor bed room rm level lead phase "
                      "stage grade class zone section".split())




def _before_kinds(text: str, toks: list[Token], lex: Lexicon, mixed: bool, out: list[Span]) -> None:
    """ "the Meadows assisted living", "Brightview memory care", "KINDRED LTACH"."""
    keys = token_keys(toks)
    for c in [n for n, k in enumerate(keys) if k in _KIND_FIRST and n]:
        k = c - 1
        if _KINDS.match(text, toks[k].end) is None or keys[k] in FUNCTION_WORDS:
            continue  # session 19: "hate a nursing home", "to the memory care" name no place
        first = k
        while first > 0 and k - first < 2 and text[toks[first - 1].end:toks[first].start] == " " \
                and toks[first - 1].cap == toks[k].cap and toks[first - 1].key not in FUNCTION_WORDS:
            first -= 1
        for s in range(first, k + 1):  # the longest name that ends at token k
            words = toks[s:k + 1]
            if words[0].key in GENERIC_WORDS or lex.is_medical(words[0].key):
                continue
            if any(_CONTRACTION.search(w.key) for w in words):
                continue  # session 19: "he'd hate a nursing home", "won't go to assisted living"
            the = s > 0 and keys[s - 1] == "the"
            inside = s > 0 and text[toks[s - 1].end:words[0].start] == " "
            titled = mixed and all(w.cap and not w.upper for w in words) and (
                the or (len(words) >= 2 and inside))  # not "Recommend SNF" at a sentence's start
            if mixed and not all(w.cap for w in words):
                continue  # "recommend short-term rehab"
            if listed_cued_length(keys, s) == len(words) or titled \
                    or any(unknown_word(w, lex) and w.key not in GENERIC_WORDS for w in words):
                out.append(Span(words[0].start, words[-1].end, "HOSPITAL", "places", 0.7))
                break


_KIND_FIRST = frozenset(k.split()[0] for k in NAME_KINDS)
#: a pronoun's or verb's contraction: no word of a facility's name ("he'd", "won't", "i'm")
_CONTRACTION = re.compile(r"['\u2019](?:d|ll|re|ve|m|t)$|n['\u2019]t$")


def _wards(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    """ "Ellery 7 North", "finch 4 west"."""
    ends = end_index(toks)
    for m in ascii_for(_WARD_SIDE, text).finditer(text):
        i = ends.get(m.start())
        if i is None:
            continue
        t = toks[i]
        m = _WARD.match(text, t.end)
        if m is None or t.key in _NOT_WARD or len(t.key) < 3 or t.key in FUNCTION_WORDS:
            continue
        if lex.is_medical(t.key) or t.key in lex.common_words and t.key not in lex.last_names \
                or t.key in lex.states or t.key in lex.first_names and t.key not in lex.last_names:
            continue
        if t.cap or t.key == t.text:
            out.append(Span(t.start, m.end(), "HOSPITAL", "places", 0.7))


#: Field labels whose value is a place of care: "Disposition: Sunny Acres", "D/C to: Oak Knoll",
#: "Sending facility: Mercy", "Agency: Bayada".
_FIELD_HEADS = frozenset("disposition dispo facility hospital institution agency vna hospice snf "
                         "rehab ltach to".split())
_TO_FIELD = frozenset("c dc discharge discharged transfer transferred dispo".split())
_FIELD_LINK = re.compile(r"[ \t]*(?::|-{1,2}|\u2013)[ \t]*")
#: Field values that name no facility.
_FIELD_STOP = frozenset("home expired deceased died rehab snf ltach hospice osh none self same ama "
                        "morgue shelter jail unknown pending other floor icu".split())


#: Departments and papers a hospital's short name comes before: "Mercy ED", "Lahey records".
_DEPARTMENTS = frozenset("ed er ep records radiology imaging cardiology pathology neurology oncology "
                         "clinic lab labs ob nursery icu micu ccu sicu dialysis emergency paperwork "
                         "chart notes endocrinology endocrine urology gastroenterology pulmonary "
                         "pulmonology nephrology dermatology orthopedics orthopaedics rheumatology "
                         "psychiatry pediatrics endoscopy obstetrics gynecology hematology".split())


def _before_departments(text: str, toks: list[Token], out: list[Span]) -> None:
    """ "Mercy ED", "LAHEY RECORDS", "good sam er": a listed short name before a department."""
    keys = token_keys(toks)
    for c in [n for n, k in enumerate(keys) if k in _DEPARTMENTS and n]:
        for n in (3, 2, 1):
            s = c - n
            if s >= 0 and text[toks[c - 1].end:toks[c].start] == " " \
                    and listed_cued_length(keys, s) == n and (s == 0 or keys[s - 1] != "of"):
                out.append(Span(toks[s].start, toks[c - 1].end, "HOSPITAL", "places", 0.7))
                break


def _fields(text: str, toks: list[Token], lex: Lexicon, mixed: bool, out: list[Span]) -> None:
    keys = token_keys(toks)
    for k in [n for n, key in enumerate(keys[:-1]) if key in _FIELD_HEADS]:
        t = toks[k]
        if t.key == "to" and (k == 0 or keys[k - 1] not in _TO_FIELD):
            continue
        m = _FIELD_LINK.match(text, t.end)
        i = k + 1
        if m is None or m.end() != toks[i].start or "\n" in text[t.end:toks[i].start] \
                or keys[i] in _FIELD_STOP or keys[i] in FUNCTION_WORDS:
            continue
        if text[t.end:m.end()].strip() != ":" and t.key not in ("disposition", "dispo", "rehab",
                                                                 "snf", "ltach", "hospice"):
            continue  # "-" links only after a kind of care: "REHAB - SPAULDING"
        end = one_name(text, toks, keys, i, lex, mixed)
        if end > i:
            out.append(Span(toks[i].start, toks[end - 1].end, "HOSPITAL", "places", 0.7))


def facility_spans(text: str, lex: Lexicon, found: Sequence[Span] = ()) -> list[Span]:
    """Spans of the names described in this module's and ``_facility_cues``'s docstrings, but
    for those inside a span of another label in ``found`` (a town told by its own rules:
    "moved from Tucson")."""
    toks = tokenize(text)
    out: list[Span] = []
    if not toks:
        return out
    mixed = mixed_case(toks)
    out += cue_spans(text, toks, lex, mixed)
    _before_kinds(text, toks, lex, mixed, out)
    _before_departments(text, toks, out)
    if ":" in text or "-" in text:
        _fields(text, toks, lex, mixed, out)
    if any(c.isdigit() for c in text):
        _wards(text, toks, lex, out)
    others = [s for s in found if s.label != "HOSPITAL"]
    return [s for s in out if not any(o.start <= s.start and s.end <= o.end for o in others)]


def _short_form(words: list[Token]) -> list[Token]:
    """The words a facility's name is also known by, alone: the name without a leading "the",
    a branch ("Wingate at Needham") and its facility words ("Sunny Acres Nursing Home")."""
    while words and words[0].key == "the":
        words = words[1:]
    if len(words) > 2 and words[0].key in ROLE_BEFORE_OF and words[1].key == "of":
        words = words[2:]  # "RESIDENT OF SUNNY ACRES NURSING HOME"
    cut = next((n for n, w in enumerate(words) if w.key in BRANCH_WORDS and n), len(words))
    words = words[:cut]
    while words and words[-1].key in TAIL_WORDS:
        words = words[:-1]
    return words


def short_form_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """Other mentions of a facility named in the note by its short form or its initials: "SUNNY
    ACRES NURSING HOME ... CALLED SUNNY ACRES", "Wingate at Needham. Wingate accepted",
    "Frisbie Memorial Hospital ... the FMH exam". A short form of one word must be no
    dictionary word of four letters or more; initials need three letters, in capitals."""
    out: list[Span] = []
    forms: set[str] = set()
    inits: set[str] = set()
    hospitals = [s for s in spans if s.label == "HOSPITAL" and s.end - s.start <= 80]
    if not hospitals:
        return out
    toks = tokenize(text)  # the note's own (cached) tokens: no tokenize() of pieces of it
    starts = token_starts(toks)
    for s in hospitals:
        a = bisect.bisect_left(starts, s.start)
        words = [t for t in toks[a:bisect.bisect_left(starts, s.end, a)] if t.key != "the"]
        short = _short_form(words)
        if any(t.key in GENERIC_WORDS or lex.is_medical(t.key) for t in short):
            short = []  # "Surgical Day (Care Centre)", "Senior Living"
        if short and short != words and (len(short) >= 2 or unknown_word(short[0], lex)):
            forms.add(" ".join(t.key for t in short))
        elif len(words) == 1 and "-" in words[0].key:  # "Arbour-HRI" ... "Arbour"
            part = words[0].key.split("-")[0]
            if len(part) >= 4 and unknown_key(part, lex):
                forms.add(part)
        heads = [t.key[0] for t in words if t.key not in ("of", "and", "for", "at", "on")]
        if len(heads) >= 3 and all(t.cap for t in words if t.key not in ("of", "and", "for")):
            inits.add("".join(heads).upper())
    if not forms and not inits:
        return out
    keys = token_keys(toks)
    # where each form's first word stands, from one pass over the words (not one pass per
    # form: a long line naming many facilities was quadratic; session 28, lin28)
    firsts = {form.split()[0] for form in forms}
    at: dict[str, list[int]] = {}
    for n, k in enumerate(keys):
        if k in firsts:
            at.setdefault(k, []).append(n)
    for form in forms:
        parts = form.split()
        for i in at.get(parts[0], ()):
            if keys[i:i + len(parts)] == parts:
                out.append(Span(toks[i].start, toks[i + len(parts) - 1].end, "HOSPITAL", "places", 0.7))
    for t in map(toks.__getitem__, upper_indices(toks)):
        if t.text in inits and not lex.is_medical(t.key, abbreviations=False):
            out.append(Span(t.start, t.end, "HOSPITAL", "places", 0.7))
    return out
