"""First names of relatives and staff that PHI-sparse unit notes write with little around them
(session 20, deidrec20).

* **A coordinated list after a plural relation**: "daughters Tess and Mallory", "sons ken,
  joe and\\nsam", "grandkids Ava & Liam": every name of the list, across a line break. In a
  mixed-case note a name is a capitalised word; in any case a listed first name. A common
  English word needs the list to end after it ("daughters rose and lily." yes, "sons will and
  ..." no).
* **A relative's name told as such**: "husband's name rick", "wife's name is Ann", "late
  husband's name earl": one word, capitalised or a listed first name, no function or clinical
  word.
* **A name in brackets after a role or a relation**: "Perfusionist (Raj)", "RT (Ines) aware",
  "(daughter Wren)", "hcp (son tomas)": one capitalised word that is no abbreviation in
  capitals, or in lower case a listed first or last name, and no status word ("(daughter
  present)", "(RN aware)", "(MD notified)" stay).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["relative_names"]

_PLURAL_KIN = (r"(?:daughters|sons|kids|children|grandchildren|grandkids|grandsons|granddaughters|"
               r"sisters|brothers|siblings|nieces|nephews|parents|dtrs|sons-in-law|daughters-in-law)")
_KIN = (r"(?:husband|wife|spouse|partner|son|daughter|dtr|mother|mom|father|dad|brother|sister|"
        r"boyfriend|girlfriend|fianc[eé]e?|grandson|granddaughter|niece|nephew|aunt|uncle|cousin|"
        r"friend|neighbou?r|caregiver|hcp|poa|guardian)")
_ROLE = (r"(?:perfusionist|rt|rrt|rn|lpn|cna|pca|np|pa|md|resident|fellow|intern|attending|"
         r"intensivist|hospitalist|surgeon|anesthesia|crna|chaplain|sw|msw|social[ \t]+worker|cm|"
         r"case[ \t]+manager|pharmacist|pharmd|dietitian|rd|interpreter|sitter|tech|nurse|"
         r"charge(?:[ \t]+(?:rn|nurse))?|pt|ot|slp|therapist|transport|translator|ep)")
_WORD = r"([A-Za-z][a-z'\u2019-]*[a-z]|[A-Z][A-Z'-]*[A-Z])"
_LIST = re.compile(r"(?i)\b" + _PLURAL_KIN + r"[ \t]+" + r"(?-i:" + _WORD + r")((?:[ \t]*,[ \t\n]*[A-Za-z]"
                   r"[A-Za-z'\u2019-]*){0,3}[ \t]*,?[ \t\n]+(?:and|&)[ \t\n]+[A-Za-z][A-Za-z'\u2019-]*)")
_LIST_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_NAME_IS = re.compile(r"(?i)\b" + _KIN + r"(?:'s|\u2019s)[ \t]+name[ \t]*(?:is|was|:)?[ \t]+"
                      + r"(?-i:" + _WORD + r")")
_BRACKET = re.compile(r"(?i)(?:\b" + _ROLE + r"[ \t]*\([ \t]*|\([ \t]*" + _KIN + r"[ \t]+)"
                      + r"(?-i:" + _WORD + r")[ \t]*\)")
#: The bracket that ends every match of ``_BRACKET``: one word, or two (a relation and a name),
#: from "(" to the first ")" (a cheap scan: it opens on a literal).
_BRACKET_END = re.compile(r"\([ \t]*(?:[^\s()]+[ \t]+)?[A-Za-z][A-Za-z'\u2019-]*[ \t]*\)")
#: What a bracket after a role or a relation holds that is no name.
_STATUS = frozenset("present aware notified updated here there bedside called paged informed "
                    "agrees agreed consented declined refused unavailable unreachable none unknown "
                    "only alone absent primary secondary main decision maker hcp poa temporary "
                    "interim covering consulted ok yes no".split())
_CLOSE = re.compile(r"[ \t]*(?:[.,;:)!?]|\n|$|(?:at|are|were|here|present|updated|visited|visiting|"
                    r"aware|called|came|both|all)\b)", re.IGNORECASE)


def _plain(word: str, lex: Lexicon) -> bool:
    key = word.lower()
    return key in FUNCTION_WORDS or lex.is_medical(key) or key in _STATUS or key in lex.states


def _name(word: str, lex: Lexicon, *, mixed: bool, listed_any: bool = False) -> bool:
    """A capitalised word in a mixed-case note, or a listed first name (``listed_any``: first
    or last name)."""
    key = word.lower()
    if word.isupper() and len(word) <= 4 and mixed or key in FUNCTION_WORDS or key in _STATUS:
        return False
    if key in lex.first_names and (word[0].isupper() or key not in lex.common_words):
        return True  # "Mallory", "tess" (a listed first name that is also an eponym)
    if _plain(word, lex):
        return False
    if mixed and word[0].isupper() and not word.isupper():
        return True
    if key in lex.first_names or listed_any and key in lex.last_names:
        return True
    return key not in lex.common_words and word[0].isupper() and mixed


_LOWER = bytes(range(ord("a"), ord("z") + 1))
_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + _LOWER


def _mixed(text: str) -> bool:
    """Lower-case letters more than 30 % of the letters, and not all of them."""
    if text.isascii():  # the letters are A-Z and a-z: counted by two byte deletions
        raw = text.encode("ascii")
        letters = len(raw) - len(raw.translate(None, _LETTERS))
        lower = len(raw) - len(raw.translate(None, _LOWER))
    else:
        chars = [c for c in text if c.isalpha()]
        letters, lower = len(chars), sum(1 for c in chars if c.islower())
    return 0.3 * letters < lower < letters


def _line_matches(pattern: re.Pattern[str], text: str, where: str, needle: str,
                  gate: re.Pattern[str] | None = None):
    """``pattern.finditer(text)`` for a pattern whose every match holds ``needle`` in ``where``
    (``text`` or its lower case, same offsets) and no line break: only the lines holding
    ``needle`` are scanned (``\\b`` at a line's start still reads the break before it). With
    ``gate``, a pattern whose every match ends where a match of ``gate`` ends: a line is
    scanned only up to its last such end, and not at all without one."""
    i = where.find(needle)
    while i >= 0:
        start = text.rfind("\n", 0, i) + 1
        end = text.find("\n", i)
        if end < 0:
            end = len(text)
        stop = end
        if gate is not None:
            stop = -1
            for g in gate.finditer(text, start, end):
                stop = g.end()
        if stop >= 0:
            yield from pattern.finditer(text, start, stop)
        i = where.find(needle, end + 1)


def relative_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names described in the module docstring."""
    out: list[tuple[int, int]] = []
    if not ("(" in text or "name" in low or "and" in low or "&" in text):
        return out
    ascii_text = text.isascii() and len(low) == len(text)
    lists = list(heads_finditer(_LIST, text, low)) if "and" in low or "&" in text else []
    # "husband's name rick" holds "name" and "(Raj)" a bracket, each on one line
    named = [] if ascii_text and "name" not in low else [
        (_NAME_IS, m) for m in (_line_matches(_NAME_IS, text, low, "name") if ascii_text
                                else _NAME_IS.finditer(text))]
    named += [(_BRACKET, m) for m in _line_matches(_BRACKET, text, text, "(", _BRACKET_END)]
    if not lists and not named:
        return out
    mixed = _mixed(text)
    for m in lists:
        words = [(m.start(1), m.end(1))] + [(w.start() + m.start(2), w.end() + m.start(2))
                                            for w in _LIST_WORD.finditer(m.group(2))
                                            if w.group(0).lower() not in ("and",)]
        names = []
        for k, (s, e) in enumerate(words):
            word = text[s:e]
            if not _name(word, lex, mixed=mixed) \
                    or word.lower() in lex.common_words and word.lower() not in lex.first_names:
                break  # "Kids Asthma and Eczema": English words in title case
            if word.lower() in lex.common_words and not (word[0].isupper() and mixed) \
                    and k == len(words) - 1 and not _CLOSE.match(text, e):
                break  # "sons will and ...": a verb in lower case
            names.append((s, e))
        else:
            out += names
    for pattern, m in named:
        word = m.group(1)
        if pattern is _BRACKET and word.lower() in lex.common_words \
                and word.lower() not in lex.first_names and not word.islower():
            continue  # "Pt (Alert)": a capitalised English word
        if _name(word, lex, mixed=mixed, listed_any=pattern is _BRACKET):
            out.append((m.start(1), m.end(1)))
    return out
