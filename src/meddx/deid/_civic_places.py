"""Local services named by their head words (session 14, deidplace14).

Care-management, transfer and social-work notes name the town's services by a place name and a
head word (LOCATION): "Bullock County Animal Control", "the Brick Township Public Library",
"brought by Wasilla Fire medic", "mason county ems", "hospital bed via cambridge medical
supply", "coworkers at piedmont natural gas", "his boss at Grand Strand Marina", "Harbor Food
Bank". (Session 15, deidplace15, removed the home-care agency heads "... Home Care Partners",
"... HealthCare at Home": they found nothing outside the set they were fitted to.)

The name before the head is one to three words on the head's line (or wrapped from the line before
when it ends on a place word or the head is in title case: "Delmore Township\nPublic Library",
"Tamsey River\nMedical Supply", not "from Boston\nEMS arrived"; session 16). Capitalised words are
taken (not function words); a capitalised common word that opens a sentence is dropped ("Called
County EMS" stays generic). In lower case or ALL CAPS a word is taken only when it is no common,
function or medical word, or a place word (county, township, city) after such a word. At least one
word that is not a place word is needed: "called EMS", "county ems", "the public library", "home
care services" stay.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["CIVIC_KEYS", "LOCATION_HEAD", "civic_place_spans", "is_title_head"]

_SEP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_LOCATION_HEAD = re.compile(
    r"(?<![\w'-])(?i:animal" + _SEP + r"control|(?:public" + _SEP + r")?library|"
    r"fire" + _SEP + r"(?:department|dept\b\.?|rescue|district)|fire(?=[ \t]+(?:medics?|crew|engine|ems)\b)|"
    r"ems|marina|medical" + _SEP + r"supply|natural" + _SEP + r"gas|food" + _SEP + r"(?:bank|pantry))"
    r"(?![\w'-])")
#: the heads, for a place found by any detector (``_facility_ends``, session 16)
LOCATION_HEAD = _LOCATION_HEAD
#: Token keys (lower-cased words) one of which a note needs for the scan to run.
CIVIC_KEYS = frozenset(("control", "library", "fire", "ems", "marina", "supply", "gas", "food"))
_PLACE_WORDS = frozenset(("county", "township", "city", "town", "village", "parish", "borough", "greater"))
_WORD = re.compile(r"[A-Za-z][A-Za-z'.&-]*$")
_GENERIC = frozenset(("local", "the", "a", "an", "his", "her", "their", "our", "your", "state", "public",
                      "called", "call", "via", "by", "per", "notified", "contacted"))


def _name_start(text: str, lex: Lexicon, head: int, title_head: bool = False) -> int | None:
    """Start of the name before a head at ``head``, or None when no name word is there;
    ``title_head``: the head is written in title case ("Medical Supply", not "EMS")."""
    line = text.rfind("\n", 0, head) + 1
    crossed = not text[line:head].strip()
    if crossed:  # the head opens its line: the name may end the line before
        prev = text.rfind("\n", 0, max(0, line - 1)) + 1
        above = text[prev:max(prev, line - 1)]
        if not above.strip() or above.rstrip().endswith(":"):
            return None  # "HISTORY:\nEMS": a heading ends the line before
        line = prev
    words: list[re.Match[str]] = []
    pos = head
    while len(words) < 3:
        before = text[line:pos].rstrip(" \t\n")
        m = _WORD.search(before)
        if m is None or pos - (line + m.end()) > 3:
            break
        words.append(m)
        start = line + m.start()
        word = m.group().rstrip(".")
        low = word.lower()
        if low in FUNCTION_WORDS or low in _GENERIC:
            words.pop()
            break
        cased = word[0].isupper() and not word.isupper()
        clinical = lex.is_medical(low, abbreviations=False)
        if low not in _PLACE_WORDS and (clinical or not cased and low in lex.common_words):
            if clinical and crossed:
                return None  # "Cath Lab\nEMS": a clinical line above the head
            words.pop()
            break
        pos = start
    starts = [line + m.start() for m in words]
    names = [m.group().rstrip(".") for m in words]
    if crossed and names and (words[0].group().endswith(".") or names[0].lower() not in _PLACE_WORDS
                              and not title_head):
        return None  # across a line only after a place word or before a head in title case:
        # "Orvale County\nAnimal Control", "Tamsey River\nMedical Supply"; "from Boston\nEMS
        # arrived", "From Boston\nmedical supply", "in Springfield.\nLibrary card" stay (session 16)
    # a capitalised common word that opens a sentence is no name: "Called ... EMS"
    while names:
        behind = text[:starts[-1]].rstrip(" \t")
        if (not behind or behind[-1] in ".:;\n") and names[-1].lower() in lex.common_words \
                and names[-1].lower() not in _PLACE_WORDS:
            names.pop()
            starts.pop()
        else:
            break
    if not any(n.lower() not in _PLACE_WORDS for n in names):
        return None
    return starts[-1]


def is_title_head(head: str) -> bool:
    """Whether a service head is written in title case ("Medical Supply", "Library"; not "EMS",
    "medical supply")."""
    return all(w[0].isupper() and w[1:].islower() for w in head.split())


def _library_ok(text: str, m: re.Match[str], start: int) -> bool:
    """A bare "Library" needs "public" or a place word, or a capitalised name and head, and no
    "of" after it: "Brick Township Library", "Hale Library"; "cDNA library", "National Library of
    Medicine" stay."""
    head = m.group()
    if head[:1].lower() != "l":
        return True
    if re.match(r"[ \t]+(?i:of)\b", text[m.end():m.end() + 5]):
        return False
    name = text[start:m.start()].split()
    if any(w.lower() in _PLACE_WORDS for w in name):
        return True
    return head[0] == "L" and head[1:].islower() and all(w[0].isupper() and w[1:].islower() for w in name)


def civic_place_spans(text: str, lex: Lexicon, keys: frozenset[str] | set[str]) -> list[Span]:
    """Spans of the services of the module docstring."""
    out: list[Span] = []
    if keys.isdisjoint(CIVIC_KEYS):
        return out
    for m in _LOCATION_HEAD.finditer(text):
        start = _name_start(text, lex, m.start(), is_title_head(m.group()))
        if start is not None and _library_ok(text, m, start):
            out.append(Span(start, m.end(), "LOCATION", "places", 0.75))
    return out
