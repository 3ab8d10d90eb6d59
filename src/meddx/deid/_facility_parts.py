"""Note-level passes over the facilities found in a note (session 10, branch deidhosp10b).

Run once per note on the merged spans, after the detectors (``Deidentifier._detect_each``,
next to the name parts). Two passes that need no span found first:

* **Well-known short names with no cue** ("followed at Joslin", "prior admits to McLean",
  "Dana-Farber nurse"): the hand-written list ``resources/facility_short_names.txt``. A name
  that is also a surname ("Joslin", "Carney", "McLean") only capitalised (any case in an
  all-lower-case note), never after a title or a first name ("Dr. McLean", "Anne Carney"),
  before a credential or ", <first name>" ("Joslin, Mary"); a NAME span on it stays, a
  LOCATION span ("McLean", a town in Virginia) becomes HOSPITAL only in a facility's context.
* **Initials with a campus after a hyphen** ("BID-Milton", "MGH-West", "BIDMC-Needham"): two
  to six capitals, no state code or care word ("ED-Boston"), a hyphen, then a known town or a
  compass word.

Then three passes, each anchored on a HOSPITAL span already found:

* **Parts of a facility name** (a one-word facility takes the word after it when that word
  recurs in a facility's context: "baystate noble ... back to noble"; "Lahey Clinic ... f/u
  Lahey", "Brigham and Women's Faulkner ... Faulkner", "Life Care Center of Leominster ...
  Life Care accepted"): the words of a found facility name, other than facility words
  ("Hospital", "Center", "nh"), function words, clinical words and words under four letters,
  are the facility elsewhere in the note; so are no kinds of care typed in lower case
  ("sleep" of "tri valley sleep center": "roxanne, sleep lab scheduler"). A word that is no
  common word, first name, town or state ("Lahey", "Heywood") is tagged wherever it recurs,
  capitalised where the first mention was; a common word, first name or town ("noble",
  "Mercy", "Windsor", "Lowell") only in a facility's context: after "from", "to", "at",
  "per", "back to", "via" or before a word that follows facilities ("noble rn", "Lowell ED",
  "Windsor staff", "Mercy's"), and there a NAME or LOCATION span on it becomes HOSPITAL. A
  NAME span on a distinctive word is left alone outside that context ("Dr. Faulkner").
* **"X nh" is a nursing home** ("from sunrise nh", "resides at Maplewood nh", "at Hillcrest
  NH"): a LOCATION span "<name> nh" (the letters inside it, no comma) is HOSPITAL after "at",
  "resides at", "lives at", "resident of", or after "from"/"to" when the name is no known
  town; "Concord, NH", "from nashua nh" and "Nashua NH 03060" stay towns.
* **Lists of facilities** ("Prior records: Lahey, Winchester Hospital, and Mt Auburn"): in a
  comma or "and" list around a found facility, a sibling of one to three capitalised words
  that are no common, clinical or function words ("Lahey", "Mt Auburn") and that no span
  covers is a facility too; none after a title ("Dr. Lee and Mercy Hospital").
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from meddx.deid._ascii import ascii_for
from meddx.deid._facility_ends import facility_end_spans
from meddx.deid._lexicon import Lexicon, lexicon
from meddx.deid._place_words import GENERIC_WORDS, HOSPITAL_WORDS, ORG_WORDS
from meddx.deid._span import Span, merge_spans
from meddx.deid._span_index import SpanIndex
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["CARE_CHOICE_VERBS", "facility_part_spans"]


@lru_cache(maxsize=1)
def _short_names() -> tuple[tuple[str, bool], ...]:
    """(lower-case name, also a surname) of ``resources/facility_short_names.txt``."""
    path = resources.files("meddx.deid").joinpath("resources", "facility_short_names.txt")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append((line.lstrip("*").lower(), line.startswith("*")))
    return tuple(out)

#: Verbs of a decision about a kind of care ("FAMILY REVOKED HOSPICE", "pt elected hospice"):
#: a facility name never runs back over them.
CARE_CHOICE_VERBS = frozenset(
    "revoked revokes revoke elected elects elect declined declines decline refused refuses "
    "refuse chose chooses choose wants wanted want requested requests request discussed "
    "discuss considering considered consider enrolled enroll accepted accepts prefers "
    "preferred prefer recommended recommend started start stopped ended ends rescinded "
    "signed".split())

_FACILITY_WORDS = HOSPITAL_WORDS | ORG_WORDS | frozenset(
    "medical center centre general regional memorial community health care skilled nursing "
    "hospital rehabilitation rehab urgent dialysis emergency dept department nh snf ltc "
    "alf ltach tcu campus st saint mt mount ft fort north south east west new".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z']*[A-Za-z]")
_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:from|to|at|per|via|into|@)|back[ \t]+to|f/u)[ \t]+(?:the[ \t]+)?$", re.IGNORECASE)
_CONTEXT_AFTER = re.compile(
    r"(?:'s\b|[ \t]+(?:rn|rns|nurse|nurses|staff|aide|ed|er|icu|micu|ccu|tele|floor|records|"
    r"report|team|cardiology|gi|md|labs?|ct|mri|cath|clinic|sw|cm|d/c|discharge|note|"
    r"notes|admission|endocrinology|oncology|physician|doctors?|charge)\b)", re.IGNORECASE)
_NH_SPAN = re.compile(r"(?i)^([^,\n]*?[A-Za-z])[ \t]+nh$")
_NH_AT = re.compile(
    r"(?i)(?:\bat|resides[ \t]+at|lives[ \t]+at|resident[ \t]+(?:at|of)|return(?:ed)?[ \t]+to)"
    r"[ \t]+(?:the[ \t]+)?$")
_NH_FROM = re.compile(r"(?i)\b(?:from|to)[ \t]+(?:the[ \t]+)?$")
_NH_AFTER = re.compile(r"[ \t]+(?:nh|NH)\b(?![ \t]*\d)")
_NEXT = re.compile(r"[ \t]+([A-Za-z][a-z]+|[A-Z]+)\b(?![-'])")
_ZIP_AFTER = re.compile(r"[ \t,]*\d{5}\b")
_CAP_RUN = r"(?:(?:St|Mt|Ft)\.?[ \t]+)?[A-Z][A-Za-z'-]+(?:[ \t]+[A-Z][A-Za-z'-]+){0,2}"
_LIST_JOIN = r"(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+)"
_SIBLING_BEFORE = re.compile(rf"(?<![\w.])({_CAP_RUN}){_LIST_JOIN}$")
_SIBLING_AFTER = re.compile(rf"{_LIST_JOIN}({_CAP_RUN})(?=[ \t]*(?:[,.;)\n]|and\b|or\b|$))")
_TITLE_BEFORE = re.compile(r"(?i)\b(?:dr|drs|mr|mrs|ms|miss)\.?[ \t]*$")


def facility_part_spans(text: str, spans: list[Span], lex: Lexicon | None = None) -> list[Span]:
    """``spans`` (merged, sorted, disjoint) with the passes of the module docstring."""
    lex = lex or lexicon()
    spans = _known_names(text, spans, lex)
    if "-" in text:
        spans = _campus_initials(text, spans, lex)
    if not any(s.label == "HOSPITAL" or s.label == "LOCATION" for s in spans):
        return spans
    spans = _nursing_homes(text, spans, lex)
    spans = facility_end_spans(text, spans)  # session 16: "sanford" + "\nrehab", "county" + "ems"
    hospitals = [s for s in spans if s.label == "HOSPITAL"]
    if not hospitals:
        return spans
    spans = _list_siblings(text, spans, hospitals, lex)
    spans = _campus_words(text, spans, lex)
    return _parts(text, spans, lex)


def _in_context(text: str, a: int, b: int) -> bool:
    return bool(_CONTEXT_BEFORE.search(text, max(0, a - 12), a) or _CONTEXT_AFTER.match(text, b))


def _parts(text: str, spans: list[Span], lex: Lexicon) -> list[Span]:
    parts: dict[str, tuple[bool, bool]] = {}  # word -> (needs context, capitalised first)
    for s in spans:
        if s.label != "HOSPITAL":
            continue
        words = _WORD.findall(text, s.start, s.end)
        for w in words:
            for piece in w.split("-") if "-" in w else [w]:
                key = piece.lower().removesuffix("'s")
                if len(key) < 4 or key in _FACILITY_WORDS or key in FUNCTION_WORDS \
                        or piece.islower() and key in GENERIC_WORDS \
                        or key in lex.states or lex.is_medical(key, abbreviations=piece.isupper()):
                    continue
                plain = key in lex.common_words or key in lex.first_names or key in lex.cities
                old = parts.get(key, (True, True))
                parts[key] = (old[0] and plain, old[1] and not piece.islower())
    if not parts:
        return spans
    low = text.lower()
    extra: list[Span] = []
    relabel: dict[int, Span] = {}
    index = SpanIndex(spans)
    for key, (plain, capital) in parts.items():
        a = low.find(key)
        while a >= 0:
            b = a + len(key)
            if (a == 0 or not low[a - 1].isalnum()) and (b >= len(low) or not low[b].isalnum()):
                extra_or_relabel(text, spans, a, b, plain, capital, extra, relabel, index=index)
            a = low.find(key, b)
    if not extra and not relabel:
        return spans
    out = [relabel.get(i, s) for i, s in enumerate(spans)]
    return merge_spans([*out, *extra])


def extra_or_relabel(text: str, spans: list[Span], a: int, b: int, plain: bool, capital: bool,
                     extra: list[Span], relabel: dict[int, Span], source: str = "facility_parts",
                     propagate: bool = False, index: SpanIndex | None = None) -> None:
    """Tag ``text[a:b]`` as HOSPITAL (a new span, or a NAME/LOCATION span on it relabelled).
    A new span of a part propagates not (``propagate``): it was read here, in this case or
    this context, and the consistency pass must not repeat it ("noble gases", "lahey").
    ``index``: a :class:`SpanIndex` of ``spans``, built once per pass by a caller that asks
    for many mentions (a note with thousands of facility mentions stays n log n)."""
    if capital and not text[a].isupper():
        return
    index = index or SpanIndex(spans)
    cover = index.cover(a, b)
    if cover is not None:
        s = spans[cover]
        tail = _CONTEXT_AFTER.match(text, b) if s.end > b else None
        # "PER WINDSOR STAFF" tagged as a person: the facility, without its follower
        if s.label in ("NAME", "LOCATION") and s.start == a and _in_context(text, a, b) \
                and (s.end == b or (tail is not None and tail.end() == s.end)):
            relabel[cover] = Span(a, b, "HOSPITAL", s.source, s.score)
        return
    if index.overlaps(a, b):
        return
    if plain and not _in_context(text, a, b):
        return
    if _TITLE_BEFORE.search(text, max(0, a - 6), a):
        return  # "Dr. Faulkner"
    extra.append(Span(a, b, "HOSPITAL", source, 0.7, propagate))


def _nursing_homes(text: str, spans: list[Span], lex: Lexicon) -> list[Span]:
    if "nh" not in text and "NH" not in text:
        return spans
    homes = {text[s.start:s.end].lower() for s in spans if s.label == "HOSPITAL"}
    out = []
    for s in spans:
        end = s.end
        m = _NH_SPAN.match(text, s.start, s.end) if s.label == "LOCATION" else None
        if m is None and s.label == "LOCATION" and (n := _NH_AFTER.match(text, s.end)):
            end = n.end()  # "sunrise nh": the span stops before the letters
        if (m is not None or end > s.end) and not _ZIP_AFTER.match(text, end):
            before = text[max(0, s.start - 24):s.start]
            name = (m.group(1) if m else text[s.start:s.end]).lower()
            if _NH_AT.search(before) or name in homes \
                    or (_NH_FROM.search(before) and (name not in lex.cities or _staffed(text, name, end))):
                s = Span(s.start, end, "HOSPITAL", s.source, s.score)
        out.append(s)
    return out


def _staffed(text: str, name: str, skip: int) -> bool:
    """Whether ``name`` recurs after position ``skip`` before a facility's follower ("PT FROM
    WINDSOR NH ... PER WINDSOR STAFF"): the town-named place is a nursing home."""
    low = text.lower()
    a = low.find(name, skip)
    while a >= 0:
        b = a + len(name)
        if not low[a - 1].isalnum() and (m := _CONTEXT_AFTER.match(text, b)) and m.group() != "'s":
            return True
        a = low.find(name, b)
    return False


def _campus_words(text: str, spans: list[Span], lex: Lexicon) -> list[Span]:
    """A word right after a one-word facility ("baystate noble", "Lahey Beverly") that recurs
    in the note in a facility's context ("back to noble") is part of the name."""
    out = list(spans)
    low = text.lower()
    for i, s in enumerate(spans):
        if s.label != "HOSPITAL" or " " in text[s.start:s.end].strip():
            continue
        m = _NEXT.match(text, s.end)
        if m is None or (i + 1 < len(spans) and spans[i + 1].start < m.end()):
            continue
        word = m.group(1)
        key = word.lower()
        if len(key) < 4 or key in _FACILITY_WORDS or key in FUNCTION_WORDS or key in lex.states \
                or lex.is_medical(key, abbreviations=word.isupper()) \
                or word[0].isupper() != text[s.start].isupper():
            continue
        a = low.find(key, m.end())
        while a >= 0:
            b = a + len(key)
            if not low[a - 1].isalnum() and (b >= len(low) or not low[b].isalnum()) \
                    and _in_context(text, a, b):
                out[i] = Span(s.start, m.end(), "HOSPITAL", s.source, s.score)
                break
            a = low.find(key, b)
    return out


def _sibling_ok(text: str, a: int, b: int, index: SpanIndex, lex: Lexicon) -> bool:
    if index.overlaps(a, b) or _TITLE_BEFORE.search(text, max(0, a - 6), a):
        return False
    words = _WORD.findall(text, a, b)
    saint = bool(words) and words[0].lower() in ("st", "mt", "ft")  # "Mt Auburn", "St. Luke's"
    for w in words[1:] if saint else words:
        k = w.lower()
        if k in FUNCTION_WORDS or (k in lex.common_words and not saint) \
                or lex.is_medical(k, abbreviations=w.isupper()) or k in lex.states or k in lex.first_names:
            return False
    return True


def _list_siblings(text: str, spans: list[Span], hospitals: list[Span], lex: Lexicon) -> list[Span]:
    """Siblings of a found facility in a list: a list of three items or more, or joined by
    "and" / "or" ("Lahey, Winchester Hospital, and Mt Auburn"; not "Behring Institute, FRG")."""
    extra: list[Span] = []
    index = SpanIndex(spans)
    for h in hospitals:
        chain: list[Span] = []
        joined = False
        end = h.end
        for _ in range(4):  # forwards along the list
            m = _SIBLING_AFTER.match(text, end)
            if m is None or not _sibling_ok(text, m.start(1), m.end(1), index, lex):
                break
            chain.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.7))
            joined = joined or _JOIN_WORD.search(text, end, m.start(1)) is not None
            end = m.end(1)
        start = h.start
        for _ in range(4):  # backwards
            m = _SIBLING_BEFORE.search(text, max(0, start - 60), start)
            if m is None or not _sibling_ok(text, m.start(1), m.end(1), index, lex):
                break
            chain.append(Span(m.start(1), m.end(1), "HOSPITAL", "places", 0.7))
            joined = joined or _JOIN_WORD.search(text, m.end(1), start) is not None
            start = m.start(1)
        if chain and (joined or len(chain) >= 2 or _MORE_AFTER.match(text, end)):
            extra += chain
    return merge_spans([*spans, *extra]) if extra else spans


_JOIN_WORD = re.compile(r"\b(?:and|or)\b|&")
#: the list goes on after the siblings with another item: ", and Mt Auburn"
_MORE_AFTER = re.compile(r",?[ \t]+(?:and|or|&)[ \t]+[A-Z]|,[ \t]*[A-Z]")


_CREDENTIAL_AFTER = re.compile(r",?[ \t]+(?:rn|md|np|pa|do|lpn|cna|rrt|msw|licsw|phd)\b", re.IGNORECASE)
_COMMA_NAME = re.compile(r",[ \t]*([A-Z][a-z]+)\b")
_PREV_WORD = re.compile(r"([A-Za-z]+)[ \t]+$")


def _surname_here(text: str, a: int, b: int, lex: Lexicon) -> bool:
    """Whether a listed name that is also a surname reads as a person here: after a title or
    a first name ("Dr. McLean", "Anne Carney"), before a credential or ", <first name>"."""
    if _TITLE_BEFORE.search(text, max(0, a - 6), a) or _CREDENTIAL_AFTER.match(text, b):
        return True
    prev = _PREV_WORD.search(text, max(0, a - 20), a)
    if prev and prev.group(1)[0].isupper() and prev.group(1).lower() in lex.first_names:
        return True
    m = _COMMA_NAME.match(text, b)
    return bool(m and m.group(1).lower() in lex.first_names)


def _known_names(text: str, spans: list[Span], lex: Lexicon) -> list[Span]:
    """Listed well-known short names ("Joslin", "Dana-Farber", "McLean") with no cue."""
    low = text.lower()
    lower_note = text == low
    extra: list[Span] = []
    relabel: dict[int, Span] = {}
    index = SpanIndex(spans)
    for name, surname in _short_names():
        a = low.find(name)
        while a >= 0:
            b = a + len(name)
            if (a == 0 or not low[a - 1].isalnum()) and (b >= len(low) or not low[b].isalnum()) \
                    and not (surname and ((not lower_note and not text[a].isupper())
                                          or _surname_here(text, a, b, lex))):
                extra_or_relabel(text, spans, a, b, False, False, extra, relabel, "places", True,
                                 index)
            a = low.find(name, b)
    if not extra and not relabel:
        return spans
    return merge_spans([*(relabel.get(i, s) for i, s in enumerate(spans)), *extra])


_CAMPUS = re.compile(r"(?<![\w-])([A-Z]{2,6})-([A-Z][a-z]+)\b(?!-)")
_CAMPUS_WORDS = frozenset("west east north south campus main".split())
_NOT_INITIALS = frozenset("ed er or icu pt ot pa md np rn".split())


def _campus_initials(text: str, spans: list[Span], lex: Lexicon) -> list[Span]:
    """Hospital initials with a campus after a hyphen: "BID-Milton", "MGH-West", "BIDMC-Needham"
    (the campus a town or a compass word; the initials no state code or care word)."""
    extra = []
    for m in ascii_for(_CAMPUS, text).finditer(text):
        init, campus = m.group(1), m.group(2).lower()
        if init.lower() in _NOT_INITIALS or init.lower() in lex.states \
                or (campus not in lex.cities and campus not in _CAMPUS_WORDS) or campus in lex.states:
            continue
        if not any(s.start <= m.start() and m.end() <= s.end and s.label == "HOSPITAL" for s in spans):
            extra.append(Span(m.start(), m.end(), "HOSPITAL", "places", 0.75))
    return merge_spans([*spans, *extra]) if extra else spans
