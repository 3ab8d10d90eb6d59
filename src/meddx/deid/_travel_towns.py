"""Listed towns and town-named facilities where the writer's case says nothing (session 26).

New writers name places in lower case or in capitals, where the capital that other rules wait
for is missing or everywhere. Three classes, each a cue or a head word plus the gazetteer
(``_gazetteer.towns``: GeoNames places and CMS hospital towns):

* **A town after a travel, contact or residence verb** (LOCATION): "cousin called from muscle
  shoals", "husband drove in from bishop this morning", "daughter flies back to anchorage
  tomorrow", "go home with her to mobile after discharge", "minister is from tallassee",
  "cats at home in bel air", "lives in muscle shoals, al". Up to three listed words that end
  the clause or stand before a time word, a state code or a preposition. A town that is also a
  common, clinical or first-name word ("mobile", "concord", "bishop") is read only where its
  line has no case to read (all lower or all capitals) or it is capitalised; after "is" /
  "was" only "from" counts ("is in progress", "was back to normal" stay), and an adjective
  ("normal") never does.
* **A town or an unlisted word before a care, civic or trade head** (HOSPITAL; LOCATION for the
  fire and police departments, the post office and the trades): "sycamore home health", "shoals
  ltach", "mobile infirmary", "hometown drug", "concord fire department", "ridgecrest post
  office"; employers named by a town and their trade, typed LOCATION as the employer rules type
  them: "ottumwa foods", "huron grain co-op", "truckee lumber supply", "hartwell roofing".
  Common words stay ("soft foods", "finger foods", "short-term rehab", "outpt pharmacy",
  "mail-order pharmacy", "acute rehab", "recs snf", "home health"), as does a head used as a
  modifier ("strong rehab candidate").
* **Townships** (LOCATION): "hamilton township", "Lower Merion Twp".

CPU: the town rules start only at a listed town's first word that the note holds (one set
intersection per note) with a preposition right before it; the heads are found from their
literal words (``_literal_heads``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from meddx.deid._gazetteer import gazetteer
from meddx.deid._gazetteer_places import longest_town
from meddx.deid._lexicon import Lexicon
from meddx.deid._line_case import NoteLines
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._place_words import ADJECTIVE_ENDS, COUNTRIES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun

__all__ = ["travel_town_spans"]

_WORD = r"[A-Za-z][A-Za-z.'\u2019-]*"
_WORDS = re.compile(_WORD)
#: a travel, contact or residence verb and a preposition, right before a town (searched
#: backwards from a listed town's first word: ``_town_starts``)
_CUE = re.compile(
    r"\b(?i:(?P<cue>called|calling|phoned|drove|driving|drives|flew|flies|flying|flown|"
    r"travel(?:l?ed|l?ing|s)?|coming|came|comes|arrived|arriving|arrives|headed|heading|going|"
    r"goes|go|went|return(?:s|ed|ing)?|lives|living|lived|resides|residing|moved|moving|"
    r"relocated|grew[ \t]+up|born|raised|native|is|was|are|were|home|visiting|closest|nearest))"
    r"(?:[ \t]+(?i:back|in|up|down|over|home|out|here|alone|originally|all[ \t]+the[ \t]+way|"
    r"with[ \t]+(?:her|him|them|family|wife|husband|son|daughter))){0,3}"
    r"[ \t]+(?P<prep>(?i:from|to|in|near|outside(?:[ \t]+of)?))[ \t]+$")
_PREP = re.compile(r"\b(?i:in|from|near)[ \t]+$")
#: "came in walker", "walked in wheelchair": "in" after an arrival is no residence
_ARRIVALS = frozenset("came come comes coming walked wheeled rolled brought".split())
_PREPOSITIONS = frozenset(("from", "to", "in", "near", "outside", "of"))
_TOWN_WORDS = re.compile(rf"{_WORD}(?:[ \t]+{_WORD}){{0,2}}")
#: every ASCII character but letters, apostrophes and hyphens, to a space: the note's words
#: from ``str.split`` (C speed)
_SEPARATORS = str.maketrans({chr(c): " " for c in range(128)
                             if not (chr(c).isalpha() or chr(c) in "'-")})
_KIN = ("husband|wife|daughters?|sons?|mother|father|mom|dad|brothers?|sisters?|niece|nephew|"
        "grand(?:son|daughter|mother|father|ma|pa)s?|friends?|partner|fiancee?|neighbou?r|spouse|"
        "boyfriend|girlfriend|aunt|uncle|cousins?|sibling|family|roommate|coworkers?|minister|"
        "pastor|kids|children")
#: a relative, a stay or a trip earlier in the clause
_CLAUSE_CUE = re.compile(
    rf"\b(?i:{_KIN}|lives|living|lived|resides|residing|stays|staying|stayed|house|apartment|"
    r"walkup|trailer|farm|moved|relocated|drove|driving|flew|flying|flies|way|travel(?:l?ed|l?ing)?|"
    r"visiting|visited|came|coming|called|calling|brought)\b")
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]]|\n[ \t]*\n")
_STATE_CODES = ("al ak az ar ca co ct de fl ga hi id il ia ks ky la me md ma mi mn ms mo mt ne nv "
                "nh nj nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy").replace(" ", "|")
#: what may follow the town: the clause's end, a time word, a state code, a preposition
_END = re.compile(
    r"[ \t]*(?:[.,;:)!?]|-|$)|[ \t]+(?i:this|tomorrow|today|tonight|yesterday|last|next|after|"
    r"before|for|with|to|on|by|and|wanted|asking|asked|who|where|when|since|until|area|arrived|"
    r"arrives|visited|visiting|is|was|were|has|had|will|says|said|called|updated|"
    rf"(?:{_STATE_CODES})(?![\w/]))\b", re.MULTILINE)
_AND = re.compile(r"[ \t]+(?i:and)\b")
#: place words and common destinations that are no town however listed
_GENERIC = frozenset("home ward center centre bay beach harbor springs hills valley plains early "
                     "unit floor house camp island lake park village city town rehab hospital "
                     "work school church college progress baseline bed golf".split())
_FACILITY_AFTER = re.compile(
    r"[ \t]+(?i:hospital|medical|clinic|health|nursing|rehab|regional|memorial|community|"
    r"general|care|center|centre|manor|home|house|hospice|pharmacy|va|ltach?|snf|infirmary)\b")
_HEADS = (r"home[ \t]+health|home[ \t]+care|rehab|ltach?|infirmary|pharmacy|drugs?|hospice|"
          r"dialysis|snf|nursing[ \t]+home|manor|fire[ \t]+(?:department|dept)|"
          r"police[ \t]+(?:department|dept)|post[ \t]+office|foods|grain|co-?op|builders|roofing|"
          r"trucking|lumber|construction|farms|dairy|creamery|feed[ \t]+(?:mill|store)")
_HEAD = re.compile(rf"\b(?i:{_HEADS})\b")
_BEFORE_HEAD = re.compile(r"(?<![A-Za-z'\u2019&-])(?:[A-Za-z][A-Za-z'\u2019&-]*[ \t]+){1,3}$")
_CIVIC = ("fire", "police", "post", "foods", "grain", "co", "builders", "roofing", "trucking",
          "lumber", "construction", "farms", "dairy", "creamery", "feed")
_FIRM_TAIL = re.compile(r"[ \t]+(?i:co-?op|supply|processors|company|co\b\.?|inc\b\.?|llc\b)")
#: a care head used as a modifier: "strong rehab candidate", "hospice protocol"
_HEAD_AS_MODIFIER = re.compile(
    r"\s+(?i:candidates?|potential|referrals?|consults?|evals?|evaluation|stay|beds?|protocols?|"
    r"needs|orders?|team|services|recs?|screen(?:ing)?|coordinator|liaison|goals?|level)\b")
_TOWNSHIP = re.compile(rf"\b((?:{_WORD}[ \t]+){{1,2}})(?i:township|twp)\b\.?")
#: shorthand of care planning that the word lists lack ("pt recs snf", "outpt pharmacy")
_SHORTHAND = frozenset("recs rec outpt inpt pts pt w/ needs has had new our local".split())


def travel_town_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the three classes of the module docstring."""
    out: list[Span] = []
    low = text.lower()
    lines = NoteLines(text)  # each line's case read once (a long line was quadratic)
    starts = _town_starts(text, low)
    if starts:
        _travel(text, starts, lex, out, lines)
    out += _heads(text, lex, lines)
    if "township" in low or "twp" in low:
        out += _townships(text, lex)
    return out


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The first word of every listed town that a rule here may read."""
    return frozenset(t.split()[0].rstrip(".") for t in gazetteer().towns if t.strip()) \
        - FUNCTION_WORDS


def _town_starts(text: str, low: str) -> list[int]:
    """Where a listed town's first word opens a word of the note (a set intersection first:
    most notes hold few such words, and each is then found by ``str.find``)."""
    present = _first_words().intersection(low.translate(_SEPARATORS).split())
    out = []
    for word in present:
        i = low.find(word)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not low[i - 1].isalnum()) and (j == len(low) or not low[j].isalnum()):
                out.append(i)
            i = low.find(word, j)
    return sorted(out)


def _name_capital(text: str, start: int) -> bool:
    """A capital at ``start`` that is no sentence's first letter."""
    if not text[start].isupper():
        return False
    head = text[:start].rstrip(" \t")
    return bool(head) and head[-1] not in ".!?:;\n"


def _bad_key(key: str, lex: Lexicon) -> bool:
    return (key in FUNCTION_WORDS or key in _GENERIC or key in lex.states or key in COUNTRIES
            or lex.is_medical(key) or (" " not in key and lex.is_medical(key.rstrip("s"))))


def _travel(text: str, starts: list[int], lex: Lexicon, out: list[Span], lines: NoteLines) -> None:
    """A town after a travel, contact or residence verb, or at the end of a clause a relative,
    a stay or a trip opens ("sister from anchorage arrived", "staying with a friend in
    picayune", "daughter on her way from muscle shoals", "one in anchorage" after
    "daughters")."""
    for at in starts:
        if _word_before(text, at) not in _PREPOSITIONS:
            continue  # both cues end in a preposition right before the town
        cue = _CUE.search(text, max(0, at - 90), at)
        # after "is" / "was" only "from": "is in progress", "was back to normal"
        if cue is not None and cue.group("prep").lower() == "in" \
                and _word_before(text, cue.start("prep")) in _ARRIVALS:
            continue  # "came in walker"
        if cue is not None and (cue.group("prep").lower() == "from" or cue.group("cue").lower()
                                not in ("is", "was", "are", "were")):
            # after "is from" a plain town needs its capital: "he is from hope, arkansas"
            _town_at(text, at, lex, out, lines, cue.group("cue").lower() in ("is", "was", "are", "were"))
        elif (prep := _PREP.search(text, max(0, at - 12), at)) is not None \
                and _word_before(text, prep.start()) not in _ARRIVALS:  # "came in walker"
            back = text[max(0, prep.start() - 70):prep.start()]
            cut = max((b.end() for b in _CLAUSE_BREAK.finditer(back)), default=0)
            if _CLAUSE_CUE.search(back, cut) is not None:
                _town_at(text, at, lex, out, lines)


def _capital_ok(text: str, at: int, key: str, lex: Lexicon, capital: bool, lines: NoteLines) -> bool:
    """Whether a plain town at ``at`` may stand: capitalised in a mixed-case line, or (unless
    ``capital`` asks for that capital) in a line with no case to read when it is no first
    name ("lives in hope. hope hope." is the crf's to read)."""
    if lines.without_case(at):
        return not capital and key not in lex.first_names
    return _name_capital(text, at)


def _word_before(text: str, at: int) -> str:
    """The lower-cased letters of the word before ``at``, past spaces and tabs."""
    j = at
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    i = j
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[i:j].lower()


def _town_at(text: str, at: int, lex: Lexicon, out: list[Span], lines: NoteLines,
             capital: bool = False) -> None:
    """The longest listed town of up to three words at ``at``, when it ends the
    clause (``_END``) and is no place word, state or clinical word; a plain town ("mobile",
    "bishop") only where its line has no case to read or it is capitalised, never before
    "and" ("returning to golf and bowls") nor an adjective ("back to normal")."""
    gaz = gazetteer()
    town = longest_town(list(_WORDS.finditer(_TOWN_WORDS.match(text, at).group(0))), gaz.towns, at)
    if town is None:
        return
    _, key, end = town
    if _bad_key(key, lex) or followed_by_head_noun(text, end) \
            or _FACILITY_AFTER.match(text, end) or not _END.match(text, end):
        return
    plain = key in gaz.plain_towns
    if plain and (_AND.match(text, end) or (" " not in key and key.endswith(ADJECTIVE_ENDS))
                  or not _capital_ok(text, at, key, lex, capital, lines)):
        return
    # a plain town is read in its context only: "mobile" elsewhere is no town
    out.append(Span(at, end, "LOCATION", "places", 0.75, propagate=not plain))


def _plain_word(word: str, lex: Lexicon) -> bool:
    w = word.lower().strip(".'\u2019")
    if w.endswith(("'s", "\u2019s")):
        w = w[:-2]
    parts = [p for p in re.split(r"[-&]", w) if p]
    return not parts or w in _SHORTHAND or any(
        p in FUNCTION_WORDS or p in lex.common_words or p.rstrip("s") in lex.common_words
        or lex.is_medical(p) or p in lex.abbreviations or len(p) < 3 for p in parts)


def _heads(text: str, lex: Lexicon, lines: NoteLines) -> list[Span]:
    out: list[Span] = []
    gaz = None
    for m in heads_finditer(_HEAD, text):
        if _HEAD_AS_MODIFIER.match(text, m.end()):
            continue
        before = _BEFORE_HEAD.search(text, max(0, m.start() - 60), m.start())
        if before is None:
            continue
        words = list(_WORDS.finditer(before.group(0)))
        gaz = gaz or gazetteer()
        for k in range(len(words)):
            start = before.start() + words[k].start()
            key = " ".join(text[start:m.start()].split()).lower()
            if key in gaz.towns and not _bad_key(key, lex):
                pass
            elif not (k == len(words) - 1 and not _plain_word(key, lex)
                      and key not in lex.first_names and not _bad_key(key, lex)):
                continue
            if key in gaz.plain_towns and not (lines.without_case(start) or _name_capital(text, start)):
                break  # "strong rehab", "Strong rehab candidate" in a mixed-case line
            civic = m.group(0).lower().startswith(_CIVIC)
            tail = _FIRM_TAIL.match(text, m.end()) if civic else None  # "huron grain co-op"
            out.append(Span(start, tail.end() if tail else m.end(),
                            "LOCATION" if civic else "HOSPITAL", "places", 0.75))
            break
    return out


def _townships(text: str, lex: Lexicon) -> list[Span]:
    out: list[Span] = []
    for m in _TOWNSHIP.finditer(text):
        words = list(_WORDS.finditer(m.group(1)))
        for k in range(len(words)):
            start = m.start(1) + words[k].start()
            key = " ".join(text[start:m.end(1)].split()).lower()
            if key in gazetteer().towns or (text[start].isupper() and not _plain_word(key, lex)) \
                    or (k == len(words) - 1 and not _plain_word(key, lex)):
                if not _bad_key(key, lex):
                    out.append(Span(start, m.end(), "LOCATION", "places", 0.8))
                break
    return out
