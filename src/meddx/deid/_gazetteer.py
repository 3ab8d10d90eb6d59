"""The larger gazetteers, read only in cued positions: small US places, counties, rare surnames.

``us_cities.txt`` and ``last_names.txt`` (``_lexicon``) keep their uses everywhere; the longer
lists here are loaded lazily, once, on the first note that reaches a cue that reads them, and
only as sets (a lookup is one hash). Provenance and licences: ``resources/README.md``
(GeoNames, CC BY 4.0; US Census 1990, public domain; CMS hospital towns, public domain);
``scripts/build_deid_lists.py`` regenerates them.

Guards are applied once at load time:

* ``towns``: US places of at least 500 inhabitants and CMS hospital towns, plus the big cities
  (a cued rule reads both), no US state name.
* ``plain_towns``: those of ``towns`` that are also a common English word, a clinical word or a
  first name ("Hope", "Commerce", "Why", "Florence"): a rule needs a strong residence cue and a
  capital before it tags one.
* ``counties``: "jackson county", "acadia parish", "kenai peninsula borough" (lower case).
* ``surnames``: the 40,000 most frequent census surnames less the common English and clinical
  words and first names (towns such as "Abernathy" stay: after "d/w" a town is rare); for
  name cues ("d/w", "per", "paged").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from meddx.deid._lexicon import Lexicon, _lines, lexicon

__all__ = ["Gazetteer", "gazetteer", "listed_surname"]


@dataclass(frozen=True)
class Gazetteer:
    """Lower-cased sets (see the module docstring)."""

    towns: frozenset[str]
    plain_towns: frozenset[str]
    counties: frozenset[str]
    surnames: frozenset[str]


def _plain(town: str, lex: Lexicon) -> bool:
    """A one-word town that is a common, clinical or first-name word; a longer one of only
    common or clinical words ("Holly Hill", "Rural Retreat")."""
    words = town.split()
    if len(words) == 1:
        return town in lex.common_words or town in lex.first_names or lex.is_medical(town)
    return all(w in lex.common_words or w in lex.medical or w in lex.abbreviations for w in words)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The bundled larger lists, loaded on first use and cached."""
    lex = lexicon()
    towns = {t.lower() for t in _lines("us_places.txt")} | lex.cities
    towns -= set(lex.states)
    plain = {t for t in towns if _plain(t, lex)}
    counties = frozenset(c.lower() for c in _lines("us_counties.txt"))
    rare = {n.lower() for n in _lines("last_names_rare.txt")} | lex.last_names
    # set differences rather than a test per name: the load stays well under a tenth of a second
    surnames = frozenset(n for n in rare - lex.common_words - lex.first_names - lex.medical
                         - lex.abbreviations - set(lex.states) if len(n) >= 3)
    return Gazetteer(frozenset(towns), frozenset(plain), counties, surnames)


def listed_surname(key: str) -> bool:
    """``key`` (lower case) is a surname of the bundled lists: the lexicon's or the census
    surnames above ("bell", "pleasant"), not only an English word ("alert")."""
    return key in lexicon().last_names or key in gazetteer().surnames
