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

Precision guard: words in ``resources/medical_terms.txt`` (eponyms, drugs, labs, units,
anatomy, services, abbreviations such as "MS", "PT", countries) are not names. Exceptions,
where the context is strong: right after a title ("Dr. Bell"), and a census first name right
after a relation or before a surname after a cue ("her friend, Bell,", "son (Bell Mckinnon)").
A word followed by a head noun ("Foley catheter", "Parkinson's disease", "Wilson disease") is
an eponym and never a name, even after a title ("Dr. Foley catheter").
"""

from __future__ import annotations

import re

from meddx.deid._detector import Detector, register_detector
from meddx.deid._lexicon import Lexicon, lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, followed_by_head_noun, tokenize

__all__ = ["NameDetector"]

TITLES = frozenset("dr doctor mr mrs ms miss mx prof professor".split())
#: Credentials after a name ("Anne Kowalczyk, RN"); the ambiguous ones need the comma.
CREDENTIALS = frozenset("md mbbs rn np phd msw lcsw cna lpn rph pharmd dds crna aprn fnp anp "
                        "acnp rrt".split())
_COMMA_CREDENTIALS = frozenset("do pa pa-c".split())
RELATIONS = frozenset(
    "husband wife daughter son mother father mom dad brother sister niece nephew grandson "
    "granddaughter grandmother grandfather friend partner fiance fiancee neighbor neighbour "
    "spouse boyfriend girlfriend aunt uncle cousin guardian caregiver hcp proxy sibling "
    "stepdaughter stepson nok".split()
)
_WEAK_CUES = frozenset("per called paged cc c/b attn contact".split())
_IS_AGED = re.compile(r"[ \t]+(?:is|was)[ \t]+an?[ \t]+\d{1,3}[ \t]*-?[ \t]*(?:y|yr|year)",
                      re.IGNORECASE)
_MODALS = frozenset("will may can must shall might would should could did does".split())
_MONTHS = frozenset("january february march april may june july august september october "
                     "november december".split())
PARTICLES = frozenset("de la del della der van von da di du le st bin ibn".split())
_CUES = (
    r"(?:spoke|speaking|talked|discussed|met|d/w)\s+(?:with|to)|seen\s+by|evaluated\s+by|"
    r"examined\s+by|signed\s+by|dictated\s+by|transcribed\s+by|reviewed\s+by|per|called|"
    r"paged|cc|c/b|attn|contact|(?:patient|pt)(?:'s)?\s+name|name|patient|pt|attending|"
    r"resident|intern|fellow|pcp|referring(?:\s+(?:md|physician|provider))?|physician|provider|"
    r"surgeon|nurse|case\s+manager|social\s+worker|emergency\s+contact|next\s+of\s+kin|"
    r"informant|interpreter|co-?signed\s+by|author|from|to|by|" + "|".join(sorted(RELATIONS))
)
_CUE_PATTERN = r"(?<![\w/])(" + _CUES + r")\b[ \t]*([:#-]?)[ \t]*(?:\(|,[ \t]*)?"
_CUE_RE = re.compile(_CUE_PATTERN, re.IGNORECASE)
# The same on lower-cased text, case-sensitive: several times faster than re.IGNORECASE.
_CUE_RE_LOWER = re.compile(_CUE_PATTERN)
# Cues that only count with a colon ("Patient: JOHN SMITH", "From: ..."), not in prose.
_COLON_ONLY = frozenset("patient pt name attending resident intern fellow physician provider "
                        "surgeon nurse author from to by informant contact".split())


_SPACES = re.compile(r"\s+")
_DIGIT_AFTER = re.compile(r"\s*\d")
_CREDENTIAL = re.compile(r"(,?)[ \t]*([A-Za-z](?:[A-Za-z.-]*[A-Za-z])?)\.?(?![\w])")


def _cue_ends(text: str) -> dict[int, int]:
    """Offsets where a name may start because a cue ends there -> the cue's level (see _ok)."""
    ends = {}
    low = text.lower()
    found = _CUE_RE_LOWER.finditer(low) if len(low) == len(text) else _CUE_RE.finditer(text)
    for m in found:
        cue = _SPACES.sub(" ", m.group(1).lower())
        colon = m.group(2) == ":"
        if cue in _COLON_ONLY and not colon:
            continue
        ends[m.end()] = 2 if colon and cue not in _WEAK_CUES else int(cue not in _WEAK_CUES)
    return ends


class _Ctx:
    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text, self.lex = text, lex
        self.toks = tokenize(text)
        self.cue_ends = _cue_ends(text)
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
            got = self.lex.is_medical(t.text) or followed_by_head_noun(self.text, t.end)
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


def _ok(ctx: _Ctx, t: Token, strong: bool, cue: int = 0) -> bool:
    """Whether ``t`` may be part of a name after a title (``strong``) or a cue of level ``cue``
    (0: weak such as "per"; 1: strong such as "daughter", "spoke with"; 2: a header such as
    "Patient:")."""
    if t.initial:
        return True
    if not t.cap or t.key in FUNCTION_WORDS or t.key in TITLES or t.key in CREDENTIALS:
        return False
    if strong:
        if followed_by_head_noun(ctx.text, t.end):
            return False
        return not (t.upper and t.key in ctx.lex.medical and not ctx.in_names(t))
    if t.key in RELATIONS:
        return False
    if ctx.medical(t) and not (cue and t.key in _MONTHS):
        # "friend BELL", "Patient: Mallory ...": an eponym that is also a name, right after a
        # strong cue, is the name (not before a head noun: "Patient: Foley catheter")
        if not (cue >= 1 and ctx.in_names(t) and not followed_by_head_noun(ctx.text, t.end)):
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


def _inflected(ctx: _Ctx, key: str) -> bool:
    """An inflected English word ("requests", "called", "visiting"), not a name."""
    if key.endswith(_SUFFIXES):
        return True
    common = ctx.lex.common_words
    return key.endswith("s") and (key[:-1] in common or key[:-2] in common)


_SUFFIXES = ("ing", "ed", "ly", "tion", "ment", "ness", "able", "ies", "ful", "less")


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
    if not _ok(ctx, toks[i], strong, cue) and not _eponym_first_name(ctx, i, cue):
        return None
    j = i
    while j + 1 < len(toks) and j - i < 3 and _joined(ctx, j, allow_comma and j == i):
        nxt = toks[j + 1]
        if nxt.key in PARTICLES and not nxt.upper and j + 2 < len(toks) \
                and _joined(ctx, j + 1, False) and toks[j + 2].cap:
            j += 1  # "de la Cruz", "van der Berg": the next capitalised word decides
            continue
        if not _ok(ctx, nxt, strong or toks[j].initial, cue) and not _surname(ctx, nxt):
            break
        j += 1
    while j > i and toks[j].key in PARTICLES:
        j -= 1
    return start, j


def _title_at(ctx: _Ctx, i: int) -> bool:
    """Token i is a title directly followed (same line) by another token."""
    toks = ctx.toks
    t = toks[i]
    if t.key not in TITLES or not t.cap or i + 1 >= len(toks) or not _joined(ctx, i, False):
        return False
    if t.text == "MS" and not t.dot:  # "MS" is multiple sclerosis unless "MS." or a name follows
        nxt = toks[i + 1]
        return ctx.in_names(nxt) and not ctx.medical(nxt)
    return True


def _credential_after(ctx: _Ctx, j: int) -> bool:
    """A credential follows token j: "Smith, MD", "Smith RN", "Smith, M.D."."""
    end = ctx.toks[j].end
    m = _CREDENTIAL.match(ctx.text[end:end + 12])
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
        while i < n:
            t = toks[i]
            got, score = None, 0.7
            if _title_at(ctx, i):
                got, score = _take(ctx, i + 1, strong=True), 0.95
            elif t.cap and t.start in ctx.cue_ends:
                got = _take(ctx, i, strong=False, allow_comma=True, cue=ctx.cue_ends[t.start])
                score = 0.85
            if got is None and t.cap and not t.initial:
                got = self._no_cue(ctx, i)
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
        return [Span(s, e, "NAME", self.name, sc) for s, e, sc in found]

    def _before_credential(self, ctx: _Ctx, k: int, comma: bool = False) -> tuple[int, int] | None:
        """The name ending at token k, which a credential or "is a 45 yo" follows."""
        toks = ctx.toks
        if not _ok(ctx, toks[k], False, 2):
            return None
        first = k
        while first > 0 and k - first < 3 and _joined(ctx, first - 1, comma) \
                and _ok(ctx, toks[first - 1], False, 2):
            first -= 1
        return first, k

    def _no_cue(self, ctx: _Ctx, i: int) -> tuple[int, int] | None:
        toks, lex = ctx.toks, self.lex
        t = toks[i]
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
