"""Note-level propagation of names, and the context check every propagated name passes.

The de-identifier already tags, with ``consistent``, every other occurrence of a PHI string
found in a note (``Deidentifier._within_note``, whole strings). This module adds:

* **the parts of a multi-word name**: once the names detector has tagged "John Smith" (or
  "Faith Kettle, RN", "SMITH, JOHN"), "Smith", "smith", "Mr. Smith's" and "John" elsewhere in
  the note are names too (with an initial before them: "M. Smith"), and so are the pieces
  of a hyphenated surname that are no English word ("Oduya-Finch" -> "Oduya"). Only the
  names detector's own spans propagate their parts (the rule-based cues are reliable; a
  statistical tagger's guesses are not split further). A part
  that is a clinical word ("Grace Bell" -> "Bell") never propagates; a part that is a common
  English word ("Faith", "Kettle", "Rose") propagates only from a name found after a title or
  a strong cue, and only where written with a capital and in a name's context (below).
* **a context check** (:func:`name_occurrence_ok`) for every propagated single word that is a
  common English or clinical word: not before a head noun ("Bell's palsy"), a number ("Rose to
  38.5"); at a sentence's start or in capitals (where case tells nothing) only before a word
  that follows names ("Rose at bedside", "HOPE AWARE", "Brown, son,"), never before an
  ordinary word ("Brown sputum", "Hope to extubate"); a clinical word ("Foley") only after a
  title or before a credential ("Dr. Foley", "Foley RN").
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import MONTHS, Lexicon, lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun

__all__ = ["name_occurrence_ok", "name_part_spans"]

#: Scores of the names detector's spans: a title 0.95, a strong cue or credential 0.85.
_STRONG = 0.85
_PART_SOURCES = frozenset(("names",))
_MONTHS = MONTHS
_TITLES = frozenset("dr drs doctor mr mrs ms miss mx prof professor rev fr br".split())
_SKIP = _TITLES | FUNCTION_WORDS | frozenset(
    "de la del della der van von da di du le st bin ibn jr sr ii iii iv md rn np pa do phd "
    "msw lcsw cna lpn rrt crna bsn msn ccrn facc facp".split())
#: Words that follow a person's name and seldom an ordinary word at a sentence's start.
_FOLLOWERS = frozenset(
    "at is was has had will would called calls aware updated notified here there visited "
    "visiting states stated said says reports reported agrees agreed came comes left asked "
    "asks wants wanted requests requested feels spoke speaks paged plans present and or "
    "rn md np pa rrt cna lpn sw pt ot msw licsw lcsw crna do phd dr "
    "arrived declined refused verbalized verbalizes understands expressed brought "
    "phoned returned stopped signed consented tearful upset anxious worried concerned asking "
    "wishes believes questioned agreeable".split())
#: After a lower-case common word ("smith aware"): only words that follow people.
_LOWER_FOLLOWERS = frozenset(
    "aware updated notified called visited states stated said says agrees agreed verbalized "
    "verbalizes requests requested declined refused consented rn md np pa rrt cna sw".split())
_RELATION_AFTER = re.compile(
    r"[ \t]*\((?:wife|husband|son|daughter|dtr|mother|father|sister|brother|friend|niece|"
    r"nephew|hcp|nok|rn|np|pa|md|sw|rrt|cna|attending|resident|fellow)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_](?:(?:[^\W\d_]|['\u2019-])*[^\W\d_])?")
_NEXT_WORD = re.compile(r"(?:['\u2019]s)?[ \t]*([,;)]|[^\W\d_]+|\d)?")
_TITLE_BEFORE = re.compile(r"(?:dr|drs|doctor|mr|mrs|ms|miss|mx|prof|rev)\.?[ \t]+$", re.IGNORECASE)
_INITIAL_BEFORE = re.compile(r"(?<![\w.])[A-Z]\.[ \t]?$")
#: ASCII word characters (``\w`` in ASCII text), and those with an apostrophe or hyphen
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_RUN_CHARS = _WORD_CHARS | {"'", "-"}
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;\n]|[\n][ \t]*[-*\u2022])[ \t\"(]*$")


def name_occurrence_ok(text: str, start: int, end: int, lex: Lexicon | None = None) -> bool:
    """Whether the word at ``text[start:end]``, found again after being tagged as a name
    elsewhere, reads as a name here (see the module docstring). Words that are neither
    common nor clinical always do, but before a head noun."""
    if followed_by_head_noun(text, end):
        return False
    word = text[start:end]
    if " " in word.strip() or "," in word:
        return True  # several words ("John Smith") are a name wherever they recur
    lex = lex or lexicon()
    key = word.lower()
    # a month is a word here, not a clinical term: "June tearful" (but "June 3")
    medical = lex.is_medical(word, abbreviations=word.isupper()) and key not in _MONTHS
    if not medical and key not in lex.common_words:
        return True
    before = text[max(0, start - 12):start]
    if _TITLE_BEFORE.search(before):
        return True
    m = _NEXT_WORD.match(text, end, end + 40)
    nxt = (m.group(1) or "").lower() if m else ""
    if medical:  # "Foley RN", not "Foley draining", "Foley in place"
        return nxt in ("rn", "md", "np", "pa", "rrt", "cna", "lpn", "sw", "crna") \
            or bool(_RELATION_AFTER.match(text, end))
    if nxt[:1].isdigit():
        return False  # "Rose 2 points"
    if not word[:1].isupper():  # "smith aware", not "bp rose at 0400", "will call"
        return nxt in _LOWER_FOLLOWERS
    initial = word.isupper() or _SENTENCE_BEFORE.search(text[max(0, start - 8):start]) is not None
    if not initial:
        return True  # a capitalised word mid-sentence: "updated Rose and her son"
    return nxt in _FOLLOWERS or nxt in (",", ")") or bool(_RELATION_AFTER.match(text, end))


def name_part_spans(text: str, spans: list[Span], lex: Lexicon | None = None) -> list[Span]:
    """NAME spans for the other occurrences in ``text`` of the words of the multi-word names
    that the names detector found in it (``spans``: merged, sorted, disjoint)."""
    names = [s for s in spans if s.label == "NAME" and s.source in _PART_SOURCES]
    if not names:
        return []
    lex = lex or lexicon()
    parts: dict[str, bool] = {}  # word -> common (needs the context check)
    for s in names:
        words = [w for w in _WORD.findall(text, s.start, s.end) if len(w) > 1]
        if len(words) < 2:
            continue
        for w in words:
            key = w.lower()
            # "Oduya-Finch": "Oduya" and "Finch" too, when no English or clinical word
            pieces = [p for p in key.split("-") if p not in lex.common_words] if "-" in key else []
            for piece in [key, *pieces]:
                if len(piece) < 3 or piece in _SKIP or lex.is_medical(piece, abbreviations=w.isupper()):
                    continue
                common = piece in lex.common_words
                if common and s.score < _STRONG:
                    continue
                parts[piece] = parts.get(piece, False) or common
    if not parts:
        return []
    starts = [s.start for s in spans]
    out = []
    for a, b in _occurrences(text, parts):
        if _covered(spans, starts, a, b) or not name_occurrence_ok(text, a, b, lex):
            continue
        i = _INITIAL_BEFORE.search(text, max(0, a - 4), a)
        if i is not None and not text[a:a + 1].islower():
            a = i.start()  # "for M. Okafor": the initial belongs to the name
        out.append(Span(a, b, "NAME", "propagation", 0.7))
    return out


def _occurrences(text: str, parts: dict[str, bool]) -> list[tuple[int, int]]:
    """(start, end) of each case-insensitive occurrence in ``text`` of a word of ``parts``,
    not inside a longer word (no word character, apostrophe or hyphen before it; no word
    character, nor a hyphen and one, after it); of several parts at one start, the longest.
    ASCII text and parts (the usual case) take a ``str.find`` of each part; others the one
    regular expression it is equivalent to (whose IGNORECASE matches look-alikes such as
    "\u017f" for "s", which ``str.lower`` does not)."""
    if not text.isascii() or not all(p.isascii() for p in parts):
        alts = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
        rx = re.compile(rf"(?<![\w'\u2019-])(?:{alts})(?![\w]|-\w)", re.IGNORECASE)
        return [m.span() for m in rx.finditer(text)]
    low = text.lower()
    n = len(low)
    best: dict[int, int] = {}
    for part in parts:
        size = len(part)
        a = low.find(part)
        while a >= 0:
            b = a + size
            if (a == 0 or low[a - 1] not in _RUN_CHARS) and (
                    b >= n or (low[b] not in _WORD_CHARS
                               and (low[b] != "-" or b + 1 >= n or low[b + 1] not in _WORD_CHARS))):
                if best.get(a, 0) < b:
                    best[a] = b
            a = low.find(part, a + 1)
    return sorted(best.items())


def _covered(spans: list[Span], starts: list[int], a: int, b: int) -> bool:
    from bisect import bisect_right

    i = bisect_right(starts, a) - 1
    return i >= 0 and b <= spans[i].end
