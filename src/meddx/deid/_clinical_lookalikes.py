"""Spans that are ordinary clinical text written like PHI (session 19, branch deidprec19).

On PHI-sparse ICU and ward notes every false span costs precision, so the spans of any
detector are read once more, before they are merged, against how clinical text is written.
Each family below is dropped only in a shape no PHI of that type takes:

* **A score's value read as a ward or a name**: "(Maddrey 42)", "MELD-Na 27", "Braden 14",
  "(Hunt-Hess 3)": the span is a clinical score or scale and its value (``SCORES``, a general
  list of bedside scores) and no title stands before it ("Dr. Morse 4" stays). A score that is
  also a surname (Morse, Braden, Wells, Fisher, Hunt) is dropped only when its value follows
  it and no move cue ("on", "to", "from", "at") comes before it ("transferred to Hunt 5" stays).
* **"DR" the doctor read as "Dr" the street**: an ADDRESS span ending in "Dr"/"DR." whose word
  before it is a hand-off word ("per", "by", "with", "from", "to", "w/", "called", "paged"):
  "40 GIVEN PER DR", "0315 FROM DR", "3 MO WITH DR." (the doctor's name after it is still
  read by the name detectors). "1015 Swan Dr" stays, and so does a span whose number may be
  a year or a date's part ("SINCE 2081 PER DR", "3/14 BY DR"): it may be the date's only cover.
* **A charting word read as a name after "Dr"/"MD"/"MR"**: "DR AWARE", "MD NOTIFIED", "MR
  NOTED" (mitral regurgitation noted): a one-word NAME span that is a charting verb or
  adjective (``CHARTING``) and no census surname.
* **A title look-alike before an echo measure**: "Mod MR. RVSP 48" (MR = mitral
  regurgitation): a one-word NAME span in capitals that is an echo measure (``ECHO_MEASURES``)
  followed by its value, right after "MR"/"MS" (mitral regurgitation, stenosis). A surname that
  is also an abbreviation stays ("Mr. SEN was seen", "Ms. RA called"), and so does an age
  after it ("Ms. EF 45 yo").
* **A score that is also a surname, as a NAME**, needs "score"/"scale" or a value that ends the
  phrase ("Braden 14,"): "Emergency contact: Katz 555-1212", "Pt name: Forrest 45 yo" stay.
* **An anatomical junction read as a town**: "tip at cavoatrial junction", "at the
  ureteropelvic junction": a place span of "<compound adjective> junction", where the
  adjective joins two anatomical stems with "o" ("cavo-atrial", "gastro-esophageal").
  "Grand Junction" stays.
* Families built from one writer's PHI-sparse ICU notes (group J) and from synthetic ward
  probes (units, bedside words, clinics, devices, eponyms, strength grades, shift hours ...)
  were removed: they moved the check group K by nothing (docs/benchmarks.md, session 19).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon, lexicon
from meddx.deid._span import Span

__all__ = ["CHARTING", "ECHO_MEASURES", "SCORES", "drop_clinical_lookalikes"]

#: how far the checks read back on a span's line (a long one-line note costs no more)
REACH = 200

#: Bedside scores and scales (lower case; a hyphenated one is listed by its first part too).
SCORES = frozenset(
    "apache sofa qsofa meld maddrey child-pugh pugh braden morse norton waterlow gcs "
    "nihss rass sas cpot bps cam cam-icu ciwa ciwa-ar cows phq phq-9 phq-2 gad gad-7 moca mmse "
    "slums audit-c curb curb-65 psi pesi wells chads chads2 chads2-vasc cha2ds2 "
    "cha2ds2-vasc has-bled hasbled timi killip nyha ecog karnofsky kps asa "
    "mallampati aldrete apgar plasmic bishop ballard ranson bisap blatchford glasgow-blatchford rockall "
    "forrest alvarado centor hunt hunt-hess fisher spetzler spetzler-martin rankin barthel "
    "katz tinetti berg borg flacc cpss stopbang stop-bang epworth ess hamd ham-d hads "
    "caprini hestia sirs mews pews rox lrinec nutric mna isth 4t 4ts wexner".split())
#: Words charted after a doctor or a finding ("MD aware", "Dr notified", "MR noted").
CHARTING = frozenset(
    "aware notified informed paged called updated noted consulted contacted present ok okay "
    "agrees agreed ordered following followed saw states stated reports reported "
    "available unavailable requested".split())
#: Echo measures written after "MR"/"MS" the valve finding with their value ("Mod MR. RVSP 48").
ECHO_MEASURES = frozenset("rvsp pasp lvef ef tapse tr ai ar pi ava mva lvot rvot".split())
_MEASURE_VALUE = re.compile(r"[ \t:=]*(?:of[ \t]+)?[<>~]?\d{1,3}(?:\.\d)?"
                            r"(?![\d.]|[ \t]*(?:yo|y/o|y\.o|yrs?|years?|yr)\b)", re.IGNORECASE)
_TITLES = frozenset("dr dr. drs doctor mr mr. mrs mrs. ms ms. miss prof nurse rn np pa md".split())
_MOVE_CUES = frozenset("on to from at in onto off into back".split())
_HANDOFF = frozenset("per by with from to w/ w called paged notified informed via and d/w "
                     "discussed for".split())
_SCORE_VALUE = re.compile(r"[ \t:=-]*(?:fall[ \t]+)?(?:risk[ \t]+)?(?:score|scale)?[ \t:=-]*"
                          r"\d{1,3}(?:\.\d)?(?!\d|[:/.]\d)")
_SCORE_END = re.compile(r"[ \t:=-]*(?:(?:fall[ \t]+)?(?:risk[ \t]+)?(?:score|scale)\b|"
                        r"\d{1,3}(?:\.\d)?(?:[ \t]*(?:[,;)\n]|$|/\d)))", re.IGNORECASE)
_SCORE_SPAN = re.compile(r"([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)[ \t:=-]*(\d{1,3}(?:\.\d)?)?")
_WORD_BEFORE = re.compile(r"([A-Za-z/.]+)[ \t(]*$")
_JUNCTION = re.compile(r"(?:the[ \t]+)?([A-Za-z]{3,12}o-?[A-Za-z]{4,16}(?:al|ic|ar|eal|ous))"
                       r"[ \t]+junction", re.IGNORECASE)
_LONGEST = 60


def _line_start_near(text: str, at: int) -> int:
    """The start of ``at``'s line, or ``REACH`` characters before ``at`` if that is later."""
    lo = max(0, at - REACH)
    return max(lo, text.rfind("\n", lo, at) + 1)
_LEAD_NUMBER = re.compile(r"\d+")
_YEARISH = re.compile(r"(?:18|19|20|21)\d\d")
_DR_END = re.compile(r"([A-Za-z/]+)[ \t]+dr\.?$", re.IGNORECASE)


def _before(text: str, start: int) -> str:
    """The word before ``start`` on its line, lower case, without a final period ("")."""
    m = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return m.group(1).lower().rstrip(".") if m else ""


def _is_score(text: str, span: Span, lex: Lexicon) -> bool:
    m = _SCORE_SPAN.fullmatch(text, span.start, span.end)
    if m is None:
        return False
    word = m.group(1).lower()
    if word not in SCORES and word.split("-")[0] not in SCORES:
        return False
    before = _before(text, span.start)
    if before in _TITLES:
        return False  # "Dr. Morse 4"
    if m.group(2) is None and _SCORE_VALUE.match(text, span.end) is None:
        return False  # no value: "Glasgow", "Apache" alone may be places
    first = word.split("-")[0]
    if not (first in lex.last_names or first in lex.first_names):
        return True
    if before in _MOVE_CUES:
        return False  # "to Hunt 5": a ward named for a person
    # a person's name before a number ("seen by Norton 3 days ago") is no score: a NAME needs
    # "score"/"scale" or a value that ends the phrase ("Braden 14,", "Morse 45)")
    return span.label != "NAME" or _SCORE_END.match(text, span.end) is not None


def _is_doctor_address(text: str, span: Span) -> bool:
    m = _DR_END.search(text, span.start, span.end)
    if m is None or m.group(1).lower() not in _HANDOFF:
        return False
    # the number may be a year or part of a date ("SINCE 2081 PER DR", "3/14 BY DR"): kept,
    # the span is its only cover
    number = _LEAD_NUMBER.match(text, span.start)
    return not (text[max(0, span.start - 1):span.start] in ("/", "-", ".")
                or (number is not None and _YEARISH.fullmatch(number.group())))


def _is_charting_name(text: str, span: Span, lex: Lexicon) -> bool:
    word = text[span.start:span.end]
    key = word.lower()
    if not word.isalpha() or key in lex.last_names or key in lex.first_names:
        return False
    before = _before(text, span.start)
    line = text[_line_start_near(text, span.start):span.start]
    mixed = any(c.islower() for c in line)  # the line is not typed in capitals
    if key in CHARTING and before in ("dr", "md", "mr", "ms", "np", "pa", "rn", "team", "doctor"):
        return not (mixed and word.istitle())  # "Dr aware", "MD NOTIFIED"; not "Mr. Noted"
    # "Mod MR. RVSP 48": MR / MS are valves here, RVSP an echo measure with its value
    # ("Mr. SEN was seen", "Ms. RA called": surnames that are also abbreviations stay)
    return (before in ("mr", "ms") and word.isupper() and key in ECHO_MEASURES and mixed
            and _MEASURE_VALUE.match(text, span.end) is not None)


def _is_junction(text: str, span: Span) -> bool:
    return (text[span.start:span.end].lower().endswith("junction")
            and _JUNCTION.fullmatch(text, span.start, span.end) is not None)


def drop_clinical_lookalikes(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without those the module docstring describes as clinical text."""
    if not spans:
        return spans
    lex = lexicon()
    out = []
    for s in spans:
        if s.end - s.start > _LONGEST:
            out.append(s)  # no look-alike is that long (and no pattern reads a long span)
            continue
        label = s.label
        if label in ("HOSPITAL", "LOCATION", "NAME") and _is_score(text, s, lex):
            continue
        if label == "ADDRESS" and _is_doctor_address(text, s):
            continue
        if label == "NAME" and _is_charting_name(text, s, lex):
            continue
        if label in ("HOSPITAL", "LOCATION") and _is_junction(text, s):
            continue
        out.append(s)
    return out
