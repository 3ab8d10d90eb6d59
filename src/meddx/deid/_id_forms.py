"""More forms of contact details and identifiers, each anchored on a rare cue or shape.

Written obfuscated e-mail ("jdoe at example dot com"), IPv6 addresses, masked and partial
SSNs ("xxx-xx-1234", "last 4 of SSN 1234"), Medicare MBIs with no cue ("1EG4-TE5-MK73"),
pagers named after the number ("#41237 (pager)"), after a '#' or alone in a sentence about
calling ("paged via #41237", "paged Dr Osei 41237") or after a bare 'p' ("p41237"), numbers
after a phone word in any national format ("tel 0161 496 0754"), extensions written "x 2231",
and identifiers after cues that the base patterns need a '#' for: "SN PJN123456",
"acc RAD2018-00012", "Job 445", a dictation footer's "#445123", "Unit: 12-34-56"; record
numbers with no label in a header or census line (session 16): after the patient's age and sex
("Kerr, Odessa   71 F   GMH-40218", in any letter case) or after a surname and first name in
capitals that start the line ("WALSH,ARLO  08-71-32-14"), in a record number's shape only (six
to twelve digits, letters and a hyphen before five to ten digits, four hyphenated pairs), so
that "71 F 98%" or "67 M 0800" never is one.
"""

from __future__ import annotations

import re
from datetime import date

from meddx.deid._patterns import Pattern, make_pattern
from meddx.deid._patterns_contact import _call_cue_before, _no_unit_after
from meddx.deid._patterns_ids import (
    _LABELLED_BEFORE,
    _PRODUCT_BEFORE,
    PRODUCT_REACH,
    _id_ok,
    _long_id_ok,
    _ssn_cue_before,
)

__all__ = ["EXTRA_ID_PATTERNS"]

_p = make_pattern

_TLD = r"(?:com|org|net|edu|gov|io|info|us|ca|uk|co|biz|me)"
_DOT = r"(?:[ \t]*[(\[{<][ \t]*dot[ \t]*[)\]}>][ \t]*|[ \t]+dot[ \t]+|\.)"
_AT = r"(?:[ \t]*[(\[{<][ \t]*at[ \t]*[)\]}>][ \t]*|[ \t]+at[ \t]+)"
_BRACKET_AT = re.compile(r"[(\[{<]\s*at")


def _email_ok(m: re.Match[str], text: str) -> bool:
    """"jdoe at example dot com" and "j.doe (at) example.org" are addresses; "seen at
    example dot com" needs a user name that looks like one when 'at' is plain."""
    found = m.group(0).lower()
    if _BRACKET_AT.search(found):
        return True
    return "dot" in found and (bool(re.search(r"[._\d]", m.group(1))) or len(m.group(1)) > 3)


def _ipv6_ok(m: re.Match[str], text: str) -> bool:
    """Hex groups with a letter, or 'fe80::'-style compression: no clock time ("12:30:45")."""
    found = m.group(0).lower()
    return any(c in "abcdef" for c in found) or found.count(":") >= 4


def _last4_ok(m: re.Match[str], text: str) -> bool:
    """"last 4 of SSN 1234", "SSN on file, last 4 2290": a social security word near."""
    return _ssn_cue_before(m, text, m.end(1))


_PAGER_AFTER = r"[ \t]*(?:\([ \t]*(?:pager|pgr|beeper|bpr|pg|p|b)[ \t]*\)|(?:pager|pgr|beeper)\b)"


def _phone_digits_ok(m: re.Match[str], text: str) -> bool:
    return 7 <= sum(c.isdigit() for c in m.group(1)) <= 15 and _no_unit_after(m, text)


_EXT_BEFORE = re.compile(r"(?:\d[ \t]*|[x*\u00d7][ \t]*)$")


def _x_ext_ok(m: re.Match[str], text: str) -> bool:
    """"RN x 4471" is an extension; "12.0 x 1000" and "x 1000 mL" are not."""
    return not _EXT_BEFORE.search(text, max(0, m.start() - 3), m.start()) and \
        _no_unit_after(m, text)


_NUMBER_WORD_BEFORE = re.compile(r"(?:\bnumber|\bnum|#)[ \t]*(?:is\b)?[ \t]*[:.]?[ \t]*$",
                                 re.IGNORECASE)
_P_BEFORE = re.compile(r"(?:^|[^\w/.#-])p[ \t]?$", re.IGNORECASE)


_CONTACT_BEFORE = re.compile(
    r"\b(?:wife|husband|spouse|partner|daughter|dtr|son|mother|mom|father|dad|sister|sis|"
    r"brother|bro|niece|nephew|aunt|uncle|cousin|friend|neighbou?r|roommate|landlord|hcp|"
    r"proxy|guardian|caregiver|home|cell|work|office|number|reach|reached|call|called|contact|"
    r"phone|tel|ph|at|@)\b|@|#", re.IGNORECASE)


def _number_word_ok(m: re.Match[str], text: str) -> bool:
    """"his number is 555 1234", "daughter Ruth 555 0124", "cell # 555.1234": seven digits
    spaced or dotted after a number word, or just after a relative or a call word (only
    words between them: not "son visited, ate 250 1000")."""
    if not _no_unit_after(m, text) or m.group(0)[0] in "01":
        return False
    if _NUMBER_WORD_BEFORE.search(text, max(0, m.start() - 14), m.start()):
        return True
    line = text.rfind("\n", 0, m.start()) + 1
    cues = list(_CONTACT_BEFORE.finditer(text, max(line, m.start() - 24), m.start()))
    if not cues:
        return False
    between = text[cues[-1].end():m.start()].rstrip(" \t,:;-(")
    return not any(c.isdigit() or c in ",;" for c in between)


def _p_pager_ok(m: re.Match[str], text: str) -> bool:
    """"J Osei MD p41237": a bare 'p' before five digits or 'd-dddd' (a pulse has 2 or 3)."""
    return bool(_P_BEFORE.search(text, max(0, m.start() - 3), m.start())) and \
        _no_unit_after(m, text)


_FOOTER = re.compile(r"\b(?:dd|dt|d|t)[ \t]*:[ \t]*\d{1,2}[/-]\d{1,2}", re.IGNORECASE)


_SHIFT = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d-(?:[01]\d|2[0-3])[0-5]\d")


def _hash_number_ok(m: re.Match[str], text: str) -> bool:
    """'#' and five digits or more is a number of some record ("RN #41237", "Smith, John
    #4471093"), unless a product's lot or NDC, or a billing code; four digits only on a
    dictation footer's line ("D:" / "T:" / "DD:" / "DT:" and a date before it)."""
    if not _no_unit_after(m, text) or _PRODUCT_BEFORE.search(
            text, max(0, m.start() - PRODUCT_REACH), m.start()):
        return False
    if _LABELLED_BEFORE.search(text, max(0, m.start() - 30), m.start()) or \
            _call_cue_before(m, text):
        return False  # a cued pattern labels it (DEVICE, MRN ...), a pager pattern (PHONE)
    digits = sum(c.isdigit() for c in m.group(1))
    if "-" in m.group(1):  # "#71-0314-22"; not a shift "#0700-1900"
        return digits >= 7 and not _SHIFT.fullmatch(m.group(1))
    if digits >= 5:
        return True
    # the footer's line, read back at most _FOOTER_REACH characters: a search from the start
    # of a line of thousands of "staff # 3500" took quadratic time (session 19)
    line = text.rfind("\n", max(0, m.start() - _FOOTER_REACH), m.start()) + 1
    return bool(_FOOTER.search(text, max(line, m.start() - _FOOTER_REACH), m.start()))


#: how far back a dictation footer's "D:" / "T:" and date may stand before its "#dddd"
_FOOTER_REACH = 240


# --- record numbers in a header line, no label (session 16) -------------------------------
#: A record number's shapes; never followed by a unit, a slash or a decimal.
_RECORD = r"(\d{6,12}|[a-z]{2,5}-?\d{5,10}|\d\d(?:-\d\d){3})(?![\w/%-]|[.,:]\d)"
_RECORD_CAPS = r"(\d{6,12}|[A-Z]{2,5}-?\d{5,10}|\d\d(?:-\d\d){3})(?![\w/%-]|[.,:]\d)"
#: A unit after the number makes it a count ("100000 cfu", "123456 units"), but not a ward
#: ("4821937 unit 5W", "units: 4W") nor "copies requested" after a long record number.
_RECORD_UNIT_AFTER = re.compile(r"[ \t]*(?:units?\b(?![ \t:]*\d?[A-Za-z0-9]{0,3}[A-Za-z]\b)|iu\b|cfu\b|"
                                r"cells\b|colonies\b|plt\b|platelets\b)", re.IGNORECASE)
_ROUND_COUNT = re.compile(r"\d0000+$")


def _record_ok(m: re.Match[str], text: str) -> bool:
    """Not a date ("71 F 20250314 admit": eight digits that are a calendar date) nor a count
    ("2 F 100000 cells", "9 m 100000 cfu"; datefix16)."""
    value = m.group(1)
    if len(value) == 8 and value.isdigit() and value[:2] in ("19", "20"):
        try:
            date(int(value[:4]), int(value[4:6]), int(value[6:]))
            return False
        except ValueError:
            pass
    if re.match(r"[ \t]*copies\b", text[m.end():m.end() + 12], re.IGNORECASE):
        return not _ROUND_COUNT.search(value)  # "100000 copies" is a count
    return not _RECORD_UNIT_AFTER.match(text, m.end())

EXTRA_ID_PATTERNS: list[Pattern] = [
    # "W0368 26 448210", "W0361 26 118274 D": an ISBT 128 donation number of a blood unit
    # (facility letter and 4 digits, 2-digit year, 6-digit serial, a check letter), no cue;
    # also in lower case ("w0368 26 448210", session 15)
    _p("ACCOUNT", r"(?<![\w-])[A-Za-z]\d{4}[ \t]?\d\d[ \t]?\d{6}(?:[ \t][A-Za-z](?![\w/-]))?"
       r"(?![\w-])", flags=0, first="[A-Za-z]"),
    # "jdoe at example dot com", "j.doe (at) example (dot) org", "jdoe[at]example.org"
    _p("EMAIL", rf"\b([a-z0-9._%+-]+){_AT}[a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*?{_DOT}{_TLD}\b",
       check=_email_ok, triggers=(" dot ", "(at)", "[at]", "{at}", "<at>", "( at )", "[ at ]"),
       first="[a-z0-9]"),
    # "fe80::1c4a:22ff:fe31:9a0b", "2001:db8:0:0:0:0:2:1"
    _p("IP", r"(?<![\w:])(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){7})[0-9a-f]{0,4}(?::[0-9a-f]{0,4})"
       r"{2,7}(?![\w:])", check=_ipv6_ok, first="[0-9a-f:]", triggers=("::", "fe80", "2001:")),
    # "xxx-xx-1234", "***-**-1234": a masked SSN keeps its last four digits
    _p("SSN", r"(?<![\w*-])[x*]{3}-[x*]{2}-\d{4}(?![\w-])", triggers=("xxx-xx-", "***-**-"),
       first="[x*]"),
    # "last 4 of SSN 1234", "SS# last four 2290", "SSN on file, last 4 2290"
    _p("SSN", r"\blast[ \t]*(?:4|four)(?:[ \t]*digits)?(?:[ \t]*of)?(?:[ \t]*(?:the|his|her|"
       r"pt'?s|patient'?s))?(?:[ \t]*(?:ssn|ss#|ss|social(?:[ \t]+security)?(?:[ \t]+number)?))?"
       r"[ \t]*(?:is|are|=|:|#)?[ \t]*(\d{4})(?![\w-])", group=1, check=_last4_ok,
       triggers=("last 4", "last four", "last4"), first="l"),
    # Medicare Beneficiary Identifier, with or without its hyphens: "1EG4-TE5-MK73"
    _p("HEALTHPLAN", r"(?<![\w-])[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]"
       r"[AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]{2}\d\d(?![\w-])", flags=0, first="[1-9]"),
    # "#41237 (pager)", "4-1234 (p)", "41237 beeper": the number first, the device after
    _p("PHONE", rf"(?<![\w/.-])#?[ \t]?(\d{{4,5}}|\d-\d{{4}}){_PAGER_AFTER}", group=1,
       triggers=("pager", "pgr", "beeper", "bpr", "(p)", "(b)", "(pg)"), first=r"[#\d]"),
    # "paged via #41237", "called Dr X, #4-1234", "paged Dr Osei 41237": a short number in a
    # sentence about calling
    _p("PHONE", r"(?<![\w#/.-])(?:#[ \t]?)(\d{4,5}|\d-\d{4})(?![\w/-]|[.,]\d)", group=1,
       check=_call_cue_before, triggers=("#",), first="#"),
    _p("PHONE", r"(?<![\w#/.:-])\d{5}(?![\w/:-]|[.,]\d)", check=_call_cue_before,
       triggers=("pag", "pg", "bpr", "beep", "call", "phone", "contact", "ext"), first=r"\d"),
    # "J Osei MD p41237", "p 4-1234"
    _p("PHONE", r"(?:(?<=p)|(?<=p[ \t]))(?:\d{5}|\d-\d{4})(?![\w/-]|[.,]\d)", check=_p_pager_ok,
       first=r"\d"),
    # "tel 0161 496 0754", "cell (02) 9876 5432", "mobile 07700 900123": after a phone word,
    # any national format of 7 to 15 digits
    _p("PHONE", r"\b(?:phone|tel|telephone|cell|mobile|mob|callback)"
       r"[ \t]*(?:#|no\.?|number)?[ \t]*[:.]?[ \t]*(\+?\(?\d[\d ()-]{5,17}\d)(?![\w-])",
       group=1, check=_phone_digits_ok,
       triggers=("phone", "tel", "cell", "mob", "callback"), first="[cmpt]"),
    # "his number is 555 1234", "dtr Ruth 555 0124": seven digits after a number word or
    # a relative
    _p("PHONE", r"(?<![\w.-])\d{3}[ .]\d{4}(?![\w-]|[.,]\d)", check=_number_word_ok,
       first=r"\d"),
    # "RN x 4471", "call x 4-5678": an extension written with a free-standing x
    _p("PHONE", r"(?<![\w.-])x[ \t](\d-\d{4}|\d{4,5})(?![\w/-]|[.,]\d)", group=1,
       check=_x_ext_ok, triggers=("x ",), first="x"),
    # "Smith, John #4471093", "RN #41237", "#A12345"; on a dictation footer's line also four
    # digits ("DD: 03/14/2019 DT: 03/15/2019 #4451")
    # and hyphenated ("REPORT FILED #71-0314-22", "RUN # 71-00318": seven digits or more)
    _p("ACCOUNT", r"(?<![\w#&])#[ \t]?([a-z]{0,3}\d{4,12}|\d{2,4}-\d{3,6}(?:-\d{1,6})?)"
       r"(?![\w/-]|[.,]\d)", group=1, check=_hash_number_ok, triggers=("#",), first="#"),
    # "Unit: 12-34-56": a unit number in a header, in its own shape
    _p("MRN", r"\bunit[ \t]*:[ \t]*(\d{2,3}-\d{2}-\d{2,4}|\d{6,10})(?![\w/-]|[.,]\d)", group=1,
       triggers=("unit",), first="u"),
    # "SN PJN123456", "S/N 7724418": a serial number cue with no '#' or ':'
    _p("DEVICE", r"\b(?:sn|s/n)[ \t]+([a-z0-9][a-z0-9-]{3,19})(?![\w-])", group=1,
       check=_id_ok, triggers=("sn ", "s/n "), first="s"),
    # "ACC RAD2018-00012", "accession 12-0443871": an accession cue with no '#' or ':'
    _p("ACCOUNT", r"\bacc(?:ession)?\.?[ \t]+([a-z]{0,5}-?\d[a-z0-9-]{3,})(?![\w-])", group=1,
       check=_long_id_ok, triggers=("acc ", "acc. ", "accession "), first="a"),
    # "Job 445", "JOB# 00812291", "Dictation #: 5521": a dictation footer's job number
    _p("ACCOUNT", r"\b(?:job|dictation|transcription|doc(?:ument)?(?=[ \t]*(?:#|no\b|id\b)))"
       r"(?![a-z])[ \t]*(?:#|no\.?|number|id)?[ \t]*[:.]?[ \t]*(\d{3,12})(?![\w/-]|[.,]\d)",
       group=1, check=_no_unit_after, triggers=("job", "dictation", "transcription", "doc"),
       first="[djt]"),
    # "Kerr, Odessa   71 F   GMH-40218": age, sex, then the number on the same line (ACCOUNT,
    # as the label-less numbers of _patterns_ids)
    _p("ACCOUNT", rf"(?<![\w/.,:+-])(?:1[01]\d|\d{{1,2}})[ \t]?(?:y/?o|yo|y)?[ \t]*"
       rf"(?:m|f|male|female)(?![\w/-])[ \t]*[,|;/]?[ \t]+{_RECORD}", group=1, first=r"\d",
       check=_record_ok),
    # "WALSH,ARLO  08-71-32-14": a surname and first name in capitals start the line
    _p("ACCOUNT", rf"(?m)^[ \t]*[A-Z][A-Z'-]+,[ \t]?[A-Z][A-Z'-]+(?:[ \t][A-Z]\.?)?[ \t]{{2,}}"
       rf"{_RECORD_CAPS}", group=1, flags=0, check=_record_ok),
]
