"""Names in sign-out lists, coverage lines, copy lists and signature initials.

* **A bed list**: a line that starts with a bed, room or hall number and a dash or colon (or
  a blank, then the surname is no English word: "hall 2 nkemelu - intox", not "bed 2 new -
  admit"), then a surname and a dash, comma, bracket or colon: "bed 4 - garcia-marquez -
  septic shock", "rm 12: mcdonald-okeke - dka", "bed 7 - st. john - gib", "Bed 3 - Baker -
  CHF". Each word is a listed name or a word no dictionary knows (hyphen parts listed), never
  a clinical or common word that no list has: "bed 4 - septic shock", "bed 6 - empty", "bed 2
  - new admit" stay.
* **A coverage line**: "night:", "nights:", "days:", "covering:", "cross-cover:", "backup",
  "coverage:", "on call:" then initials or names joined by "/", "," or "and": "(night: jk /
  dmo)", "covering: j. ortiz (pgr ...), backup t.h.", "Cross-cover: Fox / Wolf". Bare initials
  that are also abbreviations need a second item in the list; "night: uneventful" stays.
* **Initials after a signature**: two to four letters after a credential and a slash at the
  line's end, also when the letters are a clinical abbreviation ("T. REED RN / TR", "k. wolf,
  rn / kw"); not a credential ("RN / LPN"). "Transcribed: mlw", "Typed: KB 12/03".
* **An initial and a surname twice, joined by a slash**: "crew D. Rose/P. Bond" (listed
  surnames, no clinical word: "E. coli/S. aureus", "C. Diff/H. Pylori" stay).
* **"Surname, I." before a credential**: "Frank, P. RN", "GRAY, M. RN".
* **A copy list** of two items or more, split by ";" (or ","): "cc: bill grant; sandy fox np;
  j. hill md". An item is one to three name words (initials with a period), with a title or
  credential, or else listed names or words no dictionary knows; a lone common word is no
  name there ("CC: fall, weakness" is a chief complaint).

Several rules read the lower-cased text at the same offsets: on a text whose lower-casing
changes its length (rare letters) they are skipped.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._name_words import MODALS, NOT_AFTER_CUE, RELATIONS, ROLES
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["listed_name", "not_a_name", "signout_names", "surname_like"]

_WORD = r"[A-Za-z][A-Za-z'\u2019]*(?:-[A-Za-z][A-Za-z'\u2019]*)*"
_BED = re.compile(rf"(?im)^[ \t]*(?:bed|rm|room|bay|hall|hallway)[ \t]*#?[ \t]*\d{{1,3}}[a-z]?"
                  rf"(?:[ \t]*[-:)\u2013][ \t]*|(?P<bare>[ \t]+))"
                  rf"(?P<name>(?:(?:st\.?|de|la|del|van|von|der|da|di|du|le|el|al|bin|o')[ \t]*)?{_WORD}"
                  rf"(?:,?[ \t]+{_WORD}){{0,2}})[ \t]*(?=[-:,(\u2013]|[ \t]\d)")
_PARTICLES = frozenset("st st. de la del van von der da di du le el al bin o'".split())
#: A coverage word before a colon (read from a window before each colon, on the lower-cased
#: text), or "covering" / "backup" before an initial.
_COVER_BEFORE = re.compile(r"(?<![\w-])(?:(?:nights?|days?|eves?)(?:[ \t]+team)?|covering|"
                           r"cross[- ]?cover(?:ing)?|coverage|back-?up|on[ \t]+call|night[ \t]+float|nf)"
                           r"[ \t]*$")
_COVER_BARE = re.compile(r"(?<![\w-])(?:covering|cross[- ]?cover(?:ing)?|back-?up)[ \t]+(?=[a-z]\.)")
_ITEM = re.compile(r"[ \t]*((?:[A-Za-z]\.){2,3}|[A-Za-z]\.[ \t]?[A-Za-z][A-Za-z'\u2019-]+|"
                   r"[A-Za-z][A-Za-z'\u2019-]+)(?=[ \t]*(?:[/,&)(;]|and\b|$))", re.MULTILINE)
_JOIN = re.compile(r"[ \t]*(?:/|,|&|and\b)")
_CREDS = frozenset("md do rn np pa pa-c lpn cna rrt rt crna pca sn emt msw lcsw licsw pharmd "
                   "phd bsn msn aprn fnp slp ot pt na ma sw cm tech aide".split())
#: A copy list: "cc: bill grant; sandy fox np; j. hill md" (items split by ";", or by "," when
#: the line has no ";").
_CC = re.compile(r"(?m)(?:cc|copy[ \t]+to|copies[ \t]+to|routed[ \t]+to|fyi)[ \t]*:[ \t]*([^\n]+)$")
#: Titles and credentials inside a copy list's item (dropped from the name, and a cue).
_CC_DROP = re.compile(r"(?i)(?<![\w'])(?:dr|drs|mr|mrs|ms|md|do|rn|np|pa|pa-c|lpn|cna|rrt|crna|msw|licsw|"
                      r"lcsw|pharmd|phd)\b\.?")
#: Dotted letters that are abbreviations, not initials.
_DOTTED = frozenset("am pm po iv im sq bid tid qid qd qod prn npo od os ou eg ie".split())
#: Initials after a slash at a line's end (on the lower-cased text); the credential before the
#: slash is read from a window.
_SLASH_END = re.compile(r"/[ \t]*([a-z]{2,4})[ \t]*$", re.MULTILINE)
_CRED_BEFORE = re.compile(r"(?:^|[ \t,])(?:rn|r\.n\.|lpn|md|m\.d\.|np|pa-c|rrt|crna|cna)[ \t]*$")
_TYPED = re.compile(r"(?m)(?:transcribed|typed|typist|transcriptionist)[ \t]*:[ \t]*([a-z]{2,4})"
                    r"(?=[ \t]*(?:$|/|\d))")
#: "D. Rose/P. Bond": found from the slash and the second initial, the first read from a window.
_SURNAME = r"[A-Z](?:[a-z][A-Za-z'\u2019-]+|[A-Z'\u2019-]{2,})"
_SLASH_PAIR = re.compile(rf"/[ \t]*[A-Z]\.[ \t]?({_SURNAME})")
_PAIR_BEFORE = re.compile(rf"(?<![\w.])[A-Z]\.[ \t]?({_SURNAME})[ \t]*$")
#: ", I. RN" found first; the surname before it is read from a window.
_INITIAL_CRED = re.compile(r",[ \t]*[A-Z]\.?[ \t]+(?:RN|LPN|MD|NP|PA-C|RRT|CRNA|CNA|PharmD|MSW|LICSW)\b")
_SURNAME_BEFORE = re.compile(r"(?<![\w.'\u2019-])([A-Z][A-Za-z'\u2019-]+)$")


def not_a_name(word: str, lex: Lexicon) -> bool:
    """A function, relation, role, modal or clinical word, or one letter: never a name here."""
    k = word.lower()
    return (len(k) < 2 or k in FUNCTION_WORDS or k in RELATIONS or k in ROLES or k in MODALS
            or k in NOT_AFTER_CUE or lex.is_medical(word))


def listed_name(k: str, lex: Lexicon) -> bool:
    """``k`` (lower case) is a listed given name or surname, or all its hyphen parts are."""
    parts = [p for p in k.split("-") if p]
    return k in lex.first_names or k in lex.last_names or (
        len(parts) > 1 and all(p in lex.first_names or p in lex.last_names for p in parts))


def surname_like(word: str, lex: Lexicon) -> bool:
    """A listed name (common word or not) or a word no dictionary knows; never a clinical,
    function or role word."""
    if not_a_name(word, lex):
        return False
    k = word.lower()
    return listed_name(k, lex) or (k not in lex.common_words and len(k) >= 3
                                   and not k.endswith(("ing", "ed", "ly")))


def _bed_names(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _BED.finditer(text):
        words = [w for w in re.findall(_WORD, m.group("name")) if w.lower() not in _PARTICLES]
        if words and all(surname_like(w, lex) and not (m.group("bare") and w.lower() in lex.common_words)
                         for w in words):  # no dash after the number: no English word ("bed 2 new -")
            out.append(m.span("name"))
    return out


def _cover_starts(low: str) -> list[int]:
    """Where the list after a coverage cue starts."""
    starts = []
    i = low.find(":")
    while i >= 0:
        if _COVER_BEFORE.search(low, max(0, i - 24), i):
            j = i + 1
            while j < len(low) and low[j] in " \t":
                j += 1
            starts.append(j)
        i = low.find(":", i + 1)
    if "covering" in low or "cross" in low or "backup" in low or "back-up" in low:
        starts += [m.end() for m in _COVER_BARE.finditer(low)]
    return starts


def _cover_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for start in _cover_starts(low):
        items, pos = [], start
        while len(items) < 4:
            m = _ITEM.match(text, pos)
            if m is None:
                break
            items.append(m)
            j = _JOIN.match(text, m.end())
            if j is None:
                break
            pos = j.end()
        if not items:
            continue
        ok = []
        for m in items:
            w = m.group(1)
            bare = w.replace(".", "").replace(" ", "")
            if "." in w and " " not in w and len(bare) <= 3:
                if bare.lower() not in _DOTTED:
                    ok.append(m)  # "t.h."
            elif "." in w:
                if surname_like(re.split(r"[ .]+", w)[-1], lex):
                    ok.append(m)  # "j. ortiz"
            elif len(items) == 1 and w.lower() in lex.common_words:
                continue  # "Day: sunny", "night: Quiet"
            elif w[0].isupper() and w[1:].islower():
                if surname_like(w, lex):
                    ok.append(m)  # "Fox / Wolf"
            elif len(w) <= 4:
                k = w.lower()
                if k not in lex.common_words and k not in FUNCTION_WORDS and k not in _CREDS \
                        and (len(items) > 1 or not lex.is_medical(w)):
                    ok.append(m)  # "jk / dmo"
            elif surname_like(w, lex) and listed_name(w.lower(), lex):
                ok.append(m)
        if len(ok) == len(items):
            out += [m.span(1) for m in ok]
    return out


def _cc_item(item: str, lex: Lexicon) -> tuple[int, int] | None:
    """The name of one item of a copy list (offsets in ``item``), or None."""
    words = list(re.finditer(r"[A-Za-z][A-Za-z'\u2019-]*\.?", item))
    cued = any(_CC_DROP.fullmatch(w.group()) for w in words)
    names = [w for w in words if not _CC_DROP.fullmatch(w.group())]
    if not names or len(names) > 3 or all(len(w.group().rstrip(".")) == 1 for w in names):
        return None
    for w in names:
        g = w.group().rstrip(".")
        if len(g) == 1:
            if not w.group().endswith("."):
                return None  # "fall x2": a letter without a period is no initial
        elif not surname_like(g, lex):
            return None
    if not cued:
        longs = [w.group().rstrip(".") for w in names if len(w.group().rstrip(".")) > 1]
        if len(names) == 1 and longs[0].lower() in lex.common_words:
            return None  # "cc: fall, weakness" (a chief complaint)
        if not all(listed_name(g.lower(), lex) or g.lower() not in lex.common_words for g in longs):
            return None
    a, b = names[0].start(), names[-1].end()
    return a, b - (item[b - 1] == ".")


def _cc_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _CC.finditer(low):
        if m.start() and low[m.start() - 1] not in " \t(\n":
            continue
        line, base = text[m.start(1):m.end(1)], m.start(1)
        sep = ";" if ";" in line else ","
        items = line.split(sep)
        if len(items) < 2:
            continue
        pos = 0
        for item in items:
            got = _cc_item(item, lex)
            if got is not None:
                out.append((base + pos + got[0], base + pos + got[1]))
            pos += len(item) + 1
    return out


def signout_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names described in the module docstring; ``low`` is ``text`` in
    lower case."""
    out: list[tuple[int, int]] = []
    if len(low) != len(text):
        return out  # the rules read offsets of the lower-cased text
    if "bed" in low or "rm" in low or "room" in low or "bay" in low or "hall" in low:
        out += _bed_names(text, lex)
    if any(c in low for c in ("night", "day", "cover", "back", "call", "eve", "nf")):
        out += _cover_names(text, low, lex)
    if "/" in text:
        for m in _SLASH_END.finditer(low):
            if m.group(1) not in _CREDS and m.group(1) not in FUNCTION_WORDS \
                    and _CRED_BEFORE.search(low, max(0, m.start() - 12), m.start()):
                out.append(m.span(1))
        for m in _SLASH_PAIR.finditer(text):
            b = _PAIR_BEFORE.search(text, max(0, m.start() - 30), m.start())
            if b is not None and all(g.lower() in lex.last_names and not not_a_name(g, lex)
                                     for g in (b.group(1), m.group(1))):
                out += [b.span(1), m.span(1)]
    if ":" in text and any(c in low for c in ("cc", "copy", "copies", "routed", "fyi")):
        out += _cc_names(text, low, lex)
    if ":" in text and ("typ" in low or "transcri" in low):
        for m in _TYPED.finditer(low):
            if m.start() and (low[m.start() - 1].isalnum() or low[m.start() - 1] in "-_"):
                continue
            k = m.group(1).lower()
            if k not in FUNCTION_WORDS and (len(k) <= 3 or k not in lex.common_words):
                out.append(m.span(1))
    if "," in text:
        for c in _INITIAL_CRED.finditer(text):
            m = _SURNAME_BEFORE.search(text, max(0, c.start() - 30), c.start())
            if m and surname_like(m.group(1), lex) and (m.group(1).istitle() or m.group(1).isupper()):
                out.append(m.span(1))
    return out
