"""What still vouches for a span of capitals alone once its detector does not find it in the line
lower-cased (session 27, branch deidcaps27): the cues that :func:`meddx.deid._caps_guard.caps_guard`
reads before it drops such a place.

On a line typed in capitals every word is capitalised, so the cue-based detectors read runs of
ordinary and clinical words as names and places: "CALLED THE BURN CLINIC", "NEED HOME HEALTH",
"DOES NOT WANT POLICE", "ADDED KETAMINE LOW-DOSE INFUSION". A place made only of common,
function or clinical words that the same detector does not find in the line lower-cased is
dropped, unless one of these still reads it as a place:

* a place or facility after a cue of place, on its line or at the end of the line before: "at",
  "from", "in", "via", "through", "near", "by", "of", "on" or a verb of choice ("chose",
  "toured"), with "the" between or not; "to" after a verb of transfer ("transferred to",
  "transferring to"); a numbered choice ("2) CEDAR VIEW"); an ordinal ("1ST CAV", "N 14TH ST");
  a place in brackets right after a kept place ("HARRIS HEALTH (HH)"): "FROM SOUTHEASTERN
  REGIONAL", "IN READING", "AT THE COMMUNITY HEALTH CLINIC", "BY PIONEER AMBULANCE";
* a facility name of two words or more that ends in a facility, organisation or place word
  (or reads "X OF Y": "GIFT OF LIFE") and opens with a word that is no verb, no qualifier and
  no clinical word, or holds a place word
  ("HEARTLAND HOSPICE", "OPEN DOOR MISSION", "ACUTE VALLEY REHAB"; not "NEED HOME HEALTH",
  a town's service of two or three words with no function word, or a place before one:
  "REVERE FIRE", "WARREN POLICE";
  "CALLED THE BURN CLINIC", "BIRTH HOSPITAL");
Those stay as the guard left them: non-propagating. Names of ordinary words in capitals ("DOCTOR
ABOUT", "PT A LITTLE", "TEACH-BACK") are left as found: dropping them with the names rules'
weak cues as the only vouchers cost 0.08 point of pooled validation recall in capitals
(docs/benchmarks.md, session 27).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from meddx.deid._case_words import COUNTS, GENERIC, STOPS, TO_VERBS, WORD
from meddx.deid._facility_parts import CARE_CHOICE_VERBS
from meddx.deid._lexicon import lexicon
from meddx.deid._place_words import HOSPITAL_WORDS, ORG_WORDS, PLACE_WORDS
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["caps_cued", "kept_ends"]

#: words after which a run of capitals is read as a place whatever its words
_PLACE_CUES = frozenset("at from in via through near chose toured by of on transferring".split())
#: verbs of transfer before "to" ("TRANSFERRING TO CENTENNIAL")
_TO_VERBS = TO_VERBS | frozenset("transferring sending moving returning discharging heading".split())
#: an ordinal that opens a unit or a street ("1ST CAV", "N 14TH ST")
_ORDINAL = re.compile(r"\d+(?:ST|ND|RD|TH)\b")
#: a numbered choice before the span ("TOP CHOICES: 1) X 2) Y")
_NUMBERED = re.compile(r"(?:^|[\s(:;,])\d{1,2}[).]\s*$")
#: the words that end a facility name of ordinary words
_ENDS = HOSPITAL_WORDS | ORG_WORDS | PLACE_WORDS | frozenset(
    "mission shelter view crest oaks pines acres knoll".split())
#: a town's services: "<town> FIRE" is a name, whatever the town's word
_CIVIC = frozenset("fire police rescue ems ambulance sheriff".split())
_CIVIC_AFTER = re.compile(r"[ \t]+(?:" + "|".join(sorted(_CIVIC)) + r")\b", re.IGNORECASE)
#: words that open a clause or a qualifier, never a facility name ("CALL HOSPICE", "NEED HOME
#: HEALTH", "POSSIBLY HOME HEALTH", "LAST HOSPITAL")
_NOT_OPENING = (GENERIC | STOPS | COUNTS | CARE_CHOICE_VERBS | frozenset(
    "call called calls need needs needed schedule scheduled plan planned refer referred contact "
    "contacted paged page possibly likely last birth delivering mail long short prior same "
    "callback follow".split()))


def _words_before(text: str, start: int, n: int = 3) -> list[str]:
    """The last ``n`` words before ``start``, on its line or the line before ("transferred
    to\nWHITE ICU")."""
    return [w.lower() for w in WORD.findall(text[max(0, start - 40):start])[-n:]]


def _numbered(text: str, line: int, start: int) -> bool:
    """Whether ``text[line:start]`` (the line up to the span) ends in a numbered choice
    (``_NUMBERED``), read on its last characters only: the number and its bracket lie in the
    four characters before the trailing spaces (a whole line read for each span of a long line
    of capitals was quadratic; session 28, lin28). A window that starts after ``line`` begins
    a character before any match, so its own start is never read as the line's (``^``)."""
    end = start
    while end > line and text[end - 1].isspace():
        end -= 1
    return _NUMBERED.search(text[max(line, end - 4):start]) is not None


def _place_cued(text: str, s: Span, line: int) -> bool:
    if _ORDINAL.search(text, s.start, s.end) or _CIVIC_AFTER.match(text, s.end):
        return True  # "1ST CAV"; "REVERE FIRE", "BATTLE CREEK POLICE" (a town's service)
    if _numbered(text, line, s.start):
        return True
    before = _words_before(text, s.start)
    if before and before[-1] == "the":
        before = before[:-1]
    if not before:
        return False
    if before[-1] in _PLACE_CUES:
        return True
    return before[-1] == "to" and len(before) > 1 and before[-2] in _TO_VERBS


def _facility_shaped(value: str) -> bool:
    words = [w.lower() for w in WORD.findall(value)]
    if 2 <= len(words) <= 3 and words[-1] in _CIVIC and not any(w in FUNCTION_WORDS for w in words):
        return True  # "REVERE FIRE", "BATTLE CREEK POLICE" (a town's service)
    named = len(words) >= 3 and words[1] == "of"  # "GIFT OF LIFE", "HOSPICE OF THE VALLEY"
    if len(words) < 2 or not (named or words[-1] in _ENDS):
        return False
    if any(w in PLACE_WORDS for w in words[1:-1]):  # "ACUTE VALLEY REHAB"
        return True
    first = words[0]
    lex = lexicon()
    return not (first in _NOT_OPENING or lex.is_medical(first) or first.endswith(("ed", "ing", "ly")))


def kept_ends(kept: Sequence[Span]) -> list[int]:
    """The ends of the kept spans other than names, sorted, each once: what
    :func:`caps_cued` reads for a place in brackets."""
    return sorted({k.end for k in kept if k.label != "NAME"})


def _bracketed(text: str, s: Span, ends: Sequence[int]) -> bool:
    """A place in brackets right after a kept place ("HARRIS HEALTH (HH)"): a kept span ending
    up to eight characters before ``s`` (found by bisection in ``ends``, not by a walk over
    every kept span: session 28, lin28)."""
    lo, hi = bisect_left(ends, s.start - 8), bisect_right(ends, s.start)
    return any(text[e:s.start].strip() == "(" for e in ends[lo:hi])


def caps_cued(text: str, s: Span, ends: Sequence[int], line: int) -> bool:
    """Whether ``s`` (a place of capitals alone that its detector does not find lower-cased)
    is still read as a place by a cue (module docstring); ``ends``: :func:`kept_ends` of the
    spans that stay as found; ``line``: where the line of ``s`` starts."""
    return (_place_cued(text, s, line) or _facility_shaped(text[s.start:s.end])
            or _bracketed(text, s, ends))
