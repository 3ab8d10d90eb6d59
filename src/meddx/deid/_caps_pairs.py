"""Two words in capitals that read as a first name and a surname only because every word is
capitalised (session 24, deidcaps24).

Without a cue, the names detector reads a listed first name before a listed surname as a name
("MARY ROURKE", "PAT WALKER"). On a line typed in capitals, ordinary English pairs take that
shape too. :func:`common_pair` says when such a pair, typed in capitals, is no name:

* a determiner or possessive stands right before it, on its line: a person's name takes no
  article ("A LONG CASE", "A YOUNG GUY", "THE YOUNG MAN", "HIS NUMBERS LOOK"); only where both
  words are common English words (a name no dictionary has stays: "THE OKONKWO FAMILY" is no
  pair of this rule), the surname is not one of the 500 most frequent ("A FRANK HILL CALLED"
  stays), "A" is no bed letter ("BED A ROSE LONG") and no family or home word follows ("THE
  PAT WALKER FAMILY");
* "MISS" where only a verb stands (after "to", a helper verb or a subject pronoun) before a
  common word that is no first name: the verb ("TO MISS WORK"); elsewhere it is the title;
* it is a care instruction written as a verb and its object or a manoeuvre: "CHIN TUCK" (a
  swallow strategy), "PAT DRY" (wound care).

None of these holds when a person's word follows the pair in its clause ("CHIN TUCK CALLED,
SON", "A PAT HOUSE, SAYS SHE IS A FRIEND"; fix round of the review).

Only the no-cue reading is refused: a cue before the pair ("WIFE PAT WALKER", "SPOKE WITH
MARK LONG", "DR YOUNG") and a credential after it are read by their own rules, and a pair of
a listed first name and surname with no determiner before it stays a name ("HCP IS PAT
WALKER", "OT GRACE HILL EVAL DONE").
"""

from __future__ import annotations

from functools import lru_cache

from meddx.deid._lexicon import Lexicon, _lines
from meddx.deid._tokens import Token

__all__ = ["common_pair", "frequent_surname", "miss_name", "miss_verb", "person_after"]

#: Words that open a noun phrase and never stand before a person's name ("her" and "that" are
#: left out: "TOLD HER ROSE LONG WOULD CALL", "SAID THAT PAT WALKER WILL VISIT").
DETERMINERS = frozenset(
    "a an the his their its my our your this some any every".split())
#: Care instructions and manoeuvres of two name-like words ("chin tuck": a swallow strategy;
#: "pat dry": wound care).
CARE_PAIRS = frozenset((("chin", "tuck"), ("pat", "dry")))
_FAMILY = frozenset(("family", "families", "household", "residence", "home"))
#: Words before "MISS" where only a verb can stand: "to", a helper verb, a subject pronoun, the
#: "t" of "DON'T" / "DIDN'T" (fix round: elsewhere "MISS" is the title, as on base).
_BEFORE_VERB = frozenset("to will would may might can could should must do does did not never "
                         "i we you they dont doesnt didnt wont cant t".split())
#: A person's words soon after a pair ("A PAT HOUSE, SAYS ...", "CHIN TUCK CALLED, SON"): the
#: pair is a name there (fix round, review findings 3-4).
_PERSON_AFTER = frozenset(
    "called calling calls call visited visiting visits visit bedside says said states stated "
    "asking asked asks from wife husband spouse son daughter dtr mother mom father dad sister "
    "brother niece nephew aunt uncle cousin friend neighbor neighbour girlfriend boyfriend "
    "partner fiance fiancee grandson granddaughter sw nok hcp poa guy".split())
#: After these words "A" is a bed or room letter, no article ("BED A ROSE LONG").
_LETTER_BEFORE = frozenset("bed room rm pod team zone side group".split())


@lru_cache(maxsize=1)
def _frequent_surnames() -> frozenset[str]:
    """The 500 most frequent census surnames (``last_names.txt`` is in order of frequency)."""
    return frozenset(n.lower() for n in _lines("last_names.txt")[:500])


def frequent_surname(key: str) -> bool:
    """``key`` (lower case) is one of the 500 most frequent census surnames."""
    return key in _frequent_surnames()


def miss_name(t: Token, lex: Lexicon) -> bool:
    """After "MISS" in capitals, a name: a listed first name, a word that is no common English
    word, or one of the most frequent surnames ("MISS OKONKWO", "MISS ROSE", "MISS BROWN"); not
    the object of the verb ("MISS WORK", "MISS SCHOOL", "MISS DOSES")."""
    k = t.key
    return k in lex.first_names or k not in lex.common_words or k in _frequent_surnames()


def miss_verb(text: str, toks: list[Token], i: int) -> bool:
    """Token i ("MISS") stands where only a verb can: right after "to", a helper verb or a
    subject pronoun on its line ("WANT TO MISS WORK", "DON'T MISS DOSES")."""
    if not i:
        return False
    prev = toks[i - 1]
    return prev.key in _BEFORE_VERB and "\n" not in text[prev.end:toks[i].start]


def person_after(text: str, toks: list[Token], k: int) -> bool:
    """A person's word within the three words after token k, in its clause ("... CALLED",
    "..., SAYS SHE", "..., A NEIGHBOR")."""
    for j in range(k + 1, min(len(toks), k + 4)):
        gap = text[toks[j - 1].end:toks[j].start]
        if "\n" in gap or any(c in gap for c in ".;:()"):
            return False  # "WILL MISS WORK; WIFE TO CALL": another clause
        if toks[j].key in _PERSON_AFTER:
            return True
    return False


def common_pair(text: str, toks: list[Token], i: int, k: int, lex: Lexicon) -> bool:
    """Tokens i (a listed first name) and k (a listed surname), in capitals, are an ordinary
    phrase (module docstring)."""
    first, last = toks[i], toks[k]
    if not (first.upper and last.upper):
        return False
    if person_after(text, toks, k):
        return False  # "CHIN TUCK CALLED, SON", "A PAT HOUSE, SAYS SHE IS A FRIEND"
    if (first.key, last.key) in CARE_PAIRS:
        return True
    if first.key not in lex.common_words or last.key not in lex.common_words:
        return False
    if first.key == "miss":  # "TO MISS WORK": a verb (a title before a name is read apart)
        return miss_verb(text, toks, i) and not miss_name(last, lex)
    if not i or (k + 1 < len(toks) and toks[k + 1].key in _FAMILY):
        return False  # "THE PAT WALKER FAMILY"
    if last.key in _frequent_surnames():
        return False  # "A FRANK HILL CALLED", "SOME MARK LONG": a frequent surname stays a name
    prev = toks[i - 1]
    gap = text[prev.end:first.start]
    if prev.key == "a" and i > 1 and (toks[i - 2].key in _LETTER_BEFORE
                                      or toks[i - 2].text.isdigit()):
        return False  # "BED A ROSE LONG": a bed letter
    return prev.key in DETERMINERS and prev.text.isupper() and gap.strip() == "" \
        and "\n" not in gap
