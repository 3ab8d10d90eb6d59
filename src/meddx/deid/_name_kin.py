"""Names after a relation word or "pt": the surname after a first name, and a lone surname.

Inpatient notes type a relative's or the patient's name right after the word that tells who
it is, often in lower case and often broken by a line wrap:

* **relation or "pt", first name, surname**: "brother bill parkinson in from ...", "son vinh
  ng wants a call", "wife rose\\ndelacroix and son", "pt harold parkinson". The cue rules take
  the first name; the surname is refused there when it is also a medical word ("parkinson",
  "ng") or sits on the next line. Here the first name must be a listed first name or, after a
  relation, a word no dictionary or medical list knows ("vinh"); after "pt" a listed first name
  that is no English word, and no age may follow ("pt agnes pettibone, 97,": a name this rule
  took would hide the line from the case view, whose re-cased "Pt Agnes Pettibone, 97" gives
  the name and the age). The second word must be a listed surname (not a function word, a
  verb form or before a head noun: "son bill parkinson's disease" stays a first name alone) or
  a word no list knows ("delacroix").
* **"pt" and a lone surname**: "pt ortega pod#2", "pt oyelaran (rm 510)", "(pt jaxon, 6 yo",
  "pt (okonjo)". The word must be a listed surname that is no English or medical word, or a
  word no list knows (not an English noun ending, "-ment", "-tion", ...), and it must be
  followed by "(", ",", ")" or "pod"/"s/p"/a digit. "pt states", "pt afebrile, ..." (listed
  words) stay, and so does "patient" as the cue ("patient ascertainment, ..." in prose). A
  listed given name after the comma leaves the name to the "Surname, Given" rules ("pt ruiz,
  ana m", with its initial).
* **A hyphenated surname broken by a line end after its hyphen**: "pcp dr o'rourke-\nbates
  sent", "dr halvorsen-\nwade ok"; after a title, a relation or "pt", both parts a listed
  surname or a word no list knows ("dr follow-\nup" stays).

No name is memorised: every test reads the census lists and the dictionaries of the lexicon.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import literal_heads
from meddx.deid._name_cues import verb_form
from meddx.deid._name_words import MODALS, RELATIONS, ROLES
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun

__all__ = ["kin_names"]

_REL = "|".join(sorted(RELATIONS | {"pt", "patient"}, key=len, reverse=True))
_WORD = r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]"
_PAIR = re.compile(rf"(?i)(?<![\w-])({_REL})(?:['\u2019]s)?(?=[ \t]+({_WORD})(?:[ \t]+|[ \t]*\r?\n[ \t]*)"
                   rf"({_WORD})(?![\w-]))")
_PT_ONE = re.compile(rf"(?i)(?<![\w-])pt[ \t]+(?:\(({_WORD})\)|({_WORD})"
                     r"(?=[ \t]*[(,)]|[ \t]+(?:pod|s/p|\d)))")

#: A hyphenated surname broken after its hyphen by a line end: "dr halvorsen-\nwade".
_HYPHEN_WRAP = re.compile(rf"(?i)(?<![\w-])(?:dr|mr|mrs|ms|miss|{_REL})\.?[ \t]+({_WORD})-[ \t]*\r?\n[ \t]*"
                          rf"({_WORD})(?![\w-])")
#: The words the two rules above start with (a relation, "pt", a title; more than the 40 of
#: ``_literal_heads.finditer``): their matches are found from those words' positions (a CPU
#: shortcut, same matches: see ``_literal_heads``). None on Pythons with no shortcut.
_PAIR_HEADS = literal_heads(_PAIR, max_words=200)
_WRAP_HEADS = literal_heads(_HYPHEN_WRAP, max_words=200)
#: what every match of ``_HYPHEN_WRAP`` holds: a hyphen at a line end (most notes have none)
_HYPHEN_EOL = re.compile(r"-[ \t]*\r?\n")
#: an age right after the name: ", 97," or " (91)"
_AGE_AFTER = re.compile(r"[ \t]*(?:,[ \t]*|\()\d{1,3}(?![\d/:.-])")
_GIVEN_AFTER = re.compile(rf"[ \t]*,[ \t]*({_WORD})(?![\w-])")

#: endings of English nouns and adjectives that no surname list needs ("ascertainment")
_NOUN_ENDINGS = ("ment", "tion", "sion", "ness", "ity", "ance", "ence", "ism", "ology", "ical")


def _plain(key: str, lex: Lexicon) -> bool:
    """A word that is no name: function, relation, role, modal or too short."""
    return (len(key) < 2 or key in FUNCTION_WORDS or key in RELATIONS or key in ROLES
            or key in MODALS)


def _unknown(key: str, lex: Lexicon) -> bool:
    """A word of three letters or more that no dictionary, medical or place list knows."""
    if len(key) < 3 or key in lex.common_words or lex.is_medical(key) or key in lex.cities \
            or key in lex.states or key.endswith(_NOUN_ENDINGS):
        return False  # "ascertainment", "treatment-year" are English
    parts = [p for p in key.split("-") if p]
    return not all(p in lex.common_words or lex.is_medical(p) for p in parts)


def _inflected(key: str, lex: Lexicon) -> bool:
    common = lex.common_words
    return verb_form(key, lex) or key.endswith(("ing", "ed", "ly")) \
        or (key.endswith("s") and (key[:-1] in common or key[:-2] in common))


def _surname(text: str, end: int, key: str, lex: Lexicon) -> bool:
    """The second word of "son vinh ng", "wife rose\\ndelacroix"."""
    if _plain(key, lex) or _inflected(key, lex) or followed_by_head_noun(text, end):
        return False
    return key in lex.last_names or _unknown(key, lex)


def _finditer(regex: re.Pattern[str], heads, text: str, low: str):
    """``regex.finditer(text)``, from the positions of its head words on ASCII text."""
    if heads is None or not text.isascii():
        return regex.finditer(text)
    return heads.finditer(regex, text, low)


def kin_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans of the names of the module docstring (``low``: ``text.lower()``)."""
    out: list[tuple[int, int]] = []
    for m in _finditer(_PAIR, _PAIR_HEADS, text, low):
        cue, first, second = m.group(1).lower(), m.group(2).lower(), m.group(3).lower()
        if _plain(first, lex) or lex.is_medical(first) or _inflected(first, lex):
            continue
        listed = first in lex.first_names
        if cue in ("pt", "patient"):
            if not listed or first in lex.common_words:
                continue  # "pt will ...", "pt bill ...", "pt nauseous ..."
        elif not (listed or _unknown(first, lex)):
            continue
        if cue in ("pt", "patient") and _AGE_AFTER.match(text, m.end(3)):
            continue  # "pt agnes pettibone, 97,": left to the case view, whose age rules need it
        if _surname(text, m.end(3), second, lex):
            out.append((m.start(2), m.end(3)))
    for m in _PT_ONE.finditer(text):
        g = 1 if m.group(1) is not None else 2
        key = m.group(g).lower()
        if _plain(key, lex) or _inflected(key, lex):
            continue
        listed = key in lex.last_names and key not in lex.common_words and not lex.is_medical(key)
        if listed or (_unknown(key, lex) and key not in lex.first_names):
            given = _GIVEN_AFTER.match(text, m.end(g))
            if given is not None and given.group(1).lower() in lex.first_names:
                continue  # "pt ruiz, ana m": the comma-name rules take the whole name
            out.append((m.start(g), m.end(g)))
    if _HYPHEN_EOL.search(text) is not None:
        for m in _finditer(_HYPHEN_WRAP, _WRAP_HEADS, text, low):
            head, tail = m.group(1).lower(), m.group(2).lower()
            if _plain(head, lex) or _plain(tail, lex):
                continue
            if (head in lex.last_names or _unknown(head, lex)) and (
                    tail in lex.last_names or (_unknown(tail, lex) and not _inflected(tail, lex))):
                out.append((m.start(1), m.end(2)))
    return out
