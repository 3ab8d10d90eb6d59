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
  "giving report to IMC RN", "referred to 4 SNFS": a HOSPITAL or LOCATION span every word
  of which is a level of care (:data:`_UNITS`: step-down, intermediate, progressive,
  transitional, telemetry; the plural of a care kind, "SNFs", "LTACHs") or a filler (a bed,
  a shift, a number, "from").
* **a measured value is no place**: "BP labile 90s-170s", "V-paced 70s", "home on 2L
  continuous", "3L EXERTIONAL" read as "L EXERTIONAL": a place span holding a decade of a
  vital sign ("90s"), beginning with a flow or dose ("2L", "4 lpm") or beginning inside a word.
* **a clinical term is no place or name**: "HR 130S, DIAPHORETIC", "for massive
  hematemesis", "admitted for acute hypercapnic respiratory failure", "echo by fellow:
  hyperdynamic LV": a span every word of which is a function, common (not a listed name or
  town) or clinical word, one of them with a clinical ending (:data:`_CLINICAL_ENDS`: "-emesis",
  "-capnic", "-phoretic", "-dynamic", ...), and no organisation word ("Leukemia & Lymphoma
  Society" stays).
* **a language or a compound of plain words is no name or place**: "INTERPRETER (AMHARIC)",
  "Pt Spanish-speaking", "pt pacer-dependent", "managed NON-OP", "SELF-EMPLOYED", and a place
  span that ends inside a word ("BASELINE CO2" read as "BASELINE CO").
* **a day of stay is no date**: "excision and grafting HD 4-5", "intubated HD 1-3",
  "POD 2-3": a DATE span of a day number or a range of them just after a day-count word.
* **a clock time is no number of record**: "NIGHT SHIFT REPORT 1900-0700" (an account),
  "PLAN: SBT 0700" (a health plan), "spoke w/ daughter on phone 1630" (a phone), "arrive
  (1900)" (a year): an identifier span holding a range of two clock times on the quarter hour,
  or a short word and one such time; a PHONE span of four digits that is one; a DATE span of
  a year before 1920 (a time: no patient is dated by it).
* **a place span led by a verb or a quantifier is a sentence**: "TO CALL ICU TEAM", "NOTIFY TX
  CENTER", "GAVE CLINIC NUMBER", "FEWER HOSPITAL VISITS", "FROM THE TRANSFERRING HOSPITAL",
  "CASE MGMT STARTING SNF/REHAB SEARCH": a HOSPITAL or LOCATION span is cut at a word of
  :data:`_BREAKS`; a part that is only generic words (function, clinical, clinic topic,
  facility head: "ICU", "HOSPITAL", "BURN CLINIC") goes, the last part that is more stays
  ("WIFE CALLED MERCY HOSPITAL" keeps "MERCY HOSPITAL": a name follows its verb). Not
  "first", "new", "next" or numbers: "First Baptist", "New Horizons", "Two Rivers" are names.
"""

from __future__ import annotations

import re
from dataclasses import replace

from meddx.deid._generic_clinics import CLINIC_TOPICS
from meddx.deid._lexicon import Lexicon, lexicon
from meddx.deid._span import Span
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
sdu sdus imc imcu imcus pcu pcus tcu tcus stepdown step-down tele telemetry
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
_CLINICAL_ENDS = ("etic", "otic", "emesis", "centesis", "capnic", "capnia", "itis", "osis", "emia",
                  "ectomy", "otomy", "ostomy", "plasty", "scopy", "pathy", "algia", "uria",
                  "penia", "trophic", "lytic", "phylaxis", "oxia", "oxic", "dynamic", "tension")
#: Words that make a span an organisation's name whatever its other words are.
_ORG_WORDS = frozenset("""
society association foundation institute center centre hospital clinic clinics group council
services associates university college school league
""".split())
_DAY_COUNT = re.compile(r"(?i)\b(?:hd|pod|dol|hospital[ \t]+day|post-?op[ \t]+day|day)[ \t]*#?[ \t]*$")
_DAY_VALUE = re.compile(r"\d{1,2}(?:[ \t]*-[ \t]*\d{1,2})?")
_ID_LABELS = frozenset(("MRN", "ACCOUNT", "HEALTHPLAN", "ID", "DEVICE", "LICENSE", "VEHICLE"))
_QUARTER = r"(?:[01]\d|2[0-3])(?:00|15|30|45)"
_TIME_RANGE = re.compile(rf"(?<!\d){_QUARTER}[ \t]*-[ \t]*{_QUARTER}(?!\d)")
_WORD_TIME = re.compile(rf"[A-Za-z]{{2,4}}[ \t]+{_QUARTER}")
_QUARTER_ONLY = re.compile(_QUARTER)
_EARLY_YEAR = re.compile(r"19[01]\d")
#: Verbs and quantifiers that no facility or town name holds; a place span is a sentence there.
_BREAKS = frozenset("""
call calls called calling notify notified page paged gave give ask asked tell told contact
contacted starting started transferring except including fewer several many every each another
prior previous future discussed discuss see meet provided regarding driven
""".split())
#: Languages an interpreter speaks: a language alone is no name or place ("INTERPRETER
#: (PUNJABI)", "said thank you in English", "Pt Spanish-speaking").
_LANGUAGES = frozenset("""
english spanish amharic punjabi hindi urdu bengali mandarin cantonese vietnamese tagalog korean
japanese arabic russian ukrainian polish portuguese french creole haitian somali tigrinya oromo
swahili farsi persian dari pashto nepali burmese karen hmong khmer lao thai gujarati tamil telugu
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
hospital hospitals clinic clinics center centre unit units team office program service services
lab labs
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
    if span.start > 0 and text[span.start - 1].isalnum() and text[span.start].isalnum():
        return True  # begins inside a word: "3L EXERTIONAL" read as "L EXERTIONAL"
    if span.end < len(text) and text[span.end].isalnum() and text[span.end - 1].isalnum():
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
        return True
    if len(parts) < 2 or not all(parts):
        return False
    if not name and parts[0] not in _COMPOUND_HEADS and not lex.is_medical(parts[0], abbreviations=False):
        return False
    return all(p in _COMPOUND_HEADS or _plain(p, lex) or p in lex.common_words for p in parts)


def _day_count(text: str, span: Span) -> bool:
    return (_DAY_VALUE.fullmatch(text, span.start, span.end) is not None
            and _DAY_COUNT.search(text, max(0, span.start - 20), span.start) is not None)


def _clock_value(text: str, span: Span) -> bool:
    """An identifier, phone or year that is a clock time (module docstring)."""
    if span.label in _ID_LABELS:
        return (_TIME_RANGE.search(text, span.start, span.end) is not None
                or _WORD_TIME.fullmatch(text, span.start, span.end) is not None)
    if span.label == "PHONE":
        return _QUARTER_ONLY.fullmatch(text, span.start, span.end) is not None
    return span.label == "DATE" and _EARLY_YEAR.fullmatch(text, span.start, span.end) is not None


def _generic_words(words: list[str], lex: Lexicon) -> bool:
    return all(w in FUNCTION_WORDS or w in _FACILITY_HEADS or w in CLINIC_TOPICS or w.isdigit()
               or lex.is_medical(w) for w in words)


def _sentence_cut(text: str, span: Span, lex: Lexicon) -> Span | None:
    """``span`` cut at its words of :data:`_BREAKS` (module docstring): its last part that is
    more than generic words, or None."""
    found = [(m.start(), m.end(), m.group().lower().strip(".'\u2019"))
             for m in _WORD.finditer(text, span.start, span.end)]
    if not any(w in _BREAKS for _, _, w in found):
        return span
    part: list[tuple[int, int, str]] = []
    for item in [None, *found][::-1]:  # from the end: a name follows its verb ("called X")
        if item is not None and item[2] not in _BREAKS:
            part.insert(0, item)
            continue
        if part and not _generic_words([w for _, _, w in part], lex):
            return replace(span, start=part[0][0], end=part[-1][1])
        part = []
    return None


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
            or _ordinary_word(words, lex, name=False)):
        return -1, -1
    return span.start, span.end


def drop_plain_alarms(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the false alarms of the module docstring's classes (a span with a
    contraction is cut before it, a place span at a verb or quantifier)."""
    if not spans:
        return spans
    lex = lexicon()
    kept: list[Span] = []
    for span in spans:
        start, end = _verdict(text, span, lex)
        if (start, end) == (span.start, span.end):
            kept.append(span)
        elif end > start >= 0:
            kept.append(replace(span, start=start, end=end))
    return kept
