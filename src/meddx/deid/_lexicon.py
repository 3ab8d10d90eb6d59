"""The word lists bundled in ``resources/`` (names, places, common words, medical terms).

They are read once, lazily, from the installed package: nothing is downloaded. Provenance
and licences are in ``resources/README.md``; ``scripts/build_deid_lists.py`` regenerates
the generated ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

__all__ = ["Lexicon", "lexicon"]


def _lines(name: str) -> list[str]:
    text = resources.files("meddx.deid").joinpath("resources", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    """Lower-cased word sets used by the dictionary detectors."""

    first_names: frozenset[str]
    last_names: frozenset[str]
    common_words: frozenset[str]
    medical: frozenset[str]
    cities: frozenset[str]
    states: dict[str, str]  # lower-cased code or name -> canonical name
    first_name_sex: dict[str, str]  # lower-cased first name -> "F", "M" or "U" (both)
    #: clinical abbreviations from the Meta-Inventory (never names nor places; see README)
    abbreviations: frozenset[str] = frozenset()
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def is_medical(self, word: str, abbreviations: bool = True) -> bool:
        """``word`` is clinical vocabulary; with ``abbreviations`` False, only the hand-written
        list counts (a title-case "Vic" is a name even if "VIC" is an abbreviation)."""
        got = self._cache.get((word, abbreviations))
        if got is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            got = self._cache[(word, abbreviations)] = self._is_medical(word, abbreviations)
        return got

    def _is_medical(self, word: str, abbreviations: bool) -> bool:
        w = word.lower().strip(".")
        extra = self.abbreviations if abbreviations else frozenset()
        if w in self.medical or w in extra:
            return True
        if "-" in w:  # "A-line", "Kaplan-Meier"; not "Mora-English"
            return all(part in self.medical or part in extra for part in w.split("-") if part)
        if w.endswith("'s") or w.endswith("\u2019s"):
            return w[:-2] in self.medical or w[:-2] in extra
        return False


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The bundled lists, loaded on first use and cached."""
    states: dict[str, str] = {}
    for line in _lines("us_states.txt"):
        code, name = line.split("\t")
        states[code.lower()] = name
        states[name.lower()] = name
    cities = [c.lower() for c in _lines("us_cities.txt")]
    medical = {t.lower() for t in _lines("medical_terms.txt")}
    months_days = {t for t in medical if t in _CALENDAR}
    return Lexicon(
        first_names=frozenset(n.lower() for n in _lines("first_names.txt")) - months_days,
        last_names=frozenset(n.lower() for n in _lines("last_names.txt")) - months_days,
        common_words=frozenset(w.lower() for w in _lines("common_words.txt")),
        medical=frozenset(medical),
        cities=frozenset(cities),
        states=states,
        abbreviations=frozenset(_lines("clinical_abbreviations.txt")) - medical,
        first_name_sex=dict(
            (name.lower(), sex) for name, sex in (ln.split("\t") for ln in _lines("first_names_gender.txt"))
        ),
    )


MONTHS = frozenset("january february march april may june july august september october november "
                   "december".split())
_CALENDAR = MONTHS | frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
#: Months with their abbreviations ("sept", "jan"), lower case.
MONTH_WORDS = MONTHS | frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
#: Months and weekdays with their abbreviations ("sept", "thurs"), lower case.
CALENDAR_WORDS = _CALENDAR | MONTH_WORDS | frozenset(
    "mon tue tues wed thu thur thurs fri sat sun".split())
