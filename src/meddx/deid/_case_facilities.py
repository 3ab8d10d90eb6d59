"""Facility names after a cue of place, for the case view (:mod:`meddx.deid._case_view`) of a
line typed in lower case or in capitals: "at riverside community care", "transferred from
waldo county general", "d/c to northeast rehab", a listed short form with a chain's branch
("at beth israel", "sunrise of elm grove"), and hospital initials ("at bmc", "at the va").
Moved from ``_case_view`` unchanged (session 21: that module had grown past 500 lines).
"""

from __future__ import annotations

import re

from meddx.deid._case_lines import KINDS
from meddx.deid._case_words import (
    AT_FROM,
    COUNTS,
    CUED_HEADS,
    CUED_HEADS_STRONG,
    CUED_ORGS,
    CUES,
    GENERIC,
    INITIALS,
    LISTED_MAX,
    NAME,
    NOT_INITIALS,
    STOPS,
    TAILS,
    TO_VERBS,
    UNKNOWN,
    UPPER,
    word_class,
)
from meddx.deid._facility_cues import listed_cued_length
from meddx.deid._lexicon import lexicon
from meddx.deid._place_words import GENERIC_WORDS, ORG_WORDS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["cued_facilities"]


def cued_facilities(line: str, words: list[re.Match], low: list[str], cls: list[int],
                     title: list[bool]) -> set[int]:
    """Title case, in place, for a facility name after a cue of place ("at riverside community
    care", "transferred from waldo county general", "d/c to northeast rehab"): up to four words
    joined by spaces that end on a facility word, open on no function word, kind of care nor
    clinical word, and hold a proper word, two words, or a strong facility word ("at harbor
    medical"); not "at acute rehab", "at memory care", "from outside hospital". Returns the
    indices of hospital initials after such a cue, to be put in capitals ("at bmc", "from
    cdh", "at the va"); not "at osh", "to pmh"."""
    lex = lexicon()
    n = len(words)
    caps: set[int] = set()
    for c in range(n - 1):
        if low[c] not in AT_FROM and not (low[c] == "to" and c and low[c - 1] in TO_VERBS):
            continue
        if line[words[c].end() : words[c + 1].start()] != " ":
            continue
        k = c + 2 if low[c + 1] == "the" and c + 2 < n else c + 1
        listed = _listed_name(line, words, low, cls, k)
        if listed:  # "at beth israel", "labs at quest diagnostics", "from the cooley dickinson"
            for j in range(k, k + listed):
                title[j] = title[j] or low[j] not in FUNCTION_WORDS
            continue
        w = low[k]
        if INITIALS.fullmatch(w) and w not in NOT_INITIALS and w not in lex.common_words \
                and line[words[k - 1].end() : words[k].start()] == " " \
                and (len(line) <= words[k].end() or not line[words[k].end()].isalnum()) \
                and (k == c + 1 or w in ("va", "vamc")):
            caps.add(k)
            continue
        first = c + 1
        if low[first] in STOPS or low[first] in FUNCTION_WORDS or low[first] in GENERIC \
                or low[first] in COUNTS or low[first].removesuffix("'s") in CUES \
                or low[first] in KINDS or cls[first] == UPPER or lex.is_medical(low[first]) \
                or len(low[first]) < 3 or low[first].endswith(("ed", "ing", "ly")):
            continue
        for h in range(first + 1, min(n, first + 4)):
            if line[words[h - 1].end() : words[h].start()] != " ":
                break
            if low[h] in CUED_HEADS or low[h] in CUED_ORGS:
                run = range(first, h)
                if any(low[j] in STOPS or low[j] in FUNCTION_WORDS or cls[j] == UPPER
                       for j in run) or (low[h] not in CUED_HEADS and low[first] in GENERIC_WORDS):
                    break  # not "at central high school": "Central" alone would be read a town
                if h - first > 1 or cls[first] in (NAME, UNKNOWN) \
                        or low[h] in CUED_HEADS_STRONG:
                    for j in range(first, h + 1):
                        title[j] = True
                    _joined_heads(line, words, low, h, title)
                break
            if low[h] in STOPS or cls[h] == UPPER:
                break
    return caps


def _joined_heads(line: str, words: list[re.Match], low: list[str], h: int,
                  title: list[bool]) -> None:
    """Title case, in place, for the facility words joined by "and" or "&" to the one at
    word ``h`` ("cedarwood nursing and rehabilitation", "maple rehab & nursing")."""
    while h + 1 < len(words):
        gap = line[words[h].end() : words[h + 1].start()]
        if gap == " & " and low[h + 1] in CUED_HEADS:
            h += 1
        elif gap == " " and low[h + 1] == "and" and h + 2 < len(words) \
                and line[words[h + 1].end() : words[h + 2].start()] == " " \
                and low[h + 2] in CUED_HEADS:
            h += 2
        else:
            return
        title[h] = True


def _listed_name(line: str, words: list[re.Match], low: list[str], cls: list[int], k: int) -> int:
    """The number of words of a listed facility name that needs a cue (a short form of a CMS
    hospital or a care chain: "beth israel", "alice peck day", "quest diagnostics") at word
    ``k``, joined by spaces; 0 when none, or when it is one word that reads as no proper noun
    ("mercy", "quest": the detectors ask more of those in mixed case too)."""
    keys = [w.removesuffix("'s") for w in low[k : k + LISTED_MAX]]
    n = listed_cued_length(keys, 0)
    while n and any(line[words[k + j].end() : words[k + j + 1].start()] != " "
                    for j in range(n - 1)):
        n = listed_cued_length(keys[: n - 1], 0)  # a shorter listed form within the line
    branch = _branch(line, words, low, cls, k + n) if n == 1 else 0
    if branch:  # a chain's branch: "sunrise of elm grove", "benchmark at hanover"
        return n + branch
    if n == 1 and cls[k] not in (NAME, UNKNOWN):
        return 0
    while n and n < LISTED_MAX and k + n < len(words) and line[
            words[k + n - 1].end() : words[k + n].start()] == " " and (
            low[k + n] in TAILS or low[k + n] in ORG_WORDS or word_class(low[k + n]) == UNKNOWN):
        n += 1  # its branch or kind: "holy rosary parish", "kindred park view"
    if n == 1 and k + 1 < len(words) and line[words[k].end() : words[k + 1].start()] == " " \
            and low[k + 1] not in FUNCTION_WORDS and low[k + 1] not in STOPS:
        return 0  # one listed word of a longer name: "fresenius kidney care northside"
    return n


def _branch(line: str, words: list[re.Match], low: list[str], cls: list[int], k: int) -> int:
    """The number of words of a branch after a chain's name that ends at word ``k``: "of" or
    "at" and one or two words of which one is a listed name or town and none a function or
    clinical word ("of elm grove", "at hanover"); 0 when none."""
    if not (k + 1 < len(words) and low[k] in ("of", "at")
            and line[words[k - 1].end() : words[k + 1].start()] == f" {low[k]} "):
        return 0
    n = 1
    for j in (k + 1, k + 2):
        if j >= len(words) or (j > k + 1 and line[words[j - 1].end() : words[j].start()] != " ") \
                or low[j] in FUNCTION_WORDS or low[j] in STOPS or cls[j] == UPPER \
                or lexicon().is_medical(low[j]):
            break
        n += 1
    return n if n > 1 and any(cls[j] == NAME for j in range(k + 1, k + n)) else 0
