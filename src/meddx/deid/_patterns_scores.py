"""What makes a bare month/day ("3/4", "11/15") a score, a count or a portion rather than a
date: a day or cycle count ("abx day 3/7"), a count of cultures or specimens ("bcx 2/2 GPC",
"2/18 nodes"), a named scale's score out of its maximum ("BIMS 11/15"), a pain score ("pain
4/10 ... 2/10"), weeks of gestation ("EGA 38 2/7") and a portion ("1/2 dose").

Moved out of ``_patterns.py`` in session 18 (branch deiddate18) with the same regexes and the
same order of tests, so every span is unchanged; ``_patterns._month_day_ok`` asks
:func:`score_or_count` before any cue can make the month/day a date.
"""

from __future__ import annotations

import re

__all__ = ["score_or_count", "score_pair", "shift_or_parts", "strength_grade"]

_DAY_COUNT_BEFORE = re.compile(r"(?:^|[\s(,;])(?:day|d|cycle)[ \t#]*$", re.IGNORECASE)

# "2/2 bottles positive", "1/4 sets": a count of cultures, not a date.
_COUNT_OF_AFTER = re.compile(r"\s*(?:bottles?|sets?|[bu]?cxs?\b|cultures?\b|pos|positive|neg|negative|"
                             r"growing|grew|\+|of\b)", re.IGNORECASE)

# "2/18 nodes positive", "0/3 lymph nodes", "3/12 cores": a count of specimens in a report.
_SPECIMEN_COUNT_AFTER = re.compile(
    r"\s*(?:(?:lymph|sentinel|axillary)\s+)?(?:nodes?|lns?|cores?|biops(?:y|ies)|specimens?|"
    r"slides?|blocks?|fragments?|cassettes?|sections?|hpfs?|fields?|segments?|vessels?|lesions?)\b",
    re.IGNORECASE)
_CULTURE_BEFORE = re.compile(r"\b(?:[bu]?cx|cultures?|bottles?|sets?)\W*$", re.IGNORECASE)
_PAIN_BEFORE = re.compile(r"\bpain\b", re.IGNORECASE)
#: A pain reassessment after an analgesic: "reassessed 1700: 5/10", "relief to 3/10".
_REASSESS_BEFORE = re.compile(r"\b(?:reassess(?:ed|ment)?|re-?eval(?:uated)?|relief)\b[^\n]{0,12}$",
                              re.IGNORECASE)
#: A word that dates the number right after it, even near "pain": "no flank pain. LMP 12/10"
#: (session 17; not visit words, which stand before pain scores: "at f/u 2/10", session 18).
_DATED_BEFORE = re.compile(r"\b(?:lmp|edd|dob|dated)\W{0,3}$", re.IGNORECASE)

#: A named clinical scale right before a score out of its maximum: "BIMS 11/15", "GCS 14/15",
#: "MoCA 26/30", "CAS 1/7", "Braden 16/23", "PHQ-9: 4/27" (session 15).
_SCALES = (r"gcs|bims|mmse|moca|slums|cas|phq-?\d*|gad-?\d*|nihss|braden|morse|cpot|epds|ecog|"
           r"kps|ipss|q?sofa|curb-?65|timi|chads2?|cha2ds2-?vasc|has-?bled|apache(?:\s*ii)?|"
           r"caprini|padua|flacc|cows|ciwa(?:-ar)?|mrs|bps|borg|rpe|tinetti|berg|orientation|recall")
_SCALE_BEFORE = re.compile(rf"\b({_SCALES})[ \t]*(?:score)?[ \t:=]*(?:\n[ \t]*)?$", re.IGNORECASE)
#: The maxima of each scale (and of its parts or short forms: GCS eyes 4, verbal 5, motor 6;
#: PHQ-2 6, PHQ-8 24): "MoCA 6/19", "ECOG 2/20", "TIMI 3/18" are dates (reviewer, session 15).
_SCALE_MAXIMA = {
    "gcs": (4, 5, 6, 15), "bims": (15,), "mmse": (30,), "moca": (30,), "slums": (30,),
    "cas": (7, 10), "phq": (6, 24, 27), "gad": (6, 21), "nihss": (42,), "braden": (23,),
    "morse": (125,), "cpot": (8,), "epds": (30,), "ecog": (4, 5), "kps": (100,), "ipss": (35,),
    "sofa": (24,), "qsofa": (3,), "curb65": (5,), "timi": (3, 7, 14), "chads": (6,),
    "chads2": (6,), "cha2ds2vasc": (9,), "hasbled": (9,), "apache": (71,), "apacheii": (71,),
    "caprini": (8, 10), "padua": (20,), "flacc": (10,), "cows": (48,), "ciwa": (67,),
    "ciwaar": (67,), "mrs": (5, 6), "bps": (12,),
    # session 20 (deidfp20n): rehabilitation and cognitive screens ("Borg 13/20", "Tinetti
    # 20/28", "Berg 41/56", "orientation: 3/4", "recall 2/3")
    "borg": (10, 20), "rpe": (10, 20), "tinetti": (12, 16, 28), "berg": (56,),
    "orientation": (3, 4), "recall": (3, 5)}


#: Things counted in a bedside test: "1/3 words at 5 min", "aspiration on 2/4 trials",
#: "named 11/20 pictures", "follows 2/3 commands" (session 20, deidfp20n).
_TEST_COUNT_AFTER = re.compile(
    r"\s*(?:(?:functional|verbal|written|simple|complex|novel|familiar|thin|nectar|puree)\s+)?"
    r"(?:trials?|scenarios?|attempts?|tries|words?|items?|objects?|pictures?|digits?|tasks?|reps?|"
    r"repetitions?|sips?|boluses|presentations?|questions?|commands?|opportunities|cues?|"
    r"swallows?|laps|targets?|stimuli|sentences?|syllables?)\b", re.IGNORECASE)

#: Goals counted in a therapy note (session 21, deidfp21n): "Goals: 3/4 met", "GOALS MET: 2/3",
#: "STGs 2/3 achieved", "3/4 goals met": out of ten or fewer, after a plural goal word (a
#: singular "Goal: 3/4" may be a target date) or with "met" right after and a goal word on the line.
#: Fix round: "goals of care" is no goal word, "met with" is a meeting, and after a plain
#: "Goals:" the count needs "met" after it ("Goals: 3/4 discharge home" is a date).
_GOALS_BEFORE = re.compile(r"\b(?:goals|stgs|ltgs|objectives)(?P<met>[ \t]+(?:met|achieved|attained))?"
                           r"[ \t]*(?P<sep>[:=-])?[ \t]*$", re.IGNORECASE)
#: (lead, second review) "On 3/4 goals met", "By 3/8 goals met": a date
_DATE_PREP_BEFORE = re.compile(r"\b(?:on|by|since|until|from|as[ \t]+of)[ \t]*$", re.IGNORECASE)
_GOALS_ON_LINE = re.compile(r"\b(?:goals?|stgs?|ltgs?|objectives?)\b(?![ \t]+of[ \t]+care)",
                            re.IGNORECASE)
_MET_AFTER = re.compile(r"[ \t]*(?P<goals>goals?[ \t]+)?(?:met|achieved|attained|partially)\b"
                        r"(?![ \t]+with\b)", re.IGNORECASE)
_GOALS_OF_CARE = re.compile(r"\b(?:goals?[ \t]+of[ \t]+care|goc)\b", re.IGNORECASE)


def _goal_count(m: re.Match[str], text: str, day: int) -> bool:
    """"Goals: 3/4 met", "GOALS MET: 2/3", "3/4 goals met", "LTGs: 2/5": goals counted."""
    if day > 10:
        return False
    lo = max(0, m.start() - 30)
    line = max(lo, text.rfind("\n", lo, m.start()) + 1)
    if _GOALS_OF_CARE.search(text, line, m.start()):
        return False  # "Goals of care meeting: 3/4 met with daughter": a date
    if _DATE_PREP_BEFORE.search(text, line, m.start()):
        return False
    met = _MET_AFTER.match(text, m.end())
    before = _GOALS_BEFORE.search(text, line, m.start())
    # "GOALS MET: 2/3" needs its colon: "All goals met 3/9" is a date (lead, second review)
    if before is not None and ((before.group("met") is not None and before.group("sep"))
                               or met is not None):
        return True
    return met is not None and (met.group("goals") is not None
                                or _GOALS_ON_LINE.search(text, line, m.start()) is not None)


#: A word that dates the number after it, before a test-count word: "Since 3/14 words are
#: slurred", "Seen 2/12 questions answered" are dates (fix round, session 20 review).
_DATE_WORD_BEFORE = re.compile(
    r"\b(?:since|seen|onset|admit(?:ted)?|admission|visits?|dated?|started|began|until|till|"
    r"through|thru|as[ \t]+of|last|next|f/u|follow[ -]?up|discharged?|d/c|dc'?d|returned?|"
    # second review N3: a message or an event on the date ("Pt called 3/14 questions",
    # "CVA 3/14 words garbled", "Stroke on 3/14 words slurred")
    r"called|phoned|emailed|e-mailed|mailed|faxed|texted|messaged|sent|"
    r"(?:stroke|cva|tia|fall|fell|surgery|seizure|injury|accident|mva)(?:[ \t]+on)?)"
    r"\W{0,3}$", re.IGNORECASE)


def _scale_score(before: str, day: int) -> bool:
    """Whether a named scale ends ``before`` and ``day`` is one of its maxima."""
    m = _SCALE_BEFORE.search(before)
    if m is None:
        return False
    name = re.sub(r"[^a-z0-9]", "", m.group(1).lower())
    if name.startswith(("phq", "gad")):
        name = name[:3]  # "PHQ-9", "GAD7": the family's maxima
    return day in _SCALE_MAXIMA.get(name, ())


_WEEKS_AFTER = re.compile(r"\s*(?:weeks?|wks?|w\b(?!/))", re.IGNORECASE)  # "w/" is "with"
#: Weeks of gestation right before the days: "NSVD at 39 2/7 in Aug", "born at 36 5/7".
_GA_WEEKS_BEFORE = re.compile(r"(?<![\d/.:-])[2-4]\d[ \t]+$")
_GA_BEFORE = re.compile(r"\b(?:ega|ga|iup|gestation|gestational\s+age)\W*[1-4]\d[ \t]+$",
                        re.IGNORECASE)

#: What a common fraction measures, even after an event word or a clock time: "arrival 1/2 hr
#: late", "Lasix given 0800 1/2 dose", "I/O 1500 1/2 cup broth" (reviewer, session 15).
_PORTION_AFTER = re.compile(
    r"[ \t]*(?:an?[ \t]+)?(?:hours?|hrs?|min|mins|minutes?|doses?|cups?|glass(?:es)?|"
    r"cans?|bottles?|cartons?|tabs?|tablets?|pills?|caps?|capsules?|amps?|vials?|tsp|tbsp|oz|"
    r"ounces?|liters?|litres?|portions?|servings?|bags?|inch(?:es)?|"
    r"miles?|blocks?|pack|ppd|sandwich|tray|meal|bowl|plate)\b", re.IGNORECASE)
#: (not "normal", "ns", "h", "way", "day(s)", "strength": "Echo 3/4 normal EF", "Admitted 1/2 h
#: after fall" and "visit 1/2 day" are dates as often as portions; a leak is the worse error.
#: Session 15, third review.)


def score_or_count(m: re.Match[str], text: str, month: int, day: int, *, lettered: bool) -> bool:
    """Whether the month/day of ``m`` (groups 1 and 2) is a count, a score or a portion;
    ``lettered``: a letter stands in the 20 characters before it (else no word cue can)."""
    before = text[max(0, m.start() - 20):m.start()]
    after = text[m.end():m.end() + 15]
    if month <= day <= 14 and _DAY_COUNT_BEFORE.search(before):
        return True  # "abx day 3/7", "cycle 2/6", "D5/7 ceftriaxone": a count of days
    if month <= day <= 4 and (_COUNT_OF_AFTER.match(after) or _CULTURE_BEFORE.search(before)):
        return True  # "blood cx 2/2 positive", "bcx 2/2 GPC"
    if _SPECIMEN_COUNT_AFTER.match(after) or (
            month <= day and _TEST_COUNT_AFTER.match(text, m.end())
            and not _DATE_WORD_BEFORE.search(text, max(0, m.start() - 24), m.start())):
        return True  # "2/18 nodes positive", "3/12 cores", "on 2/4 trials": a count
    if month <= day and lettered and _goal_count(m, text, day):
        return True  # "Goals: 3/4 met", "GOALS MET: 2/3" (session 21)
    if month <= day and lettered and _scale_score(before, day):
        return True  # "BIMS 11/15", "CAS 1/7": a score out of the scale's maximum
    if day == 10 and (_PAIN_BEFORE.search(text, max(0, m.start() - 80), m.start())
                      or _REASSESS_BEFORE.search(before)) and not _DATED_BEFORE.search(before):
        return True  # "pain 4/10 ... with relief to 2/10" (not "pain. LMP 12/10")
    if day == 7 and (_WEEKS_AFTER.match(after) or _GA_BEFORE.search(before)
                     or _GA_WEEKS_BEFORE.search(before)):
        return True  # gestational age: "EGA 38 2/7 weeks"
    # "Delivery 1/2 hour later", "given 0800 1/2 dose": a portion
    return month < day and day in (2, 3, 4, 8) and bool(_PORTION_AFTER.match(after))


# --- session 20 (deidfp20n): strength grades and series of scores ------------------------
#: Muscle strength is graded out of 5 beside a limb, a muscle or a strength word: "LE
#: strength checked q1h: 5/5 bilat", "weak (3/5 arms, 2/5 legs)".
_LIMB_WORDS = (r"arms?|legs?|[bilr]?[ul]es?|extremit(?:y|ies)|grips?|hips?|knees?|ankles?|"
               r"shoulders?|elbows?|wrists?|deltoids?|biceps|triceps|quads?|hamstrings?|"
               r"flexors?|extensors?|dorsiflexion|plantarflexion|flexion|extension|abduction|"
               r"adduction|bilat(?:erally)?|b/l|throughout|symmetric(?:al)?(?:ly)?")
#: before the number only strength words: a limb before it may be a dated event ("R knee
#: pain since fall (3/5)")
_STRENGTH_BEFORE = re.compile(r"\b(?:strength|power|motor|mmt|grips?)\b", re.IGNORECASE)
_STRENGTH_AFTER = re.compile(rf"[ \t]*(?:{_LIMB_WORDS}|strength|power|motor)\b", re.IGNORECASE)


def strength_grade(m: re.Match[str], text: str, month: int, day: int) -> bool:
    """"x/5" beside a limb or strength word on its line (40 characters before, or the word
    right after). The caller asks only when no date word stands before the number ("since
    3/5", "seen 3/5" stay dates)."""
    if day != 5 or month > 5:
        return False
    if _STRENGTH_AFTER.match(text, m.end()):
        return True
    lo = max(0, m.start() - 40)  # (bounded: no scan of a long line per number)
    line = text.rfind("\n", lo, m.start()) + 1
    return bool(_STRENGTH_BEFORE.search(text, max(line, lo), m.start()))


#: A second score beside the first in brackets, after a comparison word ("Tinetti 20/28 (from
#: 12/28 at eval)") or with an earlier time after it ("11/20 indep (8/20 last wk)", "L arm
#: 2/5 (3/5 yesterday)"). A bare bracket ("abx day 3/7 (11/7 - 11/14)") or a bare "from"
#: is not enough: the first version of this rule, which took both, lost a real date on a
#: check group (aggregates; session 20).
_LINK_BEFORE = re.compile(r"\([ \t]*(?:(?:from|was|prev(?:ious(?:ly)?)?|baseline|vs\.?)"
                          r"[ \t]*(?P<word>))?$", re.IGNORECASE)
_EARLIER_AFTER = re.compile(r"\)?\s*(?:yesterday|last[ \t]+(?:wk|week|visit|session|time)|"
                            r"at[ \t]+(?:eval|evaluation|admit|admission|baseline)|on[ \t]+admit|"
                            r"on[ \t]+admission|this[ \t]+(?:am|morning)|earlier|initially|prior|"
                            r"previously|prev|baseline)\b", re.IGNORECASE)
_FRACTION = re.compile(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})(?![\w/]|[.-]\d)")


def _linked(link: re.Match[str], text: str, end: int) -> bool:
    """A comparison word in the link, or an earlier time after the second number."""
    return link.group("word") is not None or bool(_EARLIER_AFTER.match(text, end))


#: A score or strength word before the first of a pair, on its line, or a named scale right
#: before it with that scale's maximum after the slash: without one, "Admitted 1/28 (from
#: 12/28 ED visit)", "Mrs. Smith 3/12 (prev 2/12)", "Dr. Berg 3/12 (prev 2/12)" and "Power
#: outage 1/20 (vs 12/20)" are dates (fix rounds, session 20 reviews; a scale name anywhere on
#: the line read the title "Mrs." and the surnames Berg and Morse as scales). A limb counts
#: only for grades out of 5, right before the number ("R arm 3/5 (4/5 ...)"; "LE"/"UE" in
#: capitals only, not "Dr. Le 3/5") or right after it ("3/5 arms (2/5 ...)").
_SCORE_WORD = re.compile(r"\b(?:naming|score[sd]?|strength|motor|mmt)\b", re.IGNORECASE)
_LIMB_RIGHT_BEFORE = re.compile(
    r"\b(?:" + _LIMB_WORDS.replace("[bilr]?[ul]es?|", "") + r"|(?-i:[BILR]?[UL]Es?))[ \t:]*$",
    re.IGNORECASE)


def _score_context(text: str, start: int, end: int, day: int) -> bool:
    lo = max(0, start - 40)
    line = max(lo, text.rfind("\n", lo, start) + 1)
    if _SCORE_WORD.search(text, line, start) or _scale_score(text[line:start], day):
        return True
    return day == 5 and bool(_LIMB_RIGHT_BEFORE.search(text, line, start)
                             or _STRENGTH_AFTER.match(text, end))


def score_pair(m: re.Match[str], text: str, day: int) -> bool:
    """The month/day of ``m`` and another number over the same ``day`` within 30 characters
    of its line, linked as above, after a score word: two scores on one scale, not dates."""
    lo = max(0, m.start() - 45)
    line = max(lo, text.rfind("\n", lo, m.start()) + 1)
    link = _LINK_BEFORE.search(text, max(line, m.start() - 12), m.start())
    if link is not None and _linked(link, text, m.end()):  # the second of the pair
        for other in _FRACTION.finditer(text, max(line, link.start() - 30), link.start()):
            if int(other.group(2)) == day and int(other.group(1)) <= day \
                    and _score_context(text, other.start(), other.end(), day):
                return True
    end = text.find("\n", m.end(), m.end() + 30)
    end = min(len(text), m.end() + 30) if end < 0 else end
    if not _score_context(text, m.start(), m.end(), day):
        return False
    for other in _FRACTION.finditer(text, m.end(), end):  # the first of it
        if int(other.group(2)) == day and int(other.group(1)) <= day:
            link = _LINK_BEFORE.search(text, max(m.end(), other.start() - 12), other.start())
            if link is not None and _linked(link, text, other.end()):
                return True
    return False


# --- hyphenated month-days that are hours of a shift or a run of ribs ---------------------
#: A nursing note's header before a shift's hours: "MICU RN NOTE 07-19", "nursing 07-15". Only
#: the usual shifts written as dates (07-19, 07-15), and only after a nursing or shift word on
#: the line: "Progress note 02-14", "RN note 06-18" are dates (fix round, session 20 review).
_SHIFT_HEADER = re.compile(r"\b(?:note|shift|rn|nsg|nursing|npn|hours|hrs)[ \t:]*$",
                           re.IGNORECASE)
_SHIFT_WORD = re.compile(r"\b(?:rn|nsg|nursing|npn|shift|hours|hrs)\b", re.IGNORECASE)
_SHIFT_HOURS = frozenset({("07", "19"), ("07", "15")})
#: Numbered parts counted in a range: "L rib fx 4-8", "ribs 3-6", "lumbar levels 2-4"; levels
#: only after a spine word ("Dilantin level 03-14" is a date; second review N2), and never a
#: zero-padded first number (nobody writes "ribs 03-06").
_LINE_END = re.compile(r"[ \t]*(?:\r?\n|\Z)")
_NUMBERED_PARTS = re.compile(
    r"\b(?:ribs?(?:[ \t]+fx|[ \t]+fractures?)?|(?:spinal|spine|lumbar|cervical|thoracic|"
    r"vertebral|disc|fusion)\b[^\n]{0,15}\blevels?)[ \t:]*$", re.IGNORECASE)


#: ... or a side before the range and ribs after it: "L 4-7 rib fx", "R 3-5 RIBS" (session 21,
#: deidfp21n; "s/p fall 4-7 rib fx" keeps its date).
_SIDE_BEFORE = re.compile(r"\b(?:l|r|lt|rt|left|right|bilat(?:eral)?|b/l)[ \t]+$", re.IGNORECASE)
_PARTS_AFTER = re.compile(r"[ \t]+ribs?\b", re.IGNORECASE)


def shift_or_parts(m: re.Match[str], text: str) -> bool:
    """The "7-22"-like ``m`` (groups 1 and 2) is a shift's hours after a nursing note's
    header, ending its line ("MICU RN NOTE 07-19"), or a run of ribs or levels."""
    if not m.group(1).startswith("0") and (
            _NUMBERED_PARTS.search(text, max(0, m.start() - 40), m.start())
            or (_PARTS_AFTER.match(text, m.end())
                and _SIDE_BEFORE.search(text, max(0, m.start() - 12), m.start()))):
        return True
    if (m.group(1), m.group(2)) not in _SHIFT_HOURS or not _LINE_END.match(text, m.end()):
        return False
    lo = max(0, m.start() - 40)
    line = max(lo, text.rfind("\n", lo, m.start()) + 1)
    header = _SHIFT_HEADER.search(text, line, m.start())
    return header is not None and bool(_SHIFT_WORD.search(text, line, m.start()))
