"""Regular expressions for identifiers: SSN, MRN, account, health-plan, device and licence
plate numbers (phones, e-mail, web addresses, ZIP codes and street addresses:
``_patterns_contact``).

Identifiers follow a cue ("MRN#", "Unit No:", "acct", "FIN", "Enc #", "Rad #", "Hosp. No.")
or need none when their shape says it: seven or more digits, one to three capitals and six
digits ("AB1234567"), a specimen number ("S19-12345"); not a trial or database id
("NCT01234567"), money or a count with a unit. A ten-digit number with no cue is a phone
number unless an identifier's cue comes before it."""

from __future__ import annotations

import re
from functools import lru_cache

from meddx.deid._patterns import Pattern, make_pattern
from meddx.deid._patterns_contact import _COUNT_AFTER, _UNIT_AFTER

__all__ = ["GENERIC_ID_PATTERNS", "ID_PATTERNS", "SSN_PATTERNS"]

_p = make_pattern


# An identifier after a cue: 3-25 letters, digits and hyphens holding at least one digit.
# "123 45 67", "MS 22 41 870"; a site's letters before the number ("MRN MCDH 40-11876", "MRN: PVC
# 10092", "HOSPITAL #: HMC 118-447", session 15), never a plain word ("mrn is 4471093", "mrn
# unk 4471093", "ID band 12 34").
_ID = (r"((?:(?!(?:is|was|and|or|not|on|of|the|per|see|at|to|in|for|no|num|from|unk|band|tag|"
       r"card|none|pend|label|armband|wrist)[ \t])"
       r"[a-z]{1,5}[ \t](?=\d))?(?:\d{2,4}(?:[ \t]\d{2,4}){1,3}|(?<=[a-z][ \t])\d{2,4}-\d{3,6}|"
       r"(?<=[a-z][ \t])\d{5,12})(?![\w/-]|\.\d)|"
       r"(?=[A-Za-z0-9-]*\d)[A-Za-z0-9](?:[A-Za-z0-9-]{1,23}[A-Za-z0-9])?)(?![\w-]|\.\d)")
# Between cue and identifier: any of '#', ':', 'no.', 'number', 'id', '-' and spaces.
_SEP = r"(?:\s*(?:#|:|\bno\b\.?|\bnumber\b|\bnum\b|\bid\b|-|\.|is\b)\s*)*\s*"
_NUMKW = r"\s*(?:#|no\b\.?|number\b|num\b|id\b)"


def _first_letters(alternation: str) -> str:
    """A class of the first letters of the top-level alternatives ("mrn|med..." -> "[m]");
    "" when an alternative does not start with a plain letter."""
    firsts, depth, start = set(), 0, True
    for i, c in enumerate(alternation):
        if start:
            if not c.isalpha() or (i + 1 < len(alternation) and alternation[i + 1] in "?*{"):
                return ""
            firsts.add(c)
            start = False
        if c == "\\":
            continue
        if c == "(" and (i == 0 or alternation[i - 1] != "\\"):
            depth += 1
        elif c == ")" and alternation[i - 1] != "\\":
            depth -= 1
        elif c == "|" and depth == 0:
            start = True
    return "[" + "".join(sorted(firsts)) + "]"


def _cued(label: str, cues: str, *, needs_kw: str = "", triggers: tuple[str, ...]) -> Pattern:
    """``cues`` may be followed directly by the id; ``needs_kw`` cues need '#', 'no.' etc."""
    alts = [f"(?:{cues})"]
    if needs_kw:
        alts.append(f"(?:{needs_kw}){_NUMKW}")
    first = _first_letters(cues + ("|" + needs_kw if needs_kw else ""))
    return _p(label, rf"\b(?:{'|'.join(alts)}){_SEP}{_ID}", group=1, triggers=triggers,
              first=first, check=_not_a_count)


def _not_a_count(m: re.Match[str], text: str) -> bool:
    """"PT visit #4", "claim #2 of 3", "Medicare 3-midnight stay": counts (sessions 16, 20)."""
    value = m.group(1)
    return not ((value.isdigit() and len(value) <= 2) or _COUNT_WORD_VALUE.fullmatch(value))


#: only a count word after the digits: "MRN: ABCD12" stays an id (fix round, session 20)
_COUNT_WORD_VALUE = re.compile(r"\d{1,2}-(?:midnight|day|night|visit|hour|week|month)s?", re.I)


_MONTH_ABBR = frozenset("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())


# An identifier after a cue, in any of these shapes: "NB4471093", "RAD21-1004-0331",
# "PE-2024-0803-55127", "HPX 44820 1937", "MCD 4411 9082 67" (caps letters, then digit groups).
_ID_BODY = r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?:[ \t]\d{2,}(?![\w/-]))*)(?![\w/-]|\.\d)"
_ANY_ID = rf"((?=(?:[A-Z]{{2,5}}[ \t])?[A-Za-z0-9-]*\d)(?:[A-Z]{{2,5}}[ \t](?=\d))?{_ID_BODY}"
_PLAIN_ID = rf"((?=[A-Za-z0-9-]*\d){_ID_BODY}"  # no caps word in front ("ID: TMAX 101")
_KW = r"(?i:[ \t]*(?:#|:|\bno\b\.?|\bnumber\b|\bnum\b|\bid\b|\(|is\b))*[ \t]*"
_MEASURE_ID = re.compile(r"\d+x\d+", re.IGNORECASE)


def _id_ok(m: re.Match[str], text: str) -> bool:
    """An identifier holds 4 digits, or 3 digits and a letter, and is no volume x rate."""
    value = m.group(1)
    digits = sum(c.isdigit() for c in value)
    if _MEASURE_ID.fullmatch(value) or not (digits >= 4 or (digits >= 3 and
                                                            any(c.isalpha() for c in value))):
        return False
    return not (_COUNT_AFTER.match(text, m.end(1)) or _reference_range(m, text))


#: A lab's reference range in brackets: "phenytoin 7.8 (ref 10-20)", "(reference 135-145)"
#: (session 21, deidfp21n): a low and a higher bound of at most three digits each.
_RANGE_VALUE = re.compile(r"(\d{1,3}(?:\.\d+)?)-(\d{1,3}(?:\.\d+)?)")
_BRACKET_REF = re.compile(r"\([ \t]*(?:ref|reference)\b", re.IGNORECASE)
#: ... after a lab value and its unit (fix round: "Accession (ref 123-456)" stays an id)
_VALUE_BEFORE = re.compile(r"\d(?:\.\d+)?[ \t]*(?:[A-Za-z/%]{1,8}[ \t]*)?$")


def _reference_range(m: re.Match[str], text: str) -> bool:
    bounds = _RANGE_VALUE.fullmatch(m.group(1))
    bracket = _BRACKET_REF.match(text, max(0, m.start() - 1)) \
        if bounds is not None and float(bounds.group(1)) < float(bounds.group(2)) else None
    return bracket is not None \
        and _VALUE_BEFORE.search(text, max(0, bracket.start() - 16), bracket.start()) is not None \
        and _ID_WORD_BEFORE.search(text, max(0, bracket.start() - 30), bracket.start()) is None


#: (lead, second review) a counted thing, not a lab value: "Specimen 2 (ref 120-455)",
#: "Claim #3 (ref 554-881)", "Case 12 (ref 401-778)" stay ids
_ID_WORD_BEFORE = re.compile(r"\b(?:specimens?|claims?|cases?|accession|orders?|tickets?|reports?|"
                             r"requests?|items?|units?|no|number|id)\b\W*#?[ \t]*\d+[ \t]*$",
                             re.IGNORECASE)


# Cues an identifier may follow directly ("ref HFEAP-77310", "kit # NB4471093"), and cues
# that need '#', ':', 'no.' or 'number' first ("report number 23-8841-AC", "case # 2231").
_DIRECT = {
    "ACCOUNT": r"acc\.?(?=[ \t]*[#:])|kit|referral|reference|ref|confirmation|conf|intake|claim|"
               r"auth(?:orization)?|ticket|cdl|badge|job|encounter|enc",
    "HEALTHPLAN": r"member|subscriber|policy|medicaid|masshealth|medicare|mbi|plan|group",
    "DEVICE": r"serial",
}
_WITH_KW = (r"report|case|order|file|specimen|requisition|req|tracking|incident|control|"
            r"account|record|voucher|permit|registration|certificate|license|licence|trip|"
            r"flight|transport|dictation|document|transcription|form|request|donor|batch|"
            r"subject|participant|sample|docket|warrant|citation|booking|inmate|"
            # session 14: a patient's valuables envelope ("env # S-20931", "envelope # V-118203")
            r"envelope|env")
_KW_BETWEEN = re.compile(r"#|:|\b(?:no|number|num|id)\b", re.IGNORECASE)


def _long_id_ok(m: re.Match[str], text: str) -> bool:
    """Five digits and a letter or a hyphen, or six digits: "19-44812", "ORD-5512094";
    not "2000 mL" or "case 2"."""
    value = m.group(1)
    n = sum(c.isdigit() for c in value)
    if n < 5 or (n < 6 and value.isdigit()):
        return False
    return _id_ok(m, text)


def _kw_id_ok(m: re.Match[str], text: str) -> bool:
    """After "case #", "order no." any identifier; after a bare "case" or "order" a long one
    ("police case 19-44812", "order ORD-5512094")."""
    # a valuables envelope's number is long: "env # S-20931" (not "envelope #0043")
    envelope = text[m.start():m.start() + 3].lower() == "env"
    if _KW_BETWEEN.search(text, m.start(), m.start(1)) and not envelope:
        return _id_ok(m, text)
    return _long_id_ok(m, text)
# Cues that need '#', 'no.' or 'number' (not ':', which opens a section such as "EXAM: HR
# 110"): "Rad #: 2019-0034", "Exam # 88123", "Visit #: 99123456", "hosp # 123-45-678".
_WITH_HASH = (r"rad|radiology|exam|reg|path|pathology|enc|encounter|visit|hosp|hospital|fin|"
              r"har|csn|billing|episode|slide|block|study|film|image|lab|x-?ray|rx|"
              r"prescription|card|passport|pin|lic|batch|adm|admission|admit|subject|"
              r"participant|unos|donor|document|doc|dictation|transcription|hcn|ohip|nhs|clinic|"
              r"patient|pt|inpatient|outpatient|cert|precert|pre-cert|certification|band|bands|"
              r"bracelet|screening|enrollment|enrolment|randomization|randomisation|"
              # a staff or employee number: "staff #4471-H", "Employee # 448120" (session 17;
              # moved here from the ':' cues in session 18: "Staff: 2300 pt resting" is a time)
              r"staff|employee")
_HASH_CUE_BEFORE = re.compile(rf"\b(?:{_WITH_HASH})[ \t]*$", re.IGNORECASE)
_STAFF_BEFORE = re.compile(r"\b(?:staff|employee)[ \t]*$", re.IGNORECASE)
# Four digits a clock or a calendar can read: "staff # 1990 members", "staff # 2300".
_CLOCK_OR_YEAR = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d|(?:19|20)\d\d")
_NUMBER_WORD = re.compile(r"number", re.IGNORECASE)
#: what completes a count of people, not an identifier: "staff # 3500 in total", "staff no. 3500
#: across sites.", "employee # 2400 enrolled" (review of deiddate18, second round, finding 4);
#: a bare noun or "total" alone is no count ("Employee # 3345 Nurses Station", "staff #4471
#: total": review of deidleft19, finding 8)
_PEOPLE_COUNT_AFTER = re.compile(
    r"[ \t]+(?:(?:in[ \t]+total|across[ \t]+(?:all[ \t]+)?sites)(?=[ \t]*(?:[.,;:)]|\r?$|(?:were|are)\b))|"
    r"enrolled\b|(?:were|are)[ \t]+(?:trained|employed|enrolled|hired|surveyed)\b)",
    re.IGNORECASE | re.MULTILINE)


def _hash_cue_ok(m: re.Match[str], text: str) -> bool:
    """'#', 'no.' or 'number' after one of the _WITH_HASH words, then an identifier (after
    "staff"/"employee" never four digits that read as a time or a year)."""
    cue = _HASH_CUE_BEFORE.search(text, max(0, m.start() - 16), m.start())
    if cue is None:
        return False
    if _STAFF_BEFORE.search(cue.group(0)):
        if _CLOCK_OR_YEAR.fullmatch(m.group(1)):
            return False
        # "staff number 3500 in total": after the word "number", four digits or fewer are a
        # count; an identifier has a letter, a hyphen or five digits (session 18 review)
        if m.group(1).isdigit() and len(m.group(1)) < 5 and (
                _NUMBER_WORD.search(text, m.start(), m.start(1))
                or _PEOPLE_COUNT_AFTER.match(text, m.end(1))):
            return False  # ... or before what a count is said of: "staff # 3500 in total"
    return _id_ok(m, text)


_OTHER_ID_BEFORE = re.compile(
    r"(?:member|subscriber|medicaid|medicare|masshealth|plan|insurance|patient|pt|device|"
    r"implant|beneficiary|health)\W*$", re.IGNORECASE)


def _bare_id_ok(m: re.Match[str], text: str) -> bool:
    """"ID NH00418827" and "ID: XYP 8812 3340" are identifiers; "ID: TMAX 101" is not (a
    capitalised word in front needs six digits after it); "Medicare ID ..." is left to the
    health-plan cue."""
    value = m.group(1)
    if value.split()[0].isalpha() and sum(c.isdigit() for c in value) < 6:
        return False
    return _id_ok(m, text) and not _OTHER_ID_BEFORE.search(text[max(0, m.start() - 14):
                                                                 m.start()])


_ID_CUE = re.compile(
    r"(?:mrn|mr|id|#|acct|account|no\.?|number|num|serial|s/n|accession|acc|member|policy|"
    r"group|case|claim|ref|job|order|specimen|unit|medicaid|medicare)\W*$", re.IGNORECASE)


_PHONE_WORD = re.compile(r"\b(?:work|home|cell|mobile|phone|contact|callback|call|fax|pager|"
                         r"beeper)\W+(?:number|no\.?|#)\W*$", re.IGNORECASE)


def _bare_phone_ok(m: re.Match[str], text: str) -> bool:
    """"faxed to 6175550123" is a phone number; "MRN 6175550123" an identifier (its cue
    pattern tags it)."""
    before = text[max(0, m.start() - 24):m.start()]
    if _ID_CUE.search(before) and not _PHONE_WORD.search(before):
        return False
    return not _COUNT_AFTER.match(text, m.end())


_NOT_ID_PREFIX = frozenset({"NCT", "GSE", "GSM", "GPL", "CAS", "EC", "PMC", "SRR", "SRP", "ERR"})
_MONEY_BEFORE = re.compile(r"(?:\$|usd|eur|\u00a3|\u20ac)\s*$", re.IGNORECASE)


def _bare_number_ok(m: re.Match[str], text: str) -> bool:
    """"4471093" or "AB1234567" with no cue is an identifier in a note (a dose, count or lab
    value is shorter or carries a unit); not a trial or database id ("NCT01234567"), an
    amount of money, or a number shaped like a phone number (the phone pattern has it)."""
    value = m.group(0)
    if _COUNT_AFTER.match(text, m.end()) or _UNIT_AFTER.match(text, m.end()) or \
            _MONEY_BEFORE.search(text[max(0, m.start() - 5):
                                                                      m.start()]):
        return False
    line = text.rfind("\n", 0, m.start()) + 1
    if _LABELLED_BEFORE.search(text[max(line, m.start() - 30):m.start()]):
        return False  # the cued pattern labels it (MRN, HEALTHPLAN, DEVICE ...) on its line;
        # not a label that ends the line before ("(ref\nA77130429)": session 21, deidleft21)
    if _PRODUCT_BEFORE.search(text[max(0, m.start() - PRODUCT_REACH):m.start()]):
        return False  # a product's lot, NDC or catalogue number, a billing code
    if _typed_by_label(m.start(), m.end(), text):
        return False  # a health-plan or device label names its type (session 22)
    if value[0].isalpha():
        letters = m.group(1) or m.group(2)
        return letters not in _NOT_ID_PREFIX and letters not in _MONTH_ABBR
    return not (_NANP.fullmatch(value) or _COMPACT_DATE.fullmatch(value))


#: How far before an identifier its label may stand (a wrapped label ends the line before).
_LABEL_REACH = 40


def _typed_by_label(start: int, end: int, text: str) -> bool:
    """A cued health-plan or device pattern tags exactly ``text[start:end]``: its label, on the
    identifier's line or ending the line before ("HEALTH PLAN:\n  HP-22918377"), names the
    type, so a rule that knows only the shape (an ACCOUNT by default, which outranks both in
    the merge) leaves it (session 22)."""
    lo = max(0, start - _LABEL_REACH)
    window = text[lo:end + _LABEL_REACH]  # what follows too: the checks read it ("... tablets")
    low = window.lower()
    if len(low) != len(window):
        return False
    for pat in _typed_patterns():
        string = low if pat.lower else window
        for c in pat.regex.finditer(string):
            if (c.start(pat.group) + lo, c.end(pat.group) + lo) == (start, end) \
                    and (pat.check is None or pat.check(c, window)):
                return True
    return False


@lru_cache(maxsize=1)
def _typed_patterns() -> tuple[Pattern, ...]:
    """The cued patterns of the lists below whose label ranks under ACCOUNT."""
    return tuple(p for p in (*ID_PATTERNS, *GENERIC_ID_PATTERNS) if p.label in ("HEALTHPLAN", "DEVICE"))


_NANP = re.compile(r"[2-9]\d\d[2-9]\d{6}")
_LABELLED_BEFORE = re.compile(
    r"\b(?:(?:mrn|mr|id|acct|account|serial|s/n|sn|accession|acc|member|policy|group|claim|"
    r"ref|job|medicaid|medicare|subscriber|mbi|hicn|udi|imei|npi|csn|fin|har|ssn)\W*|"
    r"(?:case|order|specimen|unit|insurance|device|lot|model|dea)\W*(?:#|no\.?|number|num))"
    r"\W*$", re.IGNORECASE)
#: A product's lot number ("lot # AX3217", "LOT/EXP: 4471093", "Lot and expiration: 4471093"),
#: NDC, catalogue or billing code: not PHI (a lot names a batch given to many patients; HIPAA
#: lists device serials, which the DEVICE pattern tags, not lots; README "De-identification").
_PRODUCT_BEFORE = re.compile(
    r"\b(?:lot(?:\W*(?:#|no\.?|number|num)(?![a-z]))?"
    r"(?:\W*(?:/|and|&)\W*exp(?:iration|iry|\.)?(?:\W*date)?)?|"
    r"ndc|cpt|hcpcs|cat(?:alog)?|upc|gtin)\W*$", re.IGNORECASE)
#: How far before a number _PRODUCT_BEFORE looks.
PRODUCT_REACH = 30
_COMPACT_DATE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")  # a DATE

_TRIGGERS = {"ACCOUNT": ("acc", "kit", "ref", "conf", "intake", "claim", "auth", "ticket",
                        "cdl", "badge", "job", "enc"),
             "HEALTHPLAN": ("member", "subscriber", "policy", "medica", "masshealth", "mbi",
                            "plan", "group"),
             "DEVICE": ("serial",)}
GENERIC_ID_PATTERNS: list[Pattern] = [
    # "faxed to 6175550123": ten digits shaped like a North American number, no cue needed
    _p("PHONE", first=r"[2-9]", pattern=r"(?<![\w.,/-])[2-9]\d\d[2-9]\d{6}(?![\w/-]|[.,]\d)",
       check=_bare_phone_ok),
    # "4471093", "#0045512", "AB1234567": seven or more digits, or letters and six digits,
    # need no cue
    # ... and "S19-12345", "SP-19-004432": a pathology or specimen accession number
    _p("ACCOUNT", first="[0-9A-Z]", flags=0, check=_bare_number_ok,
       pattern=r"(?<![\w.,/:$+-])(?:([A-Z]{1,3})(?:[0-9]{6,10}|-?[0-9]{2}-[0-9]{4,7})|"
       r"([A-Z]{2,4})-[0-9]{6,10}|[0-9]{7,12})(?![\w/-]|[.,][0-9])"),
    _p("ACCOUNT", rf"\b(?i:id)[ \t]*(?:[#:][ \t]*)*{_ANY_ID}", group=1, check=_bare_id_ok,
       flags=0, first="[Ii]"),
    *(_p(label, rf"\b(?i:{cues})(?![A-Za-z]){_KW}{_ANY_ID}", group=1, check=_id_ok, flags=0,
         first="[A-Za-z]", triggers=_TRIGGERS[label]) for label, cues in _DIRECT.items()),
    _p("ACCOUNT", rf"\b(?i:{_WITH_KW})(?![A-Za-z])[ \t]*(?:#(?:[ \t]*\n)?|:|(?i:no\b\.?|number\b|num\b|"
       rf"id\b))?[ \t]*:?[ \t]*{_ANY_ID}", group=1, check=_kw_id_ok, flags=0, first="[A-Za-z]",
       triggers=("report", "case", "order", "file", "specimen", "req", "tracking", "incident",
                 "control", "account", "record", "voucher", "permit", "registration",
                 "certificate", "licen", "trip", "flight", "transport", "dictation", "document",
                 "transcription", "form", "request", "donor", "batch", "subject", "participant",
                 "sample", "docket", "warrant", "citation", "booking", "inmate", "env")),
    _p("ACCOUNT", rf"(?:#|(?<![a-z])no\b\.?|(?<![a-z])num(?:ber)?\b)[ \t]*:?[ \t]*{_PLAIN_ID}",
       group=1, check=_hash_cue_ok, first="[#n]", triggers=("#", "no", "num")),
]


_SSN_CUE = re.compile(r"\b(?:ssn|ss#|ss|social(?:\s+security)?)\b", re.IGNORECASE)


def _ssn_cue_before(m: re.Match[str], text: str, end: int) -> bool:
    """A social security word earlier on the line, within 40 characters."""
    line = text.rfind("\n", 0, m.start()) + 1
    return bool(_SSN_CUE.search(text, max(line, m.start() - 40), end))


def _ssn_ok(m: re.Match[str], text: str) -> bool:
    """"078-05-1120" is an SSN; "078 05 1120" and "078.05.1120" only near "SSN" / "social"."""
    if m.group(1) == "-":
        return True
    return _ssn_cue_before(m, text, m.start()) and not re.match(r"[.,]\d|\w", text[m.end():m.end() + 2])


#: Social security numbers.
SSN_PATTERNS: list[Pattern] = [
    _p("SSN", first=r"\d",
       pattern=r"(?<![\d-])\d{3}([ .-])\d{2}\1\d{4}(?![\d-])", check=_ssn_ok),
    _p("SSN", r"\b(?:ssn|ss#|ss\s?no\.?|social security(?:\s+(?:number|no\.?|#))?)\s*[:#]?\s*"
       r"(\d{9}|\d{3}[\s-]\d{2}[\s-]\d{4}|[x*]{3}-?[x*]{2}-?\d{4})\b", group=1,
       triggers=("ss", "social")),
]

#: Numbers after a cue: MRN, account, health plan, device, licence plate.
ID_PATTERNS: list[Pattern] = [
    # "MR: 000412277" (a colon and six digits or more: "MR: mild" is mitral regurgitation)
    _cued("MRN", r"mrn|mr\s*#|mr(?=\s*:\s*\d{6})|empi|cmrn|mr\s*no\.?|"
          r"med(?:ical)?\s*rec(?:ord)?(?:\s*(?:number|no\.?|#))?|"
          r"hosp(?:ital)?\.?\s*(?:#|no\.?|number)|unit\s*(?:#|no\.?|number)|pt\s*id|patient\s*id|"
          r"chart\s*(?:#|no\.?|number)", needs_kw=r"record|chart",
          triggers=("mr", "rec", "hosp", "unit", "id", "chart", "empi")),
    _cued("ACCOUNT", r"acct|account(?:\s*(?:#|no\.?|number))?|billing\s*(?:#|no\.?|number)|"
          r"csn|har|fin|enc\s*#|accession(?:\s*(?:#|no\.?|number))?|driver'?s\s+licen[cs]e(?:\s*(?:#|no\.?|number))?|"
          r"dl\s*#|dea\s*(?:#|no\.?|number)?|npi|certificate\s*(?:#|no\.?|number)|"
          r"licen[cs]e\s*(?:#|no\.?|number)", needs_kw=r"encounter|visit|claim|invoice|a/c",
          triggers=("acc", "a/c", "billing", "csn", "har", "fin", "licen", "dl", "dea", "npi",
                    "certificate", "encounter", "visit", "claim", "invoice")),
    _cued("HEALTHPLAN", r"member\s*id|subscriber\s*(?:id|#|no\.?)|insurance\s*(?:id|#|no\.?|number)|"
          r"policy\s*(?:#|no\.?|number)|medicaid(?:\s*(?:id|#|no\.?|number))?|"
          r"medicare(?:\s*(?:id|#|no\.?|number))?|health\s*plan(?:\s*(?:id|#|no\.?|number))?|"
          r"group\s*(?:#|no\.?|number)|beneficiary\s*(?:id|#|no\.?|number)|hicn|mbi|plan\s*id|"
          r"hcn|ohip|health\s*card(?:\s*(?:#|no\.?|number))?",
          needs_kw=r"member|policy|insurance",
          triggers=("member", "subscriber", "insurance", "policy", "medica", "plan", "group",
                    "beneficiary", "hicn", "mbi", "hcn", "ohip", "health card")),
    # (a lot number names a batch of a product, not a patient's device: not tagged)
    _cued("DEVICE", r"serial\s*(?:#|no\.?|number)|s/n|sn\s*[:#]|model\s*(?:#|no\.?|number)|"
          r"device\s*(?:id|#|no\.?|number)|udi|imei|"
          r"implant\s*(?:id|#)", needs_kw=r"device|pacemaker|icd|pump",
          triggers=("serial", "s/n", "sn", "model", "device", "udi", "imei", "implant",
                    "pacemaker", "icd", "pump")),
    _p("PLATE", r"\b(?i:licen[cs]e\s+plate|plate|tag|vehicle\s+reg(?:istration)?|vin)(?![A-Za-z])"
       r"(?i:\s*(?:#|no\.?|number))?\s*[:#]?\s*((?=[A-Z0-9 -]{0,8}\d)[A-Z0-9]{1,4}[ -]?"
       r"[A-Z0-9]{1,4}|[A-HJ-NPR-Z0-9]{17})(?![\w-])", group=1, flags=0,
       triggers=("plate", "tag", "vehicle", "vin")),
]
