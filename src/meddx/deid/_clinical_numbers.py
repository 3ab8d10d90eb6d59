"""Numbers of clinical text written like dates or places (session 19, branch deidprec19), read
by :func:`meddx.deid._clinical_lookalikes.drop_clinical_lookalikes`:

* **Motor strength grades** "3/5", "5/5" (the MRC scale, always out of 5) read as dates: a
  DATE span "N/5" (N from 0 to 5) right after a strength or limb word ("LE strength checked
  q1h: 5/5", "L arm 2/5 (3/5 yesterday)") or right before a limb word ("4/5 arms", "5/5
  bilat"). "seen 5/5 by neuro" stays a date.
* **Shift hours** "07-19", "19-07" after a note header ("NSICU RN NOTE 07-19", "night shift
  19-07"): two clock hours 8 or 12 hours apart, one of them past noon, after "note" or "shift".
* **Numbered ranges** read as dates: ribs, levels, hospital and postoperative days ("rib fx
  4-8", "HD 1-2", "POD 2-3"): a DATE span "N-M" (N < M) after such a word.
* **Days of the week** "5/7 days" read as a date (May 7).
* **French sizes** read as a street or a place: "28 Fr CT" (a chest tube, not "28 Fr Court").
* **Vital-sign decades** read as a ward: "v-sensed 70s", "HR 110s": a place span ending in
  a decade ("70s"); a ward's number has no "s".
"""

from __future__ import annotations

import re

from meddx.deid._span import Span

__all__ = ["REACH", "line_start_near", "numeric_lookalike"]

#: how far the look-alike checks read around a span (a long one-line note costs no more)
REACH = 200


def line_start_near(text: str, at: int) -> int:
    """The start of ``at``'s line, or ``REACH`` characters before ``at`` if that is later."""
    lo = max(0, at - REACH)
    return max(lo, text.rfind("\n", lo, at) + 1)

_STRENGTH = frozenset(
    "strength motor power mmt weak weakness arm arms leg legs grip grips ue le bue ble rue lue "
    "rle lle bilat deltoid deltoids biceps triceps quad quads quadriceps hamstring hamstrings "
    "hip hips knee knees ankle ankles wrist wrists hand hands df pf ehl dorsiflexion "
    "plantarflexion flexion extension extremity extremities proximal distal hf ke mae "
    "abduction adduction shoulder shoulders elbow elbows".split())
_LIMB_AFTER = re.compile(
    r"[ \t,]*(?:arms?|legs?|bilat(?:erally)?|throughout|all[ \t]+(?:4|four|ext\w*|limbs)|x[ \t]?4|"
    r"bue|ble|rue|lue|rle|lle|(?:upper|lower)[ \t]+(?:ext\w*|limbs?)|grips?|"
    r"[lr][ \t]+(?:arm|leg))\b", re.IGNORECASE)
#: a word before "N/5" that makes it a date ("on 3/5", "since 4/5", "seen 5/5")
_DATE_LEADS = frozenset("on since from until till by of dated date seen started admitted through "
                        "to before after due next last".split())
_LAST_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z0-9\n]*$")
_GRADE = re.compile(r"[0-5]/5(?![\d/])")
_WORDS = re.compile(r"[A-Za-z]+")
#: what may stand between a strength word and its grade: "checked q1h: ", "2/5 (", no date
_BETWEEN_WORDS = frozenset("checked tested testing exam is are was were now remains grossly at of "
                           "and with to in on both bilat bilaterally intact equal q1h q2h q4h "
                           "l r rt lt left right".split())
_BETWEEN_PIECE = re.compile(r"[0-5][+-]?/5|[A-Za-z0-9]+|[^\sA-Za-z0-9]")
_SHIFT_SPAN = re.compile(r"(\d{1,2})-(\d{1,2})")
_SHIFT_CUE = re.compile(r"\b(?:note|shift|nsg|nursing)\b[ \t:,-]*$", re.IGNORECASE)
_RANGE_SPAN = re.compile(r"(\d{1,2})[ \t]*-[ \t]*(\d{1,2})")
_RANGE_CUE = re.compile(r"\b(?:ribs?|rib[ \t]+fx|fx|hd|pod|dol|days?|levels?)[ \t:#]*$",
                        re.IGNORECASE)
_FRENCH = re.compile(r"\d{1,2}[ \t]*(?:fr|french)\b", re.IGNORECASE)  # not "12 F St"
_WEEK_SPAN = re.compile(r"[1-7]/7")
_DAYS_AFTER = re.compile(r"[ \t]*(?:days?|d/wk|d/week|x/wk)\b", re.IGNORECASE)
_DECADE_END = re.compile(r"\d0s$", re.IGNORECASE)


def _strength_grade(text: str, span: Span) -> bool:
    if _GRADE.fullmatch(text, span.start, span.end) is None:
        return False
    line_start = line_start_near(text, span.start)
    lead = _LAST_WORD.search(text, max(line_start, span.start - 20), span.start)
    if lead is not None and lead.group(1).lower() in _DATE_LEADS:
        return False  # "labs on 3/5 all normal", "since 4/5"
    # a grade just before the line break continues the line above ("2/5 (3/5\nyesterday)")
    lo = max(line_start, span.start - 50)
    window = text[lo:span.start]
    last = None
    for m in _WORDS.finditer(window):
        if m.group().lower() in _STRENGTH:
            last = m
    if last is not None and all(
            p.group().lower() in _BETWEEN_WORDS or p.group()[0] in "/0123456789" and "/" in p.group()
            or not p.group()[0].isalnum()
            for p in _BETWEEN_PIECE.finditer(window, last.end())):
        return True
    return _LIMB_AFTER.match(text, span.end, min(len(text), span.end + 24)) is not None


def _shift_hours(text: str, span: Span) -> bool:
    m = _SHIFT_SPAN.fullmatch(text, span.start, span.end)
    if m is None:
        return False
    a, b = int(m.group(1)), int(m.group(2))
    if a > 23 or b > 23 or max(a, b) <= 12 or (a - b) % 24 not in (8, 12, 16):
        return False
    line_start = line_start_near(text, span.start)
    return _SHIFT_CUE.search(text, max(line_start, span.start - 30), span.start) is not None


def _numbered_range(text: str, span: Span) -> bool:
    m = _RANGE_SPAN.fullmatch(text, span.start, span.end)
    if m is None or int(m.group(1)) >= int(m.group(2)):
        return False
    line_start = line_start_near(text, span.start)
    return _RANGE_CUE.search(text, max(line_start, span.start - 16), span.start) is not None


def _days_of_week(text: str, span: Span) -> bool:
    """ "5/7 days", "3/7 d/wk": days out of seven."""
    return (_WEEK_SPAN.fullmatch(text, span.start, span.end) is not None
            and _DAYS_AFTER.match(text, span.end) is not None)


def numeric_lookalike(text: str, span: Span) -> bool:
    """Whether ``span`` is one of the module docstring's clinical numbers."""
    label = span.label
    if label == "DATE":
        return (_strength_grade(text, span) or _shift_hours(text, span)
                or _numbered_range(text, span) or _days_of_week(text, span))
    if label in ("ADDRESS", "HOSPITAL", "LOCATION"):
        return (_FRENCH.match(text, span.start, span.end) is not None
                or (label != "ADDRESS" and _DECADE_END.search(text, span.start, span.end) is not None))
    return False
