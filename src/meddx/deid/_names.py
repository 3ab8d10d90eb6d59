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
staff credentials before a staff verb ("HOPE PA AWARE") and sign-offs; ``_form_names`` the
forms of a note (census lines, nicknames, typists' initials); ``_name_context`` names told by
the words around them (appositions, groups, a person's verb); ``_name_roles`` names told by a
care role, a header's title or a sign-off. :meth:`NameDetector.detect` calls each of these
rule families in turn (the one place that lists the name rules); ``_name_cues`` holds
the cue checks around a token ("daughter/HCP June", "HCP mike", "called joan", "SON CHIP
CALLED"); ``_signatures`` the signature lines ("Faith Kettle, RN"). Other occurrences of a
name's parts in the note are tagged by ``_propagate`` (through the de-identifier).

Header names are read by four rules, each owning one form; they differ in their cue lists,
their word tests and the spans they take, so they stay apart (one rule would change spans):

* ``_title_at`` (here): a title and the words after it, anywhere: "Dr. Bell", "MR. KOWALSKI";
* ``header_comma_name`` (``_name_cues``, through ``_take`` after a header cue of level 2):
  "Patient: DOE, JANE A", a listed surname that is also an abbreviation, read token by token
  and taken with the words after it;
* ``_HEADER_COMMA`` (``_name_context``): "Patient Name: JOHNSON, WILL", a first name that is
  also a word, which the token rules refuse; the two words only;
* ``_HEADER_TITLE`` (``_name_roles``): "ATTENDING: DR. MACINTOSH", a header in capitals before
  a title, where the name is an eponym or a word that ``_title_at`` refuses.

The cue table, the note context and the checks of one token are in ``_name_ctx``; this
module holds the rules that take a name and the detector, which lists every name rule.

Names told by their form rather than by a listed name (surnames that are English words after
a staff role, sign-out and copy lists, signature initials, particles and line breaks inside a
name) come from ``_word_names``, ``_signout_names`` and ``_name_joins``; names told by a line's
or a note's shape (census lines of several words before an age and sex, the initials that end a
note, dictation, flowsheet and bracketed initials, a record's patient line, "Pt: Surname,
First", a child after "Baby", an eponym as a surname after a listed first name) from
``_shape_names``; names after a relation word or "pt" (the surname after a first name, also
across a line wrap or a hyphen at a line's end, a lone surname after "pt") from ``_name_kin``;
lower-case names before ", <credential>", a board's "Surname, I" rows and a therapist's sign-off
before ", PT" from ``_name_rows``.

Precision guard: words in ``resources/medical_terms.txt`` (eponyms, drugs, labs, units,
anatomy, services, abbreviations such as "MS", "PT", countries) are not names. Exceptions,
where the context is strong: right after a title ("Dr. Bell"), and a census first name right
after a relation or before a surname after a cue ("her friend, Bell,", "son (Bell Mckinnon)").
A word followed by a head noun ("Foley catheter", "Parkinson's disease", "Wilson disease") is
an eponym and never a name, even after a title ("Dr. Foley catheter").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from meddx.deid._caps_pairs import common_pair, miss_name, miss_verb
from meddx.deid._cued_names import cued_name_spans
from meddx.deid._detector import Detector, register_detector
from meddx.deid._form_names import form_names
from meddx.deid._kin_modal_names import kin_modal_names
from meddx.deid._lexicon import Lexicon, lexicon
from meddx.deid._literal_heads import match_from
from meddx.deid._lower_shapes import lower_shape_names
from meddx.deid._name_clinical import drop_clinical_names
from meddx.deid._name_context import context_names
from meddx.deid._name_ctx import (
    Ctx,
    eponym_first_name,
    header_surname,
    inflected,
    joined,
    kin_chain_ok,
    kin_surname,
    modal_first_name,
    state_after_title,
    surname,
    word_ok,
)
from meddx.deid._name_cues import (
    first_and_unknown,
    header_comma_name,
    lower_name_after_caps_cue,
    named_by_context,
    relation_verb_name,
    role_surname_lower,
    weak_cue_lower,
)
from meddx.deid._name_edges import name_edges
from meddx.deid._name_joins import joined_names
from meddx.deid._name_kin import kin_names
from meddx.deid._name_roles import role_names
from meddx.deid._name_rows import row_names
from meddx.deid._name_words import CREDENTIALS, MODALS, RELATIONS, TITLES
from meddx.deid._name_words import UNIT_WORDS as _UNIT_WORDS
from meddx.deid._names_rooms import room_names
from meddx.deid._quoted_names import quoted_names
from meddx.deid._relative_names import relative_names
from meddx.deid._report_staff import drop_field_labels, report_staff_names
from meddx.deid._role_brackets import role_bracket_names
from meddx.deid._role_verb_names import role_verb_names
from meddx.deid._service_names import service_names
from meddx.deid._shape_names import eponym_surname, shape_names
from meddx.deid._shift_note_names import shift_note_names
from meddx.deid._signatures import credential_names
from meddx.deid._signout_names import signout_names
from meddx.deid._span import Span
from meddx.deid._staff_titles import staff_title_names
from meddx.deid._tokens import FUNCTION_WORDS, end_index
from meddx.deid._verb_names import verb_names
from meddx.deid._weekday_names import drop_weekday_names
from meddx.deid._word_names import word_names

__all__ = ["NameDetector"]

#: Titles that count in lower case too ("per dr smith", "mr. kowalski"); those in
#: _DOT_TITLES only with a period ("ms." is no multiple sclerosis, "fr." no French size).
_LOWER_TITLES = frozenset("dr drs mr mrs ms rev fr br".split())
_DOT_TITLES = frozenset("ms rev fr br".split())
_COMMA_CREDENTIALS = frozenset("do pa pa-c".split())
#: Every start of a credential ("m", "md", "p", "pa", ...): the letters a match's credential
#: opens with are one (``_credential_after``'s gate).
_CREDENTIAL_OPENINGS = frozenset(c[:k] for c in CREDENTIALS | _COMMA_CREDENTIALS
                                 for k in range(1, len(c) + 1))
_IS_AGED = re.compile(r"[ \t]+(?:is|was)[ \t]+an?[ \t]+\d{1,3}[ \t]*-?[ \t]*(?:y|yr|year)",
                      re.IGNORECASE)
PARTICLES = frozenset("de la del della der van von da di du le st bin ibn".split())
_BLANKS = frozenset(" \t")


def _is_aged(text: str) -> Iterator[re.Match[str]]:
    """``_IS_AGED.finditer(text)``; on ASCII text matched only where a match can start: at
    the first blank of the blanks before an "is" / "was" (the same matches: a match ends
    with a letter, so no earlier match ends inside those blanks)."""
    if not text.isascii():
        return _IS_AGED.finditer(text)
    low = text.lower()
    starts = set()
    for word in ("is", "was"):
        i = low.find(word)
        while i >= 0:
            if i and low[i - 1] in _BLANKS:
                s = i - 1
                while s and low[s - 1] in _BLANKS:
                    s -= 1
                starts.add(s)
            i = low.find(word, i + 1)
    return match_from(_IS_AGED, text, sorted(starts))


_DIGIT_BEFORE = re.compile(r"\d[ \t]*\Z")  # on the title's line: "14 fr.", not "hr 88\ndr smith"
_CLOCK_BEFORE = re.compile(r"(?<![\d.,:])(?:[01]\d|2[0-3]):?[0-5]\d[ \t]+$")  # a flowsheet time
_SERIAL_AFTER = re.compile(r"[ \t]*[:#]?[ \t]*[A-Za-z-]*\d")
_CREDENTIAL = re.compile(r"(,?)[ \t]*([A-Za-z](?:[A-Za-z.-]*[A-Za-z])?)\.?(?![\w])")
_SUFFIX_WORDS = frozenset(("jr", "sr", "ii", "iii", "iv"))
# "Jr" after a name in any case ("sons tobias and emilio jr."); "Sr" only with its period ("pt
# jones sr 80s" is a sinus rhythm).
_SUFFIX_AFTER = re.compile(r",?[ \t]+(?i:jr\b\.?|sr\.)")


def _suffix_end(text: str, end: int) -> int:
    """The end of a name that ends at ``end``, with a "Jr." / "Sr." after it."""
    if not text[end - 1:end].isalpha():
        return end
    m = _SUFFIX_AFTER.match(text, end)
    return m.end() if m else end


def _lone_letter(ctx: Ctx, i: int) -> bool:
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
    return not (i + 1 < len(toks) and joined(ctx, i, False) and toks[i + 1].cap)


def _take(ctx: Ctx, i: int, strong: bool, allow_comma: bool = False,
          cue: int = 0) -> tuple[int, int] | None:
    """The name starting at token i, up to 4 tokens, as (first, last) token indices."""
    toks = ctx.toks
    start = i
    while (strong or cue) and i + 1 < len(toks) and toks[i].key in PARTICLES \
            and not toks[i].upper and joined(ctx, i, False):
        i += 1  # "Mr. de la Cruz"
    if i >= len(toks):
        return None
    if not strong and not toks[i].cap and toks[i].start not in ctx.lower_cues \
            and not lower_name_after_caps_cue(ctx.text, toks, i, ctx.lex):
        return None  # "PA mRNA": a lower-case name needs a lower-case cue ("son mike")
    if not word_ok(ctx, toks[i], strong, cue) and not eponym_first_name(ctx, i, cue) \
            and not (cue == 0 and not strong and not toks[i].cap
                     and weak_cue_lower(ctx.text, toks[i], ctx.lex)) \
            and not relation_verb_name(ctx.text, toks, i, ctx.lex) \
            and not role_surname_lower(ctx.text, toks, i, ctx.lex) \
            and not (cue == 2 and header_comma_name(ctx.text, toks, i, ctx.lex)) \
            and not (strong and modal_first_name(ctx, i)):
        return None
    j = i
    while j + 1 < len(toks) and j - i < 3 and joined(ctx, j, allow_comma and j == i):
        nxt = toks[j + 1]
        if nxt.key in PARTICLES and not nxt.upper and j + 2 < len(toks) \
                and joined(ctx, j + 1, False) and (toks[j + 2].cap or toks[j + 2].key in PARTICLES):
            j += 1  # "de la Cruz", "van der Berg": the next capitalised word decides
            continue
        if (not word_ok(ctx, nxt, strong or toks[j].initial, cue, first=False)
                and not surname(ctx, nxt) and not header_surname(ctx, toks[j], nxt, cue)
                and not (kin_surname(ctx, toks[i], nxt, cue) and kin_chain_ok(ctx, i, j, nxt))
                and not (j == i and toks[i].key in ctx.lex.first_names
                         and eponym_surname(ctx.text, toks[i], nxt, ctx.lex))) \
                or ctx.text[nxt.end:nxt.end + 1].isdigit():  # "TERESA X4421": an extension
            break
        j += 1
    while j > i and toks[j].key in PARTICLES:
        j -= 1
    if j + 1 < len(toks) and toks[j + 1].key in _SUFFIX_WORDS and toks[j + 1].cap \
            and joined(ctx, j, True):
        j += 1  # "Harold Jr.", "WENDELL SMITH III"
    return start, j


def _coordinated(ctx: Ctx, last: int, cue: int) -> None:
    """After a name found through a cue, "and NAME" / "& NAME" starts another name after
    the same cue."""
    toks = ctx.toks
    if last + 2 < len(toks) and toks[last + 1].key == "and" and joined(ctx, last, False) \
            and joined(ctx, last + 1, False) and "&" not in ctx.gap(last):
        nxt = toks[last + 2]
    elif last + 1 < len(toks) and ctx.gap(last).strip() == "&":
        nxt = toks[last + 1]
    else:
        return
    ctx.cue_ends.setdefault(nxt.start, cue)
    if toks[last].start in ctx.lower_cues or not toks[last].cap:
        ctx.lower_cues.add(nxt.start)


def _title_at(ctx: Ctx, i: int) -> bool:
    """Token i is a title directly followed (same line) by another token."""
    toks = ctx.toks
    t = toks[i]
    if t.key not in TITLES or i + 1 >= len(toks) or not joined(ctx, i, False):
        return False
    if not t.cap and t.key not in _LOWER_TITLES:
        nxt = toks[i + 1]  # "miss patel", not "miss work", "miss doses"
        return t.key == "miss" and not nxt.cap and len(nxt.key) >= 3 \
            and nxt.key in ctx.lex.last_names and nxt.key not in ctx.lex.common_words \
            and not ctx.medical(nxt)
    if t.text == "MISS" and miss_verb(ctx.text, toks, i) and not miss_name(toks[i + 1], ctx.lex):
        return False  # "TO MISS WORK", "MISS DOSES": a verb in capitals (session 24)
    if t.key in _DOT_TITLES and not t.dot and not (t.text == "MS" or t.text == "Ms"):
        return False  # "ms" (multiple sclerosis), "14 fr"; but "Ms Lee", "MS JONES"
    if (t.key in ("fr", "br") or not t.cap) \
            and _DIGIT_BEFORE.search(ctx.text, max(0, t.start - 3), t.start) \
            and not (t.key in ("dr", "drs") and _CLOCK_BEFORE.search(ctx.text, max(0, t.start - 7), t.start)):
        return False  # "14 Fr. Foley", "190 ms. Thus"; not "1100 dr. lee at bedside"
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


def _credential_after(ctx: Ctx, j: int) -> bool:
    """A credential follows token j: "Smith, MD", "Smith RN", "Smith, M.D."."""
    toks = ctx.toks
    end = toks[j].end
    if j + 1 == len(toks):
        return False  # no letter after it
    # a match's credential starts at the next token and holds the letters it opens with (up to
    # the match's bound): those must begin a credential (the regex is tried only then)
    nxt = toks[j + 1]
    opening = nxt.key[:end + 12 - nxt.start]
    if opening.isalpha() and opening.isascii() and opening not in _CREDENTIAL_OPENINGS:
        return False
    m = _CREDENTIAL.match(ctx.text, end, end + 12)
    if not m:
        return False
    cred = m.group(2).lower().replace(".", "")
    if cred == "sn" and _SERIAL_AFTER.match(ctx.text, m.end()):
        return False  # "Vyaire Vmax SN VX2219004": a serial number, not a student nurse
    return cred in CREDENTIALS or (cred in _COMMA_CREDENTIALS and m.group(1) == ",")


@register_detector("names")
class NameDetector(Detector):
    """Person names from census lists and context cues (see the module docstring)."""

    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or lexicon()

    def detect(self, text: str) -> list[Span]:
        ctx = Ctx(text, self.lex)
        toks = ctx.toks
        found: list[tuple[int, int, float]] = []
        i, n = 0, len(toks)
        firsts, lasts = self.lex.first_names, self.lex.last_names
        while i < n:
            t = toks[i]
            got, score = None, 0.7
            if t.key in TITLES and _title_at(ctx, i):  # the set test first: most words are no title
                got, score = _take(ctx, i + 1, strong=True), 0.95
                if got is not None and got[0] == got[1] and state_after_title(text, toks[got[0]]):
                    got = None  # "Mr. Alert at bedside": the patient's state, no surname
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
        ends: dict[int, int] | None = None
        for m in _is_aged(text):
            if ends is None:
                ends = end_index(toks)
            k = ends.get(m.start())
            if k is not None and toks[k].cap and not toks[k].initial:
                got = self._before_credential(ctx, k, comma=True)
                if got is not None:
                    found.append((toks[got[0]].start, toks[got[1]].end, 0.8))
        found += [(s, e, 0.85) for s, e in credential_names(text, self.lex, toks)]
        found += [(s, e, 0.8) for s, e in named_by_context(text, self.lex)]
        low = text.lower()
        for rule in (cued_name_spans, form_names, context_names, role_names, report_staff_names,
                     shift_note_names, word_names, signout_names, joined_names, kin_modal_names,
                     verb_names, shape_names, lower_shape_names, kin_names, row_names,
                     service_names, room_names, relative_names, quoted_names,
                     role_bracket_names,  # session 21: "jasmine (pacu rn)"
                     staff_title_names,  # session 23: "report to rn tj", "fr boniface"
                     role_verb_names):  # session 29: "night rn felicity updated"
            found += [(s, e, 0.75) for s, e in rule(text, low, self.lex)]
        found = name_edges(text, found, self.lex)  # "t. wu rn", "pieter harrow, md"
        found = [(s, _suffix_end(text, e), sc) for s, e, sc in found]  # "emilio jr.", "bernard sr."
        found = drop_field_labels(text, found, self.lex)  # "CRNA   Referring: ..."
        found = drop_clinical_names(text, found, self.lex)  # "NSICU RN", "-- LICSW", "HH RN"
        return drop_weekday_names(text, [Span(s, e, "NAME", self.name, sc) for s, e, sc in found])

    def _before_credential(self, ctx: Ctx, k: int, comma: bool = False) -> tuple[int, int] | None:
        """The name ending at token k, which a credential or "is a 45 yo" follows."""
        toks = ctx.toks
        if not word_ok(ctx, toks[k], False, 2) or (toks[k].key in _UNIT_WORDS and not (
                k > 0 and joined(ctx, k - 1, comma))):
            return None  # "Day RN aware" is a shift; "Doris Day, RN" a name
        first = k
        while first > 0 and k - first < 3 and joined(ctx, first - 1, comma) \
                and word_ok(ctx, toks[first - 1], False, 2):
            first -= 1
        return first, k

    def _no_cue(self, ctx: Ctx, i: int) -> tuple[int, int] | None:
        toks, lex = ctx.toks, self.lex
        t = toks[i]
        if t.key not in lex.first_names and t.key not in lex.last_names:
            return None  # each case below needs a listed first name or surname; cheap first
        if ctx.medical(t) or t.key in FUNCTION_WORDS or t.key in RELATIONS or len(t.text) < 2:
            return None
        is_first = t.key in lex.first_names and t.key not in lex.common_words
        any_first = t.key in lex.first_names and t.key not in MODALS  # "John" is also a word
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        # First name + surname (optionally a middle initial): "Mary Rourke", "JOHN A. SMITH".
        if any_first and nxt is not None and joined(ctx, i, False):
            k = i + 1
            if nxt.initial and k + 1 < len(toks) and joined(ctx, k, False):
                k += 1
            last = toks[k]
            if last.cap and not ctx.medical(last) and last.key not in FUNCTION_WORDS \
                    and t.upper == last.upper and not inflected(ctx, last.key):
                if last.key in lex.last_names and last.key not in MODALS:
                    # in capitals: "A LONG CASE", "CHIN TUCK" (session 24)
                    return None if common_pair(ctx.text, toks, i, k, lex) else (i, k)
                if is_first and not t.upper and last.key not in lex.common_words:
                    return i, k  # "Mary Rourke": a surname no list has
                if any_first and first_and_unknown(ctx.text, t, last, lex):
                    return i, k  # "Bob O'Neil at bedside"
            elif is_first and eponym_surname(ctx.text, t, last, lex):
                return i, k  # "cc: Gerald Parkinson", "Mary Foley called"
        # "SMITH, JOHN" / "Smith, John"
        if (t.key in lex.last_names and t.key not in MODALS and nxt is not None
                and joined(ctx, i, True) and ctx.gap(i).strip() == ","
                and nxt.key in lex.first_names and nxt.key not in MODALS
                and nxt.cap and t.upper == nxt.upper and not ctx.medical(nxt)):
            return i, i + 1
        # A lone first name in mixed case.
        if is_first and not t.upper and len(t.text) >= 3 and t.key not in lex.cities \
                and t.key not in lex.states:
            return i, i
        return None
