"""The names detector: census name lists plus context cues, with a medical precision guard.

A run of capitalised words is a NAME when

* it follows a title ("Dr.", "Mr.", "Mrs.", "Ms.", "Miss", "Prof.") — any capitalised word;
* it follows a cue ("husband", "daughter", "spoke with", "seen by", "Patient:", "Name:",
  "Attending:", "signed by", ...) or precedes a credential (", MD", " RN", " NP", ...) — any
  capitalised word that is a census name or not a common English word;
* it is the subject of an age: "Dantor E. Hillman is a 55 y/o";
* without a cue: a census first name followed by a census surname or by a capitalised word
  that is no English word ("Mary Rourke"), a census surname, comma and first name ("SMITH,
  JOHN"), or a lone census first name in mixed case that is no English word ("called
  Deborah"). In ALL CAPS text a name without a cue needs a listed first name and surname.

Context rules in ``_cued_names`` add "drs A and B" in any case, words before a credential after
"and" / "by" / "to", hand-offs ("report given to odalys pt"), signature dashes and brackets,
staff credentials before a staff verb ("HOPE PA AWARE") and sign-offs; ``_name_cues`` holds
the cue checks around a token ("daughter/HCP June", "HCP mike", "called joan", "SON CHIP
CALLED"); ``_signatures`` the signature lines ("Faith Kettle, RN"). Other occurrences of a
name's parts in the note are tagged by ``_propagate`` (through the de-identifier).

Precision guard: words in ``resources/medical_terms.txt`` (eponyms, drugs, labs, units,
anatomy, services, abbreviations such as "MS", "PT", countries) are not names. Exceptions,
where the context is strong: right after a title ("Dr. Bell"), and a census first name right
after a relation or before a surname after a cue ("her friend, Bell,", "son (Bell Mckinnon)").
A word followed by a head noun ("Foley catheter", "Parkinson's disease", "Wilson disease") is
an eponym and never a name, even after a title ("Dr. Foley catheter").
"""

from __future__ import annotations

import re

from meddx.deid._cued_names import cued_name_spans
from meddx.deid._detector import Detector, register_detector
from meddx.deid._lexicon import MONTHS, Lexicon, lexicon
from meddx.deid._name_cues import (
    MODALS,
    NOT_AFTER_CUE,
    RELATIONS,
    ROLES,
    after_relation_slash,
    first_and_unknown,
    header_comma_name,
    lower_name_after_caps_cue,
    named_by_context,
    relation_verb_name,
    role_surname_lower,
    verb_form,
    weak_cue_lower,
)
from meddx.deid._signatures import _NOT_NAMES as _UNIT_WORDS
from meddx.deid._signatures import credential_names
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, followed_by_head_noun, tokenize

__all__ = ["NameDetector"]

TITLES = frozenset("dr drs doctor mr mrs ms miss mx prof professor rev fr br".split())
#: Titles that count in lower case too ("per dr smith", "mr. kowalski"); those in
#: _DOT_TITLES only with a period ("ms." is no multiple sclerosis, "fr." no French size).
_LOWER_TITLES = frozenset("dr drs mr mrs ms rev fr br".split())
_DOT_TITLES = frozenset("ms rev fr br".split())
#: Credentials after a name ("Anne Kowalczyk, RN"); the ambiguous ones need the comma.
CREDENTIALS = frozenset("md mbbs rn np phd msw lcsw cna lpn rph pharmd dds crna aprn fnp anp "
                        "acnp rrt cnm sn slp wocn lmsw licsw emt bsn msn ccrn cen ocn rnc cnl cpn "
                        "ccm cde cdn cpan cnor facc facp fccp faan mph mba lmft otr rd cns rnfa "
                        "rn-bc ccrn-k scrn cphq rdcs rdms rvt rcs rcis cwocn cota".split())
_COMMA_CREDENTIALS = frozenset("do pa pa-c".split())
_WEAK_CUES = frozenset("per called paged cc c/b attn contact pt".split())
_IS_AGED = re.compile(r"[ \t]+(?:is|was)[ \t]+an?[ \t]+\d{1,3}[ \t]*-?[ \t]*(?:y|yr|year)",
                      re.IGNORECASE)
_MODALS = MODALS
_MONTHS = MONTHS
PARTICLES = frozenset("de la del della der van von da di du le st bin ibn".split())
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
    note assistant anesthesia anesthesiologist scrub circulator witness guarantor cm""".split(),
    *sorted(RELATIONS | ROLES),
]
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
                        "anesthesiologist scrub witness guarantor cm".split()) | {
    "resp party", "responsible party", "first assistant", "assisted by", "performed by",
    "supervised by", "witnessed by"}


_SPACES = re.compile(r"\s+")
_DIGIT_BEFORE = re.compile(r"\d\s*$")
_DIGIT_AFTER = re.compile(r"\s*\d")
_CREDENTIAL = re.compile(r"(,?)[ \t]*([A-Za-z](?:[A-Za-z.-]*[A-Za-z])?)\.?(?![\w])")


def _cue_ends(text: str, toks: list[Token]) -> tuple[dict[int, int], set[int]]:
    """Offsets where a name may start because a cue ends there -> the cue's level (see _ok),
    and those of the cues in lower case."""
    ends: dict[int, int] = {}
    lower: set[int] = set()
    low = text.lower()
    found = _CUE_RE_LOWER.finditer(low) if len(low) == len(text) else _CUE_RE.finditer(text)
    hits = [(_SPACES.sub(" ", m.group(1).lower()), m.start(1), m.end(1), m.group(2), m.end())
            for m in found]
    for t in toks:
        if t.key in _WORD_CUES and not t.dot and (
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


class _Ctx:
    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text, self.lex = text, lex
        self.toks = tokenize(text)
        self.cue_ends, self.lower_cues = _cue_ends(text, self.toks)
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


def _joined(ctx: _Ctx, i: int, allow_comma: bool) -> bool:
    """Tokens i and i+1 belong to one name: only spaces (or an initial's period) between."""
    gap = ctx.gap(i)
    if "\n" in gap or len(gap) > 3:
        return False
    if gap.strip(" .") == "" and gap.count(".") <= 1:
        return ctx.toks[i].initial or "." not in gap or ctx.toks[i].key in TITLES
    return allow_comma and gap.strip() == ","


def _ok(ctx: _Ctx, t: Token, strong: bool, cue: int = 0, first: bool = True) -> bool:
    """Whether ``t`` may be part of a name after a title (``strong``) or a cue of level ``cue``
    (0: weak such as "per"; 1: strong such as "daughter", "spoke with"; 2: a header such as
    "Patient:"); ``first``: the name's first word."""
    if t.initial:
        return True
    if not t.cap:
        return bool(strong or cue) and _lower_ok(ctx, t, strong, first)
    if t.key in FUNCTION_WORDS or t.key in TITLES or t.key in CREDENTIALS \
            or (not first and t.key in NOT_AFTER_CUE):  # "DR O'MALLEY OK TO EXTUBATE"
        return False
    if strong:
        if followed_by_head_noun(ctx.text, t.end):
            return False
        if not first and t.upper and not ctx.in_names(t) and (
                _inflected(ctx, t.key) or t.key in ctx.lex.common_words):
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
    if t.upper and not ctx.in_names(t) and _inflected(ctx, t.key):
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


def _lower_ok(ctx: _Ctx, t: Token, strong: bool, first: bool) -> bool:
    """A lower-case word after a title or a strong cue ("dr smith", "son mike", "wife hope",
    "grandson tyler brisbois"): a listed name, or a word no dictionary knows."""
    k, lex = t.key, ctx.lex
    if len(k) < 2 or k in FUNCTION_WORDS or k in TITLES or k in CREDENTIALS or k in RELATIONS \
            or k in ROLES or k in _MODALS or k in _MONTHS or k in NOT_AFTER_CUE:
        return False
    if followed_by_head_noun(ctx.text, t.end):
        return False
    common = k in lex.common_words
    if (common or ctx.medical(t)) and _inflected(ctx, k):
        return False
    if not first and verb_form(k, lex):
        return False  # "mr white ambulating"
    if ctx.medical(t):  # "dr bell", not "son ativan"
        return strong and ctx.in_names(t)
    if "-" in k and all(p in lex.common_words or lex.is_medical(p) for p in k.split("-") if p):
        return False  # "sibling, bone-marrow"
    if not common:
        return True  # "dtr keisha", "dr farrokhzad", "tyler brisbois"
    if strong:
        return ctx.in_names(t)  # "dr bell", "dr white"; not "dr aware"
    return first and k in lex.first_names  # "wife hope", "sons ken and gary"


_SUFFIX_WORDS = frozenset(("jr", "sr", "ii", "iii", "iv"))


def _inflected(ctx: _Ctx, key: str) -> bool:
    """An inflected English word ("requests", "called", "visiting"), not a name."""
    if key.endswith(_SUFFIXES):
        return True
    common = ctx.lex.common_words
    return key.endswith("s") and (key[:-1] in common or key[:-2] in common)


_SUFFIXES = ("ing", "ed", "ly", "tion", "ment", "ness", "able", "ies", "ful", "less")


def _header_surname(ctx: _Ctx, prev: Token, t: Token, cue: int) -> bool:
    """After a header cue and a first name, any capitalised word but a clinical, function or
    inflected one is the surname: "CONTACT PERSON: JOHN DOE"."""
    return (cue == 2 and t.cap and prev.key in ctx.lex.first_names and t.key not in FUNCTION_WORDS
            and not ctx.medical(t) and not _inflected(ctx, t.key) and t.key not in _MODALS)


def _surname(ctx: _Ctx, t: Token) -> bool:
    """A census surname that may follow a first name even if it is a word ("MARY MARSH")."""
    return (t.cap and t.key in ctx.lex.last_names and t.key not in FUNCTION_WORDS
            and t.key not in _MODALS and not ctx.medical(t) and not _inflected(ctx, t.key))


def _eponym_first_name(ctx: _Ctx, i: int, cue: int) -> bool:
    """After a cue, a listed medical word followed by a surname is a first name: "friend
    (Bell Mckinnon)", "wife Grace Hill"."""
    toks = ctx.toks
    t = toks[i]
    if not cue or not t.cap or t.key in FUNCTION_WORDS or t.key in RELATIONS or t.upper:
        return False
    if t.key not in ctx.lex.first_names or followed_by_head_noun(ctx.text, t.end):
        return False
    after_relation = i > 0 and toks[i - 1].key in RELATIONS  # "her friend, Bell, says"
    return after_relation or (i + 1 < len(toks) and _joined(ctx, i, False) and (
        _surname(ctx, toks[i + 1]) or _ok(ctx, toks[i + 1], False, cue)))


def _lone_letter(ctx: _Ctx, i: int) -> bool:
    """Token i, after "dr", is a one-letter name: "paged dr x re: BP", "Dr. Q aware"; not an
    initial before a surname ("Dr. J. Smith") or a count ("dr x 2")."""
    toks, text = ctx.toks, ctx.text
    t = toks[i]
    if len(t.text) != 1 or not t.text.isalpha() or toks[i - 1].key not in ("dr", "doctor"):
        return False
    after = text[t.end:t.end + 3]
    if after[:1] and (after[0].isalnum() or after[0] in "-/'’"):
        return False
    if re.match(r"\.?[ \t]*\d", after):
        return False
    return not (i + 1 < len(toks) and _joined(ctx, i, False) and toks[i + 1].cap)


def _take(ctx: _Ctx, i: int, strong: bool, allow_comma: bool = False,
          cue: int = 0) -> tuple[int, int] | None:
    """The name starting at token i, up to 4 tokens, as (first, last) token indices."""
    toks = ctx.toks
    start = i
    while (strong or cue) and i + 1 < len(toks) and toks[i].key in PARTICLES \
            and not toks[i].upper and _joined(ctx, i, False):
        i += 1  # "Mr. de la Cruz"
    if i >= len(toks):
        return None
    if not strong and not toks[i].cap and toks[i].start not in ctx.lower_cues \
            and not lower_name_after_caps_cue(ctx.text, toks, i, ctx.lex):
        return None  # "PA mRNA": a lower-case name needs a lower-case cue ("son mike")
    if not _ok(ctx, toks[i], strong, cue) and not _eponym_first_name(ctx, i, cue) \
            and not (cue == 0 and not strong and not toks[i].cap
                     and weak_cue_lower(ctx.text, toks[i], ctx.lex)) \
            and not relation_verb_name(ctx.text, toks, i, ctx.lex) \
            and not role_surname_lower(ctx.text, toks, i, ctx.lex) \
            and not (cue == 2 and header_comma_name(ctx.text, toks, i, ctx.lex)):
        return None
    j = i
    while j + 1 < len(toks) and j - i < 3 and _joined(ctx, j, allow_comma and j == i):
        nxt = toks[j + 1]
        if nxt.key in PARTICLES and not nxt.upper and j + 2 < len(toks) \
                and _joined(ctx, j + 1, False) and (toks[j + 2].cap or toks[j + 2].key in PARTICLES):
            j += 1  # "de la Cruz", "van der Berg": the next capitalised word decides
            continue
        if (not _ok(ctx, nxt, strong or toks[j].initial, cue, first=False)
                and not _surname(ctx, nxt) and not _header_surname(ctx, toks[j], nxt, cue)) \
                or ctx.text[nxt.end:nxt.end + 1].isdigit():  # "TERESA X4421": an extension
            break
        j += 1
    while j > i and toks[j].key in PARTICLES:
        j -= 1
    if j + 1 < len(toks) and toks[j + 1].key in _SUFFIX_WORDS and toks[j + 1].cap \
            and _joined(ctx, j, True):
        j += 1  # "Harold Jr.", "WENDELL SMITH III"
    return start, j


def _coordinated(ctx: _Ctx, last: int, cue: int) -> None:
    """After a name found through a cue, "and NAME" / "& NAME" starts another name after
    the same cue."""
    toks = ctx.toks
    if last + 2 < len(toks) and toks[last + 1].key == "and" and _joined(ctx, last, False) \
            and _joined(ctx, last + 1, False) and "&" not in ctx.gap(last):
        nxt = toks[last + 2]
    elif last + 1 < len(toks) and ctx.gap(last).strip() == "&":
        nxt = toks[last + 1]
    else:
        return
    ctx.cue_ends.setdefault(nxt.start, cue)
    if toks[last].start in ctx.lower_cues or not toks[last].cap:
        ctx.lower_cues.add(nxt.start)


def _title_at(ctx: _Ctx, i: int) -> bool:
    """Token i is a title directly followed (same line) by another token."""
    toks = ctx.toks
    t = toks[i]
    if t.key not in TITLES or i + 1 >= len(toks) or not _joined(ctx, i, False):
        return False
    if not t.cap and t.key not in _LOWER_TITLES:
        nxt = toks[i + 1]  # "miss patel", not "miss work", "miss doses"
        return t.key == "miss" and not nxt.cap and len(nxt.key) >= 3 \
            and nxt.key in ctx.lex.last_names and nxt.key not in ctx.lex.common_words \
            and not ctx.medical(nxt)
    if t.key in _DOT_TITLES and not t.dot and not (t.text == "MS" or t.text == "Ms"):
        return False  # "ms" (multiple sclerosis), "14 fr"; but "Ms Lee", "MS JONES"
    if (t.key in ("fr", "br") or not t.cap) \
            and _DIGIT_BEFORE.search(ctx.text, max(0, t.start - 3), t.start):
        return False  # "14 Fr. Foley", "190 ms. Thus"
    nxt = toks[i + 1]
    if t.upper and not nxt.cap and not (
            nxt.key in ctx.lex.first_names and nxt.key not in ctx.lex.common_words) and not (
            t.key == "dr" and len(nxt.key) >= 3 and nxt.key not in ctx.lex.common_words
            and not ctx.medical(nxt)):
        return False  # "MRS line width"; but "DR underhill" (a word no dictionary knows)
    if t.text in ("MR", "MS") and (not t.dot or not toks[i + 1].upper) \
            and ctx.medical(toks[i + 1]) and not toks[i + 1].initial:
        return False  # "mild MR. Allegra prn", "MR BRAIN W/WO": a valve, imaging; not a title
    if t.text == "MS" and not t.dot:  # "MS" is multiple sclerosis unless "MS." or a name follows
        nxt = toks[i + 1]
        return ctx.in_names(nxt) and not ctx.medical(nxt)
    return True


def _credential_after(ctx: _Ctx, j: int) -> bool:
    """A credential follows token j: "Smith, MD", "Smith RN", "Smith, M.D."."""
    end = ctx.toks[j].end
    m = _CREDENTIAL.match(ctx.text, end, end + 12)
    if not m:
        return False
    cred = m.group(2).lower().replace(".", "")
    return cred in CREDENTIALS or (cred in _COMMA_CREDENTIALS and m.group(1) == ",")


@register_detector("names")
class NameDetector(Detector):
    """Person names from census lists and context cues (see the module docstring)."""

    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or lexicon()

    def detect(self, text: str) -> list[Span]:
        ctx = _Ctx(text, self.lex)
        toks = ctx.toks
        found: list[tuple[int, int, float]] = []
        i, n = 0, len(toks)
        firsts, lasts = self.lex.first_names, self.lex.last_names
        while i < n:
            t = toks[i]
            got, score = None, 0.7
            if t.key in TITLES and _title_at(ctx, i):  # the set test first: most words are no title
                got, score = _take(ctx, i + 1, strong=True), 0.95
                if (got is None or got == (i + 1, i + 1)) and _lone_letter(ctx, i + 1):
                    found.append((toks[i + 1].start, toks[i + 1].end, 0.85))  # "Dr. X"
                if got is not None and t.key == "drs":
                    _coordinated(ctx, got[1], 1)  # "Drs Lee and Park"
                    ctx.after_title.add(toks[got[1]].end)
            elif t.start in ctx.cue_ends:
                cue = ctx.cue_ends[t.start]
                # the second of "drs whitlock and kettle" is a title's name too
                strong = i >= 2 and toks[i - 2].end in ctx.after_title
                got = _take(ctx, i, strong=strong, allow_comma=t.cap or cue == 2, cue=cue)
                score = 0.85
                if got is not None and cue:
                    _coordinated(ctx, got[1], cue)  # "sons ken and gary", "DTRS IRENE AND MARGO"
            if got is None and t.cap and not t.initial and (t.key in firsts or t.key in lasts):
                got = self._no_cue(ctx, i)  # (it needs a listed name: the set tests first)
            if got is None and t.cap and not t.initial and _credential_after(ctx, i):
                got, score = self._before_credential(ctx, i), 0.85
            if got is None or (got[0] == got[1] and toks[got[0]].initial):
                i += 1
                continue
            a, b = got
            found.append((toks[a].start, toks[b].end, score))
            i = b + 1
        # "Dantor E. Hillman is a 55 y/o", "SMITH, JOHN IS A 92 Y/O": the subject of an age.
        ends = {t.end: k for k, t in enumerate(toks)}
        for m in _IS_AGED.finditer(text):
            k = ends.get(m.start())
            if k is not None and toks[k].cap and not toks[k].initial:
                got = self._before_credential(ctx, k, comma=True)
                if got is not None:
                    found.append((toks[got[0]].start, toks[got[1]].end, 0.8))
        found += [(s, e, 0.85) for s, e in credential_names(text, self.lex, toks)]
        found += [(s, e, 0.8) for s, e in named_by_context(text, self.lex)]
        found += [(s, e, 0.75) for s, e in cued_name_spans(text, self.lex)]
        return [Span(s, e, "NAME", self.name, sc) for s, e, sc in found]

    def _before_credential(self, ctx: _Ctx, k: int, comma: bool = False) -> tuple[int, int] | None:
        """The name ending at token k, which a credential or "is a 45 yo" follows."""
        toks = ctx.toks
        if not _ok(ctx, toks[k], False, 2) or (toks[k].key in _UNIT_WORDS and not (
                k > 0 and _joined(ctx, k - 1, comma))):
            return None  # "Day RN aware" is a shift; "Doris Day, RN" a name
        first = k
        while first > 0 and k - first < 3 and _joined(ctx, first - 1, comma) \
                and _ok(ctx, toks[first - 1], False, 2):
            first -= 1
        return first, k

    def _no_cue(self, ctx: _Ctx, i: int) -> tuple[int, int] | None:
        toks, lex = ctx.toks, self.lex
        t = toks[i]
        if t.key not in lex.first_names and t.key not in lex.last_names:
            return None  # each case below needs a listed first name or surname; cheap first
        if ctx.medical(t) or t.key in FUNCTION_WORDS or t.key in RELATIONS or len(t.text) < 2:
            return None
        is_first = t.key in lex.first_names and t.key not in lex.common_words
        any_first = t.key in lex.first_names and t.key not in _MODALS  # "John" is also a word
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        # First name + surname (optionally a middle initial): "Mary Rourke", "JOHN A. SMITH".
        if any_first and nxt is not None and _joined(ctx, i, False):
            k = i + 1
            if nxt.initial and k + 1 < len(toks) and _joined(ctx, k, False):
                k += 1
            last = toks[k]
            if last.cap and not ctx.medical(last) and last.key not in FUNCTION_WORDS \
                    and t.upper == last.upper and not _inflected(ctx, last.key):
                if last.key in lex.last_names and last.key not in _MODALS:
                    return i, k
                if is_first and not t.upper and last.key not in lex.common_words:
                    return i, k  # "Mary Rourke": a surname no list has
                if any_first and first_and_unknown(ctx.text, t, last, lex):
                    return i, k  # "Bob O'Neil at bedside"
        # "SMITH, JOHN" / "Smith, John"
        if (t.key in lex.last_names and t.key not in _MODALS and nxt is not None
                and _joined(ctx, i, True) and ctx.gap(i).strip() == ","
                and nxt.key in lex.first_names and nxt.key not in _MODALS
                and nxt.cap and t.upper == nxt.upper and not ctx.medical(nxt)):
            return i, i + 1
        # A lone first name in mixed case.
        if is_first and not t.upper and len(t.text) >= 3 and t.key not in lex.cities \
                and t.key not in lex.states:
            return i, i
        return None
