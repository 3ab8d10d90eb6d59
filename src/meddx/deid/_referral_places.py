"""Places of PHI-sparse unit notes that the other place rules miss (session 20, deidrec20): how
nurses and case managers write where a patient goes next, where a transfer came from and where
a patient works.

* **A post-acute chain after a discharge cue**: a listed LTACH, rehabilitation, hospice,
  home-health, infusion or equipment chain (``resources/care_brands.txt`` and
  ``resources/post_acute_chains.txt``, both written from general knowledge of US companies, no
  note's surface) with a discharge cue ("ltach", "rehab", "snf", "referral", "placement", "bed
  offer", "hospice", "infusion", "dme", "dispo") before it in the same sentence: "ltach referral
  (Kindred vs Vibra)", "REHAB REFERRAL (ENCOMPASS OR SNF)". A chain whose words are all English
  words ("Encompass", "Select Specialty", "Seasons") must stand as a choice: after "(", "vs",
  "or", ",", "/" or ":" ("rehab goals to encompass ADLs" stays).
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
* **A bed offer**: "bed offer from Oak Terrace", "accepted at Maple Manor": title-case words
  after "offer from", "accepted at/to/by" ending the clause in a mixed-case note, one of them
  no generic or clinical word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import Lexicon, _lines
from meddx.deid._place_words import GENERIC_WORDS, STATE_CODES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, token_keys, tokenize

__all__ = ["referral_place_spans"]

#: Discharge and placement cues: a listed chain after one of these in the sentence is a place.
_CUE = re.compile(
    r"(?i)\b(?:ltach?s?|ltc|rehabs?|irf|ipr|snfs?|referrals?|referred|placement|placed|offers?|"
    r"accept(?:ed|ing|ance)|hospice|home[ \t]+health|infusion|dme|vna|dispo(?:sition)?|"
    r"careport|facilit(?:y|ies)|d/?c(?:'?d)?[ \t]+to|discharg(?:e|ed|ing)[ \t]+to|"
    r"transfer(?:red)?[ \t]+to|sent[ \t]+to|agency|equipment|oxygen|o2|vent(?:ilator)?[ \t]+supplier)\b")
#: What stands right before a chain written as a choice: "(Kindred vs Vibra)", "ENCOMPASS OR SNF".
_CHOICE_BEFORE = re.compile(r"(?:\(|\bvs\.?|\bversus|\bor|,|/|:|\band)[ \t\n]*$", re.IGNORECASE)
_CHOICE_AFTER = re.compile(r"[ \t\n]*(?:\)|\bvs\b|\bversus\b|\bor\b|/|,)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?:[.;!?][ \t]|\n[ \t]*\n)")


@lru_cache(maxsize=1)
def _chains() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the listed chains' word keys, longest first."""
    by_first: dict[str, set[tuple[str, ...]]] = {}
    for line in _lines("care_brands.txt") + _lines("post_acute_chains.txt"):
        keys = tuple(t.key for t in tokenize(line))
        if keys:
            by_first.setdefault(keys[0], set()).add(keys)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


def _chain_length(keys: list[str], i: int) -> int:
    for names in _chains().get(keys[i], ()):
        if tuple(keys[i:i + len(names)]) == names:
            return len(names)
    return 0


def _cued(text: str, start: int) -> bool:
    """A discharge cue before ``start`` in its sentence (at most 100 characters back)."""
    window = text[max(0, start - 100):start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        window = window[ends[-1].end():]
    return _CUE.search(window) is not None


def _chain_spans(text: str, toks: list[Token], keys: list[str], lex: Lexicon, out: list[Span]) -> None:
    i = 0
    while i < len(toks):
        n = _chain_length(keys, i) if keys[i] in _chains() else 0
        if n == 0:
            i += 1
            continue
        words = toks[i:i + n]
        start, end = words[0].start, words[-1].end
        if any(text[a.end:b.start] not in (" ", " & ", "-") for a, b in zip(words, words[1:])) \
                or i and text[toks[i - 1].end:start] in ("-", "'") \
                or not _cued(text, start):
            i += 1
            continue
        plain = all(w.key in lex.common_words or w.key in FUNCTION_WORDS or lex.is_medical(w.key)
                    or w.key in lex.first_names for w in words)
        if plain and not (_CHOICE_BEFORE.search(text[max(0, start - 12):start])
                          or _CHOICE_AFTER.match(text, end)):
            i += n
            continue  # "rehab goals to encompass ADLs": an English word, no choice
        out.append(Span(start, end, "HOSPITAL", "places", 0.7))
        i += n


#: Tails of care companies (two words each, lower case).
_TAILS = frozenset((("home", "infusion"), ("home", "health"), ("home", "healthcare"),
                    ("home", "care"), ("infusion", "services"), ("infusion", "pharmacy"),
                    ("medical", "supply"), ("medical", "supplies"), ("medical", "equipment"),
                    ("respiratory", "services"), ("oxygen", "services")))


def _tail_spans(toks: list[Token], keys: list[str], text: str, lex: Lexicon, out: list[Span]) -> None:
    for j in range(1, len(toks) - 1):
        if (keys[j], keys[j + 1]) not in _TAILS or not (toks[j].cap and toks[j + 1].cap) \
                or toks[j].upper or text[toks[j].end:toks[j + 1].start] != " ":
            continue
        i = j
        while i > 0 and j - i < 3 and toks[i - 1].cap and not toks[i - 1].upper \
                and text[toks[i - 1].end:toks[i].start] in (" ", "-") and toks[i - 1].key not in FUNCTION_WORDS:
            i -= 1
        names = [t.key for t in toks[i:j]]
        if not names or all(k in GENERIC_WORDS or lex.is_medical(k) or k in lex.states for k in names):
            continue  # "Outpatient Home Infusion", "Home Health": no name before the tail
        out.append(Span(toks[i].start, toks[j + 1].end, "HOSPITAL", "places", 0.7))


_TOWN = r"([A-Za-z][A-Za-z'.-]+(?:[ \t][A-Za-z][A-Za-z'.-]+){0,2})"
_FACILITY_TOWN = re.compile(
    r"\((?:the[ \t]+)?(?:(?:referring|outside|sending|transferring|local|home|critical[ \t]+access|"
    r"community|rural)[ \t\n]+)?(?:hospital|hosp|facility|osh|cah|ed|er)[ \t\n]*,[ \t\n]*" + _TOWN
    + r"(?:,[ \t]*[A-Za-z]{2})?[ \t]*\)", re.IGNORECASE)
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
        if _town(m.group(1), lex):
            out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.7))
    for s in spans:
        if s.label != "HOSPITAL" or "(" not in text[s.end:s.end + 3]:
            continue
        m = _BRACKET_TOWN.match(text, s.end)
        if m is not None and _town(m.group(1), lex):
            out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.7))


#: "works as a bus driver for", "line cook at": a job of one to three words, then at/for.
_JOB = re.compile(r"(?i)\b(?:works?|worked|working|employed|job)[ \t]+(?:as[ \t]+(?:an?[ \t]+)?)?"
                  r"(?:[a-z][a-z'-]*[ \t]+){0,3}?(?:at|for|with)[ \t\n]+(?:the[ \t]+)?")
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
    starts = {t.start: n for n, t in enumerate(toks)}
    for m in _JOB.finditer(text):
        i = starts.get(m.end())
        if i is None:
            continue
        j = i
        while j < len(toks) and j - i < 4 and (j == i or text[toks[j - 1].end:toks[j].start] in _GAPS):
            if keys[j] in FUNCTION_WORDS and keys[j] not in ("of",) or mixed and not toks[j].cap:
                break
            j += 1
        while j > i and keys[j - 1] == "of":
            j -= 1
        if j == i or keys[i] in _NOT_EMPLOYER:
            continue
        named = [k for k in keys[i:j] if k not in GENERIC_WORDS and not lex.is_medical(k)
                 and k not in lex.states]
        if keys[j - 1] in _EMPLOYER_ENDS and named and (mixed or j - i >= 2) \
                or mixed and named and all(t.cap and not t.upper or t.key in _EMPLOYER_ENDS for t in toks[i:j]) \
                and any(k not in lex.common_words for k in named):
            out.append(Span(toks[i].start, toks[j - 1].end, "LOCATION", "places", 0.7))


_OFFER = re.compile(r"(?i)\b(?:(?:bed[ \t]+)?offers?[ \t]+(?:from|at)|accepted[ \t]+(?:at|to|by)|"
                    r"accepting[ \t]+facility:?)[ \t]+(?:the[ \t]+)?")
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;:)(\n]|$|(?:likely|for|pending|on|in|is|was|if|but|and|"
                         r"vs|versus|or|today|tomorrow|tonight|once|when|after)\b)", re.IGNORECASE)


def _offer_spans(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    starts = {t.start: n for n, t in enumerate(toks)}
    for m in _OFFER.finditer(text):
        i = starts.get(m.end())
        if i is None:
            continue
        j = i
        while j < len(toks) and j - i < 3 and toks[j].cap and not toks[j].upper \
                and (j == i or text[toks[j - 1].end:toks[j].start] == " ") \
                and toks[j].key not in FUNCTION_WORDS:
            j += 1
        if j == i or not _CLAUSE_END.match(text, toks[j - 1].end):
            continue
        if all(t.key in GENERIC_WORDS or lex.is_medical(t.key) or t.key in lex.states
               or t.key in ("rehab", "snf", "ltach", "hospice") for t in toks[i:j]):
            continue  # "accepted to Rehab", "offer from Home Health"
        out.append(Span(toks[i].start, toks[j - 1].end, "HOSPITAL", "places", 0.7))


def _mixed(toks: list[Token]) -> bool:
    """Lower-case words and title-case words both: capitals tell names here."""
    lower = sum(1 for t in toks if t.text.islower())
    title = sum(1 for t in toks if t.cap and not t.upper)
    return lower > 0.4 * len(toks) and title > 0


def referral_place_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """Spans of the places described in the module docstring (``spans``: the places found)."""
    out: list[Span] = []
    toks = tokenize(text)
    if not toks:
        return out
    keys = token_keys(toks)
    mixed = _mixed(toks)
    _chain_spans(text, toks, keys, lex, out)
    if mixed:
        _tail_spans(toks, keys, text, lex, out)
        _offer_spans(text, toks, lex, out)
    _town_spans(text, lex, spans, out)
    _employer_spans(text, toks, keys, mixed, lex, out)
    return out
