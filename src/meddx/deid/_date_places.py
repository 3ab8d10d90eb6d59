"""Years dated by the place of an event (session 19, branch deidleft19; read on groups H and I):
a year no clock can read (1960-1999, 2060-2099) right before "at" and a place ("prior
intubation 2085 at Avera McKennan") or right after a facility's name ("Havasu Regional 2088 for
CHF"). ``_patterns_years._history_year`` asks these where no history cue stands before the
year. A year that a clock can read ("2030 at MGH", 20:30) is never taken here.
"""

from __future__ import annotations

import re

__all__ = ["year_after_facility", "year_at_place"]

#: "at" and the first word of a place after a year: "intubated 2085 at Avera", "started HD 2086
#: at Merit Health", "GA 2084 at piedmont" (session 19, groups H and I)
_AT_PLACE_AFTER = re.compile(r"[ \t]+(?i:at)[ \t]+(?:(?i:the)[ \t]+)?([A-Za-z][A-Za-z'\u2019.-]*)")
#: words after "at" that say when or how, not where ("at night", "at rest", "at bedside")
_AT_NOT_PLACE = frozenset("night midnight noon rest bedside home baseline times time least most "
                          "first last end start onset shift change approximately approx about "
                          "around risk goal rate dose am pm hs discharge admission presentation "
                          "diagnosis dx peak nadir birth delivery day days week adm".split())
#: a lab, vital or measure word right before the number: a value, not a year ("platelets 1980
#: at Discharge", "CK 1985 at Ohio State", "EBL 1990 at Delivery": review of deidleft19, finding 6)
_VALUE_BEFORE = re.compile(r"\b(?:platelets?|plts?|wbc|hgb|hct|ck|cpk|ldh|amylase|lipase|weight|wt|"
                           r"ebl|steps|total|count|level|glucose|bnp|ferritin|troponin|trop|alt|ast|"
                           r"alk[ \t]+phos|bili|creatinine|cr|bun|tsh|psa|cea|afp|uop|output|intake|"
                           r"volume|vol|dose|score|rate|calories|kcal)[ \t]*[:=]?[ \t]*$", re.IGNORECASE)
#: a count after a facility's number: a phone line, an extension, a tally ("Mental Health 1990
#: calls", "Behavioral Health 1975 ext": review of deidleft19, finding 7)
_FACILITY_COUNT_AFTER = re.compile(r"[ \t]*(?:calls?|visits?|ext|extension|x\d|beds?|patients?|pts|"
                                   r"members|referrals?|admissions|clients|staff|employees|#)\b",
                                   re.IGNORECASE)


def year_at_place(text: str, end: int, year: str) -> bool:
    """A year no clock can read (1960-1999, 2060-2099) right before "at" and a place's first
    word, capitalised or else a word no dictionary holds or a town ("prior intubation 2085 at
    Avera McKennan", "delivered 2087 at cherry county"): an event's year and where it
    happened. Never a time ("2030 at MGH" may be 20:30) nor a volume ("1980 at 0600": a digit
    after "at")."""
    if not ("1960" <= year <= "1999" or year >= "2060"):
        return False
    if _VALUE_BEFORE.search(text, max(0, end - len(year) - 20), end - len(year)):
        return False
    m = _AT_PLACE_AFTER.match(text, end)
    if m is None:
        return False
    word = m.group(1).rstrip(".")
    key = word.lower()
    if key in _AT_NOT_PLACE:
        return False
    if word[0].isupper() and not word.isupper():
        return True  # "Avera" (a word in capitals is read as one in lower case: "AT NIGHT")
    from meddx.deid._lexicon import lexicon

    lex = lexicon()
    return key in lex.cities or key in lex.states or not (key in lex.common_words or lex.is_medical(key))


#: the last word of a facility's name right before a year: "Havasu Regional 2088 for CHF",
#: "Bradford Health Services 2086, relapsed" (session 19, group I)
_FACILITY_END_BEFORE = re.compile(r"\b(?:hospital|hosp|regional|medical[ \t]+center|center|centre|"
                                  r"clinic|health|services|memorial|general|infirmary|institute)"
                                  r"[ \t]*$", re.IGNORECASE)


#: a hospital's own department, not a place of stay: its number is a phone line ("Emergency
#: Services 1980", "Interpreter Services 1990"; session 20). Only in-hospital departments: an
#: agency's year is a stay or an event ("Child Protective Services 1989 removed him", "Treated
#: at Family Services 1985"; social, protective, support, patient, family, member, customer,
#: technical and it left out in the fix round, review of deidleft20, finding 2)
_DEPARTMENT_BEFORE = re.compile(
    r"\b(?:emergency|security|environmental|food|nutrition|nutritional|"
    r"interpreter|interpreting|language|pastoral|spiritual|chaplaincy|guest|volunteer|financial|"
    r"registration|transport|transportation)"
    r"[ \t]+services[ \t]*$", re.IGNORECASE)


def year_after_facility(before: str, year: str, text: str, end: int) -> bool:
    """A year no clock can read right after a facility's name: where and when a stay was; not
    before a count or an extension, nor after a department's or a service's name."""
    return ("1960" <= year <= "1999" or year >= "2060") and \
        _FACILITY_END_BEFORE.search(before) is not None and _FACILITY_COUNT_AFTER.match(text, end) is None \
        and _DEPARTMENT_BEFORE.search(before) is None
