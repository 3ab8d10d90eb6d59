"""What a corpus teaches about its facilities: short forms of the hospital names found, and
the capitalised names that recur after transfer and admission verbs.

Notes name their hospitals in full once ("Harlan Valley Medical Center", "St Agnes
Hospital", "Linden Hill Manor") and then by short forms: the name without its facility words
("Linden Hill", "Merrowfield"), the saint without "St" ("the Agnes"), or the initials
("HVMC"). And a ward or hospital that no rule knows recurs after "transferred to", "admitted
from", "tx from", "d/c to", "seen at", "followed at". :func:`facility_aliases` gives the
short forms of one facility name; :func:`learned_facilities` the names that recur after those
verbs across a corpus. The de-identifier adds both to the strings it redacts everywhere (the
consistency pass).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from meddx.deid._ascii import ascii_twin, ascii_twin_ok
from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._place_words import HOSPITAL_WORDS, ORG_WORDS
from meddx.deid._tokens import FUNCTION_WORDS, tokenize

__all__ = ["facility_aliases", "learned_facilities"]

_TRAILING = HOSPITAL_WORDS | ORG_WORDS | frozenset(
    "medical center centre general regional memorial community health care skilled nursing "
    "family internal womens women children childrens university state county hospital "
    "rehabilitation rehab urgent dialysis emergency dept department".split())
_SAINT = frozenset(("st", "saint"))
_AFTER_VERB = re.compile(  # the look-ahead on the verbs' first letters: a faster scan
    r"(?i)(?=[tadrcsfbwi])\b(?:transferred|transfer|tx|txed|admitted|admit|adm|discharged|d/c|dc'?d|returned|"
    r"return|came|arrived|seen|followed|f/u|brought|flown|sent|went|records|chart|films|"
    r"study|studies|imaging)[ \t]+(?:back[ \t]+)?(?:to|from|at|by)[ \t]+(?:the[ \t]+)?"
    r"([^\W\d_](?:[^\W\d_]|['-])*)(?:[ ]((?:[^\W\d_]|['-])+))?")
_MIN_SEEN = 2


def _plain(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    return w in FUNCTION_WORDS or w in lex.common_words or lex.is_medical(w)


def _distinct(words: list[str], lex: Lexicon) -> bool:
    """Words that can name a facility on their own: "Linden Hill", "Merrowfield", "Kestrel";
    not "Community", "the", "ICU"."""
    keys = [w.lower() for w in words]
    if any(k in FUNCTION_WORDS or lex.is_medical(k) or k in _TRAILING for k in keys):
        return False
    return len(keys) > 1 or len(keys[0]) >= 4


def facility_aliases(name: str, lex: Lexicon) -> list[str]:
    """Short forms of a facility name: "Linden Hill Manor" -> "Linden Hill"; "St Agnes
    Hospital" -> "St Agnes", "the Agnes", "Agnes"; "Harlan Valley Medical Center" ->
    "Harlan Valley", "HVMC". A short form of one word must be no function or clinical word
    ("Community Hospital" gives nothing), and is then matched in its case only when it is
    a common word ("Mercy"); a name typed in capitals gives no such common word ("MASS" of
    "MASS GENERAL"): in capitals, its case tells nothing."""
    words = [t.text for t in tokenize(name)]
    if not words:
        return []
    out = []
    core = list(words)
    while core and core[-1].lower() in _TRAILING:
        core.pop()
    capitals = name.isupper()

    def keep(part: list[str]) -> bool:
        return _distinct(part, lex) and not (
            capitals and len(part) == 1 and part[0].lower() in lex.common_words)

    if core and core != words and keep(core):
        out.append(" ".join(core))
    saint = core[1:] if len(core) >= 2 and core[0].lower() in _SAINT else []
    if saint and keep(saint):
        out += [" ".join(saint), "the " + " ".join(saint)]
    caps = [w for w in words if w.lower() not in ("of", "and", "the", "&")]
    initials = "".join(w[0] for w in caps).upper()
    if 3 <= len(initials) <= 5 and len(caps) == len(initials) and not lex.is_medical(initials) \
            and initials.lower() not in lex.common_words:
        out.append(initials)
    return out


def learned_facilities(texts: Iterable[str], lex: Lexicon) -> list[str]:
    """Capitalised names (one or two words, or initials) that follow a transfer or admission
    verb at least twice in ``texts`` and are no common, clinical, first-name or place word:
    "transferred from BRIARWOOD", "old records from wexcombe", "transfer back to Halden"."""
    seen: Counter[str] = Counter()
    for text in texts:
        found = (heads_finditer(ascii_twin(_AFTER_VERB), text) if ascii_twin_ok(text)
                 else _AFTER_VERB.finditer(text))
        for m in found:
            first, second = m.group(1), m.group(2)
            key = first.lower()
            if (first[0].islower() and not first.islower()) or _plain(first, lex) \
                    or key in lex.first_names or key in lex.cities or key in lex.states:
                continue
            name = first
            if second and (second[0].isupper() == first[0].isupper()) \
                    and second.isupper() == first.isupper() and not _plain(second, lex):
                name += " " + second
            seen[name.lower()] += 1
    return sorted(n for n, c in seen.items() if c >= _MIN_SEEN)
