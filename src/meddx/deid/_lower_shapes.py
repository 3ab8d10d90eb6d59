"""Names told by a line's shape or by "pt" in lines typed all in lower case (session 16,
branch deidname16).

``_shape_names`` reads a census line, a record's patient line and a header's date then name
by their shape, and asks each name word for a capital (in capitals, for a listed name). A line
typed all in lower case gives no capital; the same shapes are read here, and each name word
must instead be a listed first name or surname that is no English or clinical word, or a word
no dictionary, clinical or place list knows ("pettibone", "nwachukwu"; not as a plural, after
"re" or by an adjective's ending either: "pressors", "reeval", "tachypneic"):

* a census or header line: the words right before an age with a sex in lower case, after a
  room, bed or list number, a line's start, a dash, a colon or a column gap: "502 pruitt 88m",
  "bed 11 garza-peña 17f", "castañeda, ofelia  99 f". Right after a room or bed number (or a
  number that opens the line), a lone listed surname that is also an English or clinical word
  is read as the surname ("rm 415 parkinson 84m", "2. bell 67f": an eponym too, as census
  lines are written), and a particle opens a surname ("rm 407 van horn 66m"); "sepsis 67f",
  "admit 64f", "hpi: 38m" and "s/p 2 falls 88f" stay;
* a record's patient line, right after "record date: ...": "quackenbush f/u", "timur yusupov -
  bp log", "bart q - using cpap";
* a header's date then the name, in the note's first three lines: "inr clinic  4/4/71  obi
  nwachukwu  warfarin";
* a transcription footer's initials, author then typist, at a line's start before the
  dictation date ("d", "dd", "dt" and a date): "mo/jrk   d 03/14/71", "ar/kt d: 05/01/69",
  "imr:jw d:04/06/2071" (a clinical or English word, "dnr/dni d 3", "pip/tazo d 3" (a day
  count), and "hr/rr t: 98" stay);
* a header's "surname, first name" after a patient label ("pt", "re", "name", "decedent",
  "student"), a line's start or a column gap, before what a header gives next (two spaces,
  "dob", "mrn", an age, a bracket, a nickname in quotes or the line's end): "re: parkinson,
  gerald     dob: 01/08/1999", "pt:abernathy,june dob:", "pt: running bear, theodora   dob",
  "whitlock, penelope "penny"  dob", "3/15/71  hobbs, clement (93)". The given name is a
  listed first name (a clinical word too: the comma form vouches for it; a month only after a
  label or before "dob"/"mrn", never before a number; never "ok") or a name word; each
  surname word a name word or a listed surname ("parkinson", "whipple"), or two words that are
  no clinical word before a listed first name ("running bear, theodora"). With no label, one
  of the words must be a name word, or "dob", "mrn", "age" or "(93)" follow. The label is a
  whole word ("regular, ok" is no "re"). "re: pain, nausea  dob", "plan: rest, fluids", "last
  colonoscopy, april 2019", "dark, amber (foley)" and "sleep  poor, ok" stay;
* a header's "first [middle] last" after a patient label and its colon ("pt:", "patient:",
  "name:", "re:", "decedent:", "student:"), before what a header gives next (an age after a
  comma, two spaces, "dob", "mrn", a bracket or the line's end): "decedent: ignatius
  okwuosa, 93 y", "student: appy nukilik   gr 3". The first word a listed first name or a
  name word, the others name words or listed surnames ("re: chest pain  dob" stays);
* the subject of an age at a line's or a sentence's start: "subjective: hope is a
  90-year-old female", "kemi adeyemi is a 34 yo" (a listed first name, also an English word,
  or name words; a lone word must be a listed name: "she is a", "pt is a", "baby is a 2 yo",
  "multip is a 31 year old" stay);
* a letter's salutation on its own line: "dear sam," "dear kemi adeyemi," (a listed first name
  also when an English or clinical word; "dear colleague," "dear family," stay);
* "pt" (or "pt.") and one or two such words before what follows a patient's name: a room ("pt sandoval rm
  612"), a dash, an age with a sex ("pt hope castellanos 34f": then a listed first name that
  is also an English word opens two words), or a word of state or speech ("pt odile more
  awake", "pt feliks zawadzki doing better", "pt tuckett now calm"); "pt ambulating now", "pt
  more awake", "pt hope 34f" stay.

How clinicians write is the cue (a census line, a record header, "pt" and a name); no name is
memorised: every test reads the census lists and dictionaries of the lexicon.
"""

from __future__ import annotations

import re
import unicodedata

from meddx.deid._lexicon import MONTHS, Lexicon
from meddx.deid._name_cues import verb_form
from meddx.deid._name_shapes import LETTER_CLASS as _L
from meddx.deid._name_shapes import WORD as _WORD
from meddx.deid._name_shapes import census_spans, line_shapes
from meddx.deid._name_words import CREDENTIAL_FORMS, CREDENTIALS, RELATIONS, ROLES, UNIT_WORDS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["lower_shape_names"]

# An age with a sex, a record's patient line, a header's date then the name: the shapes of
# ``_name_shapes``, read in lines all in lower case.
_AGE_SEX, _RECORD_HEAD, _DATE_THEN_NAME = line_shapes(lower=True)
#: what follows a patient's name after "pt": a room, a dash, a word of state or speech
_PT_FOLLOWERS = (
    "rm room bed now more less still doing is was has had states stated says said reports "
    "reported denies denied remains resting sleeping tolerated tolerating accepted agrees "
    "agreed refuses refused declined wants wanted asks asked feels c/o continues").split()
_PT = re.compile(
    rf"(?<![\w-])pt\.?[ \t]+(?P<name>{_WORD}(?:[ \t]+{_WORD})?)"
    rf"(?=[ \t]+(?:{'|'.join(sorted(_PT_FOLLOWERS, key=len, reverse=True))})(?![\w/-])"
    rf"|[ \t]+-[ \t]|(?P<age>[ \t]*,?[ \t]*\d{{1,3}}[ \t]?(?:[mf]|y/?o|yo)(?![\w/])))")
_FOOTER = re.compile(r"^[ \t]*(?P<a>[a-z]{2,4})[ \t]*[/:][ \t]*(?P<b>[a-z]{2,4})"
                     r"(?=[ \t]+(?:dd?|dt)[ \t]*:?[ \t]*\d{1,2}[/.-]\d)", re.MULTILINE)
_LABEL_COMMA = re.compile(
    rf"(?:(?:^|(?<=[ \t(]))(?P<label>pt|patient|re|name|patient[ \t]+name|decedent|student|resident"
    rf"|client)(?!{_L})[ \t]*[:.]?[ \t]*|^[ \t]*|(?<=[ \t]{{2}}))"
    rf"(?P<name>(?P<sur>{_WORD}(?:[ \t]{_WORD})?)[ \t]*,[ \t]*(?P<first>{_WORD})"
    rf"(?:[ \t]+(?:{_L}\.?(?![\w])|\"{_WORD}\"))?)"
    rf"(?=[ \t]*\r?$|[ \t]{{2,}}\S|[ \t]+(?:dob|mrn|age)\b|[ \t]*\(|[ \t]+\d)", re.MULTILINE)
_LABEL_NAME = re.compile(
    rf"(?:^|(?<=[ \t(]))(?:pt|patient|re|name|patient[ \t]+name|decedent|student|resident|client)"
    rf"[ \t]*:[ \t]*(?P<name>{_WORD}(?:[ \t]{_WORD}){{1,2}})"
    rf"(?=[ \t]*,[ \t]*\d|[ \t]*\r?$|[ \t]{{2,}}\S|[ \t]+(?:dob|mrn|age)\b|[ \t]*\()", re.MULTILINE)
#: the subject of an age, found from the age ("is a 90-year-old") back to the clause's start
_AGE_TAIL = re.compile(r"(?<![ \t])[ \t]+(?:is|was)[ \t]+an?[ \t]+\d{1,3}[ \t]*-?[ \t]*(?:y|yr|year)")
_SUBJECT_HEAD = re.compile(rf"(?:^|(?<=[:.;]))[ \t]*(?P<name>{_WORD}(?:[ \t]{_WORD}){{0,2}})\Z",
                           re.MULTILINE)
_NOT_SUBJECT = frozenset("baby infant child kid boy girl man woman male female lady gentleman guy "
                         "veteran resident client".split())
_DEAR = re.compile(rf"^[ \t]*dear[ \t]+(?P<name>{_WORD}(?:[ \t]+{_WORD})?)[ \t]*[,:][ \t]*\r?$",
                   re.MULTILINE)
PARTICLES = frozenset("de la del della der van von da di du le".split())
#: endings of English nouns and adjectives that no surname list needs ("ascertainment"), and
#: of adjectives the lists lack ("hyperkalemic", "tachypneic", "diaphoretic", "sanguineous")
_NOUN_ENDINGS = ("ment", "tion", "sion", "ness", "ity", "ance", "ence", "ism", "ology", "ical",
                 "emic", "pneic", "phoretic", "arthric", "plenic", "ous")
#: a given name after a comma is no month before a number ("last colonoscopy, april 2019")
_HEADER_CUE = re.compile(r"(?:dob|mrn|age)\b|\([ \t]*\d")


def _fold(key: str) -> str:
    """``key`` without accents ("fiancé" -> "fiance")."""
    if key.isascii():
        return key
    return "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))


def _plain(key: str) -> bool:
    key = _fold(key)
    return len(key) < 2 or key in FUNCTION_WORDS or key in RELATIONS or key in ROLES \
        or key in UNIT_WORDS or key in CREDENTIALS or key in CREDENTIAL_FORMS


def _known(key: str, lex: Lexicon) -> bool:
    return key in lex.common_words or lex.is_medical(key)


def _unknown(key: str, lex: Lexicon) -> bool:
    """A word of three letters or more that no dictionary, clinical or place list knows, nor
    as a plural ("pressors", "duonebs", "recs") or after "re" ("reeval"); not a power of
    attorney ("hcpoa", "mpoa")."""
    if len(key) < 3 or _known(key, lex) or key in lex.cities \
            or key in lex.states or key.endswith(_NOUN_ENDINGS) or verb_form(key, lex):
        return False
    if key.endswith("poa") or key.endswith("s") and _known(key[:-1], lex) \
            or key.startswith("re") and len(key) > 4 and _known(key[2:], lex):
        return False
    parts = [p for p in key.split("-") if p]
    return not all(_known(p, lex) for p in parts)


def name_word(word: str, lex: Lexicon) -> bool:
    """A lower-case word that may be part of a name with no capital to tell it: a listed first
    name or surname that is no English or clinical word, or a word no list knows."""
    key = word.lower()
    if _plain(key):
        return False
    listed = key in lex.first_names or key in lex.last_names
    if listed:
        return key not in lex.common_words and not lex.is_medical(key)
    if "-" in key:  # "garza-peña": every part a name word
        return all(p and name_word(p, lex) for p in key.split("-"))
    return _unknown(key, lex)


def _line(text: str, start: int, end: int) -> str:
    return text[text.rfind("\n", 0, start) + 1:(text.find("\n", end) + 1 or len(text) + 1) - 1]


def _in_lower_lines(regex: re.Pattern[str], text: str, needle: str) -> list[re.Match[str]]:
    """The matches of ``regex`` within each line that is all lower case and holds ``needle``
    (a line at a time: the rest of the note costs no try)."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        if needle in line and line.islower():
            out += regex.finditer(text, pos, pos + len(line.rstrip("\r\n")))
        pos += len(line)
    return out


def _lower_line(text: str, a: re.Match[str]) -> bool:
    return _line(text, a.start(), a.end()).islower()


def _name_run(text: str, a: re.Match[str], m: re.Match[str], words: list[tuple[int, int]],
              lex: Lexicon) -> int:
    """The first of a lower-case census line's name words (``_name_shapes.census_spans``): the
    longest run of name words that ends at the age; a particle opens a surname, and a listed
    surname right after a room number counts (module docstring)."""
    name = m.group("name")
    lead = m.group("num") or ""  # a room or bed word, or a line's start, before the number
    num = any(c.isdigit() for c in lead) and (
        lead[0].isalpha() or not text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip())
    first = len(words)
    while first > 0:  # the longest run of name words that ends at the age
        w = name[slice(*words[first - 1])].lower()
        if name_word(w, lex) or (first < len(words) and w in PARTICLES) or (
                num and first == len(words) and w in lex.last_names and not _plain(w)
                and (len(w) > 2 or w not in lex.common_words)):
            first -= 1  # a particle opens a surname; a listed surname after a room number
        else:
            break
    return first


def _record_head(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _RECORD_HEAD.finditer(text):
        if not _line(text, m.start("name"), m.end("name")).islower():
            continue
        words = re.findall(_WORD, m.group("name"))
        if all(name_word(w, lex) or (len(w) == 1 and i == len(words) - 1 > 0)
               for i, w in enumerate(words)):
            out.append(m.span("name"))
    return out


def _date_then_name(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    head_end = len("\n".join(text.split("\n", 3)[:3]))  # the first three lines
    return [m.span("name") for m in _DATE_THEN_NAME.finditer(text, 0, head_end)
            if _line(text, m.start("name"), m.end("name")).islower()
            and all(name_word(w, lex) for w in m.group("name").split())]


def _footer(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _FOOTER.finditer(text):
        a, b = m.group("a"), m.group("b")
        if lex.is_medical(a, abbreviations=False) or lex.is_medical(b, abbreviations=False) \
                or len(b) > 2 and b in lex.common_words:
            continue  # "dnr/dni d 3", "npo/sips d 2"
        out += [m.span("a"), m.span("b")]
    return out


def _label_comma(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _in_lower_lines(_LABEL_COMMA, text, ","):
        first, label = m.group("first"), m.group("label")
        after = text[m.end():m.end() + 16].lstrip(" \t")
        cue = _HEADER_CUE.match(after) is not None
        if first in MONTHS and (after[:1].isdigit() or label is None and not cue):
            continue  # "lipid panel, june 2", "shingrix, april 2021"
        listed = (first in lex.first_names or first in MONTHS) \
            and not (len(first) < 3 and first in lex.common_words)  # never "ok"
        if not (listed and not _plain(first) or name_word(first, lex)):
            continue
        sur = m.group("sur").split()
        if label is None and not cue and not any(name_word(w, lex) for w in (*sur, first)):
            continue  # "dark, amber (foley)", "sleep  poor, ok": English words without a label
        if all(name_word(w, lex) or w in lex.last_names and not _plain(w) for w in sur) or (
                len(sur) == 2 and listed and first not in lex.common_words
                and not any(_plain(w) or lex.is_medical(w) for w in sur)):
            out.append(m.span("name"))
    return out


def _label_name(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _LABEL_NAME.finditer(text):
        if not _line(text, m.start("name"), m.end("name")).islower():
            continue
        first, *rest = m.group("name").split()
        if (first in lex.first_names and not _plain(first) and not lex.is_medical(first)
                or name_word(first, lex)) \
                and all(name_word(w, lex) or w in lex.last_names and not _plain(w) for w in rest):
            out.append(m.span("name"))
    return out


def _aged(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for a in _AGE_TAIL.finditer(text):
        m = _SUBJECT_HEAD.search(text, max(0, a.start() - 80), a.start())
        if m is None or not _line(text, m.start("name"), m.end("name")).islower():
            continue
        first, *rest = m.group("name").split()
        if first in _NOT_SUBJECT or not (first in lex.first_names and not _plain(first)
                                         and not lex.is_medical(first) or name_word(first, lex)):
            continue
        if not rest and first not in lex.first_names and first not in lex.last_names:
            continue  # a lone word no name list holds: "multip is a", "preemie is a 2 yo"
        if all(name_word(w, lex) or w in lex.last_names and not _plain(w) for w in rest):
            out.append(m.span("name"))
    return out


def _salutation(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _DEAR.finditer(text):
        words = m.group("name").split()
        if (words[0] in lex.first_names and not _plain(words[0]) or name_word(words[0], lex)) \
                and all(name_word(w, lex) or w in lex.last_names and not _plain(w)
                        for w in words[1:]):
            out.append(m.span("name"))
    return out


def _after_pt(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _PT.finditer(text):
        if not m.group().islower():
            continue
        words = m.group("name").split()
        if all(name_word(w, lex) for w in words) or (
                m.group("age") and len(words) == 2 and words[0] in lex.first_names
                and not _plain(words[0]) and not lex.is_medical(words[0])
                and (name_word(words[1], lex) or words[1] in lex.last_names)):
            out.append(m.span("name"))
        elif len(words) == 2 and name_word(words[0], lex) and words[1] in _PT_FOLLOWERS:
            out.append((m.start("name"), m.start("name") + len(words[0])))
    return out


def lower_shape_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names of the module docstring; ``low`` is the text in lower case.
    Lines with a capital are ``_shape_names``'s and are left alone."""
    out = census_spans(text, lex, _AGE_SEX, _name_run, _lower_line) if _AGE_SEX.search(text) else []
    if "date" in low:
        out += _record_head(text, lex)
    out += _date_then_name(text, lex)
    if "/" in text or ":" in text:
        out += _footer(text, lex)
    if "pt" in low:
        out += _after_pt(text, lex)
    if "," in text:
        out += _label_comma(text, lex)
    if ":" in text:
        out += _label_name(text, lex)
    if " a " in text:
        out += _aged(text, lex)
    if "dear" in low:
        out += _salutation(text, lex)
    return sorted(set(out))
