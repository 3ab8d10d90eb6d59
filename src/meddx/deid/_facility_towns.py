"""A facility's town written after its name in lower case or capitals (session 19, deidhosp19).

Mixed-case writers capitalise the whole name ("Amedisys Home Health of Savannah"), and the
capitalised run takes the town in. Notes typed in lower case or ALL CAPS leave the town
outside the facility's span, or tag it apart as a LOCATION, so the facility is only partly
found:

* **"of" and a listed town** after a facility's span: "amedisys home health of savannah",
  "trinity assisted living of palestine", "HEALTHSOUTH REHAB OF MIDLAND". The town is a
  listed US place (``_gazetteer``) of one to three words, or a listed county ("... of lee
  county"). A town that is also an English, clinical or first-name word ("of hope") counts
  only when it is one of the larger listed cities ("of houston", "of sugar land", "of
  midland"), and not one that reads as an adjective ("of normal", "of central").
* **A listed town right after the facility's span** with no word between ("kindred hospital
  tomball", "medical city plano"): only a town that is no English, clinical or first-name
  word, and that no further word of a name follows ("hospital tomball and ..." stays,
  "hospital tomball road" does not).

The town is written in the case of the facility's name (both lower case, or both capitals):
in a mixed-case note the capitalised run has already decided. Each match widens the
facility's span into one HOSPITAL span; the merge keeps the longer one.
"""

from __future__ import annotations

import re

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import ADJECTIVE_ENDS
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["facility_town_spans"]

_WORD = r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]"
#: "of" and up to three words (one line; a wrap between the facility and "of" is allowed)
_OF_TOWN = re.compile(rf"(?:[ \t]+|[ \t]*\n[ \t]*)(?i:of)[ \t]+({_WORD}(?:[ \t]+{_WORD}){{0,2}})")
#: the words right after the facility (same line)
_NEXT = re.compile(rf"[ \t]+({_WORD}(?:[ \t]+{_WORD}){{0,2}})")
_WORDS = re.compile(_WORD)
#: words after a town that end the facility's name ("... of midland after d/c", "... tomball and")
_CLAUSE_WORDS = FUNCTION_WORDS | frozenset("after before today tomorrow tonight until then".split())
#: words that carry a name on past a town ("tomball road", "plano campus"): no town ends here
_NAME_GOES_ON = frozenset(
    "road rd street st avenue ave blvd drive dr lane ln way highway hwy campus branch "
    "hospital medical center centre clinic health county parish".split())


def facility_town_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """HOSPITAL spans widened over the town written after them (see the module docstring)."""
    out: list[Span] = []
    gaz = None
    for s in spans:
        if s.label != "HOSPITAL" or s.end >= len(text):
            continue
        name = text[s.start:s.end]
        case = _case(name)
        if case is None:
            continue
        if gaz is None:
            gaz = gazetteer()
        m = _OF_TOWN.match(text, s.end)
        end = _town_end(text, m, case, gaz, lex, after_of=True) if m else None
        if end is None:
            m = _NEXT.match(text, s.end)
            end = _town_end(text, m, case, gaz, lex, after_of=False) if m else None
        if end is not None:
            out.append(Span(s.start, end, "HOSPITAL", "places", 0.8, propagate=False))
    return out


def _case(words: str) -> str | None:
    """"lower" or "upper" for a name with letters of one case only, else None."""
    letters = [c for c in words if c.isalpha()]
    if not letters:
        return None
    if all(c.islower() for c in letters):
        return "lower"
    if all(c.isupper() for c in letters):
        return "upper"
    return None


def _town_end(text: str, m: re.Match[str], case: str, gaz, lex: Lexicon, *,
              after_of: bool) -> int | None:
    """End of the longest listed town at the start of ``m``'s words, or None."""
    words = list(_WORDS.finditer(m.group(1)))
    for n in range(len(words), 0, -1):
        pieces = [w.group(0) for w in words[:n]]
        if any(_case(p) != case for p in pieces):
            continue
        key = " ".join(p.lower() for p in pieces)
        end = m.start(1) + words[n - 1].end()
        county = n >= 2 and pieces[-1].lower() in ("county", "parish") and key in gaz.counties
        if not county and (key not in gaz.towns or not _town_ok(key, pieces, gaz, lex, after_of)):
            continue
        if not county and n < len(words) and words[n].group(0).lower() in _NAME_GOES_ON:
            return None  # "hospital tomball road": a street, not the facility's town
        goes_on = n < len(words) and words[n].group(0).lower() not in _CLAUSE_WORDS \
            and m.group(1)[words[n - 1].end():words[n].start()] == " "  # not "...  fax 912"
        if goes_on and (not after_of or key in gaz.plain_towns):
            return None  # "kindred hospital tomball campus ...", "home health of mobile units"
        return end
    return None


def _town_ok(key: str, pieces: list[str], gaz, lex: Lexicon, after_of: bool) -> bool:
    if key in FUNCTION_WORDS or lex.is_medical(key) or key in lex.states:
        return False
    if any(lex.is_medical(p) or p.lower() in FUNCTION_WORDS for p in pieces[:1]):
        return False
    if key not in gaz.plain_towns:
        return True
    # after "of", a listed city of plain words: "of houston", "of sugar land", "of midland";
    # not one that is an adjective or "university" ("of normal", "of central")
    return after_of and key in lex.cities and not lex.is_medical(key) and (
        len(pieces) > 1 or not (key.endswith(ADJECTIVE_ENDS) or key == "university"))
