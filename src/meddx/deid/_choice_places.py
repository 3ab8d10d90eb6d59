"""Facilities named bare after a choice or care-flow cue (session 26).

New writers name the facility a family chose, toured or asked for by its short name, in any
case, with no facility word: "hoping for Kindred closer to home", "daughter toured maple crest
yesterday", "their preferred facility is bethesda north", "pt/wife ok with cedar view",
"contacted Deaconess in Evansville", "she heard of craig", "accepted at hillside
behavioral", "tavr planned next week at covenant", "she is a nurse at baylor grapevine"
("here from", "back to" and "works at" are the town and employer rules' cues). The name must
be a listed short name (``resources/us_hospitals_cued.txt``, ``resources/care_brands.txt``,
through ``_facility_cues.listed_cued_length``) or a listed town
(``_gazetteer.towns``: a hospital is often named for its town) with at most one word such as
"community", "behavioral" or "north" after it, and it must end the clause or stand before a
time word or a preposition. Typed HOSPITAL.

Also a numbered ward named for a person (session 26): "report given to RN on 4 Ellis",
"transferred out to 7 Pomeroy", "from 4 Brighton (ortho unit)": "to" / "on" / "from" / "at",
one or two digits, then a listed surname that is no common or clinical word ("on 2 liters",
"to 4 west", "at 2 mg" stay).

Left alone: "chose comfort care", "preferred agency:", "prefers English", "back to
baseline", "ok with plan", "hoping for the best" (no listed name, or a head noun after it).
"""

from __future__ import annotations

import re

from meddx.deid._facility_cues import listed_cued_length
from meddx.deid._gazetteer import gazetteer, listed_surname
from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun

__all__ = ["choice_place_spans", "numbered_ward_spans"]

_CUE = re.compile(
    r"\b(?i:accepted[ \t]+(?:at|by|to)|toured|chose|choose|prefers?|preferred|"
    r"liked(?:[ \t]+the[ \t]+idea[ \t]+of)?|heard[ \t]+of|ok[ \t]+with|hop(?:ing|es?)[ \t]+for|"
    r"contacted|presented[ \t]+to|nurse[ \t]+at|"
    r"planned(?:[ \t]+\w+){0,2}[ \t]+at|facility[ \t]+is|(?:bed|referral)s?[ \t]+(?:at|to)|"
    r"wants?[ \t]+to[ \t]+go[ \t]+to)[ \t]+")
#: what may follow the name: the clause's end, a time word, a conjunction or a preposition
_END = re.compile(
    r"[ \t]*(?:[.,;:)(!?]|-|$)|[ \t]+(?i:this|tomorrow|today|tonight|yesterday|last|next|after|"
    r"before|for|with|and|or|vs|to|on|by|but|where|when|because|at|in|closer|near|instead|"
    r"first|second|if|once|as|so|since|who|which|then|until|again|per|s/p)(?![\w/])",
    re.MULTILINE)
#: one word after a town that a hospital's short name keeps ("shoals behavioral")
_MODIFIERS = frozenset("community behavioral regional north south east west memorial general "
                       "medical med".split())
#: listed towns that are the words of a care plan ("chose comfort care", "back to normal")
_GENERIC = frozenset("home ward center centre bay beach harbor springs hills valley plains early "
                     "unit floor house camp island lake park village city town rehab hospital "
                     "work school church college progress baseline bed golf normal comfort "
                     "agency english spanish plan".split())
#: ``_tokens``'s words (letters, inner apostrophes and hyphens, a final period)
_TOKEN = re.compile(r"[A-Za-z](?:(?:[A-Za-z]|['\u2019-])*[A-Za-z])?\.?")
_WARD = re.compile(r"\b(?i:to|on|from|at)[ \t]+(\d{1,2}[ \t]+([A-Za-z][a-z]+|[A-Z]+))\b"
                   r"(?![ \t]*(?i:mg|mcg|tabs?|pills?|units?|puffs?)\b)")
_NEXT_LINE_HEAD = re.compile(r"[ \t]*\n[ \t]*(?i:care|unit|facility|placement|services?)\b")


def _key(word: str) -> str:
    """A word's key as ``_tokens.tokenize`` makes it: lower case, no final period, no
    possessive (a tokenize call here would evict the note from its cache)."""
    key = word.rstrip(".").lower()
    return key[:-2] if key.endswith(("'s", "\u2019s")) and len(key) > 2 else key


def choice_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the names of the module docstring."""
    out: list[Span] = []
    gaz = None
    for m in heads_finditer(_CUE, text):
        toks = list(_TOKEN.finditer(text, m.end(), m.end() + 60))
        keys = [_key(t.group(0)) for t in toks]
        if not keys:
            continue
        n = listed_cued_length(keys, 0)
        if not n:
            gaz = gaz or gazetteer()
            for k in (3, 2, 1):
                key = " ".join(keys[:k])
                if len(keys) >= k and key in gaz.towns and key not in _GENERIC \
                        and key not in FUNCTION_WORDS and key not in lex.states \
                        and not lex.is_medical(key):
                    n = k
                    break
            if n and n < len(keys) and keys[n] in _MODIFIERS:
                n += 1
        if not n or keys[0] in _GENERIC or keys[0] in FUNCTION_WORDS:
            continue
        end = toks[n - 1].start() + len(keys[n - 1])
        if not _END.match(text, end) or followed_by_head_noun(text, end) \
                or _NEXT_LINE_HEAD.match(text, end):
            continue
        out.append(Span(toks[0].start(), end, "HOSPITAL", "places", 0.75,
                        propagate=False))
    return out


def numbered_ward_spans(text: str, lex: Lexicon) -> list[Span]:
    """Numbered wards named for a person (module docstring)."""
    out: list[Span] = []
    for m in _WARD.finditer(text):
        key = m.group(2).lower()
        if listed_surname(key) and key not in lex.common_words and not lex.is_medical(key):
            out.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.75, propagate=False))
    return out
