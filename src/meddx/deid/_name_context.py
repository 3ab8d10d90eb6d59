"""Names told by the words around them, for the forms the cue rules miss (session 8).

* **Apposition**: a word, then a bracket or a comma and a relation or a role, possibly with a
  possessive: "Per Will (pt's grandson, lives with her)", "faith (pt's partner)", "per will,
  charge rn, pt moving", "Mark, pt's son, called", "sam (night senior)". The word is a listed
  name (also a common word or a modal: "Will", "Rose") or a word no dictionary knows; never a
  clinical, function, relation or role word ("Lungs clear, son at bedside"). The comma form needs
  the apposition closed by a comma or a bracket.
* **A group word, then names in brackets**: "family (kathleen, sean)", "STAFF (CHERYL)", "sons
  (Robert and Daniel)": every bracketed word is a name ("family (wife and 2 sons)" is not).
* **A cue, then a capitalised first name that is also a word** in a note in mixed case: "per
  Will", "called Rose", "returned call to Rose", "lvm for Joy" (a capital inside a sentence
  tells it is a name).
* **A capitalised first name that is also a word, before a person's verb**: "Rose called",
  "Dawn at bedside", "Grace visited"; not "Rose to 38", "Will call", "Hope to extubate"; a
  lower-case listed first name that is no word: "kathy in to see pt"; in capitals any listed
  first name at a sentence's start: "GRACE AT BS", "TERESA CALLED" (not "TEMP ROSE AT 0300");
  a capitalised word no dictionary knows before what only people do: "Nkechi called" (not a
  misspelt relation: "Pateint called", "Daugther at bedside").
* **A relation joined by a hyphen**: "husband-Jorge", "DTR-MARISOL"; **plural titles with
  slashes**: "Drs. Shah/Kaplan"; staff names joined by slashes after a staff word: "crew
  Boudreaux/Landry" (not "rn Tylenol/Motrin", clinical words).
* **A relation or role, then a quoted name**: 'sponsor "Buddy"'; a relation, then a first
  name that is a modal before a stop or an -ing form: "son Will.", "son (Will)", "son Will
  requesting" (not "son will call", "son will bring").
* **A header's "SURNAME, FIRST"** whose first name is also a word: "Patient Name: JOHNSON,
  WILL" (not "Pt: CHF, HTN").
* **Writers' and typists' initials**: "--kmc" / "-- abh" on a line of its own; a lone
  "kmc" or "- el-amin" as a note's last line; "TR/mk" and "CF:rjh" at a line's start;
  "Transcribed by: lmb" (initials that are also abbreviations, which the cue rule refuses);
  in "RN: mk" only the initials.
* **Initials after "d/w" / "per"**: "per KR, ok to extubate"; letters that are also an
  abbreviation only before a service in brackets ("d/w JT (pharmacy)"); not units, services
  or staff roles ("d/w ID", "d/w CN re bed", "per RN", "per CXR,").
* **Lower-case O' surnames**: "pt o'shaughnessy" (not "o'clock").
* **"MS" as a title** after a role, a relation or "per" ("NURSE MS OYELARAN"), and "ms"
  before a listed surname and a person's verb ("ms lee called"); not "with MS OPTIC NEURITIS".

Every rule starts from a rare anchor (a bracket, a quote, a dash or slash at a line's start, a
cue word) and reads the words around it; none scans every word.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import LiteralHeads
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._name_words import JOB_WORDS as _JOB_WORDS
from meddx.deid._name_words import MODALS, NOT_AFTER_CUE, RELATIONS, ROLES, TEAM_ABBREVS
from meddx.deid._name_words import STAFF_CREDENTIALS as _CREDENTIALS
from meddx.deid._name_words import UNIT_WORDS as _UNIT_WORDS
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun

__all__ = ["context_names"]

_PEOPLE = "|".join(sorted(RELATIONS | ROLES | {"senior", "charge", "charge rn", "charge nurse"},
                          key=len, reverse=True))
_POSS = r"(?:(?:pt|patient|her|his|their|the|my)(?:['\u2019]s)?[ \t]+)?"
_MODIFIER = r"(?:(?:night|day|eve|charge|primary|bedside|covering)[ \t]+)?"
# On the lower-cased text: "(pt's grandson", ", charge rn,".
_APPOS = re.compile(
    rf"(\(|,)[ \t]*{_POSS}{_MODIFIER}(?:{_PEOPLE})(?![\w'-])(?P<close>[ \t]*[,)])?")
_APPOS_ANY = re.compile(_APPOS.pattern, re.IGNORECASE)  # when lower() changes the length
_APPOS_HEADS = LiteralHeads(("(", ","), icase=False)  # every match starts with one of them
_WORD_BEFORE = re.compile(r"(?<![\w'\u2019-])([^\W\d_](?:[\w'\u2019-]*[^\W\d_])?)[ \t]*$")
_BRACKET = re.compile(r"\(([^()\n]{2,60})\)")
_GROUP_WORDS = RELATIONS | ROLES | frozenset(
    "family staff visitors children kids parents senior charge".split())
_GROUP_SPLIT = re.compile(r"[ \t]*(?:,|&|/|\band\b)[ \t]*")
_NAME_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019-]*[^\W\d_])?")
_CUE_PATTERN = (r"(?:per|called|paged|notified|updated|informed|told|asked|phoned|call to|"
                r"calls to|spoke to|talked to|message for|msg for|lm for|lvm for|vm for)[ \t]+")
_CUE_LOW = re.compile(_CUE_PATTERN)  # on the lower-cased text (several times faster)
_CUE_ANY = re.compile(_CUE_PATTERN, re.IGNORECASE)
_CAP_WORD = re.compile(r"[A-Z][a-z]{2,}\b(?![ \t]*\d)")
_SENTENCE_END = re.compile(r"(?:^|[.!?;:\n(])[ \t]*$")
#: A person's verb after a name; found from the verb on (it starts with a blank), on the
#: lower-cased text.
_PERSON_VERB = re.compile(  # from the start of the blanks only: linear on a long run of them
    r"(?<![ \t])[ \t]+(?:called|phoned|visited|visiting|states|stated|said|says|agrees|agreed|arrived|"
    r"aware|updated|notified|(?:is|was)[ \t]+(?:here|present|at[ \t]+bedside)|"
    r"at[ \t]+(?:the[ \t]+)?(?:bedside|bs)|in[ \t]+to[ \t]+(?:visit|see)|came[ \t]+in)\b")
_PERSON_VERB_ANY = re.compile(_PERSON_VERB.pattern, re.IGNORECASE)
#: What only people do (not "Kardex updated", "Pyxis aware", "hyperosmolar states").
_HUMAN_VERB = re.compile(r"[ \t]+(?:called|phoned|visited|visiting|stated|said|"
                         r"at[ \t]+(?:the[ \t]+)?(?:bedside|bs)|in[ \t]+to[ \t]+(?:visit|see))\b")
_HUMAN_VERB_ANY = re.compile(_HUMAN_VERB.pattern, re.IGNORECASE)
_PERSON_WORDS = sorted(RELATIONS | ROLES | frozenset(
    "patient family nurse doctor physician visitor caller someone".split()))
_PERSON_LETTERS = frozenset("".join(sorted(w)) for w in _PERSON_WORDS)


def _typo_of_person_word(key: str) -> bool:
    """The letters of a relation, role or "patient" in another order: "pateint", "daugther"."""
    return "".join(sorted(key)) in _PERSON_LETTERS
#: After a relation, a first name that is also a modal, before a stop or an -ing form: "son
#: Will.", "(Will)", "son Will requesting" (not "son will bring").
_MODAL_NAME = re.compile(r"[WM](?:ill|ILL|ay|AY)(?=[ \t]*(?:[.,;)]|$)|[ \t]+[A-Za-z]{3,}(?:ing|ING)\b)",
                         re.MULTILINE)
#: "husband-Jorge", "DTR-MARISOL": a relation joined to the name by a hyphen (one token).
_HYPHEN_WORD = re.compile(r"-([A-Za-z]{3,})\b(?!-)")
_LETTERS_BEFORE = re.compile(r"(?<![\w'-])([A-Za-z]+)[ \t]*\(?[ \t]*$")
#: "Drs. Shah/Kaplan": names after a plural title joined by slashes.
_DRS_SLASH = re.compile(r"(?i:\bdrs\.?)[ \t]+([A-Za-z][\w'-]+(?:[ \t]*/[ \t]*[A-Za-z][\w'-]+)+)")
#: "crew Boudreaux/Landry", "RNs Kim/Joe": capitalised words joined by slashes after a staff word.
_SLASH_NAMES = re.compile(r"([A-Z][a-z][A-Za-z'-]+)(?:[ \t]*/[ \t]*[A-Z][a-z][A-Za-z'-]+)+")
_STAFF_GROUP = ROLES | frozenset(
    "crew medics paramedics emts rns rts nurses techs residents fellows staff".split())
_QUOTED = re.compile(r"[\"\u201c]([A-Z][a-z][A-Za-z'-]*)[\"\u201d]")
_DASH_INITIALS = re.compile(r"(?m)^[ \t]*(?:--|\u2013|\u2014)[ \t]*([a-z]{2,4}|[A-Z]{2,4})[ \t]*$")
_LAST_LINE = re.compile(
    r"(?:^|\n)[ \t]*(?:[-\u2013\u2014][ \t]*)?([a-z]{2,4}|[A-Z]{2,4}|[a-z]+-[a-z]+)[ \t]*\s*$")
_DICTATION = re.compile(r"[ \t]+[DT]:[ \t]*\d")
_TYPIST = re.compile(
    r"(?m)^[ \t]*([A-Z]{2,4})[ \t]*[/:][ \t]*([a-z]{2,4})(?=[ \t]*(?:$|[A-Z]{1,2}:|\d))")
#: A header's "SURNAME, FIRST" whose first name is also a word: "Patient Name: JOHNSON,
#: WILL", "Pt: Moss, Hope", "Author: Smith, Will, MD". (A surname that is an abbreviation,
#: "Patient: DOE, JANE", is ``_name_cues.header_comma_name``'s: see the ``_names`` docstring.)
# Found from the colon on (a literal start is searched fast), then the cue before it is read.
_HEADER_COMMA = re.compile(
    r":[ \t]*([A-Za-z][A-Za-z'\u2019-]+)[ \t]*,[ \t]*([A-Za-z]{3,})\b(?=[ \t]*(?:$|[A-Z]\.?\b|\(|,|;|"
    r"[ \t](?i:dob|mrn|age|sex)\b))", re.MULTILINE)
_HEADER_CUE = re.compile(
    r"(?i)(?<![\w-])(?:patient|pt|name|author|attending|resident|provider|physician|pcp|"
    r"referring|ordering|(?:co-?)?signed(?:[ \t]+by)?|authenticated[ \t]+by|dictated[ \t]+by)[ \t]*$")
_TYPED_CUE = r"(?:transcribed|typed|dictated|entered|scribed)[ \t]+by[ \t]*:?[ \t]*"
_TYPED_LOW, _TYPED_ANY = re.compile(_TYPED_CUE), re.compile(_TYPED_CUE, re.IGNORECASE)
_TYPED_REST = re.compile(r"([a-z]{2,4}|[A-Z]{2,4})(?=[ \t]*(?:$|\n|[A-Z]:|\d|/))", re.MULTILINE)
_DW_INITIALS = re.compile(
    r"(?:d/w|discussed[ \t]+with|spoke[ \t]+(?:with|w/)|per|paged|notified)[ \t]+"
    r"([A-Z]{2,3})(?=[ \t]*(?:\(|,|;|\.(?:[ \t]|$)|$|[ \t]+(?:re|about|regarding|who|at)\b))",
    re.MULTILINE)
#: Initials after "d/w" that name a role, a unit or a service, not a person.
_NOT_INITIALS = TEAM_ABBREVS | frozenset(
    "rn np pa md do ho cn tl rt pt ot sw cm gi id ir ep er ed or icu cc ccu np pcp ob pm am "
    "ok nsg ent hem onc ns nt dr ms mr mrs pharm rns nnp cno cmo ceo coo aoc aod nod nys tjc "
    "jc".split())
_SERVICE_AFTER = re.compile(
    r"[ \t]*\((?i:pharmacy|pharmd|pharmacist|rn|np|pa|md|rt|rrt|sw|cm|ot|pt|slp|charge|"
    r"resident|fellow|intern|attending|nursing|case[ \t]+management|social[ \t]+work)\)")
_O_SURNAME = re.compile(r"o['\u2019][a-z]{3,}(?:-[a-z]{3,})?(?![\w'\u2019])")
_MS = re.compile(r"[Mm][Ss][ \t]+([A-Za-z][A-Za-z'\u2019-]{2,})\b")
_MS_CUES = RELATIONS | ROLES | frozenset("nurse per rn np sw aide tech sitter".split())
_MS_VERB = re.compile(r"[ \t]+(?:called|aware|updated|notified|states|stated|at[ \t]+bedside)\b")


#: Words before a relation in brackets that name a role in care, not a person: "dpoa (son)".
_NOT_PEOPLE = frozenset(
    "dr drs mr mrs ms miss pt patient dpoa hcpoa mpoa poa hcp nok proxy surrogate contact "
    "visitor visitors caller family".split())


def _plain(word: str, lex: Lexicon) -> bool:
    """A function, title, relation, role, unit, job or clinical word: never a name here."""
    k = word.lower()
    return (len(k) < 2 or k in FUNCTION_WORDS or k in RELATIONS or k in ROLES
            or k in NOT_AFTER_CUE or k in _UNIT_WORDS or k in _JOB_WORDS
            or k in _NOT_PEOPLE or k in _CREDENTIALS
            or lex.is_medical(word, abbreviations=word.isupper()))


def _namey(word: str, lex: Lexicon, modal_ok: bool = False) -> bool:
    """A listed name (also a common word: "Will", "hope"), or a word no dictionary knows;
    with ``modal_ok``, a listed first name that is a modal or an abbreviation too ("Will",
    "sam")."""
    k = word.lower()
    if modal_ok and k in lex.first_names and not word.isupper() and len(k) >= 3 \
            and k not in RELATIONS and k not in ROLES:
        return True
    if _plain(word, lex) or k in MODALS:
        return False
    if k in lex.first_names or k in lex.last_names:
        return True
    parts = [p for p in k.split("-") if p]
    return not all(p in lex.common_words for p in parts) and not k.endswith(("ing", "ed", "ly"))


def _initials(word: str, lex: Lexicon) -> bool:
    """2-4 letters in one case that are no word, abbreviation or unit: "kmc", "TR"."""
    k = word.lower()
    return (word.islower() or word.isupper()) and k not in FUNCTION_WORDS \
        and k not in lex.common_words and not lex.is_medical(k) and k not in _NOT_INITIALS \
        and k not in _UNIT_WORDS


def _appositions(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    # every match starts at its "(" or ",": matched there only (the same matches as finditer)
    found = (_APPOS_HEADS.finditer(_APPOS, low, low) if len(low) == len(text)
             else _APPOS_ANY.finditer(text))
    for m in found:
        if m.group(1) == "," and m.group("close") is None:
            continue  # "Lungs clear, son at bedside": the comma form needs a closed apposition
        w = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if w is None or "\n" in text[w.end(1):m.start()]:
            continue
        word = w.group(1)
        k = word.lower()
        if not _namey(word, lex, modal_ok=True):
            continue
        if (k in lex.common_words or k in MODALS) and k not in lex.first_names:
            continue  # "bed (son)": a common word is a name only when it is a first name
        if m.group("close") is None and k not in lex.first_names and k not in lex.last_names:
            continue  # "Nexterone (rn aware)": an unknown word needs "(son)", "(pt's wife,"
        out.append(w.span(1))
    return out


def _before(text: str, pos: int) -> str:
    """The lower-case word before ``pos`` (blanks and an opening bracket between)."""
    m = _LETTERS_BEFORE.search(text, max(0, pos - 30), pos)
    return m.group(1).lower() if m else ""


def _starts_word(text: str, i: int, also: str = "") -> bool:
    """No letter, digit or one of ``also`` right before offset ``i`` (the patterns leave out
    a leading ``\\b``: a pattern that starts with literals is searched several times faster)."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in also)


def _cue_hits(rx_low: re.Pattern, rx_any: re.Pattern, text: str, low: str) -> list[re.Match]:
    """Matches of a cue at a word's start: the case-sensitive form on the lower-cased text
    when the offsets agree (several times faster), else the case-insensitive form."""
    found = heads_finditer(rx_low, low) if len(low) == len(text) else rx_any.finditer(text)
    return [m for m in found if _starts_word(text, m.start(), "_")]


def _groups(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for m in _BRACKET.finditer(text):
        if _before(text, m.start()) not in _GROUP_WORDS:
            continue
        inner_start = m.start(1)
        spans = []
        for piece in _GROUP_SPLIT.split(text[m.start(1):m.end(1)]):
            words = list(_NAME_WORD.finditer(piece))
            if not 1 <= len(words) <= 2 or piece.strip() != " ".join(x.group() for x in words):
                spans = []
                break
            ok = True
            for x in words:
                k = x.group().lower()
                if not _namey(x.group(), lex) or (k in lex.common_words and k not in lex.first_names):
                    ok = False
            if not ok:
                spans = []
                break
            offset = text.index(piece, inner_start)
            spans.append((offset + words[0].start(), offset + words[-1].end()))
            inner_start = offset + len(piece)
        out += spans
    return out


def _common_first(word: str, lex: Lexicon) -> bool:
    """A capitalised mixed-case listed first name that is also a word ("Rose", "Will")."""
    k = word.lower()
    return word[:1].isupper() and word[1:].islower() and k in lex.first_names \
        and (k in lex.common_words or k in MODALS) \
        and (k in MODALS or not _plain(word, lex))


def _cued_capitals(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    for c in _cue_hits(_CUE_LOW, _CUE_ANY, text, low):
        m = _CAP_WORD.match(text, c.end())
        if m and _common_first(m.group(), lex) and not followed_by_head_noun(text, m.end()) \
                and not text[c.start():c.end()].isupper():
            out.append(m.span())
    return out


def _before_verb(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """A first name before a person's verb: "Rose called", "kathy in to see pt", "GRACE AT
    BS" (in capitals at a sentence's start only)."""
    out = []
    for m in (_PERSON_VERB.finditer(low) if len(low) == len(text) else _PERSON_VERB_ANY.finditer(text)):
        start = m.start()
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        word = text[start:m.start()]
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'-/"):
            continue
        k = word.lower()
        if len(k) >= 4 and word[0].isupper() and word[1:].islower() and word.isalpha() \
                and (_HUMAN_VERB.match(low, m.start()) if len(low) == len(text)
                     else _HUMAN_VERB_ANY.match(text, m.start())) \
                and k not in lex.common_words and k not in lex.last_names and not _plain(word, lex) \
                and k not in lex.first_names and not _typo_of_person_word(k):
            out.append((start, m.start()))  # "Nkechi called": a word no dictionary knows
            continue
        if len(k) < 3 or k not in lex.first_names:
            continue
        if word.isupper():  # "GRACE AT BS", "TERESA CALLED"; not "TEMP ROSE AT 0300"
            if k not in MODALS and not _plain(word, lex) \
                    and _SENTENCE_END.search(text, max(0, start - 6), start) is not None:
                out.append((start, m.start()))
        elif _common_first(word, lex) or (  # "kathy in to see pt": no word, no abbreviation
                word.islower() and k not in lex.common_words and not _plain(word, lex)):
            out.append((start, m.start()))
    return out


def _initials_lines(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    out = []
    if "--" in text or "\u2013" in text or "\u2014" in text:
        out += [m.span(1) for m in _DASH_INITIALS.finditer(text) if _initials(m.group(1), lex)]
    tail = text[-60:]
    m = _LAST_LINE.search(tail)
    if m is not None:
        word = m.group(1)
        base = len(text) - len(tail)
        if "-" in word:  # "- el-amin": a hyphenated name no dictionary knows
            if _namey(word, lex) and word.lower() not in lex.common_words \
                    and re.search(r"[-\u2013\u2014]", tail[m.start():m.start(1)]):
                out.append((base + m.start(1), base + m.end(1)))
        elif _initials(word, lex) and len(text.strip()) > len(word) + 4:
            out.append((base + m.start(1), base + m.end(1)))
    if "/" in text or ":" in text:
        for m in _TYPIST.finditer(text):
            k = m.group(2)  # "TR/mk": no word or hand-listed clinical word ("HR/bpm")
            if k in lex.common_words or lex.is_medical(k, abbreviations=False) \
                    or k in FUNCTION_WORDS:
                continue
            out.append(m.span(2))
            up = m.group(1).lower()  # "RN: mk" is a role and a name; "CF:rjh  D: ..." two names
            if up not in _NOT_INITIALS and up not in ROLES and up not in _CREDENTIALS and (
                    not lex.is_medical(up, abbreviations=False) or _DICTATION.match(text, m.end())):
                out.append(m.span(1))
    if "by" in low and any(w in low for w in ("transcribed", "typed", "dictated", "entered", "scribed")):
        for c in _cue_hits(_TYPED_LOW, _TYPED_ANY, text, low):
            m = _TYPED_REST.match(text, c.end())
            if m and m.group(1).lower() not in FUNCTION_WORDS:
                out.append(m.span(1))
    return out


def context_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names described in the module docstring; ``low`` is the text in
    lower case."""
    out: list[tuple[int, int]] = []
    if "(" in text or "," in text:
        out += _appositions(text, low, lex)
    if "(" in text:
        out += _groups(text, lex)
    if not text.isupper():
        out += _cued_capitals(text, low, lex)
    out += _before_verb(text, low, lex)
    if ":" in text:
        for m in _HEADER_COMMA.finditer(text):
            if _HEADER_CUE.search(text, max(0, m.start() - 24), m.start()) is None:
                continue
            last, first = m.group(1), m.group(2)
            if first.lower() in lex.first_names and not _plain(last, lex) \
                    and not lex.is_medical(first, abbreviations=False) \
                    and (last.lower() in lex.last_names or last.lower() not in lex.common_words):
                out += [m.span(1), m.span(2)]
    if "will" in low or "may" in low:
        out += [m.span() for m in _MODAL_NAME.finditer(text)
                if m.group() in ("Will", "WILL", "May", "MAY") and _starts_word(text, m.start())
                and _before(text, m.start()) in RELATIONS]
    if "-" in text:
        for m in _HYPHEN_WORD.finditer(text):
            if not m.start() or not text[m.start() - 1].isalpha():
                continue
            k = m.group(1).lower()
            if _before(text, m.start()) in RELATIONS and _namey(m.group(1), lex) \
                    and (k in lex.first_names or k not in lex.common_words):
                out.append(m.span(1))
    if "drs" in low:
        for m in _DRS_SLASH.finditer(text):
            base = m.start(1)
            words = [(base + x.start(), base + x.end()) for x in _NAME_WORD.finditer(m.group(1))]
            if all(_namey(text[a:b], lex) for a, b in words):
                out += words
    if "/" in text:
        for m in _SLASH_NAMES.finditer(text):
            words = list(_NAME_WORD.finditer(m.group()))
            if _before(text, m.start()) in _STAFF_GROUP and all(
                    _namey(x.group(), lex) and x.group().lower() not in lex.common_words
                    for x in words):
                out += [(m.start() + x.start(), m.start() + x.end()) for x in words]
    if '"' in text or "\u201c" in text:
        out += [m.span(1) for m in _QUOTED.finditer(text)
                if _before(text, m.start()) in _GROUP_WORDS and _namey(m.group(1), lex)]
    out += _initials_lines(text, low, lex)
    for m in heads_finditer(_DW_INITIALS, text):
        if not _starts_word(text, m.start()):
            continue
        k = m.group(1).lower()
        # an abbreviation too ("JT" joint) only before a service in brackets: "JT (pharmacy)"
        if _initials(m.group(1), lex) or (
                k not in _NOT_INITIALS and k not in lex.common_words
                and not lex.is_medical(k, abbreviations=False)
                and _SERVICE_AFTER.match(text, m.end(1)) is not None):
            out.append(m.span(1))
    if "o'" in low or "o\u2019" in low:
        out += [m.span() for m in _O_SURNAME.finditer(text) if _starts_word(text, m.start(), "'\u2019_")
                and m.group() not in ("o'clock", "o\u2019clock")]
    if "ms " in low or "ms\t" in low:
        for m in _MS.finditer(text):
            w = m.group(1)
            k = w.lower()
            if m.group()[:2] not in ("MS", "Ms", "ms") or not _starts_word(text, m.start(), "/-_") \
                    or _plain(w, lex):
                continue
            if (_before(text, m.start()) in _MS_CUES and k not in lex.common_words) or (
                    k in lex.last_names and _MS_VERB.match(text, m.end()) is not None
                    and (w.islower() or w[1:].islower() or w.isupper())):
                out.append(m.span(1))
    return out
