"""Names told by the shape of a line or of a note's end, where no cue word stands before them
(session 14, branch deidname14). ``_form_names`` reads the one-word census line ("Lopez, 64F")
and nicknames after a listed first name; this module the forms it leaves: several words, a room
number or a column gap before the age, nicknames told by a verb, and the rest below.

* A census or header line: one to four capitalised words right before an age with a sex,
  after a line's start, a room or bed number, a list number, a dash, a colon or a column gap:
  "611 Quarrington 84M", "612 Le Thi Lan 70F", "Birchall - 72F", "Osric Tillinghast   71 M",
  "PT DAILY NOTE  4/2/71   Ibáñez, Rocío  88 F". Each word is a listed name or a word no
  dictionary knows, and no clinical, function, relation or role word ("HPI: 38M", "Sepsis
  67F", "Admit 64F" stay); after a bed, room or list number a listed surname that is also a
  clinical word is read as the surname ("Bed 9 - Ng, 58M"). Capitals need a listed name.
* The writer's initials that end a note: on their own last line ("...\nQT", "\n-IT"), after
  a sentence ("Total time 30 min. VK") or after thanks ("thx bw"): two or three letters in one
  case, not a credential, a function word or a code that ends notes ("DNR", "PRN"); in lower
  case after a sentence, no English word ("ok", "so").
* Dictation initials at a line's start, after a colon or a column gap: "SV/klm", "Dictated,
  not read: PWT/ds", "KD/RLM   D 04/01/71", before the line's end or a dictation date; two
  clinical capitals ("CT/MR") are no initials. Initials in brackets that end a sentence's line:
  "Submitted in cassettes A1-A3. (pjw)" (not "(RA)", "(prn)").
* A staff member's initials beside a credential at a clause's end: "Charge RN TQ", "RN jw /
  PCT ka", "MN CMA / Dr. Quill", "-VT PA", "-hazel rn 4/9", "Ivy MA 4/9/71" (a word before a
  credential and a date, a slash or the line's end, after a sentence or a dash). Initials after
  "by" at a clause's end after a date, a time or a record verb: "updated 03/02/2072 by rkt",
  "COLL 04/01/71 0612  BY PLW" (not "quantified by RIA", "by PCR", "by POV", "by dr.").
* A nickname in quotes told by the verb that names it: 'call her "Birdie"', 'nickname is
  "tank"', 'goes by "Brick"', 'wife "lulu"'; a quoted nickname before a surname ('bed 4 "Pappy"
  Hollingsworth', 'Thandeka "Thandi" Mahlangu'); in brackets after a listed first name
  ('Ottoline ("Ottie")').
* A longitudinal record's patient line, right after "Record date: ...": "Quennell, Ysolde",
  "Baptiste Ferreol - BP log"; a header's date then the patient (the note's first three
  lines): "OT EVAL 04/02/71 - Sølve Brandvold, 4 wk", "INR CLINIC  4/9/71  Ikenna Obiora  ...".
* A flowsheet whose header ends with an initials column ("Init", "BY"): each row's last token.
* Staff in brackets after a service ("surg (Tremblay) aware"); a therapist after "rt" / "pt" /
  "ot" and before where a person is ("rt zeb at bs"); an unlisted capitalised word before a
  person's verb at a clause's start ("Oyelaran says", "Tavita is free at 3"; not "Patient
  says", "Cardiology reports").
* "Pt: Little Crow, Winona", "Pt Bright, Cornelius": after a patient label, a comma and a
  listed first name vouch for a surname that is a word or an eponym.
* A child after "Baby" or a parent "of": "Baby Ximena", "(mom of Tiago)" (not "baby Rh pos").
* A surname that is an eponym (:func:`eponym_surname`, read by ``_names``): after a listed
  first name ("cc: Harold Parkinson", not "Parkinson's disease", "Graves disease") or after a
  role and before a person's verb ("charge RN Foley spoke", not "RN Foley catheter").
"""

from __future__ import annotations

import re

from meddx.deid._form_names import word_compound
from meddx.deid._lexicon import CALENDAR_WORDS, Lexicon
from meddx.deid._name_shapes import LETTER_CLASS as _L
from meddx.deid._name_shapes import WORD as _WORD
from meddx.deid._name_shapes import census_spans, line_shapes
from meddx.deid._name_words import (
    CREDENTIAL_FORMS,
    CREDENTIALS,
    MODALS,
    NOT_STAFF_WORDS,
    RELATIONS,
    ROLES,
    STAFF_CREDENTIALS,
    TITLES,
    UNIT_WORDS,
)
from meddx.deid._tokens import FUNCTION_WORDS, Token, followed_by_head_noun

__all__ = ["eponym_surname", "shape_names"]

# An age with a sex, a record's patient line, a header's date then the name: the shapes of
# ``_name_shapes``, read in text as written (``_lower_shapes`` reads them in lower-case lines).
_AGE_SEX, _RECORD_HEAD, _DATE_THEN_NAME = line_shapes(lower=False)
_CLINICAL_ENDINGS = frozenset(
    "dnr dni nkda nka prn end fyi nad wnl ok na tbd etc cc bcc pcp pmd afb ams bid tid qid qd "
    "hs iv po im sc gtt ivf rx dx tx hx sx fx sob cp ra pov ty thx thnx rtc".split())
_NOTE_END = re.compile(
    r"(?:(?P<line>\n[ \t]*(?P<dash>[-\u2013~])?[ \t]*)|(?P<same>(?:[.!?)][ \t]+|[ \t]-[ \t]?|"
    r"\b(?i:thx|thanks|thank[ \t]+you),?[ \t]+)))"
    r"(?P<ini>[a-z]{2,3}|[A-Z]{2,3})[ \t]*\.?\s*\Z")
_DICTATION = re.compile(
    r"(?<![\w/])(?P<a>[A-Z]{2,4})[ \t]*/[ \t]*(?P<b>[a-z]{2,4}|[A-Z]{2,4})"
    r"(?=[ \t]*$|[ \t]+[DT]:?[ \t]*\d)", re.MULTILINE)
_DICTATION_OPEN = re.compile(r"(?:^|:|[ \t]{2})[ \t]*$", re.MULTILINE)
# Staff initials beside a credential, found from the credential: "Triage RN BJ", "RN jl / PCT
# mo" (initials after it, at a clause's end); "LB CMA / R. Sherrill", "-RW PA", "Ivy MA 4/9/71"
# (a word before it, after a sentence or a dash, and the line's end, a slash or a date after it).
# The staff credentials are ``STAFF_CREDENTIALS``, in capitals or in lower case ("PharmD" too);
# "MA" only with a word before it.
_STAFF = frozenset(STAFF_CREDENTIALS | {w.upper() for w in STAFF_CREDENTIALS} | {"PharmD"})
_CRED_WORD = re.compile(
    rf"(?<![\w/-])(?:{'|'.join(sorted(_STAFF | {'MA', 'ma'}, key=lambda w: (-len(w), w)))})(?![\w-])")
_INITIALS_AFTER = re.compile(r"[ \t]+(?P<ini>[a-z]{2,3}|[A-Z]{2,3})(?=[ \t]*(?:$|[/,;.]|\Z))",
                             re.MULTILINE)
_SIGN_AFTER = re.compile(r"[ \t]*(?:\Z|$)|[ \t]+(?:/|\d{1,2}/\d{1,2})", re.MULTILINE)
_WORD_BEFORE = re.compile(
    r"(?:^|[.;!?][ \t]+|[ \t]-|^-)[ \t]?(?P<ini>[a-z]{2,3}|[A-Z]{2,3}|[A-Z][a-z]{2,}|[a-z]{3,})"
    r"[ \t]+$", re.MULTILINE)
_Q1, _Q2 = "[\"\u201c]", "[\"\u201d]"
_NICK_VERB = re.compile(
    rf"(?i:\b(?:call(?:s|ed)?[ \t]+(?:him|her|me|them)|nickname[ \t]+is|wife|husband|goes[ \t]+by|"
    rf"(?:pt|patient)['\u2019]s[ \t]+(?:wife|husband|nickname[ \t]+is)))[ \t]*{_Q1}"
    rf"(?P<nick>{_L}[a-z]+){_Q2}")
_NICK_SURNAME = re.compile(
    rf"(?:^|(?<=\d)[ \t]+|(?<=[ \t]{{2}})|(?<=:)[ \t]*)[ \t]*(?:(?P<first>[A-Z][a-z]+)[ \t]+)?"
    rf"{_Q1}(?P<nick>[A-Z][a-z]+){_Q2}[ \t]+"
    rf"(?P<last>[A-Z][a-z]+(?:['\u2019-][A-Z]?[a-z]+)*)", re.MULTILINE)
_NICK_VERB_CUES = ("call", "nickname", "wife", "husband", "goes")
_QUOTED_CAP = re.compile(rf"{_Q1}[A-Z][a-z]+{_Q2}")
_BRACKET_NICK = re.compile(
    rf"(?P<first>[A-Z][a-z]+)[ \t]*\([ \t]*{_Q1}(?P<nick>[A-Z][a-z]+){_Q2}[ \t]*\)")
# A flowsheet whose last column holds the writer's initials: "... SpO2  Init", "CHANGED   BY".
_INIT_HEADER = re.compile(r"(?<![ \t])[ \t]{2,}(?:Init|INIT|Initials|INITIALS|By|BY|Sign|SIGN)[ \t]*$",
                          re.MULTILINE)
_ROW_END = re.compile(r"(?<![ \t])[ \t]{2,}([A-Za-z]{2,4})[ \t]*$")
#: Routes, units and frequencies that end a flowsheet's row and name no one.
_ROUTES = frozenset("iv po im sc sq sl pr ng mg ml mcg kg hr min prn bid tid qid qd qhs hs ra nc "
                    "gtt unit units done held given yes no none na ok wnl ns lr nss hns d5w d5ns".split())
# Initials after "by" at a clause's end: "updated 02/11/2073 by jmc", "Received ... by KB.",
# "COLL 07/04/71 2358  BY JRB".
_BY_INITIALS = re.compile(r"\b(?:by|BY)[ \t]+([a-z]{2,3}|[A-Z]{2,3})(?=[ \t]*(?:[.;,]|$|\Z))",
                          re.MULTILINE)
# What a person's initials after "by" follow: a date or a clock time, or a record verb.
_STAMP = re.compile(r"\d{1,2}[/:]\d{2}|(?<!\d)[0-2]\d[0-5]\d[ \t]*$")
_STAFF_VERB = re.compile(r"(?i:received|collected|coll|drawn|dictated|updated|signed|reviewed|entered|"
                         r"verified|transcribed|typed|completed|documented|called|read|witnessed|"
                         r"cosigned|initialed|checked)[ \t]+$")
# A staff member in brackets after a service: "surg (Lutz) aware", "PT (Mo) got him", "per
# lactation (deb)".
_PAREN_WORD = re.compile(r"\(([A-Za-z][a-z]+)\)")
_SERVICE_BEFORE = re.compile(
    r"(?i:\b(?:pt|ot|st|rt|slp|surg|surgery|lactation|pharmacy|pharm|sw|cm|nutrition|dietitian|"
    r"chaplain|ortho|cards|ir|renal|neuro|psych|palliative|wound|anesthesia|gi|id|onc|pulm))"
    r"[ \t]*$")
# "Pt: Running Bear, Theodora", "Pt Whipple, Cornelius": after a patient label, a comma and a
# listed first name vouch for the surname before them, even a word or an eponym.
_LABEL_COMMA = re.compile(
    rf"(?:^|(?<=[ \t]))(?i:pt|patient|name|patient[ \t]+name)[ \t]*:?[ \t]+"
    rf"(?P<last>{_WORD}(?:[ \t]{_WORD})?)[ \t]*,[ \t]*(?P<first>{_WORD})(?![\w'-])", re.MULTILINE)
# A child named after "baby" or a parent "of": "Baby Mateo doing well", "(mom of Kenji)".
_CHILD = re.compile(r"(?:\b[Bb]aby|\b(?i:mom|mother|dad|father|parent|guardian)[ \t]+of)[ \t]+"
                    r"([A-Z][a-z]+)(?![\w'-])")
_PARENT_OF = re.compile(r"(?:mom|mother|dad|father|parent|guardian)[ \t]+of[ \t]")
#: Two-letter words that end a sentence in lower case and are no one's initials.
_TWO_LETTER_WORDS = frozenset("am an as at be by do go he hi if in is it me my no of oh ok on or so "
                              "to up us we ya ye yo ex ty".split())
# A pathologist's or a tech's initials in brackets at a line's end: "... in cassette A1. (kmf)".
_BRACKET_INITIALS = re.compile(r"(?<=[.;:][ \t])\((?P<ini>[a-z]{2,4}|[A-Z]{2,3})\)[ \t]*$",
                               re.MULTILINE)
# A therapist named after the role, then where a person is: "rt dev at bs", "pt sam (physical
# therapy)", "OT Lisl here".
_ROLE_PRESENT = re.compile(
    r"\b(?:rt|RT|pt|PT|ot|OT|st|ST)[ \t]+(?P<name>[A-Za-z][a-z]+|[A-Z]{2,})[ \t]+(?="
    r"(?i:at[ \t]+(?:bs|bedside|the[ \t]+bedside)|aware|here|present|following|in[ \t]+to|"
    r"\((?:physical|occupational|respiratory|speech)))")
# An unlisted capitalised word as the subject of a person's verb at a clause's start:
# "Adaeze says they are moving", "Keon is free at 10", "Maeve doing the driving".
_PERSON_VERB = re.compile(
    r"[ \t](?:says|said|stated|reported|asks|asked|wants|wanted|agrees|agreed|"
    r"declines|declined|refuses|refused|prefers|understands|verbalizes|verbalized|feels|thinks|"
    r"is[ \t]+(?:free|here|at[ \t]+bedside|aware|available|coming|driving)|doing[ \t]+the|"
    r"will[ \t]+(?:drive|bring|call|visit|stay))\b")
_SUBJECT_BEFORE = re.compile(
    r"(?:^|(?<=[.!?;:(][ \t])|(?<=[.!?;:][ \t]{2})|(?<=[ \t]-[ \t]))[ \t]*"
    r"(?P<name>[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)[ \t]*$", re.MULTILINE)
# A staff member whose surname is an eponym, after the role and before a person's verb:
# "charge RN Foley spoke with them", "NP Bell aware" (not "RN Foley catheter").
_ROLE_EPONYM = re.compile(
    r"\b(?:RN|rn|NP|np|PA|MD|CNA|LPN|RRT|SW|[Nn]urse)[ \t]+(?P<name>[A-Z][a-z]+)[ \t]+(?=(?:spoke|"
    r"aware|notified|called|updated|states|stated|said|reports|reported|at[ \t]+(?:bs|bedside)|"
    r"here|in[ \t]+to)\b)")
_NOT_STAFF = FUNCTION_WORDS | NOT_STAFF_WORDS | frozenset("ok up on go hi oh ie eg yes no bs ext".split())


def _word_ok(word: str, lex: Lexicon, surname_ok: bool) -> bool:
    """``word`` may be part of a census line's name (module docstring)."""
    k = word.lower()
    if len(k) < 2 or k in FUNCTION_WORDS or k in RELATIONS or k in ROLES or k in UNIT_WORDS \
            or k in CREDENTIALS or k in CREDENTIAL_FORMS:
        return False
    if word_compound(word, lex):
        return False  # "Walk-in": every part common or clinical (not "Amber-Lynn")
    listed = k in lex.first_names or k in lex.last_names
    if lex.is_medical(word):
        return surname_ok and k in lex.last_names and not word.isupper()
    if word.isupper():
        return listed and k not in lex.common_words
    return word[0].isupper() and (listed or k not in lex.common_words)


def _name_run(text: str, a: re.Match[str], m: re.Match[str], words: list[tuple[int, int]],
              lex: Lexicon) -> int:
    """The first of the census line's name words (``_name_shapes.census_spans``): the
    longest run of words that :func:`_word_ok` takes, a clinical surname as the first word
    after a room or bed number."""
    num = m.group("num") is not None and any(c.isdigit() for c in m.group("num"))
    first = len(words)
    while first > 0 and _word_ok(m.group("name")[slice(*words[first - 1])], lex, num and first == 1):
        first -= 1
    return first


def _note_end(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    m = _NOTE_END.search(text, max(0, len(text) - 60))
    if m is None:
        return []
    w = m.group("ini")
    k = w.lower()
    if k in _CLINICAL_ENDINGS or k in _NOT_STAFF and not (m.group("dash") and w.isupper()
                                                          and k in FUNCTION_WORDS):
        return []  # but "\n-IS": a signature dash vouches for capitals that spell a word
    if m.group("line") is None and w.islower() and (
            k in _TWO_LETTER_WORDS if len(k) == 2 else k in lex.common_words):
        return []  # "... to be seen. ok": a word in lower case after a sentence; not ". rs"
    if m.group("line") is not None and w.islower() and not m.group("dash") and (
            k in _TWO_LETTER_WORDS or k in lex.common_words):
        return []  # "Will follow.\nadd": a word in lower case on its own last line
    if len(w) > 2 and "-" not in m.group() and lex.is_medical(w, abbreviations=False):
        return []  # "... tomorrow. BMP", "\nCBC", "\nnpo": a clinical word ends the note
    return [m.span("ini")]


def _dictation(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _DICTATION.finditer(text):
        if not _DICTATION_OPEN.search(text, max(0, m.start() - 3), m.start()):
            continue  # at a line's start, after a colon or after a column gap
        a, b = m.group("a"), m.group("b")
        if b.isupper() and lex.is_medical(a) and lex.is_medical(b):
            continue  # "CT/MR"
        if b.islower() and (lex.is_medical(b, abbreviations=False)
                            or len(b) > 2 and b in lex.common_words):
            continue  # "PIV/port", "DNR/dni", "NPO/sips": no typist's initials after the slash
        out += [m.span("a"), m.span("b")]
    return out


def _staff_initials(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for c in _CRED_WORD.finditer(text):
        if c.group() in _STAFF:
            m = _INITIALS_AFTER.match(text, c.end())
            k = m.group("ini").lower() if m else ""
            if m and k not in _NOT_STAFF and k not in TITLES and not (
                    len(k) > 2 and k not in lex.first_names and (
                        k in lex.common_words or lex.is_medical(k))):
                out.append(m.span("ini"))  # not "bedside RN now.", "Paged RN msg.", "md dr."
        if not _SIGN_AFTER.match(text, c.end()):
            continue
        m = _WORD_BEFORE.search(text, max(0, c.start() - 40), c.start())
        if m is None:
            continue
        w = m.group("ini")
        k = w.lower()
        if k in _NOT_STAFF or len(k) > 3 and lex.is_medical(k, abbreviations=False):
            continue
        if len(k) > 3 and k in lex.common_words and k not in lex.first_names:
            continue  # "Labs RN", not "Harmony MA" or "dawn rn"
        if c.group() in ("PA", "MA") and k in lex.cities:
            continue  # "Worcester MA": a town before its state's code
        out.append(m.span("ini"))
    return out


def _nicknames(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    low = text.lower()
    if any(c in low for c in _NICK_VERB_CUES):
        for m in _NICK_VERB.finditer(text):
            if m.group("nick").lower() not in FUNCTION_WORDS:  # the verb vouches for any word
                out.append(m.span("nick"))
    if not _QUOTED_CAP.search(text):
        return out  # the two rules below need a quoted capitalised word
    for m in _NICK_SURNAME.finditer(text):
        if m.group("first") is not None and not _word_ok(m.group("first"), lex, False):
            continue
        if not lex.is_medical(m.group("last")) and m.group("last").lower() not in lex.common_words:
            out += [m.span("nick"), m.span("last")]
            if m.group("first") is not None:
                out.append(m.span("first"))
    for m in _BRACKET_NICK.finditer(text):  # 'Wilhelmina ("Will")': after a listed first name
        if m.group("first").lower() in lex.first_names and not lex.is_medical(m.group("nick")):
            out.append(m.span("nick"))
    return out


def _record_head(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _RECORD_HEAD.finditer(text):
        words = re.findall(_WORD, m.group("name"))
        if all(_word_ok(w, lex, False) or (len(w) == 1 and w.isupper() and i > 0)
               or (w.isupper() and i == 0 and w.lower() not in lex.common_words
                   and not lex.is_medical(w))
               for i, w in enumerate(words)):
            out.append(m.span("name"))
    return out


def _flowsheet(text: str) -> list[tuple[int, int]]:
    out = []
    for h in _INIT_HEADER.finditer(text):
        pos = h.end() + 1
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            line = text[pos:end]
            if "  " not in line.strip() or not any(c.isdigit() for c in line):
                break  # the table ends at a line with no columns
            m = _ROW_END.search(line)
            if m and m.group(1).lower() not in _NOT_STAFF and m.group(1).lower() not in _ROUTES:
                out.append((pos + m.start(1), pos + m.end(1)))
            pos = end + 1
    return out


def _by_initials(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _BY_INITIALS.finditer(text):
        w = m.group(1)
        k = w.lower()
        if k in _NOT_STAFF or k in _CLINICAL_ENDINGS or k in _ROUTES or k in TITLES \
                or lex.is_medical(k, abbreviations=w.isupper()) \
                or (w.islower() and k in lex.common_words):
            continue  # "by PCR", "by FFR": a method in capitals
        before = text[max(0, m.start() - 30):m.start()]
        if not (_STAMP.search(before) or _STAFF_VERB.search(before)):
            continue  # "quantified by RIA": a method; "COLL 07/04/71 2358 BY JRB": a person
        out.append(m.span(1))
    return out


def _service_bracket(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _PAREN_WORD.finditer(text):  # found from the rare "(word)", then the word before
        if not _SERVICE_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue
        w = m.group(1)
        k = w.lower()
        if k in FUNCTION_WORDS or k in ROLES or k in UNIT_WORDS or lex.is_medical(k, abbreviations=False):
            continue
        if k in lex.first_names or k in lex.last_names or (w[0].isupper() and k not in lex.common_words):
            out.append(m.span(1))
    return out


def _label_comma(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _LABEL_COMMA.finditer(text):
        first = m.group("first").lower()
        lasts = m.group("last").split()
        if first in lex.first_names and first not in lex.common_words and not lex.is_medical(first) \
                and all(w[0].isupper() and w.lower() not in FUNCTION_WORDS for w in lasts) \
                and m.group("first")[0].isupper():
            out += [m.span("last"), m.span("first")]
    return out


def _date_then_name(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    head_end = 0
    for _ in range(3):  # the first three lines
        nxt = text.find("\n", head_end + 1)
        head_end = len(text) if nxt < 0 else nxt
    return [m.span("name") for m in _DATE_THEN_NAME.finditer(text, 0, head_end)
            if all(_word_ok(w, lex, False) for w in m.group("name").split())]


def _children(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _CHILD.finditer(text):
        w = m.group(1)
        k = w.lower()
        if k in FUNCTION_WORDS or k in RELATIONS or lex.is_medical(w) or (
                k in lex.common_words and k not in lex.first_names):
            continue  # "baby Rh pos", "baby Boy", "mother of Twins"
        out.append(m.span(1))
    return out


def _bracket_initials(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _BRACKET_INITIALS.finditer(text):
        w = m.group("ini")
        k = w.lower()
        if k in _NOT_STAFF or k in _CLINICAL_ENDINGS or k in _ROUTES or k in lex.common_words \
                or lex.is_medical(k, abbreviations=w.isupper()):
            continue  # "(RA)", "(prn)", "(ok)"
        out.append(m.span("ini"))
    return out


def _role_present(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _ROLE_PRESENT.finditer(text):
        w = m.group("name")
        k = w.lower()
        if k in _NOT_STAFF or k in lex.common_words and k not in lex.first_names \
                or lex.is_medical(k, abbreviations=k not in lex.first_names) or k in RELATIONS:
            continue  # "rt side at bs", "PT eval here", "pt family present", "ot adl at bs"
        out.append(m.span("name"))
    return out


def _subject_verb(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for v in _PERSON_VERB.finditer(text):  # found from the verb, then the word before it
        m = _SUBJECT_BEFORE.search(text, max(0, v.start() - 40), v.start())
        if m is None:
            continue
        w = m.group("name")
        k = w.lower()
        if k in lex.common_words or k in FUNCTION_WORDS or k in RELATIONS or k in ROLES \
                or lex.is_medical(w) or k in lex.cities or k in lex.states:
            continue  # "Patient says", "Family agrees", "Cardiology reports"
        out.append(m.span("name"))
    return out


def eponym_surname(text: str, first: Token, last: Token, lex: Lexicon) -> bool:
    """``last`` after the listed first name ``first`` (no English word, in mixed case) is a
    surname that is also an eponym ("Gerald Parkinson", "Mary Foley"): a listed surname in mixed
    case that the clinical word list holds, with no head noun or possessive after it
    ("Parkinson's", "Foley catheter", "Graves disease" stay) and no abbreviation."""
    if first.upper or not last.cap or last.upper or last.key not in lex.last_names \
            or last.key in FUNCTION_WORDS or last.key in CALENDAR_WORDS or first.key in lex.common_words:
        return False
    if not lex.is_medical(last.text, abbreviations=False) or followed_by_head_noun(text, last.end):
        return False
    return text[last.end:last.end + 1] not in ("'", "\u2019", "-")


def _role_eponym(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    return [m.span("name") for m in _ROLE_EPONYM.finditer(text)
            if m.group("name").lower() in lex.last_names and m.group("name").lower() not in MODALS
            and lex.is_medical(m.group("name"), abbreviations=False)]


def shape_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names of the module docstring; ``low`` is the text in lower case."""
    out = census_spans(text, lex, _AGE_SEX, _name_run) if _AGE_SEX.search(text) else []
    out += _note_end(text, lex)
    if "/" in text:
        out += _dictation(text, lex)
    out += _staff_initials(text, lex)
    if '"' in text or "\u201c" in text:
        out += _nicknames(text, lex)
    if "record" in low or "rec date" in low or "visit date" in low:
        out += _record_head(text, lex)
    if _INIT_HEADER.search(text):
        out += _flowsheet(text)
    if "by" in low:
        out += _by_initials(text, lex)
    if "(" in text:
        out += _service_bracket(text, lex)
    if "," in text:
        out += _label_comma(text, lex)
    if "/" in text:
        out += _date_then_name(text, lex)
    if "baby" in low or _PARENT_OF.search(low):
        out += _children(text, lex)
    if "(" in text:
        out += _bracket_initials(text, lex)
    out += _role_present(text, lex)
    out += _subject_verb(text, lex)
    out += _role_eponym(text, lex)
    return out
