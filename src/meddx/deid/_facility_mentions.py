"""Facility names as clinicians write them in passing, with no facility word (session 9, deidhosp).

* **"the VA" after a preposition**: "gets his meds at the VA", "goes to the va", "records from
  the V.A."; "the U" in capitals ("can come to the U for ortho"). Not "the VA was 20/40" (visual
  acuity, no preposition), "in the VA" (a change in acuity), "to the VA of 20/40".
* **A saint's possessive**: "ST JOE'S", "St. V's", "st e's", "Saint Luke's": a hospital (or a
  parish, also PHI) in any case; not "St. John's wort", "St. Anthony's fire", "St. Vitus' dance".
* **A name before a department or service**: "Presby's cath lab", "Good Shepherd step-down",
  "Thunderbird micro", "Gosnold intake", "KU Med MICU", "Community Bridges detox",
  "Valleywise behavioral": a listed short name (``us_hospitals_cued.txt``, ``care_brands.txt``)
  in any case, or, in a mixed-case note, one to three capitalised words inside a sentence with
  one that is no dictionary or clinical word (or a possessive, or after "at" / "from" / "to").
  Not "Neuro ICU", "the Cardiology clinic", "Foley cath".
* **A listed short name right after "at" / "from" with no cue**: "Holter from Lahey", "s/p
  Whipple at Mayo", capitalised in a mixed-case note, ending the clause; not "from mercy" in
  lower case (that needs the care cues of ``_facility_cues``), not "Mayo stand".
* **A facility named again**: one or two title-case words of a facility span of two words or
  more found in the note
  ("Sunrise of Elm Grove ... prefers Sunrise", "Advocate Good Shepherd ... at Good Shepherd",
  "Banner Thunderbird ... call Thunderbird"): the name without a leading brand and without its
  branch, again capitalised inside a sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache

from meddx.deid._facility_cues import listed_cued_length, mixed_case, unknown_word
from meddx.deid._lexicon import Lexicon, _lines
from meddx.deid._place_words import GENERIC_WORDS, RESIDENCE_KINDS, TAIL_WORDS, care_kinds_rx
from meddx.deid._span import Span
from meddx.deid._span_index import SpanIndex
from meddx.deid._tokens import (
    FUNCTION_WORDS,
    Token,
    followed_by_head_noun,
    token_keys,
    tokenize,
    upper_indices,
)

__all__ = ["mention_spans"]

_THE_VA = re.compile(
    r"\b(?i:at|to|from|thru|through|via|by|with|per|into|between)[ \t]+(?i:the)[ \t]+"
    r"((?i:va|v\.a\.|vamc)|U)(?![\w/.=:'\u2019-])(?![ \t]*(?:of|\d|=|is|was|:|OD|OS|OU)\b)")
#: What every ``_THE_VA`` match holds, in the lower-cased text of an ASCII note: a cheap test
#: (a literal head) before the scan from every preposition.
_THE_VA_GATE = re.compile(r"the[ \t]+(?:va|v\.a\.|vamc|u)(?![\w/.=:'-])")
_SAINT = re.compile(
    r"(?<![\w.])(?:[Ss]t|ST|[Ss]aint|SAINT)\.?[ \t]+([A-Za-z][a-z]*|[A-Z]+)['\u2019][sS]\b"
    r"(?![ \t]+(?i:wort|fire|dance|disease|day|eve|church|parish\s+church)\b)")
#: Departments, services and papers after a facility's short name: "X cath lab", "X ED".
_DEPTS = frozenset(
    "ed er icu micu sicu ccu nicu picu cvicu tcu pacu cath lab labs micro microbiology intake "
    "admitting transfer step-down stepdown behavioral psych detox crisis er's ed's icu's records "
    "radiology imaging oncology neuro-oncology infusion dialysis ortho orthopedics cardiology "
    "neurosurgery neurology trauma burn nursery pharmacy ob l&d emergency pathology "
    "urgent".split())
#: Of those, the ones a hospital has and a clinic has not ("Presby ED called", not "Outpt psych").
_PLACE_DEPTS = frozenset("ed er icu micu sicu ccu nicu picu cvicu tcu pacu cath micro microbiology "
                         "intake admitting transfer step-down stepdown er's ed's icu's".split())
#: Two-word departments whose first word alone is too common: "cath lab", "transfer center".
_DEPT_PAIRS = {"cath": "lab", "transfer": "center", "crisis": "center", "urgent": "care",
               "infusion": "center", "step": "down"}
_PREP_BEFORE = frozenset(("at", "from", "to", "into", "via", "per"))
#: After a listed name with no cue: the clause ends, or a lower-case word follows ("Holter from
#: Lahey showed"); not a capitalised one ("from Mercy Street").
_CLAUSE_AFTER = re.compile(r"['\u2019]?s?(?:[ \t]*(?:[.,;:)(]|\n|$|\d)|[ \t]+[a-z])")


def _dept_at(toks: list[Token], j: int) -> bool:
    """Whether a department or service starts at token j ("ED", "cath lab", "step-down")."""
    if j >= len(toks):
        return False
    k = toks[j].key
    if k not in _DEPTS:
        return False
    pair = _DEPT_PAIRS.get(k)
    return pair is None or j + 1 < len(toks) and toks[j + 1].key == pair


#: Adjectives of a service, never a facility's name: "Pediatric Cardiology", "Interventional
#: Radiology", "Adult ICU".
_SERVICE_WORDS = frozenset(
    "pediatric paediatric adult interventional behavioral surgical cardiac thoracic plastic "
    "nuclear diagnostic emergency critical neonatal geriatric sports child adolescent invasive "
    "transplant vascular women's womens men's acute chronic outpatient inpatient".split())


def _plain(t: Token, lex: Lexicon) -> bool:
    k = t.key
    return k in FUNCTION_WORDS or k in GENERIC_WORDS or k in _SERVICE_WORDS or lex.is_medical(k) \
        or k in lex.states


def _sentence_start(text: str, t: Token) -> bool:
    head = text[:t.start].rstrip(" \t\"'(")
    return not head or head[-1] in ".!?:\n-*#"


def _before_departments(text: str, toks: list[Token], lex: Lexicon, mixed: bool,
                        out: list[Span]) -> None:
    keys = token_keys(toks)
    for c in [n for n, k in enumerate(keys) if n and k in _DEPTS]:
        if not _dept_at(toks, c):
            continue
        last = toks[c - 1]
        gap = text[last.end:toks[c].start]
        if gap not in (" ", "'s ", "\u2019s ", "'S ", "-") or (mixed and _dept_at(toks, c - 1)):
            continue
        for n in (3, 2, 1):  # a listed short name in any case: "good sam er", "MERCY ICU"
            s = c - n
            if s >= 0 and listed_cued_length(keys, s) == n and (s == 0 or keys[s - 1] != "of") \
                    and not followed_by_head_noun(text, toks[c - 1].end):
                out.append(Span(toks[s].start, last.end, "HOSPITAL", "places", 0.7))
                break
        else:
            if not mixed:
                continue
            s = c - 1
            while s > 0 and c - s < 3 and toks[s - 1].cap and keys[s - 1] not in FUNCTION_WORDS \
                    and text[toks[s - 1].end:toks[s].start] == " ":
                s -= 1
            words = toks[s:c]
            if not all(w.cap for w in words) or _sentence_start(text, words[0]) and s == c - 1 \
                    and not (unknown_word(words[0], lex) and toks[c].key in _PLACE_DEPTS):
                continue  # "Cardiac ICU", but "Presby ED called back"
            if " ".join(w.key for w in words) in lex.cities:
                continue  # "four Los Angeles trauma centers": the towns rules'
            prep = s > 0 and keys[s - 1] in _PREP_BEFORE
            named = [w for w in words if not _plain(w, lex)]
            if not named or any(w.key in lex.first_names and w.key not in lex.last_names
                                and len(words) == 1 for w in words):
                continue  # "Neuro ICU", "Cardiology clinic"; "Barb ICU" is a person's
            if prep or gap != " " or any(unknown_word(w, lex) for w in named):
                out.append(Span(words[0].start, last.end, "HOSPITAL", "places", 0.65))


_STATE_AFTER = re.compile(r",?[ \t]*(?:[A-Z]{2}\b|(?:Mass|Calif|Penn|Wash|Mich|Ohio|Texas|Florida)\b)")
#: Words before "at" / "from" that make the name a town or an employer, not a place of care.
_NOT_CARE_BEFORE = frozenset(
    "works worked working work employed job shops shopped shopping cashier greeter clerk moved "
    "lives lived living resides relocated born grew originally comes came retired graduated "
    "drove driving visiting vacation".split())


def _listed_after_prep(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    keys = token_keys(toks)
    for p in [n for n, k in enumerate(keys[:-1]) if k in ("at", "from")]:
        i = p + 1
        t = toks[i]
        if not t.cap or t.upper or text[toks[p].end:t.start] != " ":
            continue
        n = listed_cued_length(keys, i)
        if not n or not all(x.cap for x in toks[i:i + n]) or " ".join(keys[i:i + n]) in lex.cities:
            continue  # "(by phone from Atlanta)": a town, the towns rules'
        end = toks[i + n - 1].end
        if followed_by_head_noun(text, end) or not _CLAUSE_AFTER.match(text, end) \
                or _STATE_AFTER.match(text, end) or p and keys[p - 1] in _NOT_CARE_BEFORE:
            continue  # "moved from Erie, PA", "works at Walmart": a town, an employer
        out.append(Span(t.start, end, "HOSPITAL", "places", 0.65))


def _named_again(text: str, toks: list[Token], lex: Lexicon, spans: Sequence[Span],
                 out: list[Span]) -> None:
    forms: set[tuple[str, ...]] = set()
    for s in spans:
        if s.label != "HOSPITAL" or s.end - s.start > 60:
            continue
        a = _token_at(toks, s.start)
        if a is None:
            continue
        words = []
        while a + len(words) < len(toks) and toks[a + len(words)].start < s.end:
            words.append(toks[a + len(words)])  # no copy of the tail of toks: linear in a note
        cut = next((n for n, w in enumerate(words) if n and w.key in ("of", "at")), len(words))
        words = words[:cut]
        while words and (words[-1].key in TAIL_WORDS or words[-1].key in _INSTITUTE_WORDS):
            words = words[:-1]  # "Barrow Neurological Institute" -> "Barrow"
        if not words or not all(w.cap and not w.upper for w in words):
            continue
        # the name itself when the span had more words ("Lahey" of "Lahey Hospital"), and the
        # name without a leading brand ("Advocate Good Shepherd" -> "Good Shepherd") only when
        # it is a listed name or a word no dictionary knows (not "Internal Medicine")
        head = a + len(words) < len(toks) and toks[a + len(words)].start < s.end
        if not head and len(words) == 1:
            continue  # a one-word span: the de-identifier's consistency pass repeats it
        tails = [(words, head)] + ([(words[1:], False)] if len(words) >= 2 else [])
        for w, named in tails:
            keys_w = [x.key for x in w]
            if 1 <= len(w) <= 2 and len(w[-1].key) >= 4 and not all(_plain(x, lex) for x in w) and (
                    named or listed_cued_length(keys_w, 0) == len(w)
                    or any(unknown_word(x, lex) for x in w)):
                forms.add(tuple(keys_w))
    if not forms:
        return
    keys = token_keys(toks)
    taken = SpanIndex(spans)  # n log n in a note with thousands of mentions (session 20)
    firsts = {f[0] for f in forms}
    for i in [m for m, k in enumerate(keys) if k in firsts]:
        for form in [f for f in forms if f[0] == keys[i]]:
            n = len(form)
            if taken.overlaps(toks[i].start, toks[i].end):
                continue  # the first mention itself, or a span of another rule
            if tuple(keys[i:i + n]) == form and all(t.cap for t in toks[i:i + n]) \
                    and not followed_by_head_noun(text, toks[i + n - 1].end) \
                    and (not _sentence_start(text, toks[i]) or n > 1 or unknown_word(toks[i], lex)):
                out.append(Span(toks[i].start, toks[i + n - 1].end, "HOSPITAL", "places", 0.65))


def _token_at(toks: list[Token], start: int) -> int | None:
    """The index of the token starting at ``start`` (None: none)."""
    i = bisect.bisect_left(toks, start, key=lambda t: t.start)
    return i if i < len(toks) and toks[i].start == start else None


_AND = re.compile(r"\b(?:and|or)\b|&")
_TIMES_AND = re.compile(r"[ \t]+x\d+[ \t]+(?:and|or)[ \t]+")  # "butler hospital x2 and bradley"
_LIST_GAP = re.compile(r"(?:[ \t]*[,/;][ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+)")


def _list_after(text: str, toks: list[Token], spans: Sequence[Span], out: list[Span]) -> None:
    """ "Spaulding, Encompass Braintree, and Whittier", "butler hospital x2 and bradley": a listed
    short name after a facility span and a list's comma or "and", in the facility's case."""
    keys: list[str] = []
    towns = {s.start for s in spans if s.label != "HOSPITAL"}  # "Mercy Hospital, Boston"
    for s in spans:
        if s.label not in ("HOSPITAL", "LOCATION"):
            continue
        m = _LIST_GAP.match(text, s.end) or _TIMES_AND.match(text, s.end)
        if m is not None and s.label == "LOCATION" and not _AND.search(m.group()):
            continue  # "(Route 114, Wendham)": an address; "Braintree, and Whittier" is a list
        while m is not None and (i := _token_at(toks, m.end())) is not None:
            keys = keys or token_keys(toks)
            n = listed_cued_length(keys, i)
            if not n or followed_by_head_noun(text, toks[i + n - 1].end) or toks[i].start in towns:
                break
            if toks[i].cap != text[s.start].isupper():
                break  # "Mercy and summit": not a list of names
            end = toks[i + n - 1].end
            out.append(Span(toks[i].start, end, "HOSPITAL", "places", 0.65))
            m = _LIST_GAP.match(text, end)


#: A named institute of care: "Barrow Neurological Institute", "Huntsman Cancer Institute".
_INSTITUTE = re.compile(
    r"\b((?:[A-Z][a-z'-]+[ \t]){1,2})(?:Neurological|Neuroscience|Cancer|Heart|Eye|Kidney|Diabetes|"
    r"Orthop(?:a)?edic|Spine|Vascular|Behavioral|Cardiovascular|Transplant|Rehabilitation|"
    r"Children's|Women's)[ \t]+Institute\b")
_INSTITUTE_WORDS = frozenset(
    "institute neurological neuroscience cancer heart eye kidney diabetes orthopedic orthopaedic "
    "spine vascular behavioral cardiovascular transplant children's women's".split())
_NOT_INSTITUTE = frozenset("national american international european the for of research".split())


_ONE_BLANK = r"[ \t]"  # one blank inside a kind of care ("memory care"), as the rule read it
#: "previously at cedar crest rehab", "from Maple Grove SNF": a residence's name (two words,
#: the last a place word) after a preposition and before a kind of care, in any case.
_RESIDENCE = re.compile(
    r"\b(?i:at|from|to)[ \t]+((?i:[a-z]{3,}[ \t](?:acres|grove|meadows|manor|village|gardens|"
    r"commons|pines|oaks|hill|hills|view|ridge|pointe|crossing|heights|glen|woods|estates|lodge|"
    r"springs|haven|terrace|crest|knoll|brook|hollow|shores|cove)))[ \t]+"
    rf"(?i:{care_kinds_rx(RESIDENCE_KINDS, sep=_ONE_BLANK)})\b")


#: A care cue, then a preposition, then the initials: "transferred from MCV", "seen at UVA ED".
_INITIALS_CUE = re.compile(
    r"(?i:\b(?:trans(?:ferred|fer|f)?|xfer(?:red)?|tx(?:ed|d)?|sent|came|admitted|admit|records?|"
    r"followed|seen|treated|went|goes|care|referred|referral|discharged|d/?c'?d|biba?|flown|"
    r"stay|stayed|hospitali[sz]ed|surgery|cath|f/?u|pcp|appt)\b[^\n.;]{0,30}?\b(?:from|to|at|via)[ \t]+"
    r"(?:the[ \t]+)?)$")
#: After the initials: not a value or a lab ("MCV 82", "MCV of 80", "MCV level").
_NOT_AFTER_INITIALS = re.compile(r"[ \t]*(?:[=:<>]|\d|of\b|level|value)")


_WHEN = frozenset("yesterday today tonight overnight last this earlier recently previously for in "
                  "on with after before and or".split())
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z-]*)")


@lru_cache(maxsize=1)
def _initials() -> frozenset[str]:
    return frozenset(_lines("hospital_initials.txt"))


def _listed_initials(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    """ "ADMITTED FROM CHOP", "records from UVA", "UCLA ED": a listed hospital's initials; not
    "sent from LAC repair", "transferred to MSK exam" (a clinical word after them)."""
    listed = _initials()
    uppers = upper_indices(toks)
    for t in map(toks.__getitem__, uppers):  # the cue only before a listed token in capitals
        if t.key not in listed or _NOT_AFTER_INITIALS.match(text, t.end):
            continue
        if _INITIALS_CUE.search(text[max(0, t.start - 60):t.start]) is None:
            continue
        nxt = _NEXT_WORD.match(text, t.end)
        if not (nxt and nxt.group(1).lower() not in _DEPTS | _WHEN
                and lex.is_medical(nxt.group(1).lower())):
            out.append(Span(t.start, t.end, "HOSPITAL", "places", 0.65))
    for n in uppers:
        t = toks[n]
        if n + 1 < len(toks) and t.key in listed and text[t.end:toks[n + 1].start] == " " \
                and toks[n + 1].key in _PLACE_DEPTS and _dept_at(toks, n + 1):
            out.append(Span(t.start, t.end, "HOSPITAL", "places", 0.65))


#: The gate of ``_RESIDENCE``: its kinds of care less those that hold another ("ltach").
_KIND_WORDS = tuple(sorted(k for k in RESIDENCE_KINDS
                           if not any(o != k and o in k for o in RESIDENCE_KINDS)))


def mention_spans(text: str, lex: Lexicon, spans: Sequence[Span] = ()) -> list[Span]:
    """Spans of the facility mentions described in the module docstring; ``spans`` are the
    places found so far (for the names named again)."""
    out: list[Span] = []
    low = text.lower()
    if "the" in low and (not text.isascii() or _THE_VA_GATE.search(low)):
        for m in _THE_VA.finditer(text):
            out.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.7))
    if "'" in text or "\u2019" in text:
        for m in _SAINT.finditer(text):
            out.append(Span(m.start(), m.end(), "HOSPITAL", "places", 0.7))
    kinds = any(k in low for k in _KIND_WORDS)
    for m in _RESIDENCE.finditer(text) if kinds else ():
        if m.group(1).split()[0].lower() not in FUNCTION_WORDS | GENERIC_WORDS:
            out.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.65))
    toks = tokenize(text)
    if not toks:
        return out
    mixed = mixed_case(toks)
    if text != low:  # a capital somewhere
        _listed_initials(text, toks, lex, out)
    _before_departments(text, toks, lex, mixed, out)
    _list_after(text, toks, [*spans, *out], out)
    if "Institute" in text:
        for m in _INSTITUTE.finditer(text):
            if m.group(1).split()[0].lower() not in _NOT_INSTITUTE:
                out.append(Span(m.start(), m.end(), "HOSPITAL", "places", 0.7))
    if mixed:
        _listed_after_prep(text, toks, lex, out)
        _named_again(text, toks, lex, [*spans, *out], out)
    return out
