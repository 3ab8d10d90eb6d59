"""The token view of the names detector: its cue table, the note context ``Ctx`` and the
checks of one token (split from ``_names``, which holds the rules that take a name and
:class:`~meddx.deid._names.NameDetector`).

* ``cue_ends``: where a name may start because a cue ends there ("daughter", "spoke with",
  "Patient:"), with the cue's level (0 weak, 1 strong, 2 a header);
* ``Ctx``: a note's tokens, cue ends and cached clinical-word tests;
* ``joined``, ``word_ok``, ``lower_word_ok``, ``inflected``, ``header_surname``, ``surname``,
  ``eponym_first_name``: whether a token may be (part of) a name in its context.
"""

from __future__ import annotations

import re

from meddx.deid._gazetteer import listed_surname
from meddx.deid._lexicon import CALENDAR_WORDS, MONTHS, Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._lower_shapes import name_word
from meddx.deid._name_cues import after_relation_slash, verb_form
from meddx.deid._name_words import CREDENTIALS, MODALS, NOT_AFTER_CUE, RELATIONS, ROLES, TITLES
from meddx.deid._tokens import FUNCTION_WORDS, Token, followed_by_head_noun, tokenize

__all__ = ["Ctx", "cue_ends", "eponym_first_name", "header_surname", "kin_chain_ok", "kin_surname",
           "modal_first_name", "title_word_name", "inflected", "joined", "surname", "word_ok"]

_WEAK_CUES = frozenset("per called paged cc c/b attn contact pt".split())
_MODALS = MODALS
_MONTHS = MONTHS
_CUE_ALTS = [
    r"(?:spoke|speaking|talked|discussed|met|d/w)\s+(?:with|to)", r"(?:spoke|talked|met)\s+w/\s*(?=\w)",
    r"seen\s+by", r"evaluated\s+by",
    r"examined\s+by", r"signed\s+by", r"dictated\s+by", r"transcribed\s+by", r"reviewed\s+by",
    r"(?:patient|pt)(?:'s)?\s+name", r"referring(?:\s+(?:md|physician|provider))?",
    r"case\s+(?:manager|mgr)", r"social\s+worker", r"emergency\s+contact", r"next\s+of\s+kin",
    r"co-?signed\s+by", r"name\s+on\s+registration", r"license\s+name", r"contact\s+person",
    r"baby\s+(?:girl|boy)", r"copy\s+to", r"(?:resp|responsible)\s+party", r"first\s+assistant",
    r"(?:assisted|performed|supervised|witnessed)\s+by",
    r"(?:message|msg|vm|voicemail)\s+left\s+(?:for|with)",
    r"left\s+(?:a\s+)?(?:message|msg|vm|voicemail)\s+(?:for|with)",
    r"(?:requesting|covering|consulting)\s+(?:md|physician|provider|np|pa)",
    *"""per called paged cc c/b attn contact name patient pt pcp physician provider informant
    interpreter author from to by dear re ordering consultant signed reg registration
    note assistant anesthesia anesthesiologist scrub circulator witness guarantor cm
    employee client member student caller subscriber insured claimant""".split(),
    *sorted(RELATIONS | ROLES),
]
#: the relations that "in law" follows ("son in law", "daughter in law")
_IN_LAW = frozenset(("son", "daughter", "brother", "sister", "mother", "father"))
#: One-word cues, looked up token by token; the others are found by a regular expression.
_WORD_CUES = frozenset(c for c in _CUE_ALTS if re.fullmatch(r"[a-z-]+", c))
# Longest first: "contact person" before "contact".
_CUES = "|".join(sorted((c for c in _CUE_ALTS if c not in _WORD_CUES), key=lambda w: (-len(w), w)))
_CUE_PATTERN = r"(?<![\w/])(" + _CUES + r")\b[ \t]*([:#-]?)[ \t]*(?:\(|,[ \t]*)?"
_AFTER_CUE = re.compile(r"[ \t]*([:#-]?)[ \t]*(?:\(|,[ \t]*)?")
_CUE_RE = re.compile(_CUE_PATTERN, re.IGNORECASE)
# The same on lower-cased text, case-sensitive: several times faster than re.IGNORECASE.
_CUE_RE_LOWER = re.compile(_CUE_PATTERN)
# Cues that only count with a colon ("Patient: JOHN SMITH", "From: ..."), not in prose.
_COLON_ONLY = frozenset("patient name physician provider author from to by informant contact "
                        "re ordering consultant signed reg registration note assistant anesthesia "
                        "anesthesiologist scrub witness guarantor cm employee client member "
                        "student caller subscriber insured claimant".split()) | {
    "resp party", "responsible party", "first assistant", "assisted by", "performed by",
    "supervised by", "witnessed by"}


_SPACES = re.compile(r"\s+")
_DIGIT_AFTER = re.compile(r"\s*\d")
#: the word right before a token, one or more blanks between ("wife " of "wife june")
_WORD_END = re.compile(r"([A-Za-z][A-Za-z-]*)[ \t]+\Z")


def cue_ends(text: str, toks: list[Token]) -> tuple[dict[int, int], set[int]]:
    """Offsets where a name may start because a cue ends there -> the cue's level (see ok),
    and those of the cues in lower case."""
    ends: dict[int, int] = {}
    lower: set[int] = set()
    low = text.lower()
    found = heads_finditer(_CUE_RE_LOWER, low) if len(low) == len(text) else _CUE_RE.finditer(text)
    hits = [(_SPACES.sub(" ", m.group(1).lower()), m.start(1), m.end(1), m.group(2), m.end())
            for m in found]
    for k, t in enumerate(toks):
        if t.key == "law" and k >= 2 and toks[k - 1].key == "in" and toks[k - 2].key in _IN_LAW:
            # a relation by marriage written with spaces ("son in law rick"; session 18): read
            # token by token, as the one-word cues (the cue pattern keeps its literal heads)
            m = _AFTER_CUE.match(text, t.end)
            hits.append((toks[k - 2].key + "-in-law", toks[k - 2].start, t.end, m.group(1), m.end()))
        elif t.key in _WORD_CUES and not t.dot and (
                text[t.start - 1:t.start] != "/" or after_relation_slash(text, t.start)):
            m = _AFTER_CUE.match(text, t.end)
            hits.append((t.key, t.start, t.end, m.group(1), m.end()))
    for cue, a, b, sep, end in hits:
        colon = sep == ":"
        if cue in _COLON_ONLY and not colon:
            continue
        # "Pt: SMITH, JOHN", not "Pt Smith"; "RE: DRAIN" a subject line; "RT Lung" "RT" right
        strong = (cue not in _WEAK_CUES or cue == "pt") and cue != "re"
        caps_role = len(cue) < 4 and cue in ROLES and text[a:b].isupper() and text[end + 1:end + 2].islower()
        ends[end] = 2 if colon and strong else int((cue not in _WEAK_CUES or cue == "re") and not caps_role)
        if not text[a:b].isupper():  # "son mike", "Daughter hamish"; not "PA mRNA"
            lower.add(end)
    return ends, lower


class Ctx:
    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text, self.lex = text, lex
        self.toks = tokenize(text)
        self.cue_ends, self.lower_cues = cue_ends(text, self.toks)
        self.after_title: set[int] = set()  # ends of names found after a plural title
        self._medical: dict[int, bool] = {}

    def gap(self, i: int) -> str:
        """Text between token i and token i+1."""
        toks = self.toks
        return self.text[toks[i].end:toks[i + 1].start] if i + 1 < len(toks) else ""

    def in_names(self, t: Token) -> bool:
        return t.key in self.lex.first_names or t.key in self.lex.last_names

    def medical(self, t: Token) -> bool:
        got = self._medical.get(t.start)
        if got is None:
            # abbreviations are written in capitals: "Vic" is a name, "VIC" may not be
            got = self.lex.is_medical(t.text, abbreviations=t.upper or not t.cap) \
                or followed_by_head_noun(self.text, t.end)
            self._medical[t.start] = got
        return got


def joined(ctx: Ctx, i: int, allow_comma: bool) -> bool:
    """Tokens i and i+1 belong to one name: only spaces (or an initial's period) between."""
    gap = ctx.gap(i)
    if "\n" in gap or len(gap) > 3:
        return False
    if gap.strip(" .") == "" and gap.count(".") <= 1:
        return ctx.toks[i].initial or "." not in gap or ctx.toks[i].key in TITLES
    return allow_comma and gap.strip() == ","


def word_ok(ctx: Ctx, t: Token, strong: bool, cue: int = 0, first: bool = True) -> bool:
    """Whether ``t`` may be part of a name after a title (``strong``) or a cue of level ``cue``
    (0: weak such as "per"; 1: strong such as "daughter", "spoke with"; 2: a header such as
    "Patient:"); ``first``: the name's first word."""
    if t.initial:
        return True
    if not t.cap:
        if cue == 1 and first and _lower_month_name(ctx, t):
            return True  # "wife june knows", not "since june"
        return bool(strong or cue) and lower_word_ok(ctx, t, strong, first)
    if t.key in FUNCTION_WORDS or t.key in TITLES or t.key in CREDENTIALS \
            or (not first and t.key in NOT_AFTER_CUE):  # "DR O'MALLEY OK TO EXTUBATE"
        return False
    if strong:
        if followed_by_head_noun(ctx.text, t.end):
            return False
        if not first and t.upper and not ctx.in_names(t) and (
                inflected(ctx, t.key) or t.key in ctx.lex.common_words):
            return False  # "MR. KOWALSKI UPDATED", "DR GOMEZ HOLD LASIX"
        return not (t.upper and t.key in ctx.lex.medical and not ctx.in_names(t))
    if t.key in RELATIONS or t.key in ROLES:
        return False
    if ctx.medical(t) and not (cue and t.key in _MONTHS):
        # "friend BELL", "Patient: Mallory ...": an eponym that is also a name, right after a
        # strong cue, is the name (not before a head noun: "Patient: Foley catheter")
        if not (cue >= 1 and ctx.in_names(t) and not followed_by_head_noun(ctx.text, t.end)
                and not (t.upper and len(t.key) <= 3)):  # "with ED attending"
            return False
    common = t.key in ctx.lex.common_words
    if cue and t.key in _MONTHS and not _DIGIT_AFTER.match(ctx.text, t.end, t.end + 4):
        return True  # "son August called", not "since August 2019"
    if t.upper and not ctx.in_names(t) and inflected(ctx, t.key):
        return False  # "DAUGHTER REQUESTS UPDATES"
    if cue == 2:  # "Patient: POOL, AUGUSTUS", not "Patient: ALERT"
        return not common or ctx.in_names(t)
    if cue == 1 and not t.upper:  # "wife Rose"
        return True
    if cue == 1:  # "DAUGHTER BELKA", "SON DUSTY", but not "DAUGHTER WILL CALL"
        return not common or (t.key in ctx.lex.first_names and t.key not in _MODALS)
    if t.upper or common:
        return ctx.in_names(t) and not common
    return True


def _lower_month_name(ctx: Ctx, t: Token) -> bool:
    """A lower-case month word right after a relation, no number after it: a relative's name
    ("wife june knows", "dtr april aware"; not "son june 2019", "son may visit")."""
    if t.key not in _MONTHS or t.key in _MODALS or _DIGIT_AFTER.match(ctx.text, t.end, t.end + 4):
        return False
    m = _WORD_END.search(ctx.text, max(0, t.start - 24), t.start)
    return m is not None and m.group(1).lower() in RELATIONS


def kin_surname(ctx: Ctx, first: Token, t: Token, cue: int) -> bool:
    """A lower-case surname after a lower-case first name that a relation or another strong cue
    opened, on the terms of ``_name_kin`` ("son in law tom brown", "mother june gray", "dtr
    june caudle brown", "son in law hope graves"; reviewer, session 18): a listed surname, even
    an English word or a plural-looking one, that is no function, relation, role, modal,
    calendar or credential word, no verb form and not before a head noun. Without it the crf's
    full name lost its surname to the rules' first name (``_crf_guard.outside_rules`` drops a
    plain lower-case piece)."""
    k, lex = t.key, ctx.lex
    if cue != 1 or first.cap or t.cap or len(k) < 2 or k not in lex.last_names:
        return False
    if k in FUNCTION_WORDS or k in RELATIONS or k in ROLES or k in _MODALS or k in CALENDAR_WORDS \
            or k in CREDENTIALS or k in NOT_AFTER_CUE or k in _MONTHS:
        return False
    # a listed surname may end like a plural ("hope graves"): only verb and adverb endings refuse
    return not (verb_form(k, lex) or k.endswith(_SUFFIXES) or followed_by_head_noun(ctx.text, t.end))


def kin_chain_ok(ctx: Ctx, i: int, j: int, nxt: Token) -> bool:
    """Whether :func:`kin_surname` may add ``nxt`` after token ``j`` of a name that starts at
    token ``i``: the first surname always; a second only where one of the two is no English
    word ("dtr june caudle brown", "wife ann brown okafor") or where what is said of a relative
    follows ("wife mary rose green called"); not an English word after an English word
    otherwise ("mother june gray hair", "wife june black eye", "husband john hill street": an
    adjective before its noun; review of deidname18, second round, finding 4)."""
    if j == i:
        return True
    common = ctx.lex.common_words
    return ctx.toks[j].key not in common or nxt.key not in common \
        or ctx.toks[j].key in ctx.lex.first_names \
        or _KIN_NAME_END.match(ctx.text, nxt.end) is not None


#: what is said of a relative right after the name: a third English word still ends it there
#: ("wife mary rose green called", "dtr ann white brown aware", "mother june gray hill at
#: bedside"); punctuation or the line's end do not ("wife june black eye.")
_KIN_NAME_END = re.compile(r"[ \t]+(?:aware|called|calls|updated|notified|paged|said|says|states|"
                           r"visited|visiting|present|here|at[ \t]+(?:the[ \t]+)?bedside|"
                           r"(?:is|was|will)[ \t]+(?:here|at|coming|visiting|aware|present))\b")


#: plural-looking listed surnames that are what a doctor does or says, not who: "dr rounds"
_DOCTOR_PLURALS = frozenset(
    "rounds states samples sessions numbers files works lines notes orders visits calls sides shows "
    "means results labs meds records forms papers scans films slides tests letters".split())
#: after a plural-looking surname: punctuation, a column gap, a digit, the line's end or a
#: colleague's verb; not a preposition ("dr speaks to family", "dr works in clinic")
_PLURAL_NAME_END = re.compile(r"[ \t]*(?:$|[(),;:/]|\.(?![a-z])|[ \t]{2}|\d)|[ \t]+(?:aware|notified|"
                              r"updated|called|paged|said|ok)\b", re.MULTILINE)


def _plural_surname(ctx: Ctx, t: Token, strong: bool, first: bool) -> bool:
    """A listed surname that looks like an English plural right after "dr" (or "mr." ...) and
    before punctuation or a colleague's verb: "dr reeves.", "dr woods aware", "by dr banks
    (ortho)" (session 19, groups H and I: "cleared by dr reeves."); not "dr rounds", "dr
    states", "dr speaks to family"."""
    return strong and first and t.key in ctx.lex.last_names and t.key not in _DOCTOR_PLURALS \
        and title_word_name(ctx.text, t) and _PLURAL_NAME_END.match(ctx.text, t.end) is not None


def lower_word_ok(ctx: Ctx, t: Token, strong: bool, first: bool) -> bool:
    """A lower-case word after a title or a strong cue ("dr smith", "son mike", "wife hope",
    "grandson tyler brisbois"): a listed name, or a word no dictionary knows."""
    k, lex = t.key, ctx.lex
    if len(k) < 2 or k in FUNCTION_WORDS or k in TITLES or k in CREDENTIALS or k in RELATIONS \
            or k in ROLES or k in _MODALS or k in _MONTHS or k in NOT_AFTER_CUE:
        return False
    if followed_by_head_noun(ctx.text, t.end):
        return False
    common = k in lex.common_words
    if (common or ctx.medical(t)) and inflected(ctx, k) and not _plural_surname(ctx, t, strong, first):
        return False
    if not first and verb_form(k, lex):
        return False  # "mr white ambulating"
    if ctx.medical(t):  # "dr bell", not "son ativan"
        return strong and ctx.in_names(t)
    if "-" in k and all(p in lex.common_words or lex.is_medical(p) for p in k.split("-") if p):
        return False  # "sibling, bone-marrow"
    if not common:
        return True  # "dtr keisha", "dr farrokhzad", "tyler brisbois"
    if strong:  # "dr bell", "dr white"; not "dr aware"; "dr. thimble  signed", "dr ladle (hosp)"
        return ctx.in_names(t) or first and (title_word_name(ctx.text, t)
                                             or _first_before_surname(ctx, t))
    return first and k in lex.first_names  # "wife hope", "sons ken and gary"




#: What follows a title in lower case and is no name: a visit, an office, a time, an adverb.
_AFTER_TITLE_WORDS = frozenset(
    "just still also again now soon already yet here there today tomorrow yesterday tonight "
    "office offices appt appointment visit note order team service consult please first last "
    "next same other own about over back out up off call rounds saw sees see ordered "
    "recommends wants asked notes orders group practice clinic assistant".split())
# After the word: a line's end, a bracket, punctuation, a column gap or a digit; or a word
# that follows a colleague's name ("dr trowel aware", "dr thimble at bedside").
_NAME_END = re.compile(r"[ \t]*(?:$|[(),;:/]|\.(?![a-z])|[ \t]{2}|\d)|[ \t]+(?:aware|notified|updated|"
                       r"called|paged|at|to|in|and|re|with|from|for|on|said|says|states|ok)\b",
                       re.MULTILINE)


#: "mr." / "mrs." / "ms." with the period (session 18): a title in lower case too
_DOT_TITLE_BEFORE = re.compile(r"(?<![\w.])(?:mr|mrs|ms)\.[ \t]+\Z")
#: after "mr." + an English word: only what is said of a person by name ("aware", "called")
_DOT_NAME_END = re.compile(r"[ \t]+(?:aware|notified|updated|called|paged|said|says|states)\b")
#: ... or where a person is, "at (the) bedside", after a listed surname only: "mrs. bell at
#: bedside", not "mr. alert at bedside", "mr. calm at the bedside" (a state's adjective; review
#: of deidname18, second round, finding 3)
_DOT_AT_BEDSIDE = re.compile(r"[ \t]+at[ \t]+(?:the[ \t]+)?bedside\b")
#: after "Dr. Will <English word>": only a colleague's verb ends the name ("Dr. Will Smith saw
#: pt"); punctuation or a capital does not ("Dr. Will Call.", "Dr. Will Call Daughter.": second
#: review of deidname18)
_MODAL_SURNAME_END = re.compile(r"[ \t]+(?:aware|notified|updated|called|paged|said|says|states|"
                                r"saw|sees|seen)\b")
#: the subject of a description: "mr. mouse is a 79-year-old"
_IS_A = re.compile(r"[ \t]+(?:is|was)[ \t]+an?\b")
# Only "dr": "mr moderate", "ms stable" are a valve and a disease in lower case.
_DR_BEFORE = re.compile(r"(?<![\w.])drs?\.?[ \t]+\Z")


#: A determiner before "dr": "the dq loci to the dr loci" (an HLA locus) is a title and a name
#: only before what a colleague does ("the dr thimble at bedside"; reviewer, session 15).
_DET_DR_BEFORE = re.compile(r"(?<![\w.])(?:the|a|an|this|that|these|those|each|both)[ \t]+drs?\.?[ \t]+\Z")


_NAME_END_VERB = re.compile(r"[ \t]+(?:aware|notified|updated|called|paged|at|said|says|states|ok)\b")


#: a lower-case word of three letters or more right after a first name: "dr. faith okoro"
_NEXT_LOWER = re.compile(r"[ \t]([a-z][a-z'-]{2,})(?![\w'-])")


def _first_before_surname(ctx: Ctx, t: Token) -> bool:
    """An English word right after "dr" is a first name before a surname that no dictionary or
    clinical list knows (``name_word``: "dr bedside tachypneic" stays) or a listed surname that
    is no English word: "dr. faith okoro", "dr. felicity ngata" (not "dr. office visit", "dr
    note reviewed", "dr aware abx")."""
    lex = ctx.lex
    if len(t.key) < 3 or t.key in _AFTER_TITLE_WORDS \
            or _DR_BEFORE.search(ctx.text, max(0, t.start - 8), t.start) is None:
        return False
    m = _NEXT_LOWER.match(ctx.text, t.end)
    if m is None:
        return False
    k = m.group(1)
    if k in FUNCTION_WORDS or k in lex.common_words or lex.is_medical(k) or k in _AFTER_TITLE_WORDS \
            or verb_form(k, lex) or followed_by_head_noun(ctx.text, m.end()):
        return False
    return k in lex.last_names or k not in lex.first_names and name_word(k, lex)


#: adjectives of a patient's state after "mr." before "at bedside" ("mr. alert at bedside"); any
#: other word stays a surname there, listed or not ("mrs. thimble at bedside": review of
#: deidleft19, finding 3); "pale", "weak" and "quiet" left out, surnames too ("Mr. Pale at
#: bedside": fix round, review of deidleft20, finding 4)
_STATE_ADJECTIVES = frozenset(
    "alert calm awake asleep anxious tearful drowsy lethargic lucid sleepy restless "
    "agitated comfortable confused oriented stable sedated tired upset pleasant cooperative resting "
    "diaphoretic flushed somnolent obtunded nauseous dizzy".split())
def _state_adjective(key: str) -> bool:
    """A listed word of a patient's state (the -ful/-ous/-ic/-y endings were tried and dropped
    surnames: "mrs. goody", "mr. rustic"; third review of deidleft19, finding 4)."""
    return key in _STATE_ADJECTIVES


_TITLE_DOT_BEFORE = re.compile(r"(?<![\w.])(?:mr|mrs|ms)\.[ \t]+\Z", re.IGNORECASE)
_AT_BEDSIDE = re.compile(r"[ \t]+at[ \t]+(?:the[ \t]+)?bedside\b", re.IGNORECASE)


def state_after_title(text: str, t: Token) -> bool:
    """A listed word of a patient's state after "Mr." / "Mrs." / "Ms." and before "at (the)
    bedside", in any case: "Mr. Alert at bedside", "MRS. CALM AT THE BEDSIDE" (session 20; the
    lower-case form is refused by :func:`title_word_name`); a listed surname stays a name
    ("Mrs. Pleasant at bedside")."""
    return _state_adjective(t.key) and not listed_surname(t.key) \
        and _TITLE_DOT_BEFORE.search(text, max(0, t.start - 8), t.start) is not None \
        and _AT_BEDSIDE.match(text, t.end) is not None


def title_word_name(text: str, t: Token) -> bool:
    """A lower-case English word right after "dr" (or "mr." / "mrs." / "ms." with the period,
    where "is a" may follow too: "mr. mouse is a 79-year-old") is the surname when a name's end
    follows it ("dr. thimble  signed", "dr ladle (hospitalist)", "dr trowel aware"), and it is no word
    that follows a title otherwise ("dr office", "dr appt", "dr just called"), nor after a
    determiner unless a colleague's verb follows ("the dr loci", not "the dr trowel aware")."""
    if len(t.key) >= 3 and t.key not in _AFTER_TITLE_WORDS \
            and _DOT_TITLE_BEFORE.search(text, max(0, t.start - 8), t.start) is not None:
        # "mr. mouse is a 79-year-old", "mrs. thimble aware": a title with its period; not
        # "mr. alert and oriented", "mrs. happy with care", "mr. angry at staff" (an adjective
        # before a conjunction, a comma or a preposition; reviewer, session 18)
        return _DOT_NAME_END.match(text, t.end) is not None or _IS_A.match(text, t.end) is not None \
            or (_DOT_AT_BEDSIDE.match(text, t.end) is not None
                and (listed_surname(t.key) or not _state_adjective(t.key)))
    return len(t.key) >= 3 and t.key not in _AFTER_TITLE_WORDS \
        and _DR_BEFORE.search(text, max(0, t.start - 8), t.start) is not None \
        and _NAME_END.match(text, t.end) is not None \
        and (_DET_DR_BEFORE.search(text, max(0, t.start - 16), t.start) is None
             or _NAME_END_VERB.match(text, t.end) is not None)


def inflected(ctx: Ctx, key: str) -> bool:
    """An inflected English word ("requests", "called", "visiting"), not a name."""
    if key.endswith(_SUFFIXES):
        return True
    common = ctx.lex.common_words
    return key.endswith("s") and (key[:-1] in common or key[:-2] in common)


_SUFFIXES = ("ing", "ed", "ly", "tion", "ment", "ness", "able", "ies", "ful", "less")


def header_surname(ctx: Ctx, prev: Token, t: Token, cue: int) -> bool:
    """After a header cue and a first name, any capitalised word but a clinical, function or
    inflected one is the surname: "CONTACT PERSON: JOHN DOE"."""
    return (cue == 2 and t.cap and prev.key in ctx.lex.first_names and t.key not in FUNCTION_WORDS
            and not ctx.medical(t) and not inflected(ctx, t.key) and t.key not in _MODALS)


def surname(ctx: Ctx, t: Token) -> bool:
    """A census surname that may follow a first name even if it is a word ("MARY MARSH")."""
    return (t.cap and t.key in ctx.lex.last_names and t.key not in FUNCTION_WORDS
            and t.key not in _MODALS and not ctx.medical(t) and not inflected(ctx, t.key))


def modal_first_name(ctx: Ctx, i: int) -> bool:
    """After a title, a listed first name that is also a modal or function word ("Will") is the
    first name when a surname follows on the same line: "Dr. Will Smith saw pt", "dr will
    kowalski". The surname: a capitalised listed surname in mixed case ("Dr. Will Call" is
    refused only in capitals), else a listed surname that is no English or clinical word and no
    verb form ("DR WILL CALL", "dr will see pt", "Dr. Will follow up" stay)."""
    toks, lex = ctx.toks, ctx.lex
    t = toks[i]
    if t.key not in MODALS or t.key not in lex.first_names or i + 1 >= len(toks) \
            or not joined(ctx, i, False):
        return False
    nxt = toks[i + 1]
    if nxt.upper != t.upper or nxt.cap != t.cap or nxt.key in MODALS:
        return False
    if t.cap and not t.upper and surname(ctx, nxt) and nxt.key not in CALENDAR_WORDS:
        # "Dr. Will Smith": in mixed case a capital marks the surname; an English word only
        # before a name's end ("Dr. Will Smith saw pt"; not "Dr. Will Call back", "Dr. Will Hunt
        # for records"; reviewer, session 18)
        return nxt.key not in lex.common_words or _MODAL_SURNAME_END.match(ctx.text, nxt.end) is not None
    return (nxt.key in lex.last_names and nxt.key not in lex.common_words and not ctx.medical(nxt)
            and nxt.key not in FUNCTION_WORDS and not verb_form(nxt.key, lex))


def eponym_first_name(ctx: Ctx, i: int, cue: int) -> bool:
    """After a cue, a listed medical word followed by a surname is a first name: "friend
    (Bell Mckinnon)", "wife Grace Hill"."""
    toks = ctx.toks
    t = toks[i]
    if not cue or not t.cap or t.key in FUNCTION_WORDS or t.key in RELATIONS or t.upper:
        return False
    if t.key not in ctx.lex.first_names or followed_by_head_noun(ctx.text, t.end):
        return False
    after_relation = i > 0 and toks[i - 1].key in RELATIONS  # "her friend, Bell, says"
    return after_relation or (i + 1 < len(toks) and joined(ctx, i, False) and (
        surname(ctx, toks[i + 1]) or word_ok(ctx, toks[i + 1], False, cue)))
