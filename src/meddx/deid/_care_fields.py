"""Addresses, insurers, suppliers and names after field labels, around cue words, in any case
(split from ``_care_places``, whose helpers it shares).

* **A town before a state code after a residence cue**, whatever its words: "lives alone in
  Hope, RI", "from Orange, MA".
* **Insurers and equipment suppliers**: "medicare a/b and blue cross supplement", "DME
  (walker, commode) from lincare", "Home O2 through Apria".
* **A name after a field label**: "DME: Northeast Breathing Solutions", "company (northeast
  breathing solutions)", "Insurance: Granite Teachers' Union health plan".
* **A facility before a records system in brackets**: "old records from east alabama (epic)".
* **A ZIP code after a town and a state code** without a comma: "Wendham NH 03824".
* **Street addresses in lower case**, with apartment and unit parts: "lives at 12 elm st apt
  4", "home at 300 n main st #12" (a cue before, or a unit, comma or ZIP after).
"""

from __future__ import annotations

import re

from meddx.deid._ascii import ascii_for
from meddx.deid._care_places import Mixed, ends_clause, named, note_view, run_after
from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import GENERIC_WORDS, STATE_CODES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token

__all__ = ["field_place_spans"]

_STREET = (r"(?:st|street|ave|avenue|rd|road|ln|lane|ct|court|dr|drive|blvd|boulevard|way|pl|"
           r"place|ter|terrace|cir|circle|pkwy|parkway|hwy|highway|plaza|plz)")
_LOWER_ADDRESS = re.compile(
    rf"(?<![\w/.:-])\d{{1,6}}[a-z]?[ \t]+(?:[nsewNSEW]\.?[ \t]+)?((?:[A-Za-z][a-z'-]*[ \t]+){{1,3}}?)"
    rf"(?i:{_STREET})\b\.?(?P<unit>,?[ \t]*(?i:apt|apartment|unit|suite|ste|#)\.?[ \t]*#?[ \t]*"
    rf"[A-Za-z0-9-]+)?")
_ADDRESS_CUE = re.compile(
    r"(?i)\b(?:lives?|living|resides?|residing|home|house|apt|apartment|address|addr|moved|"
    r"at|on|from|to)\b[ \t:]*$")
_DIGIT = re.compile(r"\d")
_ADDRESS_AFTER = re.compile(r"[ \t]*(?:,[ \t]*[A-Za-z]|\d{5})")


def _near(rx: re.Pattern[str], text: str, spots: list[tuple[int, int]], before: int,
          after: int) -> list[re.Match[str]]:
    """The matches of ``rx`` in the merged windows of text around ``spots`` (sorted (start,
    end) pairs): a whole-note regex runs only where its cue word stands."""
    windows: list[tuple[int, int]] = []
    for a, b in spots:
        lo, hi = max(0, a - before), min(len(text), b + after)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return [m for lo, hi in windows for m in rx.finditer(text, lo, hi)]


def _lower_addresses(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    """ "lives at 12 elm st apt 4", "home at 300 n main st #12"."""
    spots = [(t.start, t.end) for t in toks if t.key in _STREET_KEYS
             and _DIGIT.search(text, max(0, t.start - 48), t.start)]  # a house number before
    for m in _near(_LOWER_ADDRESS, text, spots, 48, 30):
        words = m.group(1).lower().split()
        if any(w in FUNCTION_WORDS or lex.is_medical(w) for w in words):
            continue
        cue = _ADDRESS_CUE.search(text, max(0, m.start() - 24), m.start())
        if not (cue or m.group("unit") or _ADDRESS_AFTER.match(text, m.end())):
            continue
        out.append(Span(m.start(), m.end(), "ADDRESS", "places", 0.75))


_INSURANCE_LINE = re.compile(r"(?i)\b(?:insurance|insured|medicare|medicaid|coverage|payer|payor)\b")
_NOT_INSURER = frozenset("medicare medicaid part parts a b d".split())
_DME_LINE = re.compile(
    r"(?i)\b(?:dme|equipment|home[ \t]+o2|home[ \t]+oxygen|cpap|bipap|walker|commode|wheelchair|"
    r"hospital[ \t]+bed|"
    r"supplies|nebuli[sz]er|concentrator|hoyer)\b[^\n]{0,60}$")


def _insurers(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    """ "medicare a/b and blue cross supplement", "Tufts Health Plan supplement"."""
    for k in [n for n, t in enumerate(toks) if t.key in _INSURANCE_KEYS]:
        start = toks[k].start
        line = text.rfind("\n", 0, start) + 1
        if not _INSURANCE_LINE.search(text, line, start):
            continue
        first = k
        while first > 0 and k - first < 4 and text[toks[first - 1].end:toks[first].start] == " ":
            w = toks[first - 1]
            if w.key in FUNCTION_WORDS or w.key in _NOT_INSURER or len(w.key) < 2:
                break
            first -= 1
        words = toks[first:k]
        if words and not all(w.key in GENERIC_WORDS or lex.is_medical(w.key) for w in words):
            out.append(Span(words[0].start, words[-1].end, "LOCATION", "places", 0.7))


_SUPPLIED_BY = frozenset(("from", "through", "via"))


def _vendors(text: str, toks: list[Token], lex: Lexicon, mixed: bool | Mixed,
             out: list[Span]) -> None:
    """ "DME (walker, commode) from lincare.", "O2 from Apria": a supplier after "from"."""
    for i in [n for n, t in enumerate(toks[:-1]) if t.key in _SUPPLIED_BY]:
        t = toks[i]
        line = text.rfind("\n", 0, t.start) + 1
        if not _DME_LINE.search(text[max(line, t.start - 80):t.start]):
            continue
        j = i + 1 + (toks[i + 1].key == "the")
        if j >= len(toks) or text[t.end:toks[j].start].strip() not in ("", "the"):
            continue
        end = run_after(text, toks, j, lex, mixed)
        if end > j and named(toks[j:end], lex, mixed):
            out.append(Span(toks[j].start, toks[end - 1].end, "LOCATION", "places", 0.7))


#: A residence cue right before a town: "lives alone in", "from", "moved to".
_RESIDENCE_CUE = re.compile(
    r"(?i:\b(?:lives?|living|lived|resides?|residing|moved|relocated|born|raised|visiting|"
    r"from|home))(?:[ \t]+(?i:alone|here|there|with[ \t]+\w+))?(?:[ \t]+(?i:in|to|near))?[ \t]+$")
_CREDENTIAL_CODES = frozenset(("MD", "PA"))  # also "MD", "PA-C" after a clinician's name
_CODE_AFTER = re.compile(r",[ \t]*([A-Z]{2})\b(?!\w|\.\w)")
_TOWN_BEFORE = re.compile(r"(?<![\w'-])([A-Z][a-z'-]+(?:[ \t][A-Z][a-z'-]+){0,2})$")


def _cued_town_states(text: str, lex: Lexicon, out: list[Span]) -> None:
    """ "lives alone in Hope, RI", "from Orange, MA": a town before a state code after a
    residence cue, also when its words are common words or names."""
    for c in _CODE_AFTER.finditer(text):
        if c.group(1) not in STATE_CODES:
            continue
        lo = max(0, c.start() - 60)
        m = _TOWN_BEFORE.search(text, lo, c.start())
        if m is None or not _RESIDENCE_CUE.search(text, max(0, m.start() - 40), m.start()):
            continue
        words = m.group(1).lower().split()
        if lex.is_medical(words[0]) or " ".join(words) in lex.states \
                or any(w in FUNCTION_WORDS for w in words):
            continue
        if c.group(1) in _CREDENTIAL_CODES and (text[c.end():c.end() + 1] == "-" or any(
                w in lex.first_names or w in lex.last_names for w in words)):
            continue  # "Letter from Jane Doe, MD": a person and a credential, not a state
        out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.75))


_FIELD_LINK = re.compile(r"[ \t]*(?::|\()[ \t]*")
_NOT_FIELD = frozenset("medicare medicaid none unknown n/a na self retired disabled unemployed "
                       "yes no pending private".split())


def _fields(text: str, toks: list[Token], lex: Lexicon, mixed: bool | Mixed, out: list[Span]) -> None:
    """ "DME: Northeast Breathing Solutions", "company (northeast breathing solutions)",
    "Home O2: Northeast Breathing Solutions", "Insurance: Granite Teachers' Union health
    plan": a name after a field label."""
    for k in [n for n, t in enumerate(toks[:-1]) if t.key in _FIELD_KEYS]:
        t, end = toks[k], toks[k].end
        if t.key in ("o", "oxygen"):  # "Home O2:", "home oxygen ("
            if k == 0 or toks[k - 1].key != "home" or text[toks[k - 1].end:t.start].strip(" \t"):
                continue
            if t.key == "o":
                if text[end:end + 1] != "2":
                    continue
                end += 1
        m = _FIELD_LINK.match(text, end)
        i = k + 1
        if m is None or toks[i].start != m.end() or toks[i].key in _NOT_FIELD:
            continue
        stop = run_after(text, toks, i, lex, mixed)
        words = toks[i:stop]
        if not words:
            continue
        if t.key in _DME_KEYS and words[-1].key in _ITEMS:
            continue  # session 20: "DME: ROLLING WALKER", "HOME OXYGEN: CONCENTRATOR": the item
            # (fix round: only after a DME/oxygen key; "Employer: Walker" is a name)
        if named(words, lex, mixed) or (not mixed and ends_clause(text, words, lex, "field")):
            out.append(Span(words[0].start, words[-1].end, "LOCATION", "places", 0.7))


_EHR_AFTER = re.compile(r"(?i)[ \t]*\((?:epic|cerner|meditech|allscripts|athena|care[ \t]+everywhere|"
                        r"outside[ \t]+records?)\)")


def _records_from(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    """ "old records from east alabama (epic)": the words between "from" and a records
    system in brackets name the facility, whatever they are."""
    for i in [n for n, t in enumerate(toks[:-1]) if t.key in ("from", "at")]:
        j = i + 1
        while j < len(toks) and j - i <= 5 and text[toks[j - 1].end:toks[j].start] in (" ", "-"):
            if _EHR_AFTER.match(text, toks[j].end):
                words = toks[i + 1:j + 1]
                if not all(w.key in FUNCTION_WORDS or lex.is_medical(w.key) for w in words):
                    out.append(Span(words[0].start, words[-1].end, "HOSPITAL", "places", 0.7))
                break
            j += 1


_ZIP = re.compile(r"\d{5}(?:-\d{4})?(?![\w-])")
_TOWN_CODE_BEFORE = re.compile(r"\b[A-Z][a-z]+[ \t]+([A-Z]{2})[ \t]+$")


def _zips_after_state(text: str, out: list[Span]) -> None:
    """ "Wendham NH 03824": a ZIP after a town and a state code without a comma."""
    for m in ascii_for(_ZIP, text).finditer(text):
        i = m.start()
        if i < 4 or text[i - 1] not in " \t" or not text[i - 4:i].strip().isupper():
            continue  # no state code right before (and not inside a longer number or word)
        b = _TOWN_CODE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if b is not None and b.group(1) in STATE_CODES:
            out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))


_INSURANCE_KEYS = frozenset("supplement supplemental advantage medigap hmo ppo".split())
_DME_KEYS = frozenset("dme equipment o oxygen cpap bipap walker commode wheelchair bed supplies "
                      "nebulizer nebuliser concentrator hoyer".split())
#: Equipment a DME or oxygen field names instead of its supplier (session 20).
_ITEMS = frozenset("walker walkers commode commodes wheelchair wheelchairs bed beds nebulizer nebuliser "
                   "concentrator concentrators cpap bipap cane canes tank tanks cylinder cylinders "
                   "rollator shower chair lift scooter".split())
_FIELD_KEYS = frozenset("dme o oxygen vendor supplier company employer pharmacy church parish "
                        "school workplace agency insurance insurer".split())
# "O2" is the token "O" (tokens are letters)
_EHR_KEYS = frozenset("epic cerner meditech allscripts athena everywhere outside".split())
_STREET_KEYS = frozenset(_STREET.strip("(?:)").split("|"))


def field_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the names described in the module docstring. Each rule runs only when the
    note holds its cue words (most notes hold none: the cost per note stays small)."""
    out: list[Span] = []
    toks, keys, mixed = note_view(text)
    if not toks:
        return out
    if not keys.isdisjoint(_INSURANCE_KEYS):
        _insurers(text, toks, lex, out)
    if not keys.isdisjoint(_SUPPLIED_BY) and not keys.isdisjoint(_DME_KEYS):
        _vendors(text, toks, lex, mixed, out)
    if "," in text:
        _cued_town_states(text, lex, out)
    if not keys.isdisjoint(_FIELD_KEYS) and (":" in text or "(" in text):
        _fields(text, toks, lex, mixed, out)
    if any(c.isdigit() for c in text):
        _zips_after_state(text, out)
    if "(" in text and not keys.isdisjoint(_EHR_KEYS):
        _records_from(text, toks, lex, out)
    if not keys.isdisjoint(_STREET_KEYS):
        _lower_addresses(text, toks, lex, out)
    return out
