"""Clinical terms are no names: the last guard of the names detector (session 20, deidfp20n).

A name rule that reads a cue ("report to", "-- " before a signature, a word before ", RN") may
take a clinical term written where a name could stand: a unit ("NSICU RN NOTE"), a team or a
service before a credential ("HH RN", "RRT MD", "WOC RN"), a credential alone as a signature
("-- LICSW", "-- MSW, LCSW"), a specialty ("discussed with hepatology", "-- Hospitalist",
"(intensivist) accepted"), a vital sign or a discipline ("CC/HR, MD aware", "PT/OT/SLP").

A NAME span is dropped when every word of it (single letters aside: "L TM") is clinical
vocabulary that no census list has as a name (a lone word of three letters or fewer, which may
be a person's initials, only beside a clinical word through a slash, "PT/OT/SLP", "CC/HR", or
a credential of three letters before another, "RRT MD", "MSW, LCSW"):

* a credential, a team abbreviation or a care role (``_name_words``); not the medical terms
  nor the generated clinical abbreviations at large (on training groups they dropped real
  names: session 20, aggregates);
* a specialty or a unit by its form: "-ology", "-ologist", "-ician", "-alist", "-ivist",
  "-apist", "-acist", "-iatrist", "-tionist", "-ntist" and a unit ending in "ICU" ("NSICU",
  "MICU"; a check group had a unit of four letters taken as a name); a procedure or a disease
  by its form (session 21): "-ectomy", "-otomy", "-ostomy", "-oplasty", "-oscopy", "-ography",
  "-opathy", "-itis" ("hemicraniectomy");
* a word that opens with a medical abbreviation in capitals and goes on in lower case
  ("ARDSnet").

A single English past participle not in title case ("DR NOTIFIED", "THE DOCTOR MENTIONED";
"-ing" forms are names too often: Blessing, Darling) or a hyphenated compound of English
words ("SIGN-OUT") that no census list has is dropped even after a title. A word of a shift
or a unit ("DAY RN", "NIGHT RN") that a census list has as a surname is dropped only alone
and right before a credential. Otherwise a title just before the span ("Dr. Ot", "Mr. Micu")
is a strong name cue: the span stays.

Session 21 (deidfp21n), after a title too only where said:

* a clinical coinage no census list has, made from a clinical or English word with a verb or
  adjective ending: "dopplerable" (doppler + able), "proned" (prone + d), "demo'd" (demo +
  'd); a title before it keeps the span;
* an adjective that takes an infinitive, right before "to": "pt able to speak", "PT UNABLE TO
  STAND", "willing to", "ready to" (even a census surname: "Able", "Ready"; not after a title);
* one English verb no census list has right after "to": "APS to adjust PCA", "mom to update
  rn" (a cue rule reads "to" as "report given to <name>"; a real name there is a census name, a
  word no dictionary has or a noun: "to Hope RN", "to odalys pt", "to temperance rn");
* a verb of calling at a clause's start before a staff word: "CALL MD IF SBP <90", "then page
  NP" (a census surname too: Call, Page; not after a title);
* an adverb of time ending its clause, not in title case: "BY RT PRIOR.", "by rn prior,";
* a staff credential of three letters or fewer alone, where initials could stand ("-- RD",
  "UPDATED BY NNP."): only "rd slp nnp rrt lpn cna msw pct" (not "MD", "PA", "DO": initials or
  words as often).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._name_words import (
    CREDENTIAL_FORMS,
    CREDENTIALS,
    RELATIONS,
    ROLES,
    STAFF_CREDENTIALS,
    TEAM_ABBREVS,
    TITLES,
)
from meddx.deid._name_words import UNIT_WORDS as _UNIT_WORDS

__all__ = ["drop_clinical_names"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
_FORM = re.compile(r"(?:ology|ologists?|icians?|alists?|ivists?|apists?|acists?|iatrists?|tionists?|"
                   r"ntists?|[a-z]icu|"
                   # session 21 (deidfp21n): a procedure or a disease by its ending
                   # ("hemicraniectomy", "tracheostomy", "pyeloplasty", "pancreatitis"; not
                   # "-aitis", "-ytis": Lithuanian surnames, Petraitis, fix round)
                   r"[a-z]{3}(?:ectom|otom|ostom|oplast|oscop|ograph|opath)(?:y|ies))$")
#: A disease by its ending, in lower case only ("pancreatitis"): a surname in a signature is
#: written in title case or capitals ("-- Manolitis RN", "KOSTITIS"; lead, second review)
_ITIS = re.compile(r"[a-z]{3}[b-xz]itis$")
#: A staff credential alone where a name could stand: "-- RD", "updated by NNP", "-- SLP / RT"
#: (session 21, deidfp21n); not the two-letter forms that are also common initials or words
_LONE_CREDENTIALS = frozenset("rd slp nnp rrt lpn cna msw pct".split())
_CAPS_THEN_LOWER = re.compile(r"([A-Z]{3,})[a-z]{2,}$")
_CREDENTIAL_WORDS = CREDENTIALS | STAFF_CREDENTIALS
_STAFF = CREDENTIALS | STAFF_CREDENTIALS | CREDENTIAL_FORMS | TEAM_ABBREVS | ROLES
_PERSON_WORDS = CREDENTIALS | STAFF_CREDENTIALS | CREDENTIAL_FORMS | RELATIONS
_TITLE_BEFORE = re.compile(r"\b(" + "|".join(sorted(TITLES, key=len, reverse=True))
                           + r")\.?[ \t]*$", re.IGNORECASE)
_CREDENTIAL_AFTER = re.compile(r"[ \t]*,?[ \t]*([A-Za-z]{2,5})\b")


def _clinical(word: str, lex: Lexicon) -> bool:
    """``word`` is clinical vocabulary and no census name."""
    key = word.lower()
    if key in lex.first_names or key in lex.last_names:
        return False
    if key in _STAFF or key in _LONE_CREDENTIALS or _FORM.search(key) \
            or (word.islower() and _ITIS.search(key)):
        return True
    caps = _CAPS_THEN_LOWER.match(word)  # "ARDSnet": an abbreviation in capitals, then lower case
    return caps is not None and lex.is_medical(caps.group(1), abbreviations=False)


def _shift_before_credential(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A lone shift or unit word before a credential: "DAY RN", "night rn"; not a census
    first name ("Eve, RN", "Ed RN")."""
    word = text[start:end]
    if word[:1].isupper() and word[1:].islower():
        return False  # "Report given to Day RN": Day is a surname as often (second review N5)
    key = word.lower()
    if key not in _UNIT_WORDS or key in lex.first_names:
        return False
    m = _CREDENTIAL_AFTER.match(text, end)
    return m is not None and m.group(1).lower() in STAFF_CREDENTIALS


_SLASH_NEIGHBOUR = re.compile(r"[A-Za-z]{2,5}")


def _slash_clinical(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A slash joins the span to a clinical word: "PT/OT/SLP", "cc/hr" (not typist's
    initials, "JT/ms")."""
    if text[end:end + 1] == "/":
        m = _SLASH_NEIGHBOUR.match(text, end + 1)
    elif text[start - 1:start] == "/":
        m = next((x for x in _SLASH_NEIGHBOUR.finditer(text, max(0, start - 7), start - 1)
                  if x.end() == start - 1), None)
    else:
        return False
    return m is not None and (m.group(0).lower() in _STAFF or lex.is_medical(m.group(0)))


def _short_ok(text: str, start: int, end: int, word: str, lex: Lexicon) -> bool:
    """A word of three letters or fewer may be a person's initials ("CM RN", "JT/ms"):
    clinical only beside a clinical word through a slash, or a credential of three letters
    before another ("MSW, LCSW", "RRT MD")."""
    if _slash_clinical(text, start, end, lex):
        return True
    m = _CREDENTIAL_AFTER.match(text, end)
    return len(word) == 3 and word.lower() in _CREDENTIAL_WORDS and m is not None \
        and m.group(1).lower() in _CREDENTIAL_WORDS


def _word_form(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """One word that is an English past participle no census list has, not in title case
    ("DR NOTIFIED", "DOCTOR MENTIONED"), or a hyphenated compound of English words ("SIGN-OUT")."""
    word = text[start:end]
    key = word.lower()
    if key in lex.first_names or key in lex.last_names or not word.replace("-", "").replace(
            "'", "").replace("\u2019", "").isalpha():
        return False
    if "-" in key:
        parts = key.split("-")
        return all(p in lex.common_words and p not in lex.first_names and p not in lex.last_names
                   for p in parts)
    # the participle itself an English word, not only its stem: "FAREED", "SAYED", "NAVEED"
    # are names (fix round, session 20 review)
    return key.endswith("ed") and len(key) >= 5 and not word.istitle() and key in lex.common_words


_APOSTROPHE_D = ("'d", "\u2019d")
#: Adjectives that take an infinitive: "able to", "unable to", "willing to" (closed class).
_INFINITIVE_ADJECTIVES = frozenset(
    "able unable willing unwilling agreeable eager ready unready likely unlikely reluctant "
    "hesitant motivated unmotivated".split())
_TO_AFTER = re.compile(r"[ \t]+to\b", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)
#: Adverbs of time that end a clause: "suctioned by RT PRIOR.", "done by RN prior, premedicated"
#: (a census surname too: Prior; title case keeps it).
_TIME_ADVERBS = frozenset("prior earlier later previously already overnight".split())
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;)]|\n|$)")
#: A comma then a credential is no clause end ("REPORT GIVEN TO PRIOR, RN"); nor is a word
#: right after "to", "with", "by" or "from" a time adverb (fix round).
_COMMA_CREDENTIAL = re.compile(r"[ \t]*,[ \t]*(?:md|do|rn|np|pa|pa-c|rrt|rt|lpn|cna|pt|ot|slp|rd|"
                               r"crna|msw|lcsw|licsw|pharmd|rph)\b", re.IGNORECASE)
_NAME_SLOT_BEFORE = re.compile(r"\b(?:to|with|by|from|and|per|signed)[ \t]*:?\s+$", re.IGNORECASE)
#: An instruction to call someone, at a sentence's start: "CALL MD IF SBP <90", "then page
#: NP", "- Notify RN" (the verb is also a surname: Call, Page).
_CALL_VERBS = frozenset("call page notify update inform contact text ask tell alert".split())
_STAFF_AFTER = re.compile(r"[ \t]+(?:md|mds|np|rn|pa|rrt|team|provider|resident|doctor|"
                          r"covering|on-?call|house[ \t]+officer)\b", re.IGNORECASE)
#: (fix round) no ":" ("Signed: Page RN"), "and" or "to" ("report given to page rn"), and an
#: instruction must follow the staff word: "CALL MD IF", "page NP for HR > 130", "notify MD <90"
_CLAUSE_START = re.compile(r"(?:(?:^|\n)[ \t]*(?:[-*\u2022][ \t]*)?|[.;!?)\]]\s*|\b(?:then|pls|please|"
                           r"will)[ \t]+)$", re.IGNORECASE)
#: (lead, second review) not a digit: "PAGE MD 0700", "CALL RN 3/14/26" sign a note
_INSTRUCTION_AFTER = re.compile(r"[ \t]*(?:(?:if|for|re|when|prn)\b|[<>])", re.IGNORECASE)
#: A credential or a kin word after a word: "to River RN", "to Journey, daughter", "to River (son)"
_PERSON_AFTER = re.compile(r"[ \t]*[,(]?[ \t]*([A-Za-z][A-Za-z-]*)")


def _known(key: str, lex: Lexicon) -> bool:
    return key in lex.common_words or lex.is_medical(key, abbreviations=False)


def _coinage(key: str, lex: Lexicon) -> bool:
    """A clinical coinage: "dopplerable", "proned", "demo'd" (``key`` no census name)."""
    if key.endswith(_APOSTROPHE_D):
        return len(key) >= 5 and _known(key[:-2], lex)
    if key in lex.common_words:
        return False  # an English word itself: the other tests decide
    if key.endswith("ed") and len(key) >= 6:  # "proned"; not "fareed" (no "faree")
        return key[:-1].endswith("e") and _known(key[:-1], lex)
    if key.endswith(("able", "ible")) and len(key) >= 8:
        return _known(key[:-4], lex) or _known(key[:-4] + "e", lex)
    return False


def _word_in_phrase(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """One word that the words around it make an adjective or a verb, not a name: "able to",
    "to adjust", "to intake RN" (see the module's docstring)."""
    key = text[start:end].lower()
    if not key.isalpha():
        return False
    if key in _INFINITIVE_ADJECTIVES and _TO_AFTER.match(text, end) \
            and not _NAME_SLOT_BEFORE.search(text, max(0, start - 10), start):
        return True  # not "Discussed with Ready to arrange f/u" (lead, second review)
    if key in _TIME_ADVERBS and not text[start:end].istitle() and _CLAUSE_END.match(text, end) \
            and not _COMMA_CREDENTIAL.match(text, end) \
            and not _NAME_SLOT_BEFORE.search(text, max(0, start - 10), start):
        return True
    if key in _CALL_VERBS and not text[start:end].istitle():
        staff = _STAFF_AFTER.match(text, end)
        if staff is not None and _INSTRUCTION_AFTER.match(text, staff.end()) \
                and _CLAUSE_START.search(text, max(0, start - 12), start):
            return True
    return (text[start:end].islower() and key in lex.common_words and key not in lex.first_names
            and key not in lex.last_names and _verb(key, lex) and not _person_after(text, end)
            and _TO_BEFORE.search(text, max(0, start - 8), start) is not None)


def _person_after(text: str, end: int) -> bool:
    """A credential or a kin word right after: "to rain rn", "to journey, daughter"."""
    after = _PERSON_AFTER.match(text, end)
    return after is not None and after.group(1).lower() in _PERSON_WORDS


def _verb(key: str, lex: Lexicon) -> bool:
    """An English verb by its past form: "adjust" (adjusted), "update" (updated); not
    "temperance", a name no census list has (review of the full test folder)."""
    return key + "ed" in lex.common_words or (key.endswith("e") and key + "d" in lex.common_words)


def _clinical_span(text: str, start: int, end: int, lex: Lexicon) -> bool:
    words = [w for w in _WORD.findall(text, start, end) if len(w) > 1]
    if not words:
        return False
    if _word_form(text, start, end, lex):
        return True
    if _TITLE_BEFORE.search(text, max(0, start - 12), start):
        return False  # "Dr. Ot", "Mr. Micu": a title is a strong cue
    if len(words) == 1 and len(words[0]) == end - start:
        key = words[0].lower()
        if (key not in lex.first_names and key not in lex.last_names and _coinage(key, lex)) \
                or _word_in_phrase(text, start, end, lex):
            return True
    if len(words) == 1 and _shift_before_credential(text, start, end, lex):
        return True
    if len(words) == 1 and len(words[0]) <= 3 and not _short_ok(text, start, end, words[0], lex) \
            and not (len(words[0]) == end - start and words[0].lower() in _LONE_CREDENTIALS):
        return False
    return all(_clinical(w, lex) for w in words)


def drop_clinical_names(text: str, found: list[tuple[int, int, float]],
                        lex: Lexicon) -> list[tuple[int, int, float]]:
    """``found`` (start, end, score) without the spans made of clinical terms only."""
    return [f for f in found if not _clinical_span(text, f[0], f[1], lex)]
