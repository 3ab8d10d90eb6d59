"""Facilities and towns in the forms a dictated history cites them (H&P, consult, discharge,
transfer and operative notes): "seen at Lakeview in 2017 by Dr. Oduya".

* **A facility in a citation slot** (HOSPITAL): a name after "at" that a date or a clinician
  follows: "EUS at Bayview on 3/2", "repaired at Charlton by Dr. Baptista", "MANOMETRY AT
  KINGSBRIDGE 5/2018", "lumpectomy at Dana-Farber (dr rosenblum)", "agent at Coldwell Banker
  in Saugus" (a town after it: LOCATION, an employer). "at Home on 3/2", "at Rest in 2017",
  "at Christmas in 2019", "at Dr. Lee's office" stay: no word of the name is a name.
* **A facility beside a clinician in brackets**: "(Dr. Iyer, Johns Hopkins)",
  "(Mass Eye and Ear, Dr. Kwan)"; not "(Dr. Lee, Cardiology)" nor "(Dr. Lee, PGY-2)".
* **Admissions listed with their years** (HOSPITAL and DATE): "3 prior admissions (McLean
  2016, Arbour 2018)"; only after an admission word, as "(Smith 2016, Jones 2018)" is a
  citation anywhere else.
* **A town after an age and a sex** (LOCATION): "71 yo M from Patten who", "83F from
  Montpelier brought in", "a 64-year-old woman from Dorchester"; not "from home", "from
  Greystone Valley Hospital" (the facility rules have it).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import CALENDAR_WORDS, Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, title_count, tokenize, upper_count

__all__ = ["history_place_spans", "in_citation", "name_word"]

# One word of a name: capitalised (any case in an ALL CAPS or lower-case note is judged by
# the dictionary), "St." / "Mt.", hyphenated parts, an apostrophe.
_WORD = r"(?:(?:St|Mt|Ft|ST|MT)\.|[A-Za-z][A-Za-z'\u2019]*(?:-[A-Za-z][A-Za-z'\u2019]*)*)"
_RUN = rf"{_WORD}(?:[ \t]+(?:of[ \t]+|and[ \t]+|&[ \t]+|the[ \t]+)*{_WORD}){{0,4}}"
# Matched at each "at" found by ``str.find`` on the lower-cased note (faster than a scan).
_AT_RUN = re.compile(rf"(?i:at)[ \t]+(?:the[ \t]+)?({_RUN})")
# What follows a cited facility: a date ("in 2017", "on 3/2", "5/2018", "in March") or a
# clinician ("by Dr.", "with Dr", "(dr rosenblum)", ", Dr. X").
_MONTH = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_SLOT_AFTER = re.compile(
    rf"[ \t]*(?:(?:in|on|during)[ \t]+(?:(?:19|20)\d\d\b|\d{{1,2}}/\d{{1,4}}\b|(?:{_MONTH})\b)|"
    r"(?<=[ \t])\d{1,2}/\d{2,4}\b|(?<=[ \t])(?:19|20)\d\d\b(?![:.]?\d)|"
    r"(?:,[ \t]*|\([ \t]*|(?:by|with|under)[ \t]+)(?:dr|drs|doctor)\b)",
    re.IGNORECASE)
_TOWN_AFTER = re.compile(r"[ \t]+in[ \t]+([A-Z][a-z'-]+(?:[ \t][A-Z][a-z'-]+)?)\b")
#: Words that end a cited name ("of", "and", "&" and "the" may sit inside one: "Hospital of
#: the West Indies", "Mass Eye and Ear").
_NAME_STOP = frozenset(
    "in on by with under during for from to at since until after before as was is were who "
    "which that when where while this last his her their our dr drs doctor between through "
    "thru including versus vs then".split())
#: Words after "at" that name no place of care: "at home on 3/2", "at Baseline on".
_NOT_NAME = frozenset(
    "home rest work school church bedside baseline night noon midnight christmas thanksgiving "
    "easter birth presentation admission discharge time least most first all onset".split())
_CARE_BEFORE = re.compile(
    r"\b(?:\w*(?:ectomy|otomy|plasty|scopy|gram)|seen|treated|followed|admitted|"
    r"hospitali[sz]ed|done|performed|placed|repaired|underwent|had|study|biopsy|bx|echo|cath|"
    r"ct|mri|eus|egd|ercp|surgery|repair|care|visit|evaluation|evaluated|workup|worked\s+up|"
    r"diagnosed|dx|delivered|born)\w*\b", re.IGNORECASE)
_WORK_BEFORE = re.compile(
    r"\b(?:works?|worked|working|employed|employee|job|agent|clerk|teacher|technician|"
    r"cashier|driver|manager|nurse|aide|owner|retired|mechanic|student|volunteers?)\b",
    re.IGNORECASE)

_DR_COMMA_RUN = re.compile(
    rf"\((?:Dr|DR|dr)\.?[ \t]+{_WORD}(?:[ \t]+{_WORD})?,[ \t]*({_RUN})[ \t]*\)")
_RUN_COMMA_DR = re.compile(rf"\(({_RUN}),[ \t]*(?:Dr|DR|dr)\.?[ \t]+{_WORD}")

_YEAR_ITEM = rf"({_RUN})[ \t]+((?:19|20)\d\d)"
# An admission word up to 40 characters before a bracket (searched before each "(").
_ADMIT_WORD = re.compile(
    r"\b(?i:admissions?|admits?|hospitali[sz]ations?|hospitali[sz]ed|stays?|inpatient)\b"
    r"[^\n(]{0,40}$")
_BRACKETED = re.compile(r"\(([^()\n]{6,200})\)")
_ITEM = re.compile(_YEAR_ITEM)

_AGE_SEX_FROM = re.compile(
    r"\b\d{1,3}[ \t-]*(?:y/?o|yo|y\.o\.|yr|year[- ]old)?[ \t-]*"
    r"(?:m|f|male|female|man|woman|gentleman|lady|boy|girl|w|wm|wf|bm|bf)[ \t]+"
    r"(?:who[ \t]+lives[ \t]+in|originally[ \t]+from|from)[ \t]+"
    r"((?:[A-Za-z][A-Za-z'-]+)(?:[ \t][A-Za-z][A-Za-z'-]+){0,2})",
    re.IGNORECASE)


_FROM = re.compile(r"(?=[fFlL])\b(?:from|FROM|From|lives[ \t]+in|LIVES[ \t]+IN)[ \t]")


def _plain(word: str, lex: Lexicon) -> bool:
    k = word.lower().strip(".'\u2019")
    if k.endswith(("'s", "\u2019s")):
        k = k[:-2]
    return (k in FUNCTION_WORDS or k in lex.common_words or lex.is_medical(k)
            or k in lex.states or k in CALENDAR_WORDS)


def name_word(word: str, lex: Lexicon) -> bool:
    """A word that is a name: no dictionary word, or a listed surname or town."""
    k = word.lower().strip(".'\u2019")
    if k.endswith(("'s", "\u2019s")):
        k = k[:-2]
    if k in _NOT_NAME or k in CALENDAR_WORDS or k in lex.states:
        return False
    if "-" in k:
        return any(name_word(p, lex) for p in k.split("-") if len(p) >= 3)
    if len(k) < 3 or lex.is_medical(k) or k in FUNCTION_WORDS:
        return False
    return k not in lex.common_words or k in lex.last_names or k in lex.cities


def _trim(run: str) -> str:
    """The name part of a run: up to the first stop or function word ("of", "and", "&" and
    "the" may sit inside a name: "Hospital of the West Indies")."""
    words = run.split()
    keep = []
    for w in words:
        k = w.lower().strip(".")
        if k in _NAME_STOP or (k in FUNCTION_WORDS and k not in ("of", "and", "the")):
            break
        keep.append(w)
    while keep and keep[-1].lower() in ("of", "and", "&", "the"):
        keep.pop()
    return " ".join(keep)


def _name_ok(run: str, lex: Lexicon, mixed: bool) -> bool:
    words = [w for w in re.split(r"[ \t]+", run) if w.lower() not in ("of", "and", "&", "the")]
    if not words or not any(name_word(w, lex) for w in words):
        return False
    if mixed:  # in a mixed-case note a facility's name is capitalised
        return all(w[0].isupper() for w in words)
    return all(name_word(w, lex) or _plain(w, lex) for w in words)


def _at_runs(text: str, low: str):
    """``_AT_RUN`` matched at every word "at" followed by a blank."""
    i = low.find("at")
    while i >= 0:
        if (i == 0 or not low[i - 1].isalnum()) and low[i + 2:i + 3] in (" ", "\t"):
            m = _AT_RUN.match(text, i)
            if m is not None:
                yield m
        i = low.find("at", i + 2)


def _cited(text: str, low: str, lex: Lexicon, mixed, out: list[Span]) -> None:
    for m in _at_runs(text, low):
        run = _trim(m.group(1))
        if not run:
            continue
        start = m.start(1)
        end = start + len(run)
        if text[end:end + 1] not in (" ", "\t", ",", "(", ""):
            continue
        slot = _SLOT_AFTER.match(text, end)
        town = None if slot else _TOWN_AFTER.match(text, end)
        if not (slot or town) or not _name_ok(run, lex, mixed()):
            continue
        line = text.rfind("\n", 0, m.start()) + 1
        before = text[max(line, m.start() - 40):m.start()]
        if slot:
            label = "LOCATION" if _WORK_BEFORE.search(before) and not \
                _CARE_BEFORE.search(before) else "HOSPITAL"
            out.append(Span(start, end, label, "places", 0.7))
            continue
        if mixed() and name_word(town.group(1).split()[0], lex) \
                and _WORK_BEFORE.search(before):
            out.append(Span(start, end, "LOCATION", "places", 0.7))


def _bracketed(text: str, lex: Lexicon, mixed, out: list[Span]) -> None:
    for rx in (_DR_COMMA_RUN, _RUN_COMMA_DR):
        for m in rx.finditer(text):
            run, start = m.group(1), m.start(1)
            first = run.split()[0]
            if first.lower() in ("at", "from", "in") and len(run.split()) > 1:
                # session 19: "(dr lee, at mgh)", "(dr smith, in kestrelby)" (review): the
                # place after the preposition
                start += len(first) + len(run[len(first):]) - len(run[len(first):].lstrip())
                run = run[start - m.start(1):]
            elif first.lower() in FUNCTION_WORDS and first.lower() != "the":
                continue  # session 19: "(dr. akins, on call)", "(DR LEE, IN ROOM)"
            if _name_ok(run, lex, mixed()) and not any(c.isdigit() for c in run):
                out.append(Span(start, m.end(1), "HOSPITAL", "places", 0.7))


def _admission_lists(text: str, lex: Lexicon, mixed, out: list[Span]) -> None:
    i = text.find("(")
    while i >= 0:
        m = _BRACKETED.match(text, i)
        cued = m is not None and _ADMIT_WORD.search(text, max(0, i - 60), i)
        i = text.find("(", i + 1)
        if not cued:
            continue
        inner = m.group(1)
        items = re.split(r"[,;]", inner)
        found = []
        for item in items:
            im = _ITEM.search(item)
            if im is None or not _name_ok(im.group(1), lex, mixed()):
                found = []
                break
            found.append((item, im))
        if len(found) < 2:
            continue
        pos = m.start(1)
        for item, im in found:
            at = text.index(item, pos)
            out.append(Span(at + im.start(1), at + im.end(1), "HOSPITAL", "places", 0.7))
            out.append(Span(at + im.start(2), at + im.end(2), "DATE", "places", 0.7))
            pos = at + len(item)


def in_citation(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies in a bracketed list of names with years that no
    admission word comes before: "(Smith 2016, Jones 2018)", a literature citation, which
    :func:`history_place_spans` leaves alone (the ``crf`` guard asks the same of its spans)."""
    i = text.rfind("(", max(0, start - 200), start + 1)
    if i < 0:
        return False
    m = _BRACKETED.match(text, i)
    if m is None or end > m.end(1) or _ADMIT_WORD.search(text, max(0, i - 60), i):
        return False
    items = re.split(r"[,;]", m.group(1))
    return len(items) >= 2 and all(_ITEM.search(item) for item in items)


def _origin_towns(text: str, lex: Lexicon, mixed, out: list[Span]) -> None:
    seen = set()
    for c in heads_finditer(_FROM, text):  # the age and sex end within a few characters before
        m = _AGE_SEX_FROM.search(text, max(0, c.start() - 40), c.end() + 60)
        if m is None or m.span() in seen:
            continue
        seen.add(m.span())
        words = m.group(1).split()
        keep = []
        for w in words:
            if w.lower() in _NAME_STOP or (mixed() and not w[0].isupper()):
                break
            keep.append(w)
        if not keep or not any(name_word(w, lex) for w in keep):
            continue
        if any(_plain(w, lex) and not name_word(w, lex) for w in keep):
            continue
        start = m.start(1)
        end = start + len(" ".join(keep)) if len(keep) == len(words) else \
            start + m.group(1).index(keep[-1]) + len(keep[-1])
        out.append(Span(start, end, "LOCATION", "places", 0.7))


def history_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the facilities and towns described in the module docstring."""
    style: list[bool] = []

    def mixed() -> bool:
        """A mixed-case note: some title-case words, and not mostly ALL CAPS (read once)."""
        if not style:
            toks = tokenize(text)
            title = title_count(toks)
            upper = upper_count(toks)
            style.append(title > 0.03 * len(toks) and upper < 0.5 * len(toks))
        return style[0]

    out: list[Span] = []
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if " at " in low:
        _cited(text, low, lex, mixed, out)
    if "(" in text:
        _bracketed(text, lex, mixed, out)
        _admission_lists(text, lex, mixed, out)
    if "from" in text or "FROM" in text:
        _origin_towns(text, lex, mixed, out)
    return out
