"""Years of a dictated history that the cue list of ``_patterns_years`` misses.

Surgical and past histories date a procedure by writing the year right after its name, and
the procedure is named by its suffix or after its surgeon far more often than by a listed
word: "sleeve gastrectomy 2016", "hemiarthroplasty 2011 at", "NISSEN FUNDOPLICATION 2015",
"s/p Whipple 2021", "Roux-en-Y 2006". Also "s/p" / "h/o" a few words before the year ("s/p
lap band revision 2019"), and a year right after a facility's name ("sleep study at Elliot
Hospital 2014"). Every year must be 1900-2039 and no time, dose or count: "gastrectomy 2000
mL", "s/p fall at 2015", "echocardiogram 2000 showed", "Hospital 2014 beds" stay. ("until
2017" stays out of reach: the time-of-day filter of ``_times`` reads a year-like number after
"until" as a clock time.)

Session 20 (deidrec20, PHI-sparse notes): a procedure named with its object ("lysis of
adhesions 2021", "repair of the rotator cuff 2018"), a surgical noun ("hernia repair 2019",
"colostomy reversal 2020", "L BKA 2016"), a test never done at a clock time ("PFTs 2023",
"DEXA 2019", "sleep study 2019"), a device or COVID ("pacemaker 2016", "COVID 2021") and an
implant's size then its year ("bioprosthetic 23mm, 2019", "stent 3.0 x 18 mm, 2017"). A round
clock time stays ("PFTs 2000", "stent 3.0 x 18 mm, 2015"), as do "23mm, 2019 mL" and "size
23mm, 2019 patients".

Session 23 (deidrec23, ICU notes by new writers): "CCY 2003", "PEG 2023", "PPM 2019" (a
bare "LVAD 2080" is its speed); an implant's verb after a device, valve or joint ("LVAD
implant 2022", "VALVE REPLACED 2015") and a coronary procedure to its artery ("PCI TO RCA
2015"), round years included (no bedside act), up to 2029. "K replaced 2015", "PEG 2000 ml"
and "urine output 2015 ml" stay.
"""

from __future__ import annotations

import re

from meddx.deid._patterns import Pattern, make_pattern
from meddx.deid._place_words import FACILITY_HEADS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["HISTORY_YEAR_PATTERNS"]

# A procedure by its suffix or an eponymous operation, then the year.
_PROCEDURE = (r"[a-z]+(?:ectomy|ectomies|otomy|otomies|ostomy|ostomies|plasty|plasties|pexy|"
              r"rrhaphy|scopy|scopies|plication|graphy|gram|lysis|desis|tripsy)|whipple|nissen|"
              r"toupet|hartmann'?s?|roux-en-y|billroth(?:[ \t]+i{1,2})?|ivor[ \t]+lewis|"
              r"sleeve|lap[ \t-]?band|tavr|tavi|watchman|mitraclip|orif|i&d")
_YEAR = r"((?:19|20)\d\d)(?![\w/]|[.,:-]\d)"
_UNIT_AFTER = re.compile(
    r"[ \t]*(?:(?:ml|mls|cc|mg|mcg|g|gm|kg|l|units?|u|iu|meq|mmol|kcal|x|hrs?|h|hours|mins?|"
    r"lbs?|steps|ft|feet|beds?|patients|pts|cases|subjects|calls|visits|to|through|thru|"
    r"until|and)\b|%|/|-[ \t]*\d|:\d)",
    re.IGNORECASE)
_TIME_BEFORE = re.compile(r"(?:\bat|@|\bby|\baround|\bapprox\.?)[ \t]*$", re.IGNORECASE)
_ROUND_MINUTES = ("00", "15", "30", "45")
#: lower-case heads a patient is moved to at a clock time ("to hospice 1945 by ambulance"):
#: after one and a function word, 1900-1959 is a time only with a transport cue next to it
#: ("by ambulance", "via EMS", "pm", "hrs"; or "EMS to ..."): "father died in hospice 1958" and
#: "born in the hosp 1931" stay years (review of deidhosp18: history sentences, PHI first). A
#: 20xx number stays a year, as do the historic and the full heads (as before session 17).
_TRANSFER_HEADS = frozenset(("hospice", "hosp", "infirmary"))
#: "by"/"via" only before a way of transport ("admitted to hospice 1952 by family report" and
#: "died in hospice 1958 via complications" keep their years: second review of deidhosp18)
_TRANSPORT_AFTER = re.compile(
    r"[ \t]*(?:(?:by|via)[ \t]+(?:ambulance|ems|stretcher|wheelchair|w/c|car|van|helicopter"
    r"|medics?|transport)\b|ems\b|pm\b|hrs?\b)", re.IGNORECASE)


def _plain_year(m: re.Match[str], text: str) -> bool:
    if _UNIT_AFTER.match(text, m.end(1)):
        return False
    return not _TIME_BEFORE.search(text, max(0, m.start(1) - 10), m.start(1))


# What stands right before the year: a procedure (the word before, or before "x3"), a
# facility's head word, or "s/p ..." a few words back. The word before is read by hand and
# matched whole: a search of the window with "$" would try every position in it.
_PROCEDURE_WORD = re.compile(_PROCEDURE, re.IGNORECASE)
_TIMES_TAIL = re.compile(r"[ \t]+x[ \t]?\d$", re.IGNORECASE)
_HISTORY_CUES = ("s/p", "h/o", "status post", "history of", "hx of", "psh")
_AFTER_HISTORY_CUE = re.compile(
    r"\b(?:s/p|h/o|status[ \t]+post|(?:history|hx)[ \t]+of|psh:?)"
    r"(?:[ \t]+[a-z][a-z'&/-]*){1,5}[ \t]*\(?[ \t]*$", re.IGNORECASE)
_EPONYMS = frozenset("whipple nissen toupet hartmann roux-en-y billroth ivor watchman "
                     "mitraclip".split())
_STUDY = re.compile(r"(?:gram|graphy|scopy|scopies|lysis)$", re.IGNORECASE)
_WORD_CHARS = frozenset("'&/-")
# Procedures written as an abbreviation or a plain noun (session 14, inpatient histories):
# "TAH 1999", "R knee scope 2011", "Last EGD 2019", "CABG 2008", "appy 1988". The studies
# among them are read as a clock time at a round hour ("EGD 2000", "cath 1530" is no year).
_ABBREVIATED = frozenset("tah tah/bso bso tka tha tkr thr cabg pci ptca appy chole turp cea "
                         "egd ercp scope scoped stent stented ablation ablated cardioversion "
                         "c-section csection cesarean bypass fusion transplant "
                         "lumpectomy ccy".split())
_STUDY_WORDS = frozenset("egd ercp scope scoped".split())


# Session 20: nouns of surgery (a time after them is rare: "placement", "insertion" and
# "replacement" are bedside words and stay out), tests never done at a clock time, "X of Y".
_SURGICAL_NOUNS = frozenset("repair repaired resection resected excision excised reconstruction "
                            "revision reversal takedown amputation bka aka".split())
_TESTS = frozenset("pft pfts dexa pacemaker aicd icd defibrillator covid covid-19 covid19 "
                   "peg ppm".split())  # session 23: "PEG 2023", "PPM 2019" (not "LVAD 2080 rpm")
#: Session 23: an implant's verb after a device, valve or joint ("LVAD implant 2022", "VALVE
#: REPLACED 2015 AT ..."), or a coronary procedure "to" its artery ("PCI TO RCA 2015"): never a
#: bedside act, so a round year counts too.
#: (Fix round 23: a bracket counts only after the device, "LVAD (HeartMate 3) implant 2022";
#: "PIV (22g R FA) replaced 2015", "K (3.2) replaced 2015" are a line and a lab.)
_IMPLANTED = re.compile(
    r"(?i)\b(?:(?:lvad|vad|heartmate[ \t]*\d?|valve|avr|mvr|tvr|knee|hip|shoulder|joint|icd|aicd|"
    r"ppm|pacemaker|generator)(?:[ \t]*\([^()\n]{0,30}\))?[ \t]+(?:implant|implanted|replaced|replacement)"
    r"|(?:pci|ptca|stent|stents|des|bms|cabg)(?:[ \t]+x[ \t]?\d)?[ \t]+to[ \t]+(?:the[ \t]+)?"
    r"(?:rca|lad|lcx|cx|circ|om\d?|d\d|pda|svg|lima|lm|left[ \t]+main|mid[ \t]+lad|prox[ \t]+lad))"
    r"[ \t,]*$")
#: Tests of two words whose last word alone is too plain: "sleep study 2019", "stress test 2018".
_TWO_WORD_TESTS = ("sleep study", "stress test", "stress echo")
_OF_OBJECT = re.compile(
    r"(?:^|[^a-z])(?:" + _PROCEDURE + r"|repair|resection|excision|reconstruction|revision|"
    r"reversal|lysis)[ \t]+of[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+)?"
    r"[a-z][a-z'-]*(?:[ \t]+[a-z][a-z'-]*)?[ \t]*$", re.IGNORECASE)
#: The first year each new cue can carry (below it the number is a clock time, 19:00-19:59):
#: COVID from 2019, DEXA from 1987, any other cue from 1960.
_FIRST_YEAR = {"covid": "2019", "covid-19": "2019", "covid19": "2019", "dexa": "1987"}
#: A clock time's company right after the number: "2010 tonight", "2015 in OR", "at bedside".
_TIME_AFTER = re.compile(r"[ \t]*(?:today|tonight|tomorrow|this[ \t]+(?:am|pm|evening)|"
                         r"at[ \t]+(?:the[ \t]+)?bedside|in[ \t]+(?:the[ \t]+)?or)\b", re.IGNORECASE)
#: An implant's size right before ", year": "(bioprosthetic 23mm, 2019)", "3.0 x 18 mm, 2015".
_SIZE_BEFORE = re.compile(r"\d[ \t]?mm[ \t]*,[ \t]*$", re.IGNORECASE)
_IMPLANT = re.compile(r"\b(?:valve|bioprosthe\w*|mechanical|prosthe\w*|stent|graft|ring|tavr|tavi|"
                      r"savr|avr|mvr|annuloplasty|watchman|mitraclip|ppm|icd|pacemaker|pacer|"
                      r"implant|expander|coil)\b", re.IGNORECASE)


def _word_before(text: str, end: int) -> tuple[str, int]:
    """The word ending at ``end`` (letters, ' & / -) and where it starts."""
    i = end
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] in _WORD_CHARS):
        i -= 1
    return text[i:end], i


def _transport_time(head: str, at: int, text: str, end: int) -> bool:
    """A function word before the head at ``at`` and a transport cue after the number (ending at
    ``end``) or "EMS" before the function word: "to hospice 1945 by ambulance"."""
    prep, i = _word_before(head, len(head[:at].rstrip()))
    if prep.lower() not in FUNCTION_WORDS:
        return False
    return (_TRANSPORT_AFTER.match(text, end) is not None
            or _word_before(head, len(head[:i].rstrip()))[0].lower() == "ems")


def _history_year(m: re.Match[str], text: str) -> bool:
    """A year after a procedure, "s/p ...", or a facility's name (module docstring)."""
    start = m.start(1)
    if not _plain_year(m, text):
        return False
    head = text[max(0, start - 60):start].rstrip(" \t(")
    times = _TIMES_TAIL.search(head[-8:])  # "CABG x3 2015": the word before "x3"
    word, at = _word_before(head, len(head) - len(times.group(0)) if times else len(head))
    year = m.group(1)
    round_time = year >= "2000" and year[2:] in _ROUND_MINUTES
    key = word.lower()
    if key in FACILITY_HEADS:
        if word.islower() and key in _TRANSFER_HEADS and year[:2] == "19" and year[2] < "6" \
                and _transport_time(head, at, text, m.end(1)):
            return False  # "to hospice 1945 by ambulance": a clock time, no name (deidhosp18)
        return not round_time  # "Medical Center 2030": a time as often as a year
    if key in _ABBREVIATED:
        return not (round_time and key in _STUDY_WORDS)
    if word and _PROCEDURE_WORD.fullmatch(word):
        if word[0].isupper() and not word.isupper() and key.rstrip("'s") not in _EPONYMS:
            return False  # "deployment Bagram 2012": a place in title case, not a procedure
        return not (round_time and _STUDY.search(key))  # "echocardiogram 2000": a time
    if "1960" <= year < "2030" and _IMPLANTED.search(head[-40:]) and not _TIME_AFTER.match(text, m.end(1)):
        return True
    low = head.lower()
    if year < _FIRST_YEAR.get(key, "1960") or _TIME_AFTER.match(text, m.end(1)):
        new_cue = False  # "Revision 1945 by ortho", "covid 1930 swab", "2020 tonight"
    else:
        new_cue = not round_time
    if new_cue and (key in _SURGICAL_NOUNS or key in _TESTS
                           or key in ("study", "test", "echo") and head.lower().endswith(_TWO_WORD_TESTS)
                           or _SIZE_BEFORE.search(head[-12:]) and _IMPLANT.search(head)
                           or " of" in low and _OF_OBJECT.search(head)):
        return True  # "hernia repair 2019", "PFTs 2023", "23mm, 2019", "lysis of adhesions 2021"
    return any(c in low for c in _HISTORY_CUES) and bool(_AFTER_HISTORY_CUE.search(head))


HISTORY_YEAR_PATTERNS: list[Pattern] = [
    make_pattern("DATE", first=r"\d", group=1, check=_history_year,
                 pattern=r"(?<![\w/.,:])" + _YEAR),
]
