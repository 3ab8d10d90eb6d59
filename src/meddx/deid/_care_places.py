"""Places of care, services and employers named around a cue word, in any case.

* **"for" inside a facility's name**: "Shriners Hospitals for Children", "Hospital for Special
  Surgery", "Hebrew Home for the Aged", "SHRINERS HOSPITALS FOR CHILDREN NORTHERN CALIF".
* **Care-facility words** (SNF, NH, ALF, LTAC, rehab, hospice, dialysis, VNA, ...) with a name
  before or after them: "Sunrise NH", "Cedar Ridge ALF", "Kindred LTAC", "discharged to SNF:
  Maple Grove", "rehab at Spaulding", "dialysis at davita westside". The name needs a word
  that no dictionary knows, or capitals in a mixed-case note; "transfer to SNF vs home",
  "dialysis at home", "rehab at bedside" stay.
* **A town's services**: "Medford EMS", "quincy fire", "Framingham Fire Dept", "Boston PD".
* **Employers, schools and churches after a cue**: "works at stop and shop" is out of reach
  (every word common), but "works for raytheon", "works as a CNA at Sunrise", "attends Boston
  Latin", "member of St Anthony's", "retired from Talbot Paper" are found; "works at night",
  "works for the city", "attends church", "member of the team" stay.
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

from meddx.deid._home_places import plain as _plain
from meddx.deid._lexicon import Lexicon
from meddx.deid._orgs import GENERIC_WORDS
from meddx.deid._patterns_ids import STATE_CODES
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, tokenize

__all__ = ["care_place_spans"]

_FOR_NAME = re.compile(
    r"(?i)\b(?:hospitals?|home|institute|center|centre|infirmary|school|society)[ \t]+for[ \t]+"
    r"(?:the[ \t]+)?(?:sick[ \t]+children|children|women|special[ \t]+surgery|aged|elderly|"
    r"incurables|joint[ \t]+diseases|rehabilitation|infants|veterans|blind|deaf|chronic[ \t]+"
    r"diseases?)\b(?:'s)?"
    r"(?:[ \t]*[-\u2013,]?[ \t]*(?:northern|southern|eastern|western|central|north|south|east|"
    r"west)[ \t]+[A-Za-z]+\b)?")
#: Words that name a kind of care facility; a name before or after them is the facility's.
_CARE_WORDS = frozenset("snf nh alf ltac ltach ecf irf ltc rehab hospice dialysis vna hd".split())
#: Care words whose name before them is the organisation rules' (or no name: "Huntington HD").
_AFTER_ONLY = frozenset(("rehab", "hospice", "dialysis", "hd"))
#: Care words after which a name may follow: "SNF: Maple Grove", "rehab at Spaulding".
_AFTER_LINK = frozenset((":", "-", "(", "=", "at", "is", "called", "named", "with", "through"))
_SERVICES = frozenset("ems fire police rescue ambulance fd pd".split())
_CITY_ONLY = frozenset(("fd", "pd"))  # "Boston PD"; not "on PD", "Parkinson PD"
_WORK_CUES = frozenset(
    "works work working worked employed employee job volunteers volunteer volunteering teaches "
    "taught teacher student retired member parishioner attends attended "
    "employer".split())
_WORK_PREPS = frozenset(("at", "for", "by", "of", "from", "with"))
_OF_CUES = frozenset(("member", "parishioner", "employee"))  # "member of", not "work of"
#: Words after a cue that name no employer or school.
_NOT_EMPLOYER = frozenset(
    "home night nights day days weekends weekend times school church college work hospital "
    "team staff army navy marines military force guard city town state county "
    "government aa na meetings meeting program programs class classes dialysis rehab therapy "
    "age years year months part full time shift shifts construction retail sales medicaid front "
    "desk office medicare "
    "insurance".split())
_STOPS = frozenset(
    "with on for when in and at by after since until today this last as where who per then "
    "but or from to into while was is were are has had will mwf tts tth tths tuthsa mwfsa "
    "daily weekly".split())  # ... and dialysis days: "HD at DaVita Riverside MWF"
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


def _name_word(t: Token, lex: Lexicon, mixed: bool | _Mixed) -> bool:
    """A word that may name a facility or employer on its own: unknown to the dictionaries
    (or a listed surname or town), or, in a mixed-case note, capitalised and no generic,
    clinical or function word."""
    k = t.key
    if len(k) < 3 or k in FUNCTION_WORDS or k in GENERIC_WORDS or lex.is_medical(k) \
            or k in lex.states or k in _NOT_EMPLOYER:
        return False
    if k not in lex.common_words or k in lex.last_names or k in lex.cities:
        return True
    return bool(mixed) and t.cap and not t.upper


def _names_facility(words: list[Token], lex: Lexicon, mixed: bool | _Mixed) -> bool:
    """Words that name a facility: one unknown to the dictionaries (or a listed surname or
    town), or two or more capitalised name words in a mixed-case note ("Maple Grove";
    not "Yes", "Current")."""
    if not words or not all(_name_word(x, lex, mixed) or x.key in ("and", "of") for x in words):
        return False
    strong = any(x.key not in lex.common_words or x.key in lex.last_names or x.key in lex.cities
                 for x in words if len(x.key) >= 3)
    return strong or (bool(mixed) and sum(x.key not in ("and", "of") for x in words) >= 2)


def _named(words: list[Token], lex: Lexicon, mixed: bool | _Mixed) -> bool:
    """After a strong cue: in a mixed-case note, capitalised words with one name word
    ("Calloway Insurance Group"); otherwise as :func:`_names_facility`."""
    if mixed:
        return bool(words) and all(w.cap or w.key in ("and", "of") for w in words) \
            and any(_name_word(w, lex, mixed) for w in words)
    return _names_facility(words, lex, mixed)


_TITLE_WORD = re.compile(r"\b[A-Z][a-z]")


class _Mixed:
    """Whether a note is in mixed case (more than a few title-case words), counted the first
    time a rule asks: most notes hold no candidate that needs it."""

    def __init__(self, text: str, toks: list[Token]) -> None:
        self.text, self.n = text, len(toks)
        self.value: bool | None = None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = len(_TITLE_WORD.findall(self.text)) > 0.05 * self.n
        return self.value


def _run_after(text: str, toks: list[Token], i: int, lex: Lexicon, mixed: bool | _Mixed) -> int:
    """The end index of the name that starts at token i: up to four words in one line,
    joined by blanks, "&" or "and"/"of" between capitalised words; 0 words: i, also before
    a title ("Attending: Dr Shook", "attended by Dr Reed": a person)."""
    if i < len(toks) and toks[i].key in _TITLES:
        return i
    j = i
    while j < len(toks) and j - i < 4:
        t = toks[j]
        if t.key in _STOPS and not (t.key in ("and", "of") and j > i and mixed
                                     and j + 1 < len(toks) and toks[j + 1].cap):
            break
        if mixed and not t.cap and t.key not in ("and", "of"):
            break
        if not mixed and ((lex.is_medical(t.key) and t.key not in GENERIC_WORDS)
                          or t.key in _NOT_EMPLOYER):
            break
        j += 1
        if j < len(toks) and text[t.end:toks[j].start] not in (" ", " & ", "'s ", "\u2019s ", "' "):
            break
    while j > i and toks[j - 1].key in ("and", "of"):
        j -= 1
    return j


def _for_names(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    for k in [n - 1 for n, t in enumerate(toks) if t.key == "for" and n and toks[n - 1].key in _FOR_HEADS]:
        m = _FOR_NAME.match(text, toks[k].start)
        if m is None:
            continue
        head = toks[k]
        first = k
        while first > 0 and k - first < 4 and text[toks[first - 1].end:toks[first].start] == " ":
            t = toks[first - 1]
            if t.key in FUNCTION_WORDS or lex.is_medical(t.key) or \
                    (head.cap and not t.cap) or (not head.cap and _plain(t, lex)):
                break
            first -= 1
        if first < k and any(not _plain(t, lex) or t.cap for t in toks[first:k]):
            out.append(Span(toks[first].start, m.end(), "HOSPITAL", "places", 0.8))


def _care_names(text: str, toks: list[Token], lex: Lexicon, mixed: bool | _Mixed,
                out: list[Span]) -> None:
    for k in [n for n, t in enumerate(toks) if t.key in _CARE_WORDS]:
        t = toks[k]
        # before: "Sunrise NH", "Cedar Ridge ALF", "kindred ltac"
        first = k
        while first > 0 and k - first < 3 and text[toks[first - 1].end:toks[first].start] == " " \
                and _name_word(toks[first - 1], lex, mixed) \
                and (toks[first - 1].cap or not mixed):
            first -= 1
        if first < k and t.key not in _AFTER_ONLY \
                and _names_facility(toks[first:k], lex, mixed):  # _orgs has those three
            # "Sunrise NH": the name only; NH is also the state ("Wendham NH 03824")
            end = toks[k - 1].end if t.key == "nh" else t.end
            out.append(Span(toks[first].start, end, "HOSPITAL", "places", 0.75))
        # after: "SNF: Maple Grove", "rehab at Spaulding", "NH (Sunrise)"
        if k + 2 >= len(toks):
            continue
        gap = text[t.end:toks[k + 1].start].strip()
        i = k + 1
        if gap == "" and toks[i].key in _AFTER_LINK:
            i += 1
        elif gap not in (":", "-", "(", "=", "\u2013"):
            continue
        if text[toks[i - 1].end:toks[i].start].strip(" :-(=\u2013") != "" \
                or "\n" in text[t.end:toks[i].start] or toks[i].key in ("the", "a"):
            continue  # "dialysis at 0600 MWF": the name follows the link
        end = _run_after(text, toks, i, lex, mixed)
        if end > i and _names_facility(toks[i:end], lex, mixed):
            out.append(Span(toks[i].start, toks[end - 1].end, "HOSPITAL", "places", 0.75))


def _services(text: str, toks: list[Token], lex: Lexicon, mixed: bool | _Mixed,
              out: list[Span]) -> None:
    """ "Medford EMS", "quincy fire", "Boston PD": a town before a town's service."""
    for k in [n for n, t in enumerate(toks) if t.key in _SERVICES and n]:
        t = toks[k]
        a = toks[k - 1]
        if text[a.end:t.start] != " " or (mixed and not a.cap) or a.key in ("bib", "per", "by"):
            continue
        if t.key in _CITY_ONLY:
            ok = a.key in lex.cities and a.cap
        else:
            ok = a.key in lex.cities or _name_word(a, lex, mixed)
        if ok and not lex.is_medical(a.key) and a.key not in lex.states and a.key not in GENERIC_WORDS:
            out.append(Span(a.start, a.end, "LOCATION", "places", 0.75))


def _employers(text: str, toks: list[Token], lex: Lexicon, mixed: bool | _Mixed,
               out: list[Span]) -> None:
    """ "works for raytheon", "works as a CNA at Sunrise", "worked 30 yrs at lincare",
    "attends Boston Latin", "attends holy family on sundays"."""
    n = len(toks)
    for k in [n for n, t in enumerate(toks) if t.key in _WORK_CUES]:
        t = toks[k]
        i = k + 1
        if i < n and toks[i].key in _DURATION:  # "worked 30 yrs at"
            i += 1
        if i < n and toks[i].key == "as":  # "works as a CNA at", "works as an engineer for"
            j = i + 1
            while j < n and j - i <= 4 and toks[j].key not in _WORK_PREPS:
                j += 1
            i = j
        if t.key == "work" and (i >= n or toks[i].key != "at"):
            continue  # "called from work at X"; not "return to work for persons"
        if i < n and toks[i].key in _WORK_PREPS and (toks[i].key != "of" or t.key in _OF_CUES):
            i += 1
        elif not t.key.startswith("attend"):
            continue
        the = i < n and toks[i].key == "the"
        i += the
        if i >= n or "\n" in text[toks[i - 1].end:toks[i].start] or text[toks[i - 1].end] == ",":
            continue
        if toks[i].key in _NOT_EMPLOYER | _NOT_FIRST and not (mixed and toks[i].cap and i + 1 < n
                                                 and toks[i + 1].cap):
            continue  # "works at home", not "at Home Depot"
        end = _run_after(text, toks, i, lex, mixed)
        if end == i or all(x.key in lex.cities or x.key in lex.states for x in toks[i:end]):
            continue
        if any(_name_word(x, lex, mixed) for x in toks[i:end]) or (
                not mixed and not the and _ends_clause(text, toks[i:end], lex, t.key)):
            out.append(Span(toks[i].start, toks[end - 1].end, "LOCATION", "places", 0.7))


_TITLES = frozenset("dr drs doctor mr mrs ms miss prof".split())
_NOT_FIRST = frozenset(("family", "her", "his", "their"))  # "works for family"; "holy family"
#: Words between a work cue and its preposition: "worked 30 yrs at".
_DURATION = frozenset("yrs years yr year months mos wks weeks".split())
_CLAUSE_AFTER = re.compile(r"(?i)[ \t]*(?:[.,;:)\n]|$|as\b|for\b|x[ \t]*\d|since\b)")
_CHURCH_AFTER = re.compile(r"(?i)[ \t]+(?:on[ \t]+sundays?|every[ \t]+sunday|weekly|mass|services)\b")


def _ends_clause(text: str, words: list[Token], lex: Lexicon, cue: str) -> bool:
    """In a lower-case or ALL CAPS note, common words after a strong cue name an employer
    when they end the clause: "worked 22 yrs at GENERAL ELECTRIC AS A", "called from work at
    fidelity,", "attends holy family on sundays"; no word clinical (but for generic words) nor all generic."""
    if len(words) > 3 or any((lex.is_medical(x.key) and x.key not in GENERIC_WORDS)
                             or x.key in FUNCTION_WORDS or x.key in _NOT_EMPLOYER
                             or x.key.endswith("ing") for x in words):
        return False
    if all(x.key in GENERIC_WORDS for x in words):
        return False
    after = _CHURCH_AFTER if cue.startswith("attend") else _CLAUSE_AFTER
    return after.match(text, words[-1].end) is not None


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


def _vendors(text: str, toks: list[Token], lex: Lexicon, mixed: bool | _Mixed,
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
        end = _run_after(text, toks, j, lex, mixed)
        if end > j and _named(toks[j:end], lex, mixed):
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


def _fields(text: str, toks: list[Token], lex: Lexicon, mixed: bool | _Mixed, out: list[Span]) -> None:
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
        stop = _run_after(text, toks, i, lex, mixed)
        words = toks[i:stop]
        if not words:
            continue
        if _named(words, lex, mixed) or (not mixed and _ends_clause(text, words, lex, "field")):
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
    for m in _ZIP.finditer(text):
        i = m.start()
        if i < 4 or text[i - 1] not in " \t" or not text[i - 4:i].strip().isupper():
            continue  # no state code right before (and not inside a longer number or word)
        b = _TOWN_CODE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if b is not None and b.group(1) in STATE_CODES:
            out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))


_FOR_HEADS = frozenset("hospital hospitals home institute center centre infirmary school society".split())
_INSURANCE_KEYS = frozenset("supplement supplemental advantage medigap hmo ppo".split())
_DME_KEYS = frozenset("dme equipment o oxygen cpap bipap walker commode wheelchair bed supplies "
                      "nebulizer nebuliser concentrator hoyer".split())
_FIELD_KEYS = frozenset("dme o oxygen vendor supplier company employer pharmacy church parish "
                        "school workplace agency insurance insurer".split())
# "O2" is the token "O" (tokens are letters)
_EHR_KEYS = frozenset("epic cerner meditech allscripts athena everywhere outside".split())
_STREET_KEYS = frozenset(_STREET.strip("(?:)").split("|"))


def care_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the names described in the module docstring. Each rule runs only when the
    note holds its cue words (most notes hold none: the cost per note stays small)."""
    toks = tokenize(text)
    out: list[Span] = []
    if not toks:
        return out
    keys = {t.key for t in toks}
    mixed = _Mixed(text, toks)
    if "for" in keys and not keys.isdisjoint(_FOR_HEADS):
        _for_names(text, toks, lex, out)
    if not keys.isdisjoint(_CARE_WORDS):
        _care_names(text, toks, lex, mixed, out)
    if not keys.isdisjoint(_SERVICES):
        _services(text, toks, lex, mixed, out)
    if not keys.isdisjoint(_WORK_CUES):
        _employers(text, toks, lex, mixed, out)
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
