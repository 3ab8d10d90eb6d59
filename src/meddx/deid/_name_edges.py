"""The edges of a name the other rules found (session 16, branch deidname16): what a writer
types next to a name, whatever the case, that the rules which found it left outside.

* **An initial before it**: "recorder: t. wu rn", "pathologist: m. ferreira-lyons md", "worker
  M. Nanouk", "report to j. okafor": one letter and a period right before a found name, after
  a line's start, a colon, a comma, a bracket or a slash, or after a function, relation, role
  or credential word ("to", "son", "rn") or a verb whose object is a person ("consulted j.
  okafor", "paged m. diaz"; session 18); not after another word ("vitamin d. smith", "plan
  b. jones").
* **The surname after a lower-case first name**: "dictated by pieter harrow, md", "sw marcus
  bell, chaplain", "nurse manager lorna beck, email": where a rule found a listed first name
  alone in lower case, the next word joins it when it is a listed surname (also an English or
  clinical word: the first name found by its cue vouches for it) and what follows is what
  ends a name in a list or a signature: a comma, a semicolon, a bracket, a line's end or a
  credential (before a line's end, no English word: "wife rose early"). Not a function,
  relation, role, calendar or credential word, no verb form, no eponym before a head noun
  ("marcus bell's palsy").
* **A first name before a found surname** (session 18, branch deidname18): "whitney
  osterhaus, rn", "pt: dakota shifflett", "pt jimmy lee caudle 52 m", "carys oduya-finch rn":
  one or two words right before it, in its case, each a listed first name or a word no list
  knows (not a function, relation, role, title, credential, modal, calendar or
  person-verb word, no clinical common word: "ed smith", "brain kowalski"; never a country's
  first word: "Puerto Rico"), after what an initial may follow (above); a month only right
  after a relation ("dtr june paskowitz").
* **The first name after a found surname and a comma**: before a credential ("chen, warren
  md") or, after a header's label or where a relation or a title opened the name, before a
  bracket, a column gap or the line's end ("nursing note: maddox, dawn (7p-7a)", "dtr june
  okafor, dawn (7p-7a)"; session 19); a listed first name, no calendar or cue word.
* **An initial after it before a credential**: "sonographer: keely o., rdcs"; without its
  period after a listed first name, before a comma, a slash, a bracket, the line's end or a
  credential: "case mgr becca l, on call" (session 19).
* **A name across a slash** from a found one: "day team: Ogbu/Lindqvist", "hale/brandt",
  "k. bauer / t. szabo" (session 19): a listed name or a word no list knows, in its case; no
  clinical, cue, calendar or credential word ("Okafor/ICU", "Patel/PA").
* **A header's surname**: after a header's label and a lower-case first name, a word before a
  column gap, a comma or the line's end ("patient: otis kettle   acct#"), even an English
  word (the layout vouches for it); no clinical, calendar or cue word, no verb form.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import CALENDAR_WORDS, MONTHS, Lexicon
from meddx.deid._name_cues import verb_form
from meddx.deid._name_words import (
    CREDENTIAL_FORMS,
    CREDENTIALS,
    MODALS,
    RELATIONS,
    ROLES,
    STAFF_CREDENTIALS,
    TITLES,
)
from meddx.deid._place_words import COUNTRIES
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun

__all__ = ["initial_after_word", "initial_joins", "name_edges"]

_INITIAL = re.compile(r"(?<![\w.'/-])[A-Za-z]\.[ \t]?\Z")
_BEFORE = re.compile(r"(?:(?:^|[\n:,(]|(?<![.\s][A-Za-z])[.!?][ \t])[ \t]*|(?<![\w'/-])([A-Za-z]+)[ \t]+)\Z")
#: verbs whose object is a person ("consulted j. okafor", "paged m. diaz"): an initial after
#: them begins the name, as after "to" (session 18 review: "consulted j. okafor" lost "j.")
_PERSON_VERBS = frozenset("consulted consult consults called paged notified informed contacted "
                          "texted emailed messaged updated told asked phoned reached "
                          "spoke discussed saw seen".split())
_CUE_WORDS = (FUNCTION_WORDS | RELATIONS | ROLES | CREDENTIALS | STAFF_CREDENTIALS
              | CREDENTIAL_FORMS | _PERSON_VERBS)
#: a header's label at a line's start, right before a found name ("patient: ", "pt name: ")
_HEADER_BEFORE = re.compile(r"(?:^|(?<=\n))[ \t]*[A-Za-z][A-Za-z ]{0,20}:[ \t]*\Z")
#: what ends a header's field: a column gap, a comma or the line's end
_FIELD_END = re.compile(r"[ \t]{2,}|\t|[ \t]*,|[ \t]*\r?$", re.MULTILINE)
#: ", <first name>" that ends a header's field: "maddox, dawn (7p-7a)"
_COMMA_FIELD = re.compile(r"[ \t]*,[ \t]*([A-Za-z][a-z]+|[A-Z]+)(?=[ \t]*\(|[ \t]{2,}|\t|[ \t]*\r?$)",
                          re.MULTILINE)
#: a word and one blank right before a found name (its first name?)
_WORD_BEFORE = re.compile(r"(?<![\w'/.-])([A-Za-z][A-Za-z'-]*[A-Za-z])[ \t]\Z")
#: a found name that starts with an initial ("m. diaz"): no first name joins it
_INITIAL_START = re.compile(r"[A-Za-z]\.")
#: no first name: what marks a name's context, not a name
_NOT_FIRST = (FUNCTION_WORDS | RELATIONS | ROLES | CREDENTIALS | STAFF_CREDENTIALS
              | CREDENTIAL_FORMS | MODALS | TITLES | _PERSON_VERBS)
_NEXT = re.compile(r"[ \t]+([a-z]{2,}(?:['-][a-z]+)?)(?![\w'-])")
_CRED = "|".join(sorted(CREDENTIALS | STAFF_CREDENTIALS, key=len, reverse=True))
_ENDS = re.compile(rf"[ \t]*(?:[,;()]|(?P<eol>\r?$))|[ \t]+(?:{_CRED})\b", re.MULTILINE)
_BLANKS = frozenset(" \t")
#: the letters a found name starts with ("Rico" of "Rico.")
_LETTERS = re.compile(r"[^\W\d_]*")
#: what follows a found name before a comma's first name or an initial ("," or a blank)
_AFTER_CHARS = frozenset(" \t,")
#: an initial with its period after a found name, before a credential: "keely o., rdcs"
_INITIAL_CRED = re.compile(rf"[ \t]+([A-Za-z]\.)(?:[ \t]*,[ \t]*|[ \t]*)(?i:{_CRED})\b")
#: ", <first name> <credential>" after a found surname ("chen, warren md")
_COMMA_FIRST = re.compile(rf"[ \t]*,[ \t]*([A-Za-z][a-z]+|[A-Z]+)(?:[ \t]*,[ \t]*|[ \t]+)(?i:{_CRED})\b")


def _surname_after(text: str, end: int, lex: Lexicon) -> int | None:
    """The end of the surname after the lower-case first name that ends at ``end``."""
    m = _NEXT.match(text, end)
    if m is None:
        return None
    key = m.group(1)
    if key in FUNCTION_WORDS or key in RELATIONS or key in ROLES or key in MODALS \
            or key in CALENDAR_WORDS or key in CREDENTIALS or key in CREDENTIAL_FORMS \
            or key in STAFF_CREDENTIALS or verb_form(key, lex) or key not in lex.last_names:
        return None
    if followed_by_head_noun(text, m.end()):
        return None
    end = _ENDS.match(text, m.end())
    if end is None or end.group("eol") is not None and key in lex.common_words:
        return None  # "wife rose early": a line's end vouches only for no English word
    return m.end()


def _header_surname(text: str, start: int, end: int, lex: Lexicon) -> int | None:
    """The end of the surname after a lower-case first name that a header's label opens
    ("patient: otis kettle   acct# ..."), before a column gap, a comma or the line's end: the
    layout vouches for a word no surname list holds, even an English word; not a function,
    relation, role, calendar, credential or clinical word, no verb form."""
    if _HEADER_BEFORE.search(text, max(0, start - 40), start) is None:
        return None
    m = _NEXT.match(text, end)
    if m is None or _FIELD_END.match(text, m.end()) is None:
        return None
    key = m.group(1)
    if key in _NOT_FIRST or key in CALENDAR_WORDS or verb_form(key, lex) or lex.is_medical(key):
        return None
    return m.end()


def _same_case(word: str, name: str) -> bool:
    """``word`` is written in the case of ``name``: both lower case, both capitals or both
    capitalised words in mixed case."""
    if name.islower() or word.islower():
        return name.islower() and word.islower()
    return word[0].isupper() and name[0].isupper() and word.isupper() == name.isupper()


def _first_before(text: str, start: int, lex: Lexicon) -> int | None:
    """Where the first name right before the surname found at ``start`` begins: "whitney
    osterhaus, rn", "pt: dakota shifflett", "dtr june paskowitz", "pt jimmy lee caudle" (one or
    two listed first names or words no list knows: "carys oduya-finch rn"; module docstring)."""
    got, pos, case = None, start, None
    for _ in range(2):
        if pos < 3 or text[pos - 1] not in _BLANKS or not text[pos - 2].isalpha():
            break  # one blank after a word's last letter, else no word before it (cheap first)
        m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
        case = case or text[start:start + 40].split(None, 1)[0]
        if m is None or not _same_case(m.group(1), case):
            break
        key = m.group(1).lower()
        if key in _NOT_FIRST or key in lex.common_words and (len(key) < 3 or lex.is_medical(key)):
            break  # "ed smith", "brain kowalski": a clinical word, not a first name
        b = _BEFORE.search(text, max(0, m.start() - 30), m.start())
        cue = None if b is None else b.group(1)
        lead = b is not None and (cue is None or cue.lower() in _CUE_WORDS)
        if f"{key} {_LETTERS.match(case).group().lower()}" in COUNTRIES:
            break  # "Puerto Rico", "Costa Rica": a country, not a first name and a surname
        if key in lex.first_names and key not in CALENDAR_WORDS or _unknown(key, lex):
            got = m.start(1) if lead else got
        elif key in MONTHS and pos == start and lead and cue is not None \
                and cue.lower() in RELATIONS:
            return m.start(1)  # a month as a first name only after a relation: "dtr june paskowitz"
        else:
            break
        if lead:
            break
        pos = m.start(1)
    return got


def _unknown(key: str, lex: Lexicon) -> bool:
    """A lower-cased word no list knows, of three letters or more (apostrophes and hyphens
    allowed): no English, clinical, name, town or calendar word ("carys" of "carys
    oduya-finch rn")."""
    return (len(key) >= 3 and key not in lex.common_words and key not in lex.last_names
            and key not in lex.cities and key not in CALENDAR_WORDS and not lex.is_medical(key)
            and key.replace("'", "").replace("-", "").isalpha())


def _opened_by_relation(text: str, start: int) -> bool:
    """Whether a relation or a title right before ``start`` opened the found name ("dtr june
    okafor, dawn (7p-7a)", "Ms. Will Rick, Dawn (7p-7a)"): its field ends as a header's does
    (review of deidname18, second round, finding 2)."""
    b = _BEFORE.search(text, max(0, start - 30), start)
    cue = None if b is None else b.group(1)
    return cue is not None and (cue.lower() in RELATIONS or cue.lower() in TITLES)


def _first_after_comma(text: str, start: int, end: int, lex: Lexicon) -> int:
    """The end of "<surname>, <first name>" before a credential ("chen, warren md") or, after a
    header's label, before a bracket, a column gap or the line's end ("nursing note: maddox,
    dawn (7p-7a)")."""
    rest = text[end:end + 8].lstrip(" \t")
    if rest[:1] != "," and (rest or end + 8 >= len(text)):
        return end  # no comma next (cheap first; 8 blanks: the patterns read on)
    m = _COMMA_FIRST.match(text, end)
    if m is None and (_HEADER_BEFORE.search(text, max(0, start - 40), start) is not None
                      or _opened_by_relation(text, start)):
        m = _COMMA_FIELD.match(text, end)
    if m is None or not _same_case(m.group(1), text[start:end]):
        return end
    key = m.group(1).lower()
    if key not in lex.first_names or key in _NOT_FIRST or key in CALENDAR_WORDS:
        return end
    return m.end(1)


#: a last name's initial with no period after a first name, before a comma, a semicolon, a
#: slash with a blank beside it ("c/o" is no initial), a bracket, the line's end or a
#: credential: "becca l, on call", "kelsey b, lcdc"
_BARE_INITIAL = re.compile(rf"[ \t]([A-Za-z])(?=[ \t]*(?:[,;)]|\r?$)|[ \t]+/|[ \t]+(?i:{_CRED})\b)",
                           re.MULTILINE)


def _bare_initial_after(text: str, start: int, end: int, lex: Lexicon) -> int:
    """The end of the bare initial after a found name that ends on a listed first name or a
    word no list knows, in its case ("case mgr becca l, on call line", "Tessa M, LCSW";
    session 19, groups H and I), else ``end``."""
    m = _BARE_INITIAL.match(text, end)
    if m is None:
        return end
    last = text[start:end].split()[-1]
    letter = m.group(1)
    key = last.lower()
    if not (key in lex.first_names or _unknown(key, lex)) or last.islower() != letter.islower():
        return end
    if letter in "wW" and text[m.end(1):m.end(1) + 1] == "/":
        return end  # "dr okafor w/ family": "with" (review of deidleft19, finding 9)
    return m.end(1)


#: a name after a slash that follows a found name ("Okafor/Lindqvist", "k. bauer / t. szabo")
_SLASH_AFTER = re.compile(r"[ \t]?/[ \t]?(?:[A-Za-z]\.[ \t]?)?([A-Za-z][A-Za-z'-]*[A-Za-z])(?![\w/'-])")
#: ... and one before a slash that a found name follows ("hale/brandt")
_SLASH_BEFORE = re.compile(r"(?<![\w/.'-])([A-Za-z][A-Za-z'-]*[A-Za-z])[ \t]?/[ \t]?"
                           r"(?:[A-Za-z]\.[ \t]?)?\Z")


def _slash_name(word: str, name: str, lex: Lexicon) -> bool:
    """Whether ``word``, on the other side of a slash from the found ``name``, is a name too:
    in its case, a listed name or a word no list knows, no clinical, cue, calendar or
    credential word ("Okafor/Lindqvist", "hale/brandt"; not "Okafor/ICU", "smith/cards",
    "Patel/PA")."""
    key = word.lower()
    if len(key) < 3 or key in _NOT_FIRST or key in CALENDAR_WORDS or lex.is_medical(key) \
            or not _same_case(word, name):
        return False
    return key in lex.last_names or key in lex.first_names \
        or (_unknown(key, lex) and key not in _SLASH_NOT_NAMES and _VOWEL.search(key[1:]) is not None)


#: unknown words across a slash that are shifts, services or paging tools, and a vowel-less core
#: ("Okafor/Wknd", "dr okafor/hosp", "Okafor/Vocera": review of deidleft19, finding 10)
_SLASH_NOT_NAMES = frozenset(
    "hosp hospitalist nocs noc days nights locum locums moonlighter vocera tigertext spok amion "
    "epic perfectserve cortext secure chat".split())
_VOWEL = re.compile(r"[aeiou]")


def _slash_names(text: str, found: list[tuple[int, int, float]],
                 lex: Lexicon) -> list[tuple[int, int, float]]:
    """The names on the other side of a slash from a found one, in a team list or a sign-out
    ("day team: Ogbu/Lindqvist", "unit m-3, k. bauer / t. szabo"; session 19, group H)."""
    taken = {(s, e) for s, e, _ in found}
    starts = {s for s, _, _ in found} | {e for _, e, _ in found}
    extra = []
    for s, e, sc in found:
        if "/" in text[e:e + 3]:
            m = _SLASH_AFTER.match(text, e)
            if m is not None and m.start(1) not in starts \
                    and _slash_name(m.group(1), text[s:e].split()[-1], lex):
                extra.append((m.start(1), m.end(1), sc))
        if "/" in text[max(0, s - 6):s]:
            m = _SLASH_BEFORE.search(text, max(0, s - 40), s)
            if m is not None and m.end(1) not in starts \
                    and _slash_name(m.group(1), text[s:e].split()[0], lex):
                extra.append((m.start(1), m.end(1), sc))
    return found + [x for x in extra if (x[0], x[1]) not in taken]


def name_edges(text: str, found: list[tuple[int, int, float]],
               lex: Lexicon) -> list[tuple[int, int, float]]:
    """``found`` (start, end, score) with the edges of the module docstring added."""
    out = []
    for s, e, sc in _slash_names(text, found, lex):
        word = text[s:e]
        if word.isalpha() and word.islower() and word in lex.first_names:
            e = _surname_after(text, e, lex) or _header_surname(text, s, e, lex) or e
        m = _INITIAL.search(text, max(0, s - 4), s)
        if m is not None and initial_joins(text, m.start()):
            s = m.start()
        elif word[:1].isalpha() and not _INITIAL_START.match(word):
            first = _first_before(text, s, lex)
            s = s if first is None else first
        if text[e - 1:e].isalpha() and text[e:e + 1] in _AFTER_CHARS:  # (cheap first)
            e = _first_after_comma(text, s, e, lex)
            m = _INITIAL_CRED.match(text, e)
            e = e if m is None else m.end(1)  # "keely o., rdcs"
            e = _bare_initial_after(text, s, e, lex)  # "case mgr becca l, on call"
        out.append((s, e, sc))
    return out


def initial_joins(text: str, start: int) -> bool:
    """Whether the initial at ``start`` ("t" of "t. wu") may join the name after it: after a
    line's start, a colon, a comma or a bracket, or after a function, relation, role or
    credential word; not after another word ("vitamin d. okafor"; module docstring). The
    ``crf`` guard asks :func:`initial_after_word`."""
    b = _BEFORE.search(text, max(0, start - 30), start)
    return b is not None and (b.group(1) is None or b.group(1).lower() in _CUE_WORDS)


def initial_after_word(text: str, start: int) -> bool:
    """Whether the initial at ``start`` comes right after a word that is no function, relation,
    role or credential word ("vitamin d. okafor", "plan b. jones"): the case in which
    :func:`initial_joins` refuses it for a reason (after a sentence's end it only lacks a cue).
    The ``crf`` guard leaves such an initial out of a NAME its tagger read."""
    b = _BEFORE.search(text, max(0, start - 30), start)
    return b is not None and b.group(1) is not None and b.group(1).lower() not in _CUE_WORDS
