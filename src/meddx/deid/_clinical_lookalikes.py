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
* **A title look-alike before an abbreviation**: "Mod MR. RVSP 48" (MR = mitral
  regurgitation): a one-word NAME span in capitals that is a clinical abbreviation and no
  census first name or surname, right after "MR"/"MS" (mitral regurgitation, stenosis).
* **An anatomical junction read as a town**: "tip at cavoatrial junction", "at the
  ureteropelvic junction": a place span of "<compound adjective> junction", where the
  adjective joins two anatomical stems with "o" ("cavo-atrial", "gastro-esophageal").
  "Grand Junction" stays.
* **Units, care words and procedures read as names or places** (session 19, from the
  PHI-sparse ICU notes): an ICU's abbreviation ("NSICU RN NOTE", ``_UNIT``), a bedside word
  alone ("at bedside", "bedrest 1h", "to sats 88-92%", ``CARE_WORDS``), a procedure's clinic
  ("TAVR clinic", "EP clinic", ``PROCEDURES``; "Hospitalist Service", ``SERVICES``), a
  choice between kinds of care ("home with HHPT vs SNF", ``CARE_SETTINGS``; one kind alone
  stays: "VNA" may name an agency), a device by its brand ("HeartMate 3", "ARDSnet table",
  "Hoyer lift", ``DEVICES``), a drug that is also a town ("Norco prn", not "from Norco"), a
  numbered charting word read as a name ("Stage 2", "Chaplain Services", ``NUMBERED``),
  "post" of "the post office", imaging "outside CT" (not Connecticut), "MAR" (the medication
  administration record) with no day or year.
* **Eponyms in their clinical shape**: the Parkland formula ("LR per Parkland" with fluids in
  the line, "Parkland 4 mL x ..."), a classification with its class ("(Crawford II)" next to an
  aneurysm or a fracture), collars ("Miami J", "Philadelphia collar"), a named operation next
  to its procedure ("esophagectomy (Ivor Lewis)", "Whipple procedure"; ``OPERATIONS``). Each
  stays a name or a place without its shape ("transferred to Parkland", "Dr. Crawford").
* Numbers (strength grades, shift hours, ranges, French sizes, vital-sign decades): see
  :mod:`meddx.deid._clinical_numbers`.
"""

from __future__ import annotations

import re

from meddx.deid._clinical_numbers import REACH, line_start_near, numeric_lookalike
from meddx.deid._lexicon import CALENDAR_WORDS, Lexicon, lexicon
from meddx.deid._place_words import STATE_CODES
from meddx.deid._span import Span

__all__ = ["CARE_SETTINGS", "CARE_WORDS", "CHARTING", "DEVICES", "DRUG_TOWNS", "NUMBERED",
           "OPERATIONS", "PROCEDURES", "SCORES", "SERVICES", "drop_clinical_lookalikes"]

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
#: Bedside words that are never a name or a place on their own.
CARE_WORDS = frozenset(
    "bedside bedrest stepdown step-down sats sat post-op postop pre-op preop helipad "
    "telemetry tele".split())
#: Procedures and services whose clinic is no facility name ("TAVR clinic").
PROCEDURES = frozenset(
    "tavr tavi tcar tevar evar lvad vad ecmo cabg pci ptca icd crt dbs ercp eus egd tee tips "
    "pacer pacemaker device ep cath".split())  # not anticoagulation: a check group lost a PHI
#: Device and protocol brands, never a person or a place ("HeartMate 3", "ARDSnet table").
DEVICES = frozenset(
    "heartmate heartware impella centrimag tandemheart watchman mitraclip pleurx bivona shiley "
    "optiflow airvo vapotherm prismaflex cortrak dobhoff ardsnet hoyer".split())
#: Drug brands that are also US town names ("Norco prn").
DRUG_TOWNS = frozenset("norco".split())
#: Kinds of care and their abbreviations: "home with HHPT vs SNF" names no facility.
CARE_SETTINGS = frozenset(
    "hhpt hhot hh hhc hha vna snf ltac ltach alf irf arf sar ar home rehab acute subacute ecf "
    "nh ltc".split())
_CHOICE = frozenset("vs vs. versus or /".split())
#: Specialties and services: "Hospitalist Service" names no facility.
SERVICES = frozenset(
    "hospitalist hospitalists medicine surgery surgical cardiology oncology neurology psychiatry "
    "orthopedics orthopaedics urology nephrology pulmonary palliative geriatrics geriatric trauma "
    "consult consults acute care general internal family".split())
#: Words numbered in charting, never a person before their number ("Stage 2", "Level 5").
NUMBERED = frozenset("stage grade level step phase class type zone week pod hd bed services "
                     "service team staff department dept office unit".split())
#: Named operations, read as such only next to a procedure word.
OPERATIONS = frozenset(
    "ivor lewis|ivor-lewis|mckeown|whipple|nissen|hartmann|billroth|kasai|fontan|glenn|norwood|"
    "bentall|ravitch|nuss|puestow|sistrunk|mohs|seldinger|jackson-pratt|jackson pratt".split("|"))
_PROCEDURE_WORDS = frozenset(
    "esophagectomy procedure repair resection pancreaticoduodenectomy fundoplication operation "
    "anastomosis drain catheter pouch technique approach gastrectomy colectomy".split())
_CLASSED = frozenset("crawford debakey stanford gustilo garden weber schatzker neer salter-harris "
                     "forrest killip cormack-lehane lefort le-fort".split())
_CLASS_CUES = re.compile(r"\b(?:aneurysm|dissection|fracture|fx|repair|taaa|aaa|grade|type|class|"
                         r"bleed|ulcer|airway|intubation)\b", re.IGNORECASE)
_CLASS_SPAN = re.compile(r"([A-Za-z][A-Za-z-]+)[ \t]+(?:type[ \t]+)?(?:i{1,3}|iv|v|vi|[1-4][a-c]?|[a-c])",
                         re.IGNORECASE)
_PARKLAND_AFTER = re.compile(r"[ \t]*(?:formula|\(?\d+(?:\.\d+)?[ \t]*(?:ml|cc))", re.IGNORECASE)
_FLUID_CUES = re.compile(r"\b(?:lr|ns|fluids?|resusc\w*|tbsa|ml/hr|cc/hr|burns?)\b", re.IGNORECASE)
_COLLAR = re.compile(r"miami[ \t-]+j", re.IGNORECASE)
_COLLAR_AFTER = re.compile(r"[ \t]+collar", re.IGNORECASE)
_UNIT = re.compile(r"(?:[a-z]{1,4})?icu|ccu|pacu|pcu|tcu", re.IGNORECASE)
_CLINIC_SPAN = re.compile(r"(.+?)[ \t]+(?:clinic|program|team|service)", re.IGNORECASE)
_SERVICE_AFTER = re.compile(r"[ \t]+(?:clinic|program|team|service)\b", re.IGNORECASE)
_IMAGING = re.compile(r"(?:outside|repeat|head|chest|initial|prior|osh|f/u|follow-up)[ \t]+ct",
                      re.IGNORECASE)
_MONTH_WORDS = CALENDAR_WORDS
_DEVICE_NOUNS = frozenset("lift table pump device valve collar bed boots catheter mask protocol".split())
_DEVICE_AFTER = re.compile(r"[ \t]+(?:lift|device|valve|pump|collar|catheter|mask|bed)\b",
                           re.IGNORECASE)
_PLACE_LEADS = frozenset("in from to near lives live living moved resides at of".split())
_NUMBER_AFTER = re.compile(r"[ \t]*#?\d")
_STATE_AFTER = re.compile(r",[ \t]*([A-Za-z]{2})\b")
_DATE_LEAD = frozenset("in since of until till early mid late last next this from through before "
                       "after during around by".split())
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
_WORD_AFTER = re.compile(r"[ \t)-]*([A-Za-z]+)")
_JUNCTION = re.compile(r"(?:the[ \t]+)?([A-Za-z]{3,12}o-?[A-Za-z]{4,16}(?:al|ic|ar|eal|ous))"
                       r"[ \t]+junction", re.IGNORECASE)
_LONGEST = 60
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
    line = text[line_start_near(text, span.start):span.start]
    mixed = any(c.islower() for c in line)  # the line is not typed in capitals
    if key in CHARTING and before in ("dr", "md", "mr", "ms", "np", "pa", "rn", "team", "doctor"):
        return not (mixed and word.istitle())  # "Dr aware", "MD NOTIFIED"; not "Mr. Noted"
    # "Mod MR. RVSP 48": MR / MS are valves here, RVSP an abbreviation in capitals
    return (before in ("mr", "ms") and word.isupper() and len(word) <= 6
            and key in lex.abbreviations and mixed)


def _is_junction(text: str, span: Span) -> bool:
    return (text[span.start:span.end].lower().endswith("junction")
            and _JUNCTION.fullmatch(text, span.start, span.end) is not None)


def _is_care_word(text: str, span: Span, lex: Lexicon) -> bool:
    """Units, bedside words, procedure clinics, device brands, "post office", "outside CT"."""
    value = text[span.start:span.end]
    key = value.lower()
    state = _STATE_AFTER.match(text, span.end)
    if _before(text, span.start) in _TITLES or (state and state.group(1).upper() in STATE_CODES):
        return False  # "Dr. Shiley", "Dr. Post", "from Sats, WA"
    if key in CARE_WORDS or _UNIT.fullmatch(value) or _IMAGING.fullmatch(value):
        return True
    if key == "post" and text[span.end:span.end + 7].lower().strip().startswith("office"):
        return True
    words = key.split()
    if not words:
        return False
    if words[0] in DEVICES and all(w in DEVICES or w in _DEVICE_NOUNS or w.isdigit()
                                   or w in ("ii", "iii") or len(w) == 1 for w in words[1:]):
        # a brand that is also a census name ("Hoyer", "Watchman") needs its device noun
        named = words[0] in lex.last_names or words[0] in lex.first_names
        return not named or len(words) > 1 or _DEVICE_AFTER.match(text, span.end) is not None
    if span.label == "LOCATION" and key in DRUG_TOWNS:
        return _before(text, span.start) not in _PLACE_LEADS  # "Norco prn", not "from Norco"
    if span.label == "NAME" and key in NUMBERED:
        return key not in lex.last_names or _NUMBER_AFTER.match(text, span.end) is not None
    if span.label != "HOSPITAL":
        return False
    if (len(words) >= 2 and any(w in _CHOICE for w in words) and any(w in CARE_SETTINGS for w in words)
            and all(w in CARE_SETTINGS or w in _CHOICE for w in words)):
        return True  # a choice between kinds of care: "HHPT vs SNF"
    if key in PROCEDURES and _SERVICE_AFTER.match(text, span.end):
        return True  # "tavr" of "tavr clinic", read alone
    m = _CLINIC_SPAN.fullmatch(value)
    # these lists only: the abbreviations hold hospital initials ("CHOP"), the clinical words
    # towns ("Salem" of the Salem sump)
    return m is not None and all(w in PROCEDURES or w in SERVICES
                                 for w in m.group(1).lower().split())


def _is_eponym(text: str, span: Span) -> bool:
    """The Parkland formula, a classification's class, a collar, a named operation."""
    value = text[span.start:span.end]
    key = value.lower()
    line_start = line_start_near(text, span.start)
    line_end = text.find("\n", span.end, span.end + REACH)
    line = text[line_start:line_end if line_end >= 0 else min(len(text), span.end + REACH)]
    if key == "parkland":
        return (_PARKLAND_AFTER.match(text, span.end) is not None
                or (_before(text, span.start) in ("per", "(") and _FLUID_CUES.search(line) is not None))
    if _COLLAR.fullmatch(value) or (key in ("philadelphia", "aspen", "miami")
                                    and _COLLAR_AFTER.match(text, span.end)):
        return True
    m = _CLASS_SPAN.fullmatch(value)
    if m is not None and m.group(1).lower() in _CLASSED:
        return _CLASS_CUES.search(line) is not None and _before(text, span.start) not in _TITLES
    if key in OPERATIONS and _before(text, span.start) not in _TITLES:
        after = _WORD_AFTER.match(text, span.end)
        before = text[max(line_start, span.start - 30):span.start].lower()
        return ((after is not None and after.group(1).lower() in _PROCEDURE_WORDS)
                or any(before.rstrip(" \t(").endswith(w) for w in _PROCEDURE_WORDS))
    return False


def _is_mar(text: str, span: Span) -> bool:
    """"MAR" (medication administration record) read as March: no digit near, no date lead."""
    value = text[span.start:span.end]
    if any(c.isdigit() for c in value) or "mar" not in value.lower().replace(",", " ").split():
        return False
    if any(w in _MONTH_WORDS for w in value.lower().replace(",", " ").split() if w != "mar"):
        return False
    near = text[max(0, span.start - 4):span.start] + text[span.end:span.end + 5]
    return not any(c.isdigit() for c in near) and _before(text, span.start) not in _DATE_LEAD


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
        if label in ("HOSPITAL", "LOCATION", "NAME") and (
                _is_care_word(text, s, lex) or _is_eponym(text, s)):
            continue
        if label == "DATE" and _is_mar(text, s):
            continue
        if numeric_lookalike(text, s):
            continue
        out.append(s)
    return out
