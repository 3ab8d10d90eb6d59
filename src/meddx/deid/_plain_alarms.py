"""False alarms of PHI-sparse ICU notes by word class, dropped after the detectors (session 28,
deidprec28; read on groups 24A-27C, as written, in lower case and in capitals).

Each rule is a class of span that a new writer produces again, not a phrase:

* **a contraction is no name or place**: "wife doesn't drive", "daughter can't pick up",
  "TOLD HIM I'D ASK FINANCIAL COUNSELING", "HE \"DOESNT CARE\"": a NAME, HOSPITAL or LOCATION
  span is cut before its first contraction ("n't", "'d", "'ll", "'re", "'ve", "'m", or a
  negation written without its apostrophe: "doesnt", "cant"); nothing left, it is dropped.
  "O'Brien", "D'Angelo" are no contractions (letters after the apostrophe).
* **an auxiliary or an adverb is no name**: "her husband are aware", "TO THE DOCTOR ABOUT",
  "(DOG WITH NEIGHBOR, OK)": a one-word NAME span of :data:`_NOT_NAMES`, unless it is a
  listed name and a title stands just before it ("Dr. Just"; "the doctor about" goes).
* **a unit of care named by its level is no place**: "transferred to SDU", "SDU bed 14",
  "referred to 4 SNFS" (not "IMC": a medical center's initials too): a HOSPITAL or LOCATION span every word
  of which is a level of care (:data:`_UNITS`: step-down, intermediate, progressive,
  transitional, telemetry; the plural of a care kind, "SNFs", "LTACHs") or a filler (a bed,
  a shift, a number, "from").
* **a measured value is no place**: "BP labile 90s-170s", "V-paced 70s", "home on 2L
  continuous", "3L EXERTIONAL" read as "L EXERTIONAL": a place span holding a decade of a
  vital sign ("90s"), beginning with a flow or dose ("2L", "4 lpm") or beginning inside a quantity.
* **a clinical term is no place or name**: "HR 130S, DIAPHORETIC", "for massive
  hematemesis", "admitted for acute hypercapnic respiratory failure", "echo by fellow:
  hyperdynamic LV": a span every word of which is a function, common (not a listed name or
  town) or clinical word, one of them with a clinical ending (:data:`_CLINICAL_ENDS`: "-emesis",
  "-capnic", "-phoretic", "-dynamic", ...), and no organisation word ("Leukemia & Lymphoma
  Society" stays).
* **a language or a compound of plain words is no name or place**: "INTERPRETER (AMHARIC)",
  "Pt Spanish-speaking", "pt pacer-dependent", "managed NON-OP", "SELF-EMPLOYED" (a place's
  compound needs a first part of :data:`_COMPOUND_HEADS`: not "Georgia-Pacific"; a language
  that is a listed name stays a name alone: "English"), and a place
  span that begins or ends inside a quantity ("BASELINE CO2" read as "BASELINE CO"; a span
  cut inside a word stays: "t Sunrise Manor" of "at Sunrise Manor").
* **a heading's service is no place**: "Neurocritical Care Progress Note", "TICU NURSING NOTE
  0700-1900", "Progressive Care Nursing Note — Nights", "Post-Fall Nursing Note": a place span
  on a short line naming a note's kind, every word of which names care (a service, level or
  kind of care, a shift, a note's kind; no listed town or name), one of them a service or
  care word. "Tobin ICU RN note", "Heritage Manor Nursing Flowsheet" keep their names.
* **a day of stay is no date**: "intubated POD 1-3", "hospital day 4-5": a DATE span of a day
  number or a range of them just after a day-count word (not "HD 3-4": a dialysis date, the
  tests of session 20).
* **a clock time is no number of record**: "NIGHT SHIFT REPORT 1900-0700" (an account),
  "PLAN: SBT 0700" (a health plan), "spoke w/ daughter on phone 1630" (a phone): an
  identifier span holding a range of two clock times on the quarter hour, or a short word and
  one such time; a PHONE span of four digits that is one. (Not "arrive (1900)" read as a year:
  years before 1920 are birth and death years in the tests of session 21.)
* **a place span led by a verb or a quantifier is a sentence**: "TO CALL ICU TEAM", "NOTIFY TX
  CENTER", "GAVE CLINIC NUMBER", "FEWER HOSPITAL VISITS", "FROM THE TRANSFERRING HOSPITAL",
  "CASE MGMT STARTING SNF/REHAB SEARCH", "mom remains at delivering hospital",
  "FOLLOW UP DEVICE CLINIC": a HOSPITAL or LOCATION span is cut at a word of
  :data:`_BREAKS`; a part that is only generic words (function, clinical, clinic topic,
  facility head: "ICU", "HOSPITAL", "BURN CLINIC") goes; the parts from the first to the last
  that hold a name stay ("WIFE LUDMILA ASKED ABOUT HOME CARE" keeps "LUDMILA"), or with no
  name all parts that are more than generic ("WIFE CALLED MERCY HOSPITAL" stays whole). Not
  "first", "new", "next" or numbers: "First Baptist", "New Horizons", "Two Rivers" are names.

Each span kept (or cut) is then checked against session 29's classes (``_sparse_alarms``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from meddx.deid._generic_clinics import CLINIC_TOPICS
from meddx.deid._lexicon import CALENDAR_WORDS, Lexicon, lexicon
from meddx.deid._span import Span
from meddx.deid._sparse_alarms import SparseNote, sparse_alarm, sparse_words
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["drop_plain_alarms"]

_PLACES = frozenset(("HOSPITAL", "LOCATION"))
_CUT_LABELS = _PLACES | {"NAME"}
#: A contraction: letters, an apostrophe and the contracted verb; or a negation typed without
#: its apostrophe ("doesnt", "cant").
_CONTRACTION = re.compile(
    r"(?i)(?<![\w'\u2019])(?:[a-z]+n['\u2019]t|[a-z]+['\u2019](?:d|ll|re|ve|m)"
    r"|(?:do|does|did|ca|wo|is|was|are|were|could|would|should|has|have|had|ai)nt)(?![\w'\u2019])")
#: Auxiliaries, adverbs and answers that a cue ("husband", "doctor", a comma) puts where a name
#: could stand; none of them is a name alone.
_NOT_NAMES = frozenset("""
are been being does did done could would should must might about also just very ok okay yes
""".split())
_TITLE_BEFORE = re.compile(r"(?i)\b(?:dr|drs|doctor|mr|mrs|ms|miss|mx|prof|rev|fr)\.?[ \t]*$")
#: Levels of care that name a unit of any hospital, and the plurals of kinds of care.
_UNITS = frozenset("""
sdu sdus pcu pcus tcu tcus stepdown step-down tele telemetry
snfs ltachs ltacs irfs alfs icus
""".split())
#: Words that may stand beside a unit in such a span ("SDU bed 14", "sdu days, bed 3").
_UNIT_FILLER = frozenset("""
from to at the a bed beds rm room days nights day night days. unit floor
""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019.&-]*|\d+")
#: A vital sign's decade ("90s", "170S") or a flow or dose at the start of a span ("2L", "4 lpm").
_DECADE = re.compile(r"(?i)(?<![\w/])\d{1,2}0['\u2019]?s(?!\w)")
_FLOW_START = re.compile(r"(?i)\d+(?:\.\d+)?[ \t]?(?:l|lpm|mg|ml|mcg)(?!\w)")
#: Endings of clinical terms that no listed town, facility word or name carries (read on the
#: PHI of the readable groups: "-ing", "-ate", "-ary" do, and are not here).
_CLINICAL_ENDS = ("etic", "otic", "emesis", "centesis", "capnic", "capnia", "osis", "emia",
                  "ectomy", "otomy", "ostomy", "plasty", "scopy", "pathy", "algia", "uria",
                  "penia", "trophic", "lytic", "phylaxis", "oxia", "oxic", "dynamic", "tension")
#: Words that make a span an organisation's name whatever its other words are.
_ORG_WORDS = frozenset("""
society association foundation institute center centre hospital clinic clinics group council
services associates university college school league
""".split())
#: Shifts, note kinds and levels of care that stand in a note's heading with a service
#: ("Trauma ICU Nursing Shift Note", "Progressive Care Nursing Note — Nights").
_CARE_WORDS = frozenset("""
nursing nurse note notes progress summary shift night nights day days evening handoff hand-off
progressive intermediate acute critical intensive care unit
""".split())
_HEADING = re.compile(r"(?i)\b(?:note|summary|assessment|handoff|hand-off|report|progress|"
                      r"follow-up|consult)\b")
_CLINICAL_PREFIXES = ("neuro", "cardio", "cardiac", "pulmo", "gastro", "nephro", "hepato", "onco",
                      "hemato", "uro", "ortho", "psych")
_DAY_COUNT = re.compile(r"(?i)\b(?:pod|dol|hospital[ \t]+day|post-?op[ \t]+day)[ \t]*#?[ \t]*$")
_DAY_VALUE = re.compile(r"\d{1,2}(?:[ \t]*-[ \t]*\d{1,2})?")
_ID_LABELS = frozenset(("MRN", "ACCOUNT", "HEALTHPLAN", "ID", "DEVICE", "LICENSE", "VEHICLE"))
_QUARTER = r"(?:[01]\d|2[0-3])(?:00|15|30|45)"
_TIME_RANGE = re.compile(rf"(?<!\d){_QUARTER}[ \t]*-[ \t]*{_QUARTER}(?!\d)")
_WORD_TIME = re.compile(rf"[A-Za-z]{{2,4}}[ \t]+{_QUARTER}")
_QUARTER_ONLY = re.compile(_QUARTER)
#: Verbs and quantifiers that no facility or town name holds; a place span is a sentence there.
_BREAKS = frozenset("""
call calls called calling notify notified paged gave give ask asked tell told contact
contacted starting started transferring except including fewer several many every each another
prior previous future discussed discuss see meet provided regarding driven follow likely otherwise
could would checked whether delivering referring receiving accepting sending
""".split())
#: Languages an interpreter speaks: a language alone is no name or place ("INTERPRETER
#: (PUNJABI)", "said thank you in English", "Pt Spanish-speaking").
_LANGUAGES = frozenset("""
english spanish amharic punjabi hindi urdu bengali mandarin cantonese vietnamese tagalog korean
japanese arabic russian ukrainian polish portuguese french creole haitian somali tigrinya oromo
swahili farsi persian dari pashto nepali burmese hmong khmer lao thai gujarati tamil telugu
marathi italian german greek armenian albanian romanian serbian bosnian croatian turkish
yiddish asl navajo marshallese chuukese samoan tongan ilocano cebuano mixteco zapoteco
""".split())
#: First parts of a compound that make it a clinical or ordinary word ("non-op", "post-pyloric",
#: "self-employed", "on-call", "back-up").
_COMPOUND_HEADS = frozenset("""
non post pre self on back long short closed two three one half full part well re anti
""".split())
#: Heads of a generic place of care: with clinical words and clinic topics, no name.
_FACILITY_HEADS = frozenset("""
hospital hospitals hosp clinic clinics center centre unit units team office program service
services lab labs
""".split())


def _words(value: str) -> list[str]:
    return [w.lower().strip(".'\u2019") for w in _WORD.findall(value)]


def _contraction_end(text: str, span: Span) -> int:
    """Where ``span`` ends once cut before its first contraction (``span.start`` if it leads)."""
    m = _CONTRACTION.search(text, span.start, span.end)
    if m is None:
        return span.end
    return span.start + len(text[span.start:m.start()].rstrip(" \t,;:-\"'\u2019("))


def _not_a_name(text: str, words: list[str], span: Span, lex: Lexicon) -> bool:
    if len(words) != 1 or words[0] not in _NOT_NAMES:
        return False
    listed = words[0] in lex.first_names or words[0] in lex.last_names
    return not listed or _TITLE_BEFORE.search(text, max(0, span.start - 12), span.start) is None


def _unit_place(words: list[str]) -> bool:
    return (any(w in _UNITS for w in words)
            and all(w in _UNITS or w in _UNIT_FILLER or w.isdigit() for w in words))


def _value_place(text: str, span: Span) -> bool:
    if span.start > 0 and text[span.start - 1].isdigit() and text[span.start].isalpha():
        return True  # begins inside a quantity: "3L EXERTIONAL" read as "L EXERTIONAL"
    if span.end < len(text) and text[span.end].isdigit() and text[span.end - 1].isalpha():
        return True  # ends inside one: "BASELINE CO2" read as "BASELINE CO"
    value = text[span.start:span.end]
    return _DECADE.search(value) is not None or _FLOW_START.match(value) is not None


def _plain(word: str, lex: Lexicon) -> bool:
    """A function, clinical or common word that no name or town list holds."""
    if word in FUNCTION_WORDS or lex.is_medical(word, abbreviations=False):
        return True
    return (word in lex.common_words and word not in lex.first_names
            and word not in lex.last_names and word not in lex.cities)


def _clinical_term(words: list[str], lex: Lexicon) -> bool:
    if not words or not _ORG_WORDS.isdisjoint(words):
        return False
    shaped = [len(w) > 6 and w.isalpha() and w.endswith(_CLINICAL_ENDS) for w in words]
    return any(shaped) and all(s or w.isdigit() or _plain(w, lex) for w, s in zip(words, shaped, strict=True))


def _ordinary_word(words: list[str], lex: Lexicon, name: bool) -> bool:
    """A one-word span that is a language ("Punjabi", "Spanish-speaking") or a compound of
    plain words ("pacer-dependent", "NON-OP"; a place's needs a clinical or ordinary head:
    not "Georgia-Pacific")."""
    if len(words) != 1:
        return False
    parts = words[0].split("-")
    if parts[0] in _LANGUAGES and (len(parts) == 1 or parts[1:] == ["speaking"]):
        return not name or len(parts) > 1 or not (parts[0] in lex.first_names or parts[0] in lex.last_names)
    if len(parts) < 2 or not all(parts):
        return False
    if not name and parts[0] not in _COMPOUND_HEADS:
        return False
    return all(p in _COMPOUND_HEADS or _plain(p, lex) for p in parts) and not any(
        p in lex.first_names or p in lex.last_names or p in lex.cities for p in parts)


def _care_word(word: str, lex: Lexicon) -> bool:
    """A word of a service, level or kind of care, a shift or a note's kind ("Neurocritical",
    "TICU", "Nursing", "Nights", "Post-Fall"); no town or name."""
    if word in _CARE_WORDS or word in _UNITS or word in CLINIC_TOPICS or word in _FACILITY_HEADS \
            or word.isdigit() or lex.is_medical(word, abbreviations=False) \
            or (word.endswith(("icu", "ccu")) and len(word) <= 6 and word.isalpha()):  # "TICU"
        return True
    head, _, rest = word.partition("-")
    if rest and head in _COMPOUND_HEADS:
        return True
    return any(word.startswith(p) and (word[len(p):] in lex.common_words or lex.is_medical(word[len(p):]))
               for p in _CLINICAL_PREFIXES if len(word) > len(p) + 3)


def _care_words(words: list[str], lex: Lexicon) -> bool:
    """Every word names care, none a town or a name (:func:`_care_word`)."""
    if not any(w in _CARE_WORDS or w in _UNITS or w in CLINIC_TOPICS or w in _FACILITY_HEADS
               for w in words):
        return False
    return all(w in FUNCTION_WORDS or (len(w) > 2 and w not in CALENDAR_WORDS and _care_word(w, lex))
               for w in words) and not any(
        w in lex.cities or w in lex.first_names or w in lex.last_names for w in words)


def _heading_care(text: str, span: Span, words: list[str], lex: Lexicon) -> bool:
    """A place span of care words (:func:`_care_words`) on a note's heading line: a short line,
    not ended by a full stop, that names the note's kind ("Neurocritical Care Progress Note",
    "TICU NURSING NOTE 0700-1900", "Burn ICU — Night Shift Nursing Note"); "Tobin ICU RN note",
    "Heritage Manor Nursing Flowsheet" keep their names."""
    a = text.rfind("\n", 0, span.start) + 1
    b = text.find("\n", span.end)
    b = len(text) if b < 0 else b
    return (b - a <= 90 and not text[a:b].rstrip().endswith(".")  # a title, not a sentence
            and _HEADING.search(text, a, b) is not None and _care_words(words, lex))


def _day_count(text: str, span: Span) -> bool:
    return (_DAY_VALUE.fullmatch(text, span.start, span.end) is not None
            and _DAY_COUNT.search(text, max(0, span.start - 20), span.start) is not None)


def _clock_value(text: str, span: Span) -> bool:
    """An identifier or phone that is a clock time (module docstring)."""
    if span.label in _ID_LABELS:
        return (_TIME_RANGE.search(text, span.start, span.end) is not None
                or _WORD_TIME.fullmatch(text, span.start, span.end) is not None)
    if span.label == "PHONE":
        return _QUARTER_ONLY.fullmatch(text, span.start, span.end) is not None
    return False


def _generic_words(words: list[str], lex: Lexicon) -> bool:
    return all(w in FUNCTION_WORDS or w in _FACILITY_HEADS or w in CLINIC_TOPICS or w.isdigit()
               or lex.is_medical(w) for w in words)


def _sentence_cut(text: str, span: Span, lex: Lexicon) -> Span | None:
    """``span`` cut at its words of :data:`_BREAKS` (module docstring): from the first to the
    last of its parts that hold a word of no dictionary or a listed name (or, with none, that
    are more than generic words), or None where every part is generic."""
    found = [(m.start(), m.end(), m.group().lower().strip(".'\u2019"))
             for m in _WORD.finditer(text, span.start, span.end)]
    if not any(w in _BREAKS for _, _, w in found):
        return span
    parts: list[list[tuple[int, int, str]]] = [[]]
    for item in found:
        if item[2] in _BREAKS:
            parts.append([])
        else:
            parts[-1].append(item)
    kept = [p for p in parts if p and not _generic_words([w for _, _, w in p], lex)]
    named = [p for p in kept if not all(_plain(w, lex) for _, _, w in p)]
    chosen = named or kept
    if not chosen:
        return None
    return replace(span, start=chosen[0][0][0], end=chosen[-1][-1][1])


def _verdict(text: str, span: Span, lex: Lexicon) -> tuple[int, int]:
    """The (start, end) ``span`` keeps, or (-1, -1) where it is dropped."""
    kept = span.start, span.end
    if _clock_value(text, span):
        return -1, -1
    if span.label == "DATE":
        return (-1, -1) if _day_count(text, span) else kept
    if span.label not in _CUT_LABELS:
        return kept
    end = _contraction_end(text, span)
    if end <= span.start:
        return -1, -1
    if end < span.end:
        span = replace(span, end=end)
    words = _words(text[span.start:span.end])
    if span.label == "NAME":
        if (_not_a_name(text, words, span, lex) or _clinical_term(words, lex)
                or _ordinary_word(words, lex, name=True)):
            return -1, -1
        return span.start, span.end
    cut = _sentence_cut(text, span, lex)
    if cut is None:
        return -1, -1
    if cut is not span:
        span, words = cut, _words(text[cut.start:cut.end])
    if (_unit_place(words) or _value_place(text, span) or _clinical_term(words, lex)
            or _ordinary_word(words, lex, name=False) or _heading_care(text, span, words, lex)):
        return -1, -1
    return span.start, span.end


def drop_plain_alarms(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the false alarms of the module docstring's classes (a span with a
    contraction is cut before it, a place span at a verb or quantifier)."""
    if not spans:
        return spans
    lex = lexicon()
    note = SparseNote(text)  # per call: no note's text kept after it
    kept: list[Span] = []
    for span in spans:
        start, end = _verdict(text, span, lex)
        if end <= start or start < 0:
            continue
        span = span if (start, end) == (span.start, span.end) else replace(span, start=start, end=end)
        if not sparse_alarm(note, span, sparse_words(text[start:end]), lex):  # session 29's classes
            kept.append(span)
    return kept
