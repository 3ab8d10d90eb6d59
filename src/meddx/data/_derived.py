"""Group attributes derived from the text, for corpora without demographic columns.

Some corpora (the bundled Medical Abstracts demo among them) record no patient attributes, yet
a subgroup audit still needs groups. These functions derive *study-population descriptors*
from what the text says, by transparent keyword rules. They describe the population a text
is about, not a patient's demographics: an abstract on "elderly women" is ``older adult`` /
``women``; an abstract that names no age group is ``unspecified``. Rules are on the lower-cased
text with word boundaries; nothing is learned.

* ``population``: ``pediatric``, ``adult``, ``older adult``, ``mixed`` (cues of children and
  of adults) or ``unspecified``. Cues: words (infant, newborn, neonatal, child, children,
  pediatric, adolescent, boys, girls, juvenile, toddler, preterm, schoolchildren / adult,
  adults, young adults, middle-aged / elderly, older adults, older patients, geriatric,
  octogenarian, nonagenarian, aged persons) and stated ages ("aged 72", "mean age 45",
  "a 7-year-old", "54 years old", "54 yo", "54 y/o"): under 18 pediatric, 65 and over older
  adult, adult between.
  ``older adult`` with ``adult`` cues is ``older adult`` (older adults are adults).
* ``sex_studied``: ``women``, ``men``, ``both`` or ``unspecified``, from woman/women/female(s)/
  girls/mothers/pregnant/pregnancy/postmenopausal and man/men/male(s)/boys/fathers.

:data:`DERIVED_GROUPS` maps each name to its function. A group column requested in
``data.group_columns`` or ``meddx audit --groups`` that the file lacks, and that names a
derived attribute, is computed from the text column (:func:`add_derived_groups`); a file
column of the same name always wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pandas as pd

__all__ = ["DERIVED_GROUPS", "add_derived_groups", "population_from_text", "sex_studied_from_text"]

_PEDIATRIC = re.compile(
    r"\b(infants?|infancy|newborns?|neonat\w*|child(?!-pugh)|children|childhood|p(?:a)?ediatric\w*|"
    r"adolescen\w*|boys?|girls?|juvenile|toddlers?|preterm|schoolchildren|school-age)\b")
_ADULT = re.compile(r"\b(adults?|young adults?|middle-aged)\b")
_OLDER = re.compile(
    r"\b(elderly|older (?:adults?|patients|people|persons|subjects|women|men)|geriatric\w*|"
    r"octogenarians?|nonagenarians?|centenarians?|aged persons|old age)\b")
_AGES = re.compile(
    r"\b(?:aged|age|ages|mean age(?: of| was)?)\s+(\d{1,3})\b|"
    r"\b(\d{1,3})(?:[- ]years?[- ]old\b| ?yo\b| ?y/o\b)")
_WOMEN = re.compile(r"\b(wom[ae]n|females?|girls?|mothers?|pregnant|pregnancy|postmenopausal)\b")
_MEN = re.compile(r"\b(m[ae]n|males?|boys?|fathers?)\b")


def population_from_text(text: str) -> str:
    """``pediatric`` / ``adult`` / ``older adult`` / ``mixed`` / ``unspecified`` (see module)."""
    t = str(text).lower()
    child = bool(_PEDIATRIC.search(t))
    adult = bool(_ADULT.search(t))
    older = bool(_OLDER.search(t))
    for match in _AGES.finditer(t):
        age = int(match.group(1) or match.group(2))
        if age < 18:
            child = True
        elif age >= 65:
            older = True
        elif age <= 120:
            adult = True
    if child and (adult or older):
        return "mixed"
    if child:
        return "pediatric"
    if older:
        return "older adult"
    return "adult" if adult else "unspecified"


def sex_studied_from_text(text: str) -> str:
    """``women`` / ``men`` / ``both`` / ``unspecified`` (see module)."""
    t = str(text).lower()
    women, men = bool(_WOMEN.search(t)), bool(_MEN.search(t))
    if women and men:
        return "both"
    return "women" if women else "men" if men else "unspecified"


DERIVED_GROUPS: dict[str, Callable[[str], str]] = {
    "population": population_from_text,
    "sex_studied": sex_studied_from_text,
}


def add_derived_groups(table: pd.DataFrame, text_column: str, names: Iterable[str]) -> pd.DataFrame:
    """``table`` with the derived attributes among ``names`` that it lacks, computed from
    ``text_column`` (a copy when anything is added; ``table`` itself otherwise). Names that are
    neither in the table nor derived are left for the caller to report."""
    columns = {str(c) for c in table.columns}
    todo = [n for n in dict.fromkeys(names) if n in DERIVED_GROUPS and n not in columns]
    if not todo or text_column not in columns:
        return table
    out = table.copy()
    texts = out[text_column].tolist()
    for name in todo:
        rule = DERIVED_GROUPS[name]
        out[name] = [None if v is None or (isinstance(v, float) and v != v) else rule(v)
                     for v in texts]
    return out
