"""Hospital initials told by their context, also when the letters are a clinical abbreviation.

Notes name hospitals by initials ("transferred from MMC", "pcp dr church at HH", "Discharge
Summary - PMH", "SAH Emergency Dept"), and many initials are also clinical abbreviations
(PMH past medical history, SAH subarachnoid haemorrhage, HH home health, MMC). The
context decides:

* **Defined in the note**: a facility name followed by its initials in brackets, "Mercy
  Hospital (MH)", "Beth Israel Deaconess Medical Center (BIDMC)": the letters are the first
  letters of the name's words, in order. Its later uses in that case are tagged too ("At MH
  she had a CT").
* **A transfer or care cue**: after "from" / "at" (and "to" after a transfer verb, not after
  "referred" or "discharged"), with a transfer or care verb up to four words before:
  "transferred from MMC for cath", "old records from MMC (epic)", "pcp dr church at HH",
  "cath to be done at SAH". A clinical abbreviation is taken only in the shape of hospital
  initials (ending in H, MC or HC: "PMH", "ACH", "MMC"), and never a generic one ("OSH",
  "NH", "BH", "LTACH"); "PMH of HTN", "admitted with SAH", "referred to HH" stay.
* **The initials of a facility named in the note**, after "from" / "at" / "to", also when
  they are generic: "ADMITTED FROM WINCHESTER HOSPITAL ... TX BACK TO WH".
* **A department after the initials**: "SAH Emergency Dept", "AGH Radiology", "PMH ED".
* **A note header**: "Discharge Summary - PMH" (a note word, a dash, the initials ending
  the line).
* **Anywhere, the initials of a facility named in the note**, three letters or more, with the
  hyphen parts split and "H" / "MC" added where the name has no facility word: "MWH notified"
  after "Melrose-Wakefield"; and **hospital-shaped initials after a word of report**
  ("d/w BIDMC", "per SJMC", "called NSMC", "faxed to LGH"): three letters or more in the shape
  (ending in H, MC or HC), no clinical abbreviation ("per RHC", "d/w LVH" stay).

Initials that no dictionary knows after transfer cues are the organisation rules' (``_orgs``);
this module adds the contexts above.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, title_count, tokenize, upper_indices

__all__ = ["initial_spans"]

#: Verbs and nouns that, up to four words before "from" / "to" / "at", make the next word a place
#: of care.
_CUES = frozenset(
    "transferred transfer xfer xferred tx txed txd transported sent came arrived returned return "
    "back admitted admit adm records films imaging study studies presented presents brought "
    "flown bib seen followed treated hospitalized hospitalised intubated operated done performed "
    "dialyzed dialysed delivered pcp cardiologist oncologist nephrologist surgeon "
    "hospitalization hospitalisation admission stay stent stents cath cabg surgery "
    "discharged referred".split())
#: Cues after which "to" names a destination that may be a service, not a hospital.
_NOT_BEFORE_TO = frozenset(("referred", "discharged", "sent", "return", "returned", "back"))
#: Generic initials: places of care that name no facility.
_GENERIC = frozenset(
    "osh nh snf alf ltac ltach ecf irf aru tcu bh mh ph oh wh eh ed er or icu micu sicu ccu "
    "csru cvicu nicu picu pacu hh".split())
#: Initials the "at" / "from" rule still takes though generic: home-health agencies are not
#: "at", hospital initials are ("pcp dr church at HH").
_AT_FROM_OK = frozenset(("hh",))
_DEPARTMENTS = frozenset(
    "ed er emergency radiology cardiology cath imaging clinic lab laboratory pharmacy oncology "
    "dialysis campus neurology surgery pediatrics ob urgent".split())
_SHORT_DEPARTMENTS = frozenset(("ed", "er", "ob", "lab", "cath"))
_NOTE_WORDS = frozenset("note summary assessment consult consultation report triage evaluation "
                        "eval h&p progress admission discharge".split())
_PREPS = frozenset(("from", "at", "to"))
#: Rooms of a hospital after a clinical abbreviation: "from cath lab", "to ir suite".
_ROOMS = frozenset("lab labs suite room holding recovery scanner".split())
_SHAPE = re.compile(r"[A-Z]{1,4}(?:H|MC|HC)")
_DEFINED = re.compile(r"[ \t]*\(([A-Z][A-Za-z&]{1,6})\)")
_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_CONNECTORS = frozenset(("of", "and", "the", "for", "&", "at"))
#: Words of report right before hospital initials: "d/w BIDMC", "per SJMC", "called NSMC".
_REPORT = frozenset("per called paged contacted notified faxed dw d/w".split())
#: Hospital-shaped letters that are procedures here ("per RHC": right heart catheterisation).
_NOT_INITIALS = frozenset("rhc lhc".split())
_FACILITY_WORDS = frozenset("hospital hosp medical center centre clinic health healthcare "
                            "infirmary memorial general".split())


def _initials(t: Token, lex: Lexicon, medical_ok: bool) -> bool:
    """Two to six capitals (or lower case in a lower-case note) that are no word: hospital
    initials; a clinical abbreviation only in a hospital's shape when ``medical_ok``."""
    k = t.key
    if not 2 <= len(k) <= 6 or not k.isalpha() or k in FUNCTION_WORDS or k in lex.states \
            or k.endswith(("cu", "du")):
        return False  # "NSICU", "TCU", "SDU": units
    if sum(c in "aeiouy" for c in k) > 1 or k in lex.common_words:
        return False
    if lex.is_medical(k) or k in lex.first_names or k in lex.cities:
        return medical_ok and _SHAPE.fullmatch(k.upper()) is not None
    return True


def _cued(toks: list[Token], i: int, text: str) -> bool:
    """Token i follows "from" / "at" / "to" with a care cue up to four words before it."""
    if i < 2 or text[toks[i - 1].end:toks[i].start] != " ":
        return False
    prep = toks[i - 1].key
    if prep not in ("from", "at", "to"):
        return False
    line = text.rfind("\n", 0, toks[i - 1].start)
    cues = [toks[x].key for x in range(max(0, i - 5), i - 1)
            if toks[x].start > line and toks[x].key in _CUES]
    if not cues:
        return False
    return prep != "to" or cues[-1] not in _NOT_BEFORE_TO


def _department_after(toks: list[Token], i: int, text: str, lex: Lexicon) -> bool:
    """ "SAH Emergency Dept", "AGH Radiology"; after a clinical abbreviation only a whole
    word ("PMH ED visits" stays)."""
    if i + 1 >= len(toks) or text[toks[i].end:toks[i + 1].start] != " ":
        return False
    nxt = toks[i + 1]
    if nxt.key not in _DEPARTMENTS or not nxt.cap:
        return False
    return nxt.key not in _SHORT_DEPARTMENTS or not lex.is_medical(toks[i].key)


def _header(toks: list[Token], i: int, text: str) -> bool:
    """ "Discharge Summary - PMH": the initials end a short line with a note word and a dash."""
    line = text.rfind("\n", 0, toks[i].start) + 1
    eol = text.find("\n", toks[i].end)
    eol = len(text) if eol < 0 else eol
    if text[toks[i].end:eol].strip() != "" or toks[i].start - line > 60:
        return False
    head = text[line:toks[i].start].rstrip()
    return head[-1:] in ("-", "\u2013", "\u2014", "|", ",") and any(
        w.lower() in _NOTE_WORDS for w in re.findall(r"[A-Za-z&]+", head))


def _heads(name: str) -> list[str]:
    """The first letters of a name's words, connectors left out ("Mercy Hospital" -> M, H).
    Not :func:`tokenize`: its small cache holds the note's tokens for the next detector."""
    return [w[0].upper() for w in _NAME_WORD.findall(name) if w.lower() not in _CONNECTORS]


def _defined(text: str, spans: list[Span], out: list[Span]) -> None:
    """ "Mercy Hospital (MH)": initials in brackets right after a facility name. Each
    defined form is looked up once: a long line that defines "(HH)" at each of its many
    facility names would otherwise add every "HH" of the note once per definition
    (quadratic; session 28, lin28)."""
    done: set[str] = set()
    for s in spans:
        if s.label != "HOSPITAL":
            continue
        m = _DEFINED.match(text, s.end)
        if m is None or m.group(1) in done:
            continue
        abbr = [c for c in m.group(1).upper() if c.isalpha()]
        heads = _heads(text[s.start:s.end])
        # the letters are the words' first letters, in order; the first one first
        it = iter(heads)
        if len(abbr) >= 2 and heads and abbr[0] == heads[0] and all(c in it for c in abbr):
            done.add(m.group(1))
            # and its later uses, in the same case: "At MH she had a CT"
            for u in re.finditer(rf"\b{re.escape(m.group(1))}\b", text):
                out.append(Span(u.start(), u.end(), "HOSPITAL", "places", 0.8))


def _note_initials(text: str, spans: list[Span]) -> set[str]:
    """The initials of the facility names found in the note ("WH" of "Winchester Hospital")."""
    out = set()
    for s in spans:
        if s.label == "HOSPITAL":
            heads = _heads(text[s.start:s.end])
            if len(heads) >= 2:
                out.add("".join(heads))
    return out


def initial_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """Spans of the initials described in the module docstring; ``spans`` are the places
    detector's spans so far (for the names that define initials)."""
    out: list[Span] = []
    if "(" in text:
        _defined(text, spans, out)
    toks = tokenize(text)
    named = _note_initials(text, spans)
    lower_note = None
    n = len(toks)
    # the cheap test first: a word after "from" / "at" / "to", or capitals before a
    # department or at the end of a line
    after_prep = [i + 1 for i, t in enumerate(toks[1:-1], 1) if t.key in _PREPS]
    caps = [i for i in upper_indices(toks) if (i + 1 < n and toks[i + 1].key in _DEPARTMENTS)
            or text[toks[i].end:toks[i].end + 1] in ("", "\n")]
    for i in sorted(set(after_prep + caps)):
        t = toks[i]
        if len(t.key) > 6 or not (t.upper or t.key == t.text):
            continue
        if not t.upper:  # lower case: only in a note written in lower case
            if lower_note is None:
                lower_note = title_count(toks) <= 0.05 * len(toks)
            if not lower_note:
                continue
        k = t.key
        if t.upper and t.text in named and toks[i - 1].key in _PREPS and k not in ("am", "pm") \
                and text[toks[i - 1].end:t.start] == " ":  # not "at 11 PM"
            out.append(Span(t.start, t.end, "HOSPITAL", "places", 0.7))
            continue  # "ADMITTED FROM WINCHESTER HOSPITAL, ... TX BACK TO WH"
        if k in _GENERIC and not (k in _AT_FROM_OK and i and toks[i - 1].key in ("at", "from")):
            continue
        if not _initials(t, lex, medical_ok=True):
            continue
        if i + 1 < n and toks[i + 1].key in _ROOMS and lex.is_medical(k):
            continue  # "admitted from cath lab", "to ep lab", "from ir suite"
        if _cued(toks, i, text) or (t.upper and (_department_after(toks, i, text, lex)
                                                 or _header(toks, i, text))):
            out.append(Span(t.start, t.end, "HOSPITAL", "places", 0.7))
    _uncued(text, toks, lex, spans, out)
    return out


def _variants(text: str, spans: list[Span]) -> set[str]:
    """Initials of the note's facility names, three letters or more: the words' first letters,
    hyphen parts split ("Newton-Wellesley" -> NW), with "H" and "MC" added to a name without a
    facility word ("Melrose-Wakefield" -> MWH, MWMC)."""
    out = set()
    for s in spans:
        if s.label != "HOSPITAL":
            continue
        words = [w for w in _NAME_WORD.findall(text[s.start:s.end].replace("-", " "))
                 if w.lower() not in _CONNECTORS]
        heads = "".join(w[0].upper() for w in words)
        if len(heads) < 2:
            continue
        if any(w.lower() in _FACILITY_WORDS for w in words):
            out.add(heads)
        else:
            out.update((heads + "H", heads + "MC"))
    return {h for h in out if len(h) >= 3}


def _uncued(text: str, toks: list[Token], lex: Lexicon, spans: list[Span], out: list[Span]) -> None:
    """The two rules with no place cue (module docstring): the note's facility initials
    anywhere, and hospital-shaped initials after a word of report."""
    named = _variants(text, spans)
    for i in upper_indices(toks):
        t = toks[i]
        if not 3 <= len(t.key) <= 6 or not t.key.isalpha():
            continue
        k = t.key
        if lex.is_medical(k) or k in lex.common_words or k in _NOT_INITIALS or k in _GENERIC:
            continue
        if t.text in named:
            out.append(Span(t.start, t.end, "HOSPITAL", "places", 0.7))
            continue
        prev = text[max(0, t.start - 5):t.start].rstrip().lower()
        report = i and (toks[i - 1].key in _REPORT or prev.endswith("d/w"))
        if report and text[toks[i - 1].end:t.start].strip() in ("", "to") and \
                _SHAPE.fullmatch(t.text) and _initials(t, lex, medical_ok=False):
            out.append(Span(t.start, t.end, "HOSPITAL", "places", 0.7))
