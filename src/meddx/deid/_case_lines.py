"""Line context for the case view (:mod:`meddx.deid._case_view`) of a note typed in lower case.

* **Wraps.** A line broken in the middle of a sentence ("from brookside\\nassisted living",
  "husband leland running\\nbear") is re-cased with the next line as one text, so a name
  broken across the lines gets the case its words get on one line; the view keeps the line
  break. Only a long line (40 characters or more, and 60 % of the note's widest line) that
  ends on a letter or a comma joins a next line that opens on a letter and is no list item or field label.
  :func:`~meddx.deid._layout_view.layout_view` has already made the wraps of a hard-wrapped
  note spaces; these are the breaks it leaves (a next word that would have fitted).
* **Signatures.** A facility name after a name and its credential ("priya raman, np,
  northshore internal medicine", "m. ferreira rn, old colony hospice & home care") or on the
  line after a signature line ("laura kettering, md" then "harbor family medicine") gets title
  case when it ends on a facility word and holds a word that is no kind of care, function or
  clinical word, and three words or a listed name or town ("internal medicine", "primary
  care" and "neurocritical care" stay lower case).
"""

from __future__ import annotations

import re

from meddx.deid._case_words import FILL
from meddx.deid._lexicon import lexicon
from meddx.deid._place_words import GENERIC_WORDS, HOSPITAL_WORDS, ORG_WORDS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["CREDENTIALS", "KINDS", "PREFIXES", "SIGNED_HEADS", "kept_view", "signature_line",
           "signed_facilities", "wrap_joins"]

#: credentials after a name ("odalys church, rn")
CREDENTIALS = frozenset("rn md np pa lpn bsn do phd msw lcsw pharmd dds cnm crna pt ot slp".split())
#: a line this long or longer, and at least this share of the note's widest line (of at most
#: _WRAP_MAX characters), may be wrapped in the middle of a sentence; a heading ("department
#: of respiratory medicine") is shorter
_WRAP_LINE, _WRAP_SHARE, _WRAP_MAX = 40, 0.6, 120
#: a next line that is a list item or a field label ("plan:", "- lasix", "2. chf") opens a new
#: line of its own
_OWN_LINE = re.compile(r"[-*+>#]|\d{1,2}[.)]\s|[a-z][.)]\s|[^\W\d_][\w /&-]{0,24}:")
#: a line of a name and its credentials alone ("laura kettering, md", "p. holloway md, phd")
_SIGNATURE = re.compile(r"\s*[^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+){1,3},? *"
                        r"(?:%s)(?:,? +(?:%s))*\.?\s*" % (("|".join(sorted(CREDENTIALS)),) * 2))
#: words that end a facility name in a signature
SIGNED_HEADS = HOSPITAL_WORDS | ORG_WORDS | frozenset(
    "center centre services partners group department dept".split())
#: field labels before a facility name ("agency: otter tail home care")
_LABELS = frozenset((
    "to from agency pharmacy facility school employer sending receiving accepting referring "
    "hospital practice hospice snf placement provider clinic site location"
).split())
#: kinds of care and qualifiers that never open a facility name ("at acute rehab", "at memory
#: care", "from skilled nursing", "at outside hospital")
KINDS = frozenset((
    "acute subacute postacute memory skilled assisted independent long short term day night "
    "residential intensive partial transitional respite palliative comfort hospital hospice "
    "physical occupational speech mental behavioral home bedside baseline nearest closest "
    "nearby different previous prior usual regular current former last first second "
    "facility unit floor ward service services team"
).split())
#: abbreviations with a period inside a facility name ("st. ignatius medical center")
_SAINTS = frozenset(("st", "mt", "ft"))
#: function words inside a facility name ("heartland hospice of the ozarks")
_INSIDE = frozenset(("of", "the", "and"))
#: place prefixes ("saint vincent", "san luis valley health")
PREFIXES = frozenset("saint st mount mt fort ft port lake new north south east west upper lower "
                     "san santa los las el la de del".split())
#: the longest such name, in words
_SIGNED_MAX = 8


def wrap_joins(lines: list[str]) -> list[bool]:
    """For each line, whether it goes on into the next one (a break mid-sentence)."""
    out = []
    widest = max((n for n in map(len, lines) if n <= _WRAP_MAX), default=0)
    least = max(_WRAP_LINE, _WRAP_SHARE * widest)
    for line, nxt in zip(lines, lines[1:], strict=False):
        body = line.rstrip("\r\n")
        out.append(line.endswith("\n") and len(body) >= least and (
            body[-1:].isalpha() or body[-1:] == ",") and nxt[:1].isalpha()
            and _OWN_LINE.match(nxt) is None)
    return [*out, False][: len(lines)]


def signature_line(line: str) -> bool:
    """Whether ``line`` is a name and its credentials alone ("laura kettering, md")."""
    return _SIGNATURE.fullmatch(line.lower()) is not None


def signed_facilities(line: str, words: list[re.Match], low: list[str], proper: list[bool],
                      named: list[bool], title: list[bool], after_signature: bool = False) -> None:
    """Title case, in place, for a facility name in a slot of its own on ``line``: after a
    name's credential ("priya raman, np, northshore internal medicine", "md, hospitalist,
    heart of america medical center"), opening a line after a signature line
    (``after_signature``), opening a line or after " - " before " - " or the line's end
    ("san luis valley health - referral"), or after a field label ("agency: otter tail home
    care"). ``proper``: whether each word reads as a proper noun, ``named``: whether it is a
    listed name or town. The name ends on a facility word at the slot's end, and holds three
    words or more, or a listed one ("sonoma west"), besides its kinds of care ("neurocritical
    care" stays); outside a signature it opens on no kind of care nor clinical word."""
    n = len(words)
    if not n:
        return
    starts = {0: after_signature}  # word -> in a signature
    signed = False
    for i in range(1, n):
        gap = line[words[i - 1].end() : words[i].start()]
        if signed and gap in (", ", ",  "):
            starts[i] = True
        elif gap == " - " or gap.startswith(":") and gap.strip() == ":" and low[i - 1] in _LABELS:
            starts.setdefault(i, False)
        c = i - 1 if low[i] == "c" and low[i - 1] == "pa" and gap == "-" else i  # "pa-c"
        if (low[i] in CREDENTIALS or c < i) and c > 0 and (title[c - 1] or proper[c - 1]) \
                and line[words[c - 1].end() : words[c].start()] in (", ", " ") and i + 1 < n \
                and line[words[i].end() : words[i + 1].start()] in (", ", "  ", " - ", ",  "):
            signed = True
            starts[i + 1] = True
    lex = lexicon()
    for first, in_signature in starts.items():
        if not in_signature and (low[first] in KINDS or low[first] in GENERIC_WORDS or (
                lex.is_medical(low[first]) and low[first] not in PREFIXES)):
            continue
        last = -1
        for j in range(first, min(n, first + _SIGNED_MAX)):
            if j > first and line[words[j - 1].end() : words[j].start()] not in (" ", " & ") \
                    and not (low[j - 1] in _SAINTS and line[words[j - 1].end()] == "."):
                break
            if low[j] in SIGNED_HEADS:
                end = words[j].end()
                after = line[end : end + 3]
                if not after.strip() or after[:1] in ",;)" or after.startswith(("  ", " - ")) \
                        or in_signature and after[:1] == ".":
                    last = j
        run = range(first, last + 1)
        distinct = [j for j in run if low[j] not in GENERIC_WORDS and low[j] not in SIGNED_HEADS
                    and low[j] not in FUNCTION_WORDS and not lex.is_medical(low[j])
                    and len(low[j]) > 2]
        if last < 0 or low[first] in FUNCTION_WORDS or low[first].endswith(("ed", "ing")) or any(
                low[j] in FUNCTION_WORDS and low[j] not in _INSIDE for j in run) or not distinct or (
                len(run) < 3 and not any(named[j] for j in distinct)):
            continue  # "internal medicine", "neurocritical care", "paged spiritual care",
            # "transfer summary to acute rehab"
        for j in run:
            title[j] = title[j] or low[j] not in FUNCTION_WORDS


_NOT_BREAK = re.compile(r"[^\r\n]+")


def _fill(m: re.Match) -> str:
    return FILL * (m.end() - m.start())


def kept_view(chars: list[str], keep: list[tuple[int, int]], n: int) -> str:
    """The case view's text: the ``chars`` (one per character of a note of ``n`` characters,
    re-cased) in the ``keep`` ranges (start, end; any order, may overlap), line breaks, and
    :data:`~meddx.deid._case_words.FILL` everywhere else. Built run by run (session 20;
    until then character by character)."""
    flat = "".join(chars)
    if len(flat) != n:  # every re-casing keeps the length
        raise ValueError("the case view changed the note's length")
    blank = _NOT_BREAK.sub(_fill, flat)
    pieces: list[str] = []
    at = 0
    for a, b in sorted(keep):
        if b <= at:
            continue
        a = max(a, at)
        pieces += (blank[at:a], flat[a:b])
        at = b
    pieces.append(blank[at:])
    return "".join(pieces)
