"""False alarms on ICU text, by class, dropped after the detectors (session 23, deidfp23).

Rules a clinician would state, each for a class of error seen on notes by writers the
detectors had not read (session 22's groups Q and R):

* **a place of care named by its service is no PHI**: "anticoag clinic", "OPAT clinic",
  "OUTPT RD", "outpt unit", "NSICU", "HEPATOLOGY team", "TRACH CARE", "POSTMORTEM CARE",
  "recs": a HOSPITAL or LOCATION span every word of which is a service, unit, care or
  clinical word (or a connector, a number, a word of schedule) names no place. Dropping it
  before the note-level passes also stops the bare word ("anticoag") being propagated.
* **equipment and eponyms are no names or places** where the note reads them as equipment:
  a rapid infuser ("via Belmont", "Belmont infuser"), a ventilator ("Hamilton MR1", "vent
  (Hamilton"), "HeartMate 3", "Glucommander", "Sara Stedy", "Baxter Amia", "Cyracom",
  "Parkland" as a burn formula ("per Parkland", "Parkland formula"), "Ivor Lewis" (operation,
  before its procedure word or after "s/p"), "St Jude" before a valve or device. "via/per/
  through Belmont/Parkland" only with a transfusion or resuscitation word near it on the line,
  never before a unit word ("Parkland ICU", "Belmont ER"). The same words after a title or a
  relative ("Dr Stedy", "wife Hamilton") and as towns ("lives in Hamilton") stay.
* **a fraction after a score or a strength is no date**: "AM-PAC 6 CLICKS: 12/24",
  "LUE: 1/5 proximal", "PC-PTSD-5: 4/5", "IDDSI 6/2": only punctuation between
  the cue and the value ("PHQ-9 done 12/24", "Screened 12/24", "extubated 12/24" stay dates);
  a bare x/5 only after a strength cue, never after a date word or verb on the line.
* **ordinary words are no names**: a role ("Perfusionist", "intensivist") and "to call RN".
  (Fix round: the lists of verbs after a relative, services before "RN", "A&Ox", "mark border"
  and "Thora" were taken out: untested or dropping real names like "Page RN", "Thora".)

Session 24 (deidfp24), read on groups W, X, Y:

* **a place of care named by its kind**: hospice, IPR, HHPT, LTC and stroke as services ("IPR vs
  SNF", "inpatient hospice", "vent-capable SNF"); one of these words alone is no generic place
  ("lives in Stroke" stays). "center"/"centre" join a generic place only after a determiner in
  the span or just before it ("the nearest comprehensive stroke center"), never as its first
  word or after "of"/"in" ("Center Hospice", "Hospice of Center" stay).
* **a count is no place**: "ICU day 3 w/", "ED holding 2".
* **an eponym as its operation**: "(Ivor Lewis)" after the operation; "Graham patch" only with
  an ulcer, perforation, ex lap, laparotomy, omental or "s/p" near it on its line ("Visitor
  Graham Patch" stays); "Parkland rate" (the whole word: "from Parkland rates her pain" stays).
  A via-device name before stroke/hospice/rehab/SNF/LTACH/LTC/IPR is a place.
* **charting words are no names**: WOC, ENT, hx, extubated, Glidescope, ...; "auth" only before
  received/pending/obtained/approved/denied/for/needed ("NP Auth paged" stays).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from meddx.deid._generic_clinics import CLINIC_TOPICS
from meddx.deid._lexicon import lexicon
from meddx.deid._span import Span

__all__ = ["NoteVerdicts", "drop_false_alarms"]

_PLACE_LABELS = frozenset(("HOSPITAL", "LOCATION"))
_EQUIPMENT_LABELS = frozenset(("NAME", "HOSPITAL", "LOCATION", "ADDRESS"))
#: Services, units, kinds of care and clinical words that name a place of care generically.
_SERVICE = frozenset("""
anticoag anticoagulation coumadin warfarin inr opat outpt outpatient outpt. inpatient inpt
rd dietitian dietician nutrition slp pt ot recs rec recommendations hepatology nephrology
cardiology neurology pulmonary pulm gi id oncology onc hem heme palliative ortho neurosurgery
postmortem post-mortem trach tracheostomy wound ostomy woc infusion dialysis hd pd crrt cvvh
cvvhd cvvhdf icu nsicu neuro-icu micu sicu cvicu ccu cicu picu nicu tsicu bicu ticu stepdown
step-down pacu ed er or clinic clinics team service services program pharmacy snf
ltach irf rehab labs lab post-rxn gluconate ca calcium pressors pressor cavoatrial
care visit visits referral tavr cath resus walk-in bariatric
hospice ipr hhpt ltc stroke
""".split())
#: Service words of session 24: alone in a span they are not a generic place ("lives in Stroke").
_ALONE_NOT_GENERIC = frozenset(("hospice", "ipr", "hhpt", "ltc", "stroke"))
#: Words of schedule and connectors that may stand in such a span ("level monitoring weekly
#: through OPAT clinic", "NSICU from", "stage 3").
_FILLER = frozenset("""
a an and the of for from to at via through thru per with in on level monitoring weekly daily
stage grade new needs placed adjusted near mech mechanical next phase unit units pod
vs short comprehensive vent-capable nearest closest
""".split())
#: "center"/"centre" join a generic place only after a determiner in it or just before it ("the
#: nearest comprehensive stroke center"), never first or after "of"/"in" (a town: "Center
#: Hospice", "Hospice of Center"); "Comprehensive Care Center" may be a practice's name.
_CENTER = frozenset(("center", "centre"))
_DETERMINERS = frozenset(("the", "a", "an", "nearest", "closest"))
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[ \t]*$")
#: An operation's word ("esophagectomy", "procedure") after an eponym.
_PROCEDURE = re.compile(r"(?:ectomy|otomy|ostomy|plasty|pexy|oscopy|rrhaphy|procedure|operation|"
                        r"repair|approach)$")
#: Prepositions after which a generic place ends a run ("... THROUGH OPAT CLINIC").
_LINKS = frozenset(("through", "thru", "via", "at", "to", "with", "per"))
_WORD = re.compile(r"[A-Za-z][A-Za-z'.&-]*|\d+")
#: A count is no place: a hospital day before "w/" ("ICU day 3 w/ septic shock") and patients
#: held in the ED ("ED holding 2 ICU pts").
_DAY_WITH = re.compile(r"(?i)day[ \t]+\d{1,3}[ \t]+w")
_HOLDING = re.compile(r"(?i)holding[ \t]+\d{1,2}")

_TITLE = r"(?:dr|drs|doctor|mr|mrs|ms|miss|mx|prof|rev|fr)\.?"
_KIN = (r"(?:wife|husband|spouse|son|daughter|dtr|mother|mom|father|dad|sister|brother|"
        r"friend|niece|nephew|aunt|uncle|grandson|granddaughter|partner|hcp|poa)")
_PERSON_BEFORE = re.compile(rf"(?i)(?:\b{_TITLE}|\b{_KIN}[,:]?|\blives[ \t]+in)[ \t]+$")

_I = re.IGNORECASE
#: The omental patch of a perforated ulcer: an operation only with a surgical word on its line
#: (a person named Graham Patch otherwise).
_GRAHAM_PATCH = r"\bgraham[ \t]+patch\b"
_SURGICAL_LINE = re.compile(r"(?i)ulcer|perforat|ex[ \t]+lap|laparotom|omental|s/p")
#: Equipment, protocols and operations named after people or places (whole match dropped),
#: each with the word it cannot match without (in lower case: a cheap test before the regex).
_EQUIPMENT = [(word, re.compile(p, _I)) for word, p in (
    ("belmont", r"\bbelmont(?=[ \t]+(?:rapid[ \t]+)?(?:infuser|ri\b|fmd|warmer))"),
    ("hamilton", r"\bhamilton(?=[ \t]+(?:mr1|c1|c3|c6|g5|t1|h900|vent|ventilator)\b)"),
    ("hamilton", r"(?<=vent \()hamilton\b"), ("hamilton", r"(?<=ventilator \()hamilton\b"),
    ("heartmate", r"\bheartmate(?:[ \t]*(?:ii|iii|2|3))?\b"), ("hm", r"\bhm[ \t]?(?:ii|iii|3)\b"),
    ("glucommander", r"\bglucommander\b"), ("stedy", r"\bsara[ \t]+stedy\b"),
    ("stedy", r"\bstedy(?=[ \t]+(?:stand|standing|transfer|transfers|lift|aid|device)\b)"),
    ("sara", r"\bsara[ \t]+plus\b"), ("amia", r"\bbaxter[ \t]+amia\b"),
    ("amia", r"\bamia(?=[ \t]+cycler)"),
    ("parkland", r"\bparkland(?=[ \t]+(?:formula|calc|calculation|protocol|resus|rate)\b)"),
    ("lewis", r"\bivor[ \t-]+lewis(?=[ \t]+(?:esophagectomy|oesophagectomy|procedure|approach|"
     r"operation|resection)\b)"), ("lewis", r"(?<=s/p )ivor[ \t-]+lewis\b"),
    ("lewis", r"(?<=ectomy \()ivor[ \t-]+lewis\b"), ("graham", _GRAHAM_PATCH),
    ("jude", r"\b(?:mech(?:anical)?[ \t]+)st\.?[ \t]+jude(?:[ \t]+medical)?\b"),
    ("jude", r"\bst\.?[ \t]+jude(?=[ \t]+(?:avr|mvr|valve|bileaflet|mechanical|icd|ppm|pacemaker|"
     r"device|lead|assurity|regent|epic|trifecta)\b)"),
)]
_GRAHAM = next(pattern for word, pattern in _EQUIPMENT if word == "graham")
#: The words of :data:`_EQUIPMENT` and :data:`_VIA_DEVICE`: a note with none has no equipment.
_EQUIPMENT_WORDS = frozenset(word for word, _ in _EQUIPMENT)

#: "via/per/through Belmont" (rapid infuser), "per Parkland" (burn formula): equipment only
#: with a transfusion or resuscitation word near it on its line, never before a unit word.
_VIA_DEVICE = re.compile(r"(?i)(?:(?<=via )|(?<=per )|(?<=thru )|(?<=through ))(?:the )?"
                         r"(?:belmont|parkland)\b")
_DEVICE_CONTEXT = re.compile(r"(?i)\b(?:mtp|massive[ \t]+transfusion|blood|prbcs?|ffp|plt|"
                             r"products|warmed|warmer|rapid|infuser|infused|ml/min|ml/hr?|lr|"
                             r"formula|burns?|tbsa|resus|resuscitation|fluids?)\b")
_PLACE_AFTER = re.compile(r"(?i)[ \t]+(?:icu|er|ed|fd|ems|clinic|hospital|memorial|health|"
                          r"medical|rd|road|st|ave|ambulance|fire|unit|floor|campus|center|"
                          r"centre|cardiology|stroke|hospice|rehab|snf|ltach|ltc|ipr|[a-z]*icu)\b")

_FRACTION = re.compile(r"\d{1,2}/\d{1,2}")
#: A score whose value is a fraction, before it on its line, by the
#: maximum its value is out of ("AM-PAC 6 CLICKS: 12/24", "MoCA 18/30", not "MoCA 3/28").
_SCORE_CUE = re.compile(  # the nearest cue (the greedy ".*" before it)
    r"(?i).*\b(?:(?P<of24>clicks|am-?pac(?:[ \t]+6)?)|(?P<of5>pc-?ptsd-?5)|"
    r"(?P<phq>phq-?\d*|gad-?\d*)|(?P<of30>moca|mmse|slums)|(?P<of15>gcs|bims)|"
    r"(?P<braden>braden)|(?P<iddsi>iddsi)|(?P<any>score|scored|audit(?:-c)?|cage))"
    r"\b(?P<gap>[^\n]{0,28})$")
#: Between a score and its value only punctuation, "score"/"total" or "=" ("PHQ-9 score: 14/27",
#: "AM-PAC 6 clicks: 15/24"); a verb or any other word ("done", "screened by") keeps a date.
_SCORE_GAP = re.compile(r"(?i)[ \t:=(-]*(?:(?:score|total|raw)[ \t:=(-]*)?")
_MAXIMA = {"of24": {24}, "of5": {5}, "phq": {6, 21, 27}, "of30": {30}, "of15": {15},
           "braden": {23}, "any": {4, 5, 6, 10, 12, 15, 20, 21, 23, 24, 27, 30}}
#: A limb or movement whose strength is graded out of 5 ("LUE: 1/5", "flexion (3/5)").
_STRENGTH_CUE = re.compile(
    r"(?i).*\b(?:lue|rue|lle|rle|bue|ble|ue|le|strength|mmt|grip|flexion|extension|abduction|"
    r"adduction)\b(?P<gap>[^\n]{0,20})$")
#: A date verb before an x/5 on its line: the fraction is a date ("Fell at home on 1/5").
_DATE_VERB = re.compile(r"(?i)\b(?:admitted|adm|seen|fell|fall|dx|diagnosed|started|stopped|"
                        r"discharged|d/c|transferred|intubated|extubated|placed|done|since|on|"
                        r"last|visit|surgery|s/p)\b")
#: A sentence's end or a clause between the cue and the fraction: the cue is not its own.
_GAP_BREAK = re.compile(r"[.;!?](?:[ \t]|$)|[;()]|\d")
_DATE_CUE = re.compile(r"(?i)\b(?:on|since|dated|from|until|thru|through|dob|date|due|by|"
                       r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\b")
_STRENGTH_AFTER = re.compile(r"(?i)[ \t]*(?:proximal|distal|strength|grip|throughout|"
                             r"hip|knee|ankle|shoulder|elbow|wrist|dorsi|plantar|in[ \t]+[rl]?ue|"
                             r"in[ \t]+[rl]?le)\b")

#: Roles, forms and documents: never a person's name (no first name: "Thora" left out).
_NEVER_NAMES = frozenset("""
perfusionist facesheet face-sheet handoff hand-off fmla mri-safe mri-conditional outpt
interpreter chaplain sitter phlebotomy phlebotomist intensivist hospitalist neurosurgeon
diaphoretic bedrest nonpharm nsaids nsgy apgars
ent woc extubated glidescope paracentesis cross-cover ok'd hx
""".split())
_RN_AFTER = re.compile(r"(?i)[ \t]+(?:rn|nurse|educator|team)\b")
_TITLE_END = re.compile(rf"(?i)\b{_TITLE}[ \t]*$")
_TO_END = re.compile(r"(?i)\bto[ \t]+$")
#: "auth" as the insurer's authorisation ("Auth received", "auth pending"), not a surname
#: ("NP Auth paged", "Called Auth at nephrology").
_AUTH_AFTER = re.compile(r"(?i)[ \t]+(?:received|pending|obtained|approved|denied|for|needed)\b")


def _words(text: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _WORD.findall(text)]


def _service_place(text: str, span: Span) -> Span | None:
    """``span`` less its generic place of care (module docstring): None where every word is a
    service, clinical word or filler; the part before the last link word where only the part
    after it is ("BELMONT CARDIOLOGY THROUGH ANTICOAG CLINIC" keeps "BELMONT CARDIOLOGY");
    ``span`` itself otherwise."""
    value = text[span.start:span.end]
    if _SERVICE.isdisjoint(_words(value)):
        return span  # no service word: neither the span nor its tail is generic
    found = [(m.start(), m.group().lower().rstrip(".")) for m in _WORD.finditer(value)]
    before = _WORD_BEFORE.search(text, max(0, span.start - 24), span.start)
    if _generic([w for _, w in found], before[1].lower() if before else ""):
        return None
    cut = max((i for i, (_, w) in enumerate(found) if w in _LINKS), default=-1)
    if 0 < cut < len(found) - 1 and _generic([w for _, w in found[cut + 1:]]):
        end = span.start + len(value[:found[cut][0]].rstrip(" \t,;:-"))
        return replace(span, end=end) if end > span.start else None
    return span


def _count_place(text: str, span: Span) -> bool:
    """A place span that is a count (:data:`_DAY_WITH`, :data:`_HOLDING`)."""
    if _HOLDING.fullmatch(text, span.start, span.end):
        return True
    return text.startswith("/", span.end) and _DAY_WITH.fullmatch(text, span.start, span.end) is not None


def _generic(words: list[str], before: str = "") -> bool:
    """Every word is a service, filler, clinic topic or number (``before``: the word before)."""
    if not words or not any(w in _SERVICE for w in words):
        return False
    if len(words) == 1 and words[0] in _ALONE_NOT_GENERIC:
        return False
    # not the lexicon's clinical words: it holds some town names ("Salem" sump)
    return all(w in _SERVICE or w in _FILLER or w in CLINIC_TOPICS or w.isdigit()
               or (w in _CENTER and _center_filler(words, i, before)) for i, w in enumerate(words))


def _center_filler(words: list[str], i: int, before: str) -> bool:
    """``words[i]`` ("center") is a filler of a generic place (:data:`_CENTER`)."""
    return (i > 0 and words[i - 1] not in ("of", "in")
            and (before in _DETERMINERS or not _DETERMINERS.isdisjoint(words[:i])))


def _equipment_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """The equipment mentions of ``text``, sorted by start. A pattern runs only where its word
    is in the note (an ASCII note: a non-ASCII letter may match an ASCII one in a regex that
    ignores case, "\u017f" an "s", so such a note runs them all)."""
    low = text.lower()
    if text.isascii():
        if not any(word in low for word in _EQUIPMENT_WORDS):
            return ()
        patterns = [pattern for word, pattern in _EQUIPMENT if word in low]
        via = "belmont" in low or "parkland" in low
    else:
        patterns, via = [pattern for _, pattern in _EQUIPMENT], True
    out: list[tuple[int, int]] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if _PERSON_BEFORE.search(text, max(0, m.start() - 24), m.start()):
                continue  # "Dr Stedy", "wife Hamilton", "lives in Belmont"
            if pattern is _GRAHAM and not _on_line(_SURGICAL_LINE, text, m.start(), m.end()):
                continue  # "Visitor Graham Patch (neighbor)": a person without an ulcer's repair
            out.append((m.start(), m.end()))
    for m in _VIA_DEVICE.finditer(text) if via else ():
        if _PLACE_AFTER.match(text, m.end()):
            continue  # "per Parkland ICU", "through Belmont ER", "via belmont fd"
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        near = (max(line_start, m.start() - 48), min(line_end, m.end() + 48))
        if _DEVICE_CONTEXT.search(text, *near):
            out.append((m.start(), m.end()))
    out.sort()
    return tuple(out)


def _on_line(pattern: re.Pattern[str], text: str, start: int, end: int, width: int = 120) -> bool:
    """``pattern`` is found on the line of ``text[start:end]`` within ``width`` characters of it
    (bounded: many mentions on one long line stay linear)."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    line_start = text.rfind("\n", lo, start)
    line_end = text.find("\n", end, hi)
    return pattern.search(text, lo if line_start < 0 else line_start + 1,
                          hi if line_end < 0 else line_end) is not None


def _within_equipment(text: str, span: Span, a: int, b: int) -> bool:
    """``span`` lies in the equipment mention ``[a, b)`` but for clinical words, connectors and
    numbers ("lewis esophagectomy" of "Ivor Lewis esophagectomy", "5 FOR MECH ST JUDE")."""
    if span.end <= a or b <= span.start:
        return False
    rest = text[span.start:max(span.start, a)] + " " + text[min(span.end, b):span.end]
    lex = lexicon()
    return all(w in _SERVICE or w in _FILLER or w.isdigit() or lex.is_medical(w)
               or _PROCEDURE.search(w) is not None for w in _words(rest))


def _score_fraction(text: str, span: Span) -> bool:
    """A DATE span that is the value of a score or strength (module docstring)."""
    value = text[span.start:span.end]
    if not _FRACTION.fullmatch(value):
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    before = text[max(line_start, span.start - 40):span.start]
    top, bottom = (int(x) for x in value.split("/"))
    cue = _SCORE_CUE.match(before)  # = search: ".*" from the start, no newline in ``before``
    if cue is not None and _clean_gap(cue["gap"]) and _score_value(cue, top, bottom):
        return True
    if not (bottom == 5 and top <= 5):
        return False
    cue = _STRENGTH_CUE.match(before)
    if cue is None or not _clean_gap(cue["gap"]):
        return False  # a bare x/5 is a strength only after its limb or movement
    line_before = text[max(line_start, span.start - 80):span.start]
    return _DATE_VERB.search(line_before) is None or _STRENGTH_AFTER.match(text, span.end) is not None


def _clean_gap(gap: str) -> bool:
    """No sentence end, clause, number or date word between a cue and the fraction."""
    return not _GAP_BREAK.search(gap) and not _DATE_CUE.search(gap)


def _score_value(cue: re.Match[str], top: int, bottom: int) -> bool:
    """The fraction reads as the cue's value: out of its maximum (a machine's pressure pair
    was taken out in the fix round: never a date on base, so its rule had no failing test)."""
    kind = next(k for k, v in cue.groupdict().items() if v is not None and k != "gap")
    if _SCORE_GAP.fullmatch(cue["gap"]) is None:
        return False  # a word between ("PHQ-9 done 12/24"): a date
    if kind == "iddsi":
        return top <= 7 and bottom <= 7
    return top <= bottom and bottom in _MAXIMA[kind]


def _ordinary_name(text: str, span: Span) -> bool:
    """A NAME span that is a role, form, verb, service or charting shorthand."""
    low = text[span.start:span.end].lower()
    words = low.split()
    never = bool(words) and all(w in _NEVER_NAMES for w in words)
    if low == "auth":
        return _AUTH_AFTER.match(text, span.end) is not None and not _TITLE_END.search(
            text, max(text.rfind("\n", 0, span.start) + 1, span.start - 24), span.start)
    if not never and low != "call":
        return False  # the common case: no regex
    line_start = text.rfind("\n", 0, span.start) + 1
    before = text[max(line_start, span.start - 24):span.start]
    if _TITLE_END.search(before):
        return False  # "Dr Thora", "Mr Call"
    if never:
        return True
    # "knows to call RN" (but "CALL RN UPDATED": a nurse named Call)
    return _RN_AFTER.match(text, span.end) is not None and _TO_END.search(before) is not None


def _in_equipment(text: str, span: Span, ranges: tuple[tuple[int, int], ...], starts: list[int],
                  longest: int) -> bool:
    """``span`` lies in one of the sorted equipment ``ranges`` (bisect: no scan of them all)."""
    lo = bisect_left(starts, span.start - longest)
    hi = bisect_left(starts, span.end)
    return any(_within_equipment(text, span, a, b) for a, b in ranges[lo:hi])


class _Note:
    """A note's equipment ranges (made on first need) and the verdict given on each span of it
    (the filter runs up to three times per note on the same text, most spans again: a verdict
    is a function of the text and the span's start, end and label alone, so it is kept)."""

    __slots__ = ("_equipment", "verdicts")

    def __init__(self) -> None:
        #: (ranges, their starts, the longest range's length), set once as one tuple
        self._equipment: tuple[tuple[tuple[int, int], ...], list[int], int] | None = None
        #: (start, end, label) -> the end the span keeps, or -1 where it is dropped
        self.verdicts: dict[tuple[int, int, str], int] = {}

    def in_equipment(self, text: str, span: Span) -> bool:
        equipment = self._equipment
        if equipment is None:  # built in locals, assigned at once: a second thread sees all or none
            ranges = _equipment_ranges(text)
            equipment = self._equipment = (ranges, [a for a, _ in ranges],
                                           max((b - a for a, b in ranges), default=0))
        ranges, starts, longest = equipment
        return bool(ranges) and _in_equipment(text, span, ranges, starts, longest)


#: One per note and batch, made by the caller (``Deidentifier._detect_viewed``) and passed to each
#: of the filter's passes over that note: an ``lru_cache`` keyed by the text never hit where a
#: batch holds more notes than its size (the review of deidfp24).
NoteVerdicts = _Note


#: The labels the filter judges; a span of any other label is kept as it is.
_JUDGED = _PLACE_LABELS | _EQUIPMENT_LABELS | {"DATE"}


def _verdict(text: str, span: Span, note: _Note) -> int:
    """The end ``span`` keeps (its own, or a trimmed place's), or -1 where it is dropped."""
    if span.label in _PLACE_LABELS:
        if _count_place(text, span):
            return -1
        trimmed = _service_place(text, span)
        if trimmed is None:
            return -1
        span = trimmed
    if span.label == "DATE" and _score_fraction(text, span):
        return -1
    if span.label == "NAME" and _ordinary_name(text, span):
        return -1
    if span.label in _EQUIPMENT_LABELS and note.in_equipment(text, span):
        return -1
    return span.end


def drop_false_alarms(text: str, spans: list[Span], note: _Note | None = None) -> list[Span]:
    """``spans`` without the false alarms of the module docstring's classes (a place span that
    ends in a generic clinic after a link word is trimmed to the part before it)."""
    if not spans:
        return spans
    if note is None:
        note = _Note()  # no verdict kept across calls: the caller passes one per note and batch
    verdicts = note.verdicts
    kept: list[Span] = []
    for span in spans:
        if span.label not in _JUDGED:
            kept.append(span)
            continue
        key = (span.start, span.end, span.label)
        end = verdicts.get(key)
        if end is None:
            end = verdicts[key] = _verdict(text, span, note)
        if end == span.end:
            kept.append(span)
        elif end >= 0:
            kept.append(replace(span, end=end))
    return kept
