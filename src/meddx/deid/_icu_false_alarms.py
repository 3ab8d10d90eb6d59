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
  "Parkland" as a burn formula ("per Parkland", "Parkland formula"), "Miami J" (collar),
  "Ivor Lewis" (operation), "St Jude" before a valve or device. The same words after a title
  or a relative ("Dr Stedy", "wife Hamilton") and as towns ("lives in Hamilton") stay.
* **a fraction after a score, strength or setting is no date**: "AM-PAC 6 CLICKS: 12/24",
  "LUE: 1/5 proximal", "PC-PTSD-5: 4/5", "IDDSI 6/2", "BIPAP 10/5", "4th/5th toes"; a date
  cue in between ("PHQ-9 on 12/24") keeps it.
* **ordinary words are no names**: a role, form or document ("Perfusionist", "FACESHEET",
  "HANDOFF", "FMLA"), a verb after a relative ("Wife slept", "wife prefers"), a service before
  a credential ("diabetes RN", "CALL RN"), "A&Ox4", "RN TO MARK BORDER".
"""

from __future__ import annotations

import re

from meddx.deid._generic_clinics import CLINIC_TOPICS
from meddx.deid._lexicon import lexicon
from meddx.deid._span import Span

__all__ = ["drop_false_alarms"]

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
ltach irf rehab labs lab post-rxn gluconate ca calcium pressors pressor cavoatrial junction
care visit visits referral chair spot tavr cath resus walk-in bariatric
""".split())
#: Words of schedule and connectors that may stand in such a span ("level monitoring weekly
#: through OPAT clinic", "NSICU from", "stage 3").
_FILLER = frozenset("""
a an and the of for from to at via through thru per with in on level monitoring weekly daily
stage grade new needs placed adjusted near mech mechanical next phase unit units bay pod
""".split())
#: Prepositions after which a generic place ends a run ("... THROUGH OPAT CLINIC").
#: An operation's word ("esophagectomy", "procedure") after an eponym.
_PROCEDURE = re.compile(r"(?:ectomy|otomy|ostomy|plasty|pexy|oscopy|rrhaphy|procedure|operation|"
                        r"repair|approach)$")
_LINKS = frozenset(("through", "thru", "via", "at", "to", "with", "per"))
_WORD = re.compile(r"[A-Za-z][A-Za-z'.&-]*|\d+")

_TITLE = r"(?:dr|drs|doctor|mr|mrs|ms|miss|mx|prof|rev|fr)\.?"
_KIN = (r"(?:wife|husband|spouse|son|daughter|dtr|mother|mom|father|dad|sister|brother|"
        r"friend|niece|nephew|aunt|uncle|grandson|granddaughter|partner|hcp|poa)")
_PERSON_BEFORE = re.compile(rf"(?i)(?:\b{_TITLE}|\b{_KIN}[,:]?|\blives[ \t]+in)[ \t]+$")

_I = re.IGNORECASE
#: Equipment, protocols and operations named after people or places (whole match dropped).
_EQUIPMENT = [re.compile(p, _I) for p in (
    r"(?:(?<=via )|(?<=per )|(?<=thru )|(?<=through ))(?:the )?belmont\b"
    r"(?![ \t]+(?:hospital|medical|rd|road|st|ave))",
    r"\bbelmont(?=[ \t]+(?:rapid[ \t]+)?(?:infuser|ri\b|fmd|warmer))",
    r"\bhamilton(?=[ \t]+(?:mr1|c1|c3|c6|g5|t1|h900|vent|ventilator)\b)",
    r"(?<=vent \()hamilton\b", r"(?<=ventilator \()hamilton\b",
    r"\bheartmate(?:[ \t]*(?:ii|iii|2|3))?\b", r"\bhm[ \t]?(?:ii|iii|3)\b",
    r"\bglucommander\b", r"\b(?:sara[ \t]+)?stedy\b", r"\bsara[ \t]+plus\b",
    r"\bbaxter[ \t]+amia\b", r"\bamia(?=[ \t]+cycler)", r"\bcyracom\b",
    r"\bparkland(?=[ \t]+(?:formula|calc|calculation|protocol|resus))",
    r"(?<=per )parkland\b(?![ \t]+(?:hospital|memorial|health|er|ed|medical))",
    r"\bmiami[ \t-]+j\b", r"\bivor[ \t-]+lewis\b",
    r"\b(?:mech(?:anical)?[ \t]+)st\.?[ \t]+jude(?:[ \t]+medical)?\b",
    r"\bst\.?[ \t]+jude(?=[ \t]+(?:avr|mvr|valve|bileaflet|mechanical|icd|ppm|pacemaker|device|"
    r"lead|assurity|regent|epic|trifecta)\b)",
)]

_FRACTION = re.compile(r"\d{1,2}/\d{1,2}")
_ORDINALS = re.compile(r"(?i)\d(?:st|nd|rd|th)/\d(?:st|nd|rd|th)")
_DIGITS_AFTER = re.compile(r"(?i)[ \t]+(?:toes?|fingers?|digits?|ribs?|metatarsals?|mt|mtp|ics|"
                           r"intercostal|ray)\b")
#: A score or machine setting whose value is a fraction, before it on its line, by the
#: maximum its value is out of ("AM-PAC 6 CLICKS: 12/24", "MoCA 18/30", not "MoCA 3/28").
_SCORE_CUE = re.compile(  # the nearest cue (the greedy ".*" before it)
    r"(?i).*\b(?:(?P<of24>clicks|am-?pac(?:[ \t]+6)?)|(?P<of5>pc-?ptsd-?5)|"
    r"(?P<phq>phq-?\d*|gad-?\d*)|(?P<of30>moca|mmse|slums)|(?P<of15>gcs|bims)|"
    r"(?P<braden>braden)|(?P<iddsi>iddsi)|(?P<set>bipap|cpap|niv|ipap|epap|avaps|settings?|"
    r"vent|ps|peep)|(?P<any>score|scored|screen(?:ed)?|mobility|audit(?:-c)?|cage))"
    r"\b(?P<gap>[^\n]{0,28})$")
_SET_GAP = re.compile(r"(?i)[ \t:=]*(?:(?:applied|started|trial|settings?|at)[ \t:]*)?")
_MAXIMA = {"of24": {24}, "of5": {5}, "phq": {6, 21, 27}, "of30": {30}, "of15": {15},
           "braden": {23}, "any": {4, 5, 6, 10, 12, 15, 20, 21, 23, 24, 27, 30}}
#: A limb or movement whose strength is graded out of 5 ("LUE: 1/5", "flexion (3/5)").
_STRENGTH_CUE = re.compile(
    r"(?i).*\b(?:lue|rue|lle|rle|bue|ble|ue|le|strength|mmt|grip|flexion|extension|abduction|"
    r"adduction)\b(?P<gap>[^\n]{0,20})$")
#: A sentence's end or a clause between the cue and the fraction: the cue is not its own.
_GAP_BREAK = re.compile(r"[.;!?](?:[ \t]|$)|[;()]|\d")
_DATE_CUE = re.compile(r"(?i)\b(?:on|since|dated|from|until|thru|through|dob|date|due|by|"
                       r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\b")
_STRENGTH_AFTER = re.compile(r"(?i)[ \t]*(?:proximal|distal|strength|grip|throughout|"
                             r"hip|knee|ankle|shoulder|elbow|wrist|dorsi|plantar|in[ \t]+[rl]?ue|"
                             r"in[ \t]+[rl]?le)\b")

#: Roles, forms and documents: never a person's name.
_NEVER_NAMES = frozenset("""
perfusionist facesheet face-sheet handoff hand-off fmla thora mri-safe mri-conditional outpt
interpreter chaplain sitter phlebotomy phlebotomist intensivist hospitalist neurosurgeon
diaphoretic bedrest nonpharm nsaids nsgy apgars
""".split())
#: Verbs that follow a relative ("wife slept at bedside"): never a name in lower case.
_VERBS = frozenset("""
slept sleeps sleeping prefers preferred wants wanted stayed stays staying visited visits
left went came comes asked asks called calls requests requested agrees agreed declined
brought works worked lives lived feels felt spent remains remained
""".split())
#: Services and verbs written before "RN": a role or an order, not a nurse's name.
_BEFORE_RN = frozenset("""
diabetes wound ostomy woc charge float resource rapid stroke sepsis transplant vad ecmo iv picc
vascular access transport triage infusion dialysis notify notified tell inform ask
contact paged called primary bedside floor icu oncoming
""".split())
#: Equipment and manoeuvres of two ordinary words ("CALL LIGHT", "CHIN TUCK").
_NEVER_NAME_PHRASES = frozenset(("call light", "chin tuck", "cross-cover", "sara stedy"))
_RN_AFTER = re.compile(r"(?i)[ \t]+(?:rn|nurse|educator|team)\b")
_AOX = re.compile(r"(?i)a[ \t]?&[ \t]?$|\baa$")


def _words(text: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _WORD.findall(text)]


def _service_place(text: str, span: Span) -> bool:
    """A HOSPITAL/LOCATION span made only of service and clinical words (module docstring),
    or one that ends in such a place after a preposition ("VANC TROUGHS WEEKLY THROUGH OPAT
    CLINIC": a capitalised run read as a name before a generic clinic)."""
    words = _words(text[span.start:span.end])
    cut = max((i for i, w in enumerate(words) if w in _LINKS), default=-1)
    if 0 < cut < len(words) - 1:
        words = words[cut + 1:]
    if not words or not any(w in _SERVICE for w in words):
        return False
    # not the lexicon's clinical words: it holds some town names ("Salem" sump)
    return all(w in _SERVICE or w in _FILLER or w in CLINIC_TOPICS or w.isdigit() for w in words)


def _equipment_ranges(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for pattern in _EQUIPMENT:
        for m in pattern.finditer(text):
            if _PERSON_BEFORE.search(text, max(0, m.start() - 24), m.start()):
                continue  # "Dr Stedy", "wife Hamilton", "lives in Belmont"
            out.append((m.start(), m.end()))
    return out


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
    """A DATE span that is the value of a score, strength or setting (module docstring)."""
    value = text[span.start:span.end]
    if _ORDINALS.fullmatch(value):
        return _DIGITS_AFTER.match(text, span.end) is not None
    if not _FRACTION.fullmatch(value):
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    before = text[max(line_start, span.start - 40):span.start]
    top, bottom = (int(x) for x in value.split("/"))
    strength = bottom == 5 and top <= 5
    cue = _SCORE_CUE.search(before)
    if cue is not None and _clean_gap(cue["gap"]) and _score_value(cue, top, bottom):
        return True
    cue = _STRENGTH_CUE.search(before) if strength else None
    if cue is not None and _clean_gap(cue["gap"]):
        return True
    return strength and _STRENGTH_AFTER.match(text, span.end) is not None


def _clean_gap(gap: str) -> bool:
    """No sentence end, clause, number or date word between a cue and the fraction."""
    return not _GAP_BREAK.search(gap) and not _DATE_CUE.search(gap)


def _score_value(cue: re.Match[str], top: int, bottom: int) -> bool:
    """The fraction reads as the cue's value: out of its maximum, or a pressure pair."""
    kind = next(k for k, v in cue.groupdict().items() if v is not None and k != "gap")
    if kind == "iddsi":
        return top <= 7 and bottom <= 7
    if kind == "set":  # inspiratory over expiratory pressure, right after the machine
        return top > bottom and bottom <= 20 and _SET_GAP.fullmatch(cue["gap"]) is not None
    return top <= bottom and bottom in _MAXIMA[kind]


def _ordinary_name(text: str, span: Span) -> bool:
    """A NAME span that is a role, form, verb, service or charting shorthand."""
    value = text[span.start:span.end]
    low = value.lower()
    line_start = text.rfind("\n", 0, span.start) + 1
    before = text[max(line_start, span.start - 24):span.start]
    if re.search(rf"(?i)\b{_TITLE}[ \t]*$", before):
        return False  # "Dr Thora", "Mr Call"
    words = low.split()
    if words and all(w in _NEVER_NAMES for w in words):
        return True
    if low in _VERBS and (value.islower() or value.isupper()):
        return True
    if low in _BEFORE_RN and _RN_AFTER.match(text, span.end):
        return True
    if low == "call" and _RN_AFTER.match(text, span.end) and re.search(r"(?i)\bto[ \t]+$", before):
        return True  # "knows to call RN" (but "CALL RN UPDATED": a nurse named Call)
    if low == "ox" and _AOX.search(before):
        return True  # A&Ox4
    if low in _NEVER_NAME_PHRASES:
        return True
    return low == "mark border" and re.search(r"(?i)\bto[ \t]+$", before) is not None


def drop_false_alarms(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the false alarms of the module docstring's classes."""
    if not spans:
        return spans
    equipment: list[tuple[int, int]] | None = None
    kept: list[Span] = []
    for span in spans:
        if span.label in _PLACE_LABELS and _service_place(text, span):
            continue
        if span.label == "DATE" and _score_fraction(text, span):
            continue
        if span.label == "NAME" and _ordinary_name(text, span):
            continue
        if span.label in _EQUIPMENT_LABELS:
            if equipment is None:
                equipment = _equipment_ranges(text)
            if any(_within_equipment(text, span, a, b) for a, b in equipment):
                continue
        kept.append(span)
    return kept
