"""Clinical words that no bundled dictionary lists but that are built from one it does
(session 21, branch deidfp21p).

Notes coin words with a prefix on a common or clinical word ("refeeding", "unwitnessed",
"premedicated", "interfacility", "nonoperated") and name units by an ICU word with a letter or
two before it ("NSICU", "CTICU"). A place rule that takes "a word no dictionary knows" as the
sign of a proper name reads these as names, most of all in capitals, where case says
nothing ("REFEEDING LABS", "AT 1100, PREMEDICATED,"). :func:`derived` says such a word is a
plain one. A listed first name, surname or town is never derived ("Underwood", "Overbrook").
"""

from __future__ import annotations

from meddx.deid._lexicon import Lexicon

__all__ = ["derived"]

#: Prefixes that clinical writing puts before a word it keeps whole.
_PREFIXES = ("re", "pre", "post", "non", "un", "inter", "intra", "out", "sub", "over", "under",
             "multi", "anti", "hyper", "hypo", "peri", "trans", "extra", "semi", "pseudo")
#: Unit words that short letters before them name a unit ("NSICU", "CTICU", "CVICU").
_UNIT_ENDS = ("icu", "ccu")


def derived(key: str, lex: Lexicon, clinical: bool = False) -> bool:
    """``key`` (lower case) is a prefix and a listed common or clinical word of four letters
    or more ("refeeding" = "re" + "feeding"), or up to three letters and "icu" /
    "ccu", and is no listed name or town. With ``clinical``, the word after the prefix must be
    a clinical one ("reinfusion", "nonoperative"; not "overlake", "outlook": brands, fix round
    of session 21). A listed common word is never derived ("research" = "re" + "search")."""
    if len(key) < 5 or key in lex.first_names or key in lex.last_names or key in lex.cities \
            or key in lex.common_words:  # "research", "restore": words of their own, read as
        return False  # the callers read common words (fix round of session 21)
    if key.endswith(_UNIT_ENDS) and len(key) <= 6 and key.isalpha():
        return True
    for p in _PREFIXES:
        if key.startswith(p):
            rest = key[len(p):].lstrip("-")
            if len(rest) >= 4 and ((rest in lex.common_words and not clinical) or lex.is_medical(rest)):
                return True
    return False
