"""Two words in capitals that read as a first name and a surname only because every word is
capitalised (session 24, deidcaps24).

Without a cue, the names detector reads a listed first name before a listed surname as a name
("MARY ROURKE", "PAT WALKER"). On a line typed in capitals, ordinary English pairs take that
shape too. :func:`common_pair` says when such a pair, typed in capitals, is no name:

* a determiner or possessive stands right before it, on its line: a person's name takes no
  article ("A LONG CASE", "A YOUNG GUY", "THE YOUNG MAN", "HIS NUMBERS LOOK"); only where both
  words are common English words (a name no dictionary has stays: "THE OKONKWO FAMILY" is no
  pair of this rule), and not before a word of family or home ("THE PAT WALKER FAMILY");
* "MISS" before a common word that is no first name: the verb ("TO MISS WORK");
* it is a care instruction written as a verb and its object or a manoeuvre: "CHIN TUCK" (a
  swallow strategy), "PAT DRY" (wound care).

Only the no-cue reading is refused: a cue before the pair ("WIFE PAT WALKER", "SPOKE WITH
MARK LONG", "DR YOUNG") and a credential after it are read by their own rules, and a pair of
a listed first name and surname with no determiner before it stays a name ("HCP IS PAT
WALKER", "OT GRACE HILL EVAL DONE").
"""

from __future__ import annotations

from functools import lru_cache

from meddx.deid._lexicon import Lexicon, _lines
from meddx.deid._tokens import Token

__all__ = ["common_pair", "miss_name"]

#: Words that open a noun phrase and never stand before a person's name ("her" and "that" are
#: left out: "TOLD HER ROSE LONG WOULD CALL", "SAID THAT PAT WALKER WILL VISIT").
DETERMINERS = frozenset(
    "a an the his their its my our your this some any every".split())
#: Care instructions and manoeuvres of two name-like words ("chin tuck": a swallow strategy;
#: "pat dry": wound care).
CARE_PAIRS = frozenset((("chin", "tuck"), ("pat", "dry")))
_FAMILY = frozenset(("family", "families", "household", "residence", "home"))


@lru_cache(maxsize=1)
def _frequent_surnames() -> frozenset[str]:
    """The 500 most frequent census surnames (``last_names.txt`` is in order of frequency)."""
    return frozenset(n.lower() for n in _lines("last_names.txt")[:500])


def miss_name(t: Token, lex: Lexicon) -> bool:
    """After "MISS" in capitals, a name: a listed first name, a word that is no common English
    word, or one of the most frequent surnames ("MISS OKONKWO", "MISS ROSE", "MISS BROWN"); not
    the object of the verb ("MISS WORK", "MISS SCHOOL", "MISS DOSES")."""
    k = t.key
    return k in lex.first_names or k not in lex.common_words or k in _frequent_surnames()


def common_pair(text: str, toks: list[Token], i: int, k: int, lex: Lexicon) -> bool:
    """Tokens i (a listed first name) and k (a listed surname), in capitals, are an ordinary
    phrase (module docstring)."""
    first, last = toks[i], toks[k]
    if not (first.upper and last.upper):
        return False
    if (first.key, last.key) in CARE_PAIRS:
        return True
    if first.key not in lex.common_words or last.key not in lex.common_words:
        return False
    if first.key == "miss":  # "TO MISS WORK": a verb (a title before a name is read apart)
        return not miss_name(last, lex)
    if not i or (k + 1 < len(toks) and toks[k + 1].key in _FAMILY):
        return False  # "THE PAT WALKER FAMILY"
    prev = toks[i - 1]
    gap = text[prev.end:first.start]
    return prev.key in DETERMINERS and prev.text.isupper() and gap.strip() == "" \
        and "\n" not in gap
