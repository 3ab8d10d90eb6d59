"""Names the case view (:mod:`meddx.deid._case_view`) reads by the words beside them.

:func:`name_parts` (moved here from ``_case_view`` in session 17, unchanged): the parts of a
name that its other parts vouch for ("c. whitlock", "marcus reed", "oduya, grace").

:func:`kin_names` (session 17): first names that are common words, after a word of kin or care.

In mixed case "daughter Ana", "RN Holly", "nurse Holly" read as names by their capital. Typed in
lower case ("home with daughter ana in alamosa", "called by rn holly at 0412") the case view
(:mod:`meddx.deid._case_view`) leaves such words lower case: "ana", "holly", "hope", "grace",
"sherry" are listed first names but common or clinical words too, and a name among common words
needs a stronger cue than the word before it. This module gives that cue: a listed first name
right after a word of kin or of the care team gets title case when what follows it closes a
name (the line's end, punctuation, a credential, or a word that opens a new clause: "at", "in",
"who", "and", "is", "says", "visited" ...), so "wife will call", "daughter may visit", "nurse
aide at bedside", "son in law" stay as they are.
"""

from __future__ import annotations

import re

from meddx.deid._case_lines import CREDENTIALS
from meddx.deid._case_words import INITIAL_ENDS, NAME, NOT_SURNAMES, PLACE_PARTS, STOPS, UNKNOWN
from meddx.deid._lexicon import lexicon
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["KIN_CARE", "kin_names", "name_parts"]

#: words of kin and of the care team before a first name ("wife", "dtr", "rn", "nurse")
KIN_CARE = frozenset((
    "husband wife son sons daughter daughters dtr dau sister brother mother father mom dad niece "
    "nephew aunt uncle grandson granddaughter grandmother grandfather grandma grandpa friend "
    "neighbor neighbour partner boyfriend girlfriend fiance fiancee spouse cousin sitter "
    "caregiver guardian stepfather stepmother stepson stepdaughter caseworker "
    "rn lpn cna nurse chaplain pastor sw interpreter dietitian"
).split())
#: listed first names that read as anything but a name after such a word ("nurse aide",
#: "son in law", "wife will call", "daughter may visit", "sister long distance")
_NOT_NAMES = frozenset((
    "will may can aide son sons man miss many see long young else junior major minor numbers "
    "manual brain lady chance carry marry page sitter guy king queen prince princess noble "
    "royal golden precious tiny lean hang hung soon yon von van see sun min max "
    # verbs and measures: "rn drew and sent cultures", "nurse jarred", "miles" (the review)
    "drew jarred spring ping miles"
).split())
#: words after the name that open a new clause or place ("rn holly at 0412", "daughter ana
#: in alamosa", "dau-in-law sherry who", "wife hope says")
_FOLLOW = frozenset((
    "at in who and is was says said reports reported states stated visited visits called calls "
    "here present aware updated agrees agreed"
).split())
#: what may stand between the cue and the name ("rn: jen", "daughter - rose", "dtr, kathy")
_GAP = frozenset((" ", ": ", " - ", ", ", ":"))
_CLOSE = re.compile(r"\s*(?:$|[,.;:()]|-\s)")


def kin_names(line: str, words: list[re.Match], low: list[str], title: list[bool]) -> None:
    """Title case, in place, for a listed first name that is a common word (class LOWER in the
    view) right after a word of :data:`KIN_CARE`, when the text after it closes the name."""
    lex = lexicon()
    n = len(words)
    for i in range(1, n):
        w = low[i]
        cue = low[i - 1] in KIN_CARE or (  # "dau-in-law sherry"
            low[i - 1] == "law" and line[: words[i - 1].start()].endswith("-in-"))
        if title[i] or not cue or len(w) < 3 or w not in lex.first_names \
                or lex.is_medical(w) or w in _NOT_NAMES or w in STOPS or w in FUNCTION_WORDS \
                or w in KIN_CARE or line[words[i - 1].end() : words[i].start()] not in _GAP:
            continue
        end = words[i].end()
        if i + 1 < n and not line[end : words[i + 1].start()].strip():
            ok = low[i + 1] in _FOLLOW or low[i + 1] in CREDENTIALS
        else:
            ok = _CLOSE.match(line, end) is not None
        title[i] = ok


def name_parts(line: str, words: list[re.Match], low: list[str], cls: list[int],
                title: list[bool]) -> None:
    """Title case, in place, for the parts of a name that its other parts vouch for: the
    initial before a title-case surname ("c. whitlock"), a listed surname that is a common
    word after a first name ("marcus reed", "niece gunnhild berg"), and a listed first name
    after a title-case surname and a comma ("oduya, grace")."""
    lex = lexicon()
    n = len(words)

    def verb_form(w: str) -> bool:  # "called", "stated", "walking"; not "reed", "sterling"
        stem = w[:-3] if w.endswith("ing") else w[:-2] if w.endswith("ed") else ""
        return len(stem) >= 3 and (stem in lex.common_words or stem + "e" in lex.common_words)

    def plain(w: str) -> bool:  # no name part whatever the lists say ("harlan valley")
        return (w in FUNCTION_WORDS or w in STOPS or w in NOT_SURNAMES or w in PLACE_PARTS
                or lex.is_medical(w) or verb_form(w))

    for i in range(n - 1):
        gap = line[words[i].end() : words[i + 1].start()]
        if cls[i] in (NAME, UNKNOWN) and not gap.strip() and not title[i + 1] and (
                title[i] or (cls[i] == NAME and low[i] in lex.first_names)) \
                and low[i + 1] in lex.last_names and not plain(low[i + 1]):
            title[i] = title[i + 1] = True
        elif title[i] and gap in (", ", ",") and low[i + 1] in lex.first_names \
                and len(low[i + 1]) > 2 \
                and not plain(low[i + 1]) and low[i + 1] not in lex.states:  # not "weston, ma"
            title[i + 1] = True
            k = i + 2  # the middle initial: "strickland, edna m  dob"
            if k < n and len(low[k]) == 1 and line[words[k - 1].end() : words[k].start()] == " " \
                    and line[words[k].end() : words[k].end() + 2] in INITIAL_ENDS:
                title[k] = True
    for i in range(n - 2, -1, -1):
        if len(low[i]) == 1 and title[i + 1] and line[words[i].end() : words[i + 1].start()] in (
                ". ", ".  "):
            title[i] = True
