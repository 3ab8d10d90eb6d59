"""Whether a word that no name list holds is spelled like a person's name or like a drug or a
service (session 18, branch deidname18).

The ``crf`` guard gives up an unlisted one-word NAME at a sentence start before "aware" /
"notified" ("Nsgy aware.", "Nexterone (rn aware": a service, a drug), which also gave up a
nurse's name no census list holds ("Adwoa (rn aware of plan)."; session 17's review). The
spelling tells them apart in general, not by a list of names:

* a drug carries a stem ending ("-one", "-ine", "-pril", "-mab", "-azole" ...; the USAN stems
  and brand endings such as "-ex", "-ic") or a letter that brand names favour and names seldom
  hold ("x", "q": "Nexterone", "Andexxa", "Praxbind");
* a service abbreviation has no vowel other than "y" ("Nsgy") or ends like one ("-surg");
* a name has a vowel, is mixed case, three letters or more, and is no English or clinical word
  (the caller checks the lists).
"""

from __future__ import annotations

import re

__all__ = ["name_spelled"]

#: drug stems (USAN) and brand endings, and service abbreviations' endings
_NOT_NAME_END = re.compile(
    r"(?:one|ine|ide|ol|pam|lam|pril|artan|mab|nib|mycin|cillin|cycline|floxacin|statin|azole|"
    r"afil|parin|xaban|gatran|triptan|profen|fenac|sone|done|vir|tide|ase|dex|zem|nox|ic|ex|"
    r"ium|surg|onc|neph|pulm|psych)\Z")
_VOWEL = re.compile(r"[aeiou]")
_BRAND_LETTER = re.compile(r"[xq]")


def name_spelled(word: str) -> bool:
    """Whether ``word`` (one word of letters) is spelled like a name rather than a drug or a
    service (module docstring): "Adwoa", "Kwame", "Abena" yes; "Nexterone", "Nsgy",
    "Ozempic", "Neurosurg" no."""
    low = word.lower()
    if len(low) < 3 or word.isupper() or not low.isalpha():
        return False
    return (_VOWEL.search(low) is not None and _BRAND_LETTER.search(low) is None
            and _NOT_NAME_END.search(low) is None)
