"""Facility names told by a care cue, whatever their words (the organisation rules of ``_orgs``
need a facility word after the name; these need a cue before or a care word after it).

* **A short name after a care cue**: a transfer, care, records or pharmacy word up to a few
  words before "from" / "to" / "at" / "via" / "thru", then a name: "transferred from mercy",
  "seen at Good Sam", "records from St E's", "f/u pulm at faulkner", "fills at cvs",
  "labs at Quest", "referral to Bournewood", "d/c'd from Arbour-HRI". The name is one of the
  short forms of the CMS hospitals that need a cue (``resources/us_hospitals_cued.txt``, built
  by ``scripts/build_deid_hospitals.py``: "mercy", "good sam", "mount auburn", "st e") or of
  the pharmacy, laboratory, dialysis, LTACH, hospice and senior-living chains
  (``resources/care_brands.txt``), or words no dictionary knows (capitalised in a mixed-case
  note: "prior repair at Shouldice"), or words ending in a facility word ("home care thru east
  boston neighborhood health center"). "sent to rehab", "back to baseline", "seen at bedside",
  "transferred to the floor" stay: every word there is a dictionary word.
* **A residence's name after a care cue**: two or three words ending in a place word ("back
  to maple grove", "returns to Sunny Acres", "admitted from Cedar Crest"), or a plural place
  word after "the" ("came from the meadows"), ending the clause; not "back to the house",
  "back to halfway house", "transferred from College Park, MD" (a town).
* **A list after the cue**: "referrals sent to Hebrew SeniorLife, Sunrise of Wayland, Country
  Gardens Skilled Nursing and Wingate at Needham", with a chain's branch after "of" / "at" /
  "on" in a mixed-case note.
* **"OSH (Good Sam)"**: a name in brackets after "OSH" / "outside hospital".

The other rules (a kind of care or a department after a name, field labels, wards, short
forms) are ``_facility_forms``'s.
"""

from __future__ import annotations

import re
from functools import lru_cache

from meddx.deid._lexicon import CALENDAR_WORDS, Lexicon, _lines
from meddx.deid._place_words import COUNTRIES, GENERIC_WORDS, STREET_WORDS, TAIL_WORDS
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, followed_by_head_noun, title_count, token_keys, tokenize

__all__ = ["PREPS", "cue_spans", "listed_cued_length", "mixed_case",
           "one_name", "unknown_key", "unknown_word"]

PREPS = frozenset(("from", "to", "at", "via", "thru", "through"))
#: Care cues, up to ~40 characters before the preposition on the same line.
_CUE = re.compile(
    r"(?i)\b(?:trans(?:ferred|fer|f|fd)?|xfer(?:red)?|tx(?:ed|d)?|sent|came|comes|arrived|"
    r"return(?:ed|s|ing)?|back|(?:re)?admit(?:ted)?|adm|records?|films|images|imaging|stud(?:y|ies)|"
    r"slides|blocks|received|presented|brought|flown|biba?|seen|followed|follows|f/?u|fu|"
    r"follow[- ]?up|appts?|appointment|treated|hospitali[sz]ed|hospitali[sz]ation|intubated|"
    r"operated|done|performed|placed|repair|dialy[sz](?:es|ed|is)|hd|delivered|pcp|"
    r"cardiologist|oncologist|nephrologist|psychiatrist|therapist|surgeon|provider|specialist|"
    r"gets|receives|care|stay|stayed|admission|stent(?:ed)?|cath|surgery|d/?c'?d|dc|d/c|discharged|"
    r"referr(?:ed|al)|refer|resident|resides|lives|moved|placement|accepted|called|faxed?|"
    r"labs?|drawn|fills|filled|refills?|pharmacy|rx|meds|detox|rehab|snf|ltach|went|go|goes|"
    r"going|prefers|previously|recently|ems|ambulance|was|were|been|spent)\b")
#: Cues strong enough for a name that is only a word no dictionary knows ("transferred from
#: Shouldice"); "seen", "studies", "done" are not ("seen from Nissl preparations").
_STRONG_CUE = re.compile(
    r"(?i)\b(?:trans(?:ferred|fer|f|fd)?|xfer(?:red)?|tx(?:ed|d)?|return(?:ed|s|ing)?|back|"
    r"(?:re)?admit(?:ted)?|records?|biba?|flown|f/?u|follow(?:ed|s)?[- ]?(?:up)?|"
    r"hospitali[sz]ed|repair|dialy[sz](?:es|ed|is)|hd|pcp|d/?c'?d|d/c|discharged|referr(?:ed|al)|refer|"
    r"resident|resides|detox|rehab|snf|ltach|cardiologist|oncologist|nephrologist|psychiatrist|"
    r"therapist|surgeon)\b")
# The two without (?i), for ASCII text in lower case: the same matches (their words are in lower
# case; lower() maps only A-Z there), found several times faster.
_CUE_LOW = re.compile(_CUE.pattern.removeprefix("(?i)"))
_STRONG_CUE_LOW = re.compile(_STRONG_CUE.pattern.removeprefix("(?i)"))
#: Words after a name that end it: "Shouldice in 2019", "Bournewood for dual-dx", "Brigham ED".
_AFTER_NAME = frozenset("ed er ep icu lab labs clinic radiology records hospital yesterday today "
                        "last recently previously".split())
#: Words that tell a kind of hospital, not its name ("the state maternity hospital").
_KIND_OF_HOSPITAL = frozenset(
    "maternity psychiatric psych mental teaching military army naval district tertiary trauma "
    "pediatric paediatric burn stroke orthopedic orthopaedic municipal provincial national federal "
    "major minor large small big local nearby different affiliated academic lying-in".split())
_HEADS = frozenset("hospital hosp center ctr centre clinic health healthcare practice pharmacy "
                   "hospice manor village commons gardens lodge pavilion infirmary".split())
#: Nouns after an eponym: "Mayo stand", "Salem sump", "Murphy sign".
_INSTRUMENTS = frozenset("stand scissors tray clamp clamps forceps needle sump tube catheter drain "
                         "sign signs maneuver procedure operation syndrome disease test score "
                         "criteria classification sauce".split())
_STOP_AFTER_CUE = frozenset(("the", "a", "an", "his", "her", "their", "our", "home", "bed"))
@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[int, frozenset[tuple[str, ...]]]]]:
    """First word -> (n, the n-word names), longest first, of the names that need a cue."""
    by_first: dict[str, dict[int, set[tuple[str, ...]]]] = {}
    for line in _lines("us_hospitals_cued.txt") + _lines("care_brands.txt"):
        keys = tuple(t.key for t in tokenize(line))
        if keys:
            by_first.setdefault(keys[0], {}).setdefault(len(keys), set()).add(keys)
    return {k: [(n, frozenset(v[n])) for n in sorted(v, reverse=True)] for k, v in by_first.items()}


def listed_cued_length(keys: list[str], i: int) -> int:
    """The number of words of the longest listed cued name at ``keys[i]`` (0: none)."""
    for n, names in _index().get(keys[i], ()):
        if tuple(keys[i:i + n]) in names:
            return n
    return 0


def unknown_word(t: Token, lex: Lexicon) -> bool:
    """A word no dictionary knows, or a surname or town that is no common word ("Shouldice",
    "Bournewood", "Salem"); a hyphenated word only when a part is ("short-term" is not)."""
    k = t.key
    if len(k) < 4 or k in FUNCTION_WORDS or lex.is_medical(k) or k in lex.states or k in lex.common_words:
        return False
    if len(k) <= 6 and k.endswith(("cu", "du")) or k in _SYSTEMS:
        return False  # a unit ("NSICU", "tsicu", "SDU") or a records system ("CarePort")
    if "-" in k:
        return any(len(p) >= 4 and unknown_key(p, lex) for p in k.split("-"))
    return unknown_key(k, lex)


_SYSTEMS = frozenset("epic careport cerner meditech allscripts athena athenahealth carevue "
                     "surescripts powerchart webomr eclinicalworks nextgen pyxis omnicell "
                     "docusign mychart".split())


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _typo(k: str, lex: Lexicon) -> bool:
    """A word one edit from a dictionary word ("baseine", "flor", "bedisde") that is no town
    nor a surname of six letters or more: a misspelling more likely than a name."""
    if k in lex.cities or k in lex.last_names and len(k) >= 6 or "-" in k:
        return False  # "faulkner", "lakeville"; but "flor" is "floor" misspelt
    splits = [(k[:n], k[n:]) for n in range(len(k) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    return any(e in lex.common_words or e in lex.medical for e in edits if e != k)


def _inflected(k: str, lex: Lexicon) -> bool:
    """A form of a dictionary word: "transferred", "intubate", "weaning"."""
    for suffix, repl in _SUFFIXES:
        if k.endswith(suffix) and len(k) - len(suffix) >= 3:
            stem = k[:len(k) - len(suffix)] + repl
            if stem in lex.common_words or lex.is_medical(stem):
                return True
    return False


_SUFFIXES = (("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("s", ""), ("es", ""),
             ("ly", ""), ("e", "ed"), ("e", "ion"), ("er", ""), ("ers", ""), ("red", ""))


def unknown_key(k: str, lex: Lexicon) -> bool:
    if k in lex.common_words or lex.is_medical(k) or k in FUNCTION_WORDS or _inflected(k, lex):
        return False
    return k not in lex.first_names or k in lex.last_names or k in lex.cities


def _name_words(text: str, toks: list[Token], i: int, lex: Lexicon, mixed: bool) -> int:
    """End index of a name of up to three words at token i: capitalised words (one no generic
    or clinical word) in a mixed-case note, words no dictionary knows in any note; the word
    after it no common or clinical word ("from the English language literature" stays)."""
    j = i
    while j < len(toks) and j - i < 3:
        t = toks[j]
        if j > i and text[toks[j - 1].end:t.start] not in (" ", "-", " & "):
            break
        if len(t.key) < 2:
            break
        if mixed:
            if not t.cap or t.key in FUNCTION_WORDS or t.upper:
                break  # "transferred to NSICU": capitals are the initials rules'

        elif not unknown_word(t, lex):
            break
        j += 1
    words = toks[i:j]
    if not any(unknown_word(w, lex) and w.key not in GENERIC_WORDS for w in words):
        return i
    if not mixed and all(_typo(w.key, lex) for w in words):
        return i  # lower case or capitals: "back to baseine" is a typo, not a name
    if " ".join(w.key for w in words) in lex.cities:
        return i  # a town: the towns rules'
    if j < len(toks) and text[toks[j - 1].end:toks[j].start] == " ":
        k = toks[j].key
        if len(k) < 2 or (k not in FUNCTION_WORDS and k not in _AFTER_NAME and not toks[j].cap
                          and (k in lex.common_words or lex.is_medical(k))):
            return i
    return j


def mixed_case(toks: list[Token]) -> bool:
    """More than a few title-case words: capitals tell names here."""
    return title_count(toks, 2) > 0.05 * len(toks)


def _headed(toks: list[Token], i: int, lex: Lexicon, mixed: bool) -> int:
    """End index of words ending in a facility word ("east boston neighborhood health
    center") with a word that is no generic or clinical word; i when none."""
    j, named = i, False
    while j < len(toks) and j - i < 6:
        k = toks[j].key
        if mixed and not toks[j].cap and k not in ("of", "and"):
            return i  # "the major state maternity hospital": no name
        if k in _HEADS:
            if not named:
                return i
            while j + 1 < len(toks) and toks[j + 1].key in _HEADS:
                j += 1
            return j + 1
        place = k in lex.cities or k in lex.last_names  # "Salem" (also a sump tube) Hospital
        if k in FUNCTION_WORDS and k not in ("of", "and") \
                or lex.is_medical(k) and k not in GENERIC_WORDS and not place:
            return i
        named = named or (k not in GENERIC_WORDS and k not in _KIND_OF_HOSPITAL and len(k) > 2
                          and (k not in lex.common_words or place))
        j += 1
    return i


#: Last words of the names of nursing homes and residences: "Maple Grove", "sunny acres".
_PLACE_ENDS = frozenset("acres grove meadows manor village gardens commons pines oaks hill hills view "
                        "ridge pointe crossing heights glen woods estates landing lodge springs haven "
                        "terrace court park place house crest knoll brook hollow shores cove farms".split())
#: Of those, the ones a name of one word after "the" may be: "back to the Meadows".
_THE_PLACES = frozenset("meadows pines oaks gardens commons woods willows elms maples birches heights "
                        "arbors groves acres".split())
_GENERIC_PLACES = frozenset("halfway group assisted senior nursing rest care dog state city national "
                            "public mobile trailer".split())


def _place_named(text: str, toks: list[Token], i: int, lex: Lexicon, mixed: bool) -> int:
    """End index of a residence's name after a care cue, i when none: two or three words
    ending in a place word ("back to maple grove", "returns to Sunny Acres"), or one plural
    place word after "the" ("at the meadows"); the name ends the clause."""
    the = i > 0 and toks[i - 1].key == "the"
    j = i
    while j < len(toks) and j - i < 3 and (j == i or text[toks[j - 1].end:toks[j].start] == " "):
        t = toks[j]
        if t.key in FUNCTION_WORDS or len(t.key) < 3 or (mixed and not t.cap) \
                or (lex.is_medical(t.key) and t.key not in _PLACE_ENDS):
            break
        j += 1
        if t.key in _PLACE_ENDS:
            break
    words = toks[i:j]
    if not words or words[-1].key not in _PLACE_ENDS:
        return i
    if len(words) == 1 and not (the and words[0].key in _THE_PLACES):
        return i
    if " ".join(w.key for w in words) in lex.cities or _STATE_AFTER.match(text, words[-1].end):
        return i  # a town: "transferred from College Park, MD"
    if len(words) > 1 and (words[0].key in _GENERIC_PLACES or words[0].key in GENERIC_WORDS
                           or words[-1].key in ("house", "place", "court", "park") and not mixed):
        return i
    if j < len(toks) and text[toks[j - 1].end:toks[j].start] == " ":
        k = toks[j].key
        if k not in FUNCTION_WORDS and k not in _AFTER_NAME and not toks[j].text[:1].isdigit() \
                and (not toks[j].cap or not mixed) and k not in _STOP_WORDS_AFTER:
            return i  # "back to the meadows behind her house" is fine; "maple grove syrup" is not
    return j


_STATE_AFTER = re.compile(r",?[ \t]*[A-Z]{2}\b")
_STOP_WORDS_AFTER = frozenset("when once after until vs versus tomorrow today tonight monday tuesday "
                              "wednesday thursday friday saturday sunday am pm".split())


def one_name(text: str, toks: list[Token], keys: list[str], i: int, lex: Lexicon, mixed: bool,
              in_list: bool = False, strong: bool = True) -> int:
    """End index of a facility's name at token i after a care cue (i: none), with a branch
    after it in a mixed-case note ("Sunrise of Wayland", "Wingate at Needham")."""
    if keys[i] in _STOP_AFTER_CUE or keys[i] in COUNTRIES or " ".join(keys[i:i + 2]) in COUNTRIES:
        return i  # "returned from Nicaragua", "back from Jamaica": a country is no PHI
    n = listed_cued_length(keys, i)
    if n and (i + n < len(toks) and keys[i + n] in _INSTRUMENTS
              or followed_by_head_noun(text, toks[i + n - 1].end)):
        return i  # "brought to the Mayo stand", "placed to Salem sump", "to Lewis rats"
    end = i + n if n else _headed(toks, i, lex, mixed)
    if end == i:
        end = _place_named(text, toks, i, lex, mixed)
    if end == i and strong and (mixed or not in_list):
        end = _name_words(text, toks, i, lex, mixed)
    if end == i and in_list and mixed:  # the next of a list of facilities: "Country Gardens"
        while end < len(toks) and end - i < 4 and toks[end].cap and not toks[end].upper \
                and len(keys[end]) > 1 and keys[end] not in FUNCTION_WORDS \
                and (end == i or text[toks[end - 1].end:toks[end].start] == " "):
            end += 1
        if all(k in GENERIC_WORDS or lex.is_medical(k) for k in keys[i:end]):
            end = i
    while i < end < len(toks) and (keys[end] in TAIL_WORDS or keys[end] == "skilled") \
            and text[toks[end - 1].end:toks[end].start] == " " and toks[end].cap == toks[end - 1].cap:
        end += 1  # "Country Gardens Skilled Nursing"
    if end > i and mixed and end + 1 < len(toks) and keys[end] in ("of", "at", "on") \
            and text[toks[end - 1].end:toks[end].start] == " ":
        the = keys[end + 1] == "the"
        j = end + 1 + the
        street = j + 1 < len(toks) and keys[j + 1] in STREET_WORDS
        if j < len(toks) and toks[j].cap and not toks[j].upper and keys[j] not in FUNCTION_WORDS \
                and text[toks[j - 1].end:toks[j].start] == " " and not street \
                and (keys[end] != "on" or the) and keys[j] not in CALENDAR_WORDS \
                and (keys[j] in lex.cities or keys[j] not in lex.common_words):
            end = j + 1  # not "CVS on Main St", "Brookside Hospital on July 13th"
    return end


def _after_cues(text: str, toks: list[Token], lex: Lexicon, mixed: bool, out: list[Span]) -> None:
    keys = token_keys(toks)
    index = _index()
    cue, strong_cue, src = (_CUE_LOW, _STRONG_CUE_LOW, text.lower()) if text.isascii() \
        else (_CUE, _STRONG_CUE, text)
    for p in [n for n, k in enumerate(keys[:-1]) if k in PREPS]:
        prep = toks[p]
        i = p + 1 + (keys[p + 1] == "the" and p + 2 < len(toks))
        k = keys[i]
        if (k in FUNCTION_WORDS or k in lex.common_words and k not in index) and not toks[i].cap \
                and not any(x in _PLACE_ENDS or x in _HEADS for x in keys[i:i + 4]):
            continue  # the cheap test first: "to be", "at night", "to the floor"
        line = text.rfind("\n", 0, prep.start) + 1
        lo = max(line, prep.start - 40)
        if not cue.search(src, lo, prep.start):
            continue
        strong = strong_cue.search(src, lo, prep.start) is not None
        if text[prep.end:toks[i].start].strip(" \t").lower() not in ("", "the"):
            continue
        if toks[i].text in ("VA", "VAMC") and keys[i - 1] == "the":  # "gets his care at the VA"
            out.append(Span(toks[i].start, toks[i].end, "HOSPITAL", "places", 0.7))
            continue
        end = one_name(text, toks, keys, i, lex, mixed, strong=strong)
        while end > i:  # and a list of them: "referrals sent to A, B and C"
            out.append(Span(toks[i].start, toks[end - 1].end, "HOSPITAL", "places", 0.7))
            if end >= len(toks):
                break
            gap = text[toks[end - 1].end:toks[end].start]
            if not (gap.strip(" \t") in (",", "/") or gap == " " and keys[end] in ("and", "or")):
                break
            i = end + (keys[end] in ("and", "or"))
            end = one_name(text, toks, keys, i, lex, mixed, True, strong) if i < len(toks) else i


def _bracket_after_osh(text: str, toks: list[Token], lex: Lexicon, mixed: bool,
                       out: list[Span]) -> None:
    """ "OSH (Good Sam)", "outside hospital (st e's)"."""
    for i, t in enumerate(toks[:-1]):
        if t.key not in ("osh", "hospital", "hosp") or text[t.end:toks[i + 1].start].strip() != "(":
            continue
        if t.key != "osh" and (i == 0 or toks[i - 1].key != "outside"):
            continue
        j = i + 1
        n = listed_cued_length([x.key for x in toks], j)
        end = j + n if n else _name_words(text, toks, j, lex, mixed)
        if end > j and text[toks[end - 1].end:toks[end - 1].end + 3].lstrip(" '\u2019s").startswith(")"):
            out.append(Span(toks[j].start, toks[end - 1].end, "HOSPITAL", "places", 0.7))




def cue_spans(text: str, toks: list[Token], lex: Lexicon, mixed: bool) -> list[Span]:
    """The names after a care cue and in brackets after "OSH" (the module docstring)."""
    out: list[Span] = []
    _after_cues(text, toks, lex, mixed, out)
    if "(" in text:
        _bracket_after_osh(text, toks, lex, mixed, out)
    return out
