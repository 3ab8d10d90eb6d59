"""Practices named by a town and a specialty, in lower case or ALL CAPS (session 19, deidhosp19).

Mixed-case writers capitalise a practice's name ("Clearfield Cardiology", "Lee Health
Imaging"), and ``_report_places.specialty_tail_spans`` joins a capitalised specialty to the
facility or town span before it. Notes typed in lower case or capitals lose that capital:

* **A listed town, then a specialty** (HOSPITAL): "clearfield cardiology office note",
  "f/u huntsville orthopedics 2 wks", "BARTLESVILLE PULMONARY". The town is one to three
  words of the US place list (``_gazetteer``) that are no English, clinical, function or
  first-name words ("boston" is a town, "reading", "normal" and "mobile" are not). The
  specialty is a field of medicine ("cardiology", "nephrology", "ob/gyn", "internal
  medicine", "urgent care") or an adjective or organ word that needs a practice word after it
  ("pediatric associates", "sleep center", "heart specialists"; never "boston heart" alone).
* **A facility span, then a specialty** (HOSPITAL): "lee health imaging", "MPH CARDIOLOGY"
  where the facility's words were found by the other rules; not a name that holds a
  facility head ("children's hospital of wisconsin primary care": a department of a whole
  name, as session 18 reads it).

The town (or facility) and the specialty are written in the same case, both lower or both
capitals, one space apart on one line; a study, registry or society after the specialty
leaves it ("framingham heart study").
"""

from __future__ import annotations

import re

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import FACILITY_HEADS, STUDY_WORDS_AFTER
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["practice_spans"]

_FIELD = (r"ob/gyn|ob-gyn|obgyn|pulmonary|pulmonology|cardiology|oncology|hematology|gynecology|"
          r"obstetrics|pediatrics|orthopedics|orthopaedics|neurology|neurosurgery|urology|"
          r"dermatology|gastroenterology|radiology|imaging|rheumatology|nephrology|endocrinology|"
          r"podiatry|psychiatry|internal[ ]medicine|family[ ]medicine|primary[ ]care|"
          r"urgent[ ]care|behavioral[ ]health")
_NEEDS_PRACTICE = (r"pediatric|orthopedic|cardiovascular|surgical|surgery|women['\u2019]s|"
                   r"children['\u2019]s|heart|kidney|cancer|spine|sleep|eye|vision|dental|allergy|ent")
_PRACTICE = (r"associates|group|partners|clinic|center|centre|specialists|practice|institute|"
             r"consultants|pc|llc|services")
#: on the lower-cased text
_SPECIALTY = re.compile(
    rf"(?<![\w/-])(?:(?:{_FIELD})(?:[ ](?:{_PRACTICE}))?|(?:{_NEEDS_PRACTICE})[ ](?:{_PRACTICE}))"
    rf"(?![\w/-])(?![ \t]+(?:{STUDY_WORDS_AFTER}|guidelines?)\b)")
_WORDS = re.compile(r"[a-z]+")
_TITLE_BEFORE = re.compile(r"(?i:\b(?:dr|drs|md|np|pa|prof|mr|mrs|ms)\.?[ ]+)$")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z'\u2019-])([A-Za-z][A-Za-z'\u2019-]*[A-Za-z])[ ]$")


def practice_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """Towns and facilities with the specialty after them (see the module docstring)."""
    low = text.lower()
    if len(low) != len(text):
        return []
    out: list[Span] = []
    ends = {s.end: s for s in spans if s.label in ("HOSPITAL", "LOCATION")}
    gaz = None
    for m in _SPECIALTY.finditer(low):
        a = m.start()
        if a < 2 or text[a - 1] != " ":
            continue
        case = _case(text[a:m.end()])
        if case is None:
            continue
        found = ends.get(a - 1)
        if found is not None and _TITLE_BEFORE.search(text, max(0, found.start - 8), found.start):
            continue  # "f/u dr tyler cardiology": a clinician's name (review of session 19)
        if found is not None:
            if _case(text[found.start:found.end]) == case \
                    and FACILITY_HEADS.isdisjoint(_WORDS.findall(low[found.start:found.end])):
                out.append(Span(found.start, m.end(), "HOSPITAL", "places", 0.75, propagate=False))
            continue  # a whole facility's department: "... hospital of tupelo primary care"
        if gaz is None:
            gaz = gazetteer()
        start = _town_start(text, a - 1, case, gaz, lex)
        if start is not None:
            out.append(Span(start, m.end(), "HOSPITAL", "places", 0.75, propagate=False))
    return out


def _case(words: str) -> str | None:
    """"lower" or "upper" for letters of one case only, else None."""
    letters = [c for c in words if c.isalpha()]
    if letters and all(c.islower() for c in letters):
        return "lower"
    if letters and all(c.isupper() for c in letters):
        return "upper"
    return None


def _town_start(text: str, end: int, case: str, gaz, lex: Lexicon) -> int | None:
    """Start of the longest listed town (1-3 words, same ``case``) that ends at ``end``."""
    line = text.rfind("\n", 0, end) + 1
    words: list[tuple[int, str]] = []
    at = end
    while len(words) < 3:
        m = _WORD_BEFORE.search(text, max(line, at - 40), at + 1)
        if m is None:
            break
        words.insert(0, (m.start(1), m.group(1)))
        at = m.start(1) - 1
        if at < line or text[at] != " ":
            break
    best = None
    for i in range(len(words)):
        pieces = [w for _, w in words[i:]]
        if any(_case(p) != case for p in pieces):
            continue
        key = " ".join(pieces).lower()
        if _TITLE_BEFORE.search(text, max(line, words[i][0] - 8), words[i][0]):
            return None  # "f/u dr tyler cardiology": a clinician's name (review of session 19)
        if key in gaz.towns and key not in gaz.plain_towns and key not in lex.states \
                and not any(p.lower() in FUNCTION_WORDS or lex.is_medical(p) for p in pieces):
            best = words[i][0]
            break  # the longest: ``words`` runs from the farthest word
    return best
