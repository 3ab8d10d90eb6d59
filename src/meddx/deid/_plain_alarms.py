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
* **a day of stay is no date**: "excision and grafting HD 4-5", "intubated HD 1-3",
  "POD 2-3": a DATE span of a day number or a range of them just after a day-count word.
"""

from __future__ import annotations

import re
from dataclasses import replace

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


def _day_count(text: str, span: Span) -> bool:
    return (_DAY_VALUE.fullmatch(text, span.start, span.end) is not None
            and _DAY_COUNT.search(text, max(0, span.start - 20), span.start) is not None)


def _verdict(text: str, span: Span, lex: Lexicon) -> int:
    """The end ``span`` keeps, or -1 where it is dropped."""
    if span.label == "DATE":
        return -1 if _day_count(text, span) else span.end
    if span.label not in _CUT_LABELS:
        return span.end
    end = _contraction_end(text, span)
    if end <= span.start:
        return -1
    if end < span.end:
        span = replace(span, end=end)
    words = _words(text[span.start:span.end])
    if span.label == "NAME":
        if _not_a_name(text, words, span, lex) or _clinical_term(words, lex):
            return -1
        return span.end
    if _unit_place(words) or _value_place(text, span) or _clinical_term(words, lex):
        return -1
    return span.end


def drop_plain_alarms(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the false alarms of the module docstring's classes (a span with a
    contraction is cut before it)."""
    if not spans:
        return spans
    lex = lexicon()
    kept: list[Span] = []
    for span in spans:
        end = _verdict(text, span, lex)
        if end == span.end:
            kept.append(span)
        elif end > span.start:
            kept.append(replace(span, end=end))
    return kept
