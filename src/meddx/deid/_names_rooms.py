"""A patient's surname in brackets after a room or a bed (session 19, branch deidleft19; read on
group H): "called re pt in 412 (holcomb) w/ temp", "rm 12 (Delacroix) c/o pain", "bed 4
(Okonkwo) npo". Nurses name the patient of a room this way in pages and sign-outs.

The bracket holds one word and closes right after it; the word is a listed surname (no English
word) or a word of five letters or more that no list knows (no abbreviation: "isol", "sdu"), in
either case, and no clinical, function, cue, calendar or credential word ("bed 4
(isolation)", "rm 12 (icu)", "room 3 (negative pressure)" stay). The room is "rm", "room",
"bed", "bay" or "pt in" with its number.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import CALENDAR_WORDS, Lexicon
from meddx.deid._name_words import CREDENTIALS, NOT_AFTER_CUE, RELATIONS, ROLES, TITLES
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["room_names"]

_ROOM_BRACKET = re.compile(
    r"(?<![\w/-])(?:rm|room|bed|bay|pt[ \t]+in)[ \t]*#?[ \t]*\d{1,4}[a-z]?[ \t]*"
    r"\([ \t]*([a-z][a-z'\u2019-]*[a-z])[ \t]*\)")
#: an unknown word in the bracket that is a language, a compound or jargon, not a surname
#: ("room 3 (somali)", "room 4 (semi-private)", "bed 4 (neutropenic)", "room 3 (telesitter)":
#: second review of deidleft19, finding 1)
_LANGUAGES = frozenset(
    "somali tagalog amharic nepali swahili ukrainian punjabi farsi pashto hmong yoruba tigrinya "
    "burmese marshallese chuukese samoan navajo cantonese dari urdu hindi bengali gujarati tamil "
    "telugu karen karenni kinyarwanda kirundi oromo igbo hausa twi wolof fulani dinka nuer "
    "armenian albanian romanian bosnian serbian croatian hungarian ukrainian lithuanian latvian "
    "khmer laotian thai tongan chamorro ilocano cebuano visayan quechua mixteco kiche mam "
    "haitian creole polish korean japanese vietnamese portuguese italian greek turkish kurdish "
    "arabic persian hebrew yiddish russian german french spanish mandarin".split())
_JARGON_PREFIXES = ("non", "semi", "post", "tele", "neuro", "self", "anti", "hyper", "hypo")
_JARGON = frozenset("hiflow isolette resus fallrisk ruleout prisma bedalarm avasys glidescope "
                    "stryker hillrom totalcare envella clinitron".split())
_JARGON_ENDINGS = ("ic", "ed", "ing", "ese", "ette", "able", "ous", "ive")
_NOT_NAME = FUNCTION_WORDS | RELATIONS | ROLES | TITLES | CREDENTIALS | NOT_AFTER_CUE | CALENDAR_WORDS


def room_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the surnames in brackets after a room or a bed (module docstring);
    ``low`` is ``text`` in lower case (same offsets)."""
    if "(" not in low:
        return []
    out = []
    for m in _ROOM_BRACKET.finditer(low):
        key = m.group(1)
        if len(key) < 3 or key in _NOT_NAME or lex.is_medical(key):
            continue
        listed = key in lex.last_names and key not in lex.common_words
        unknown = len(key) >= 5 and key not in lex.common_words and key not in lex.cities \
            and key not in lex.first_names and key not in lex.abbreviations and _plain_word(key)
        if listed or unknown:
            out.append((m.start(1), m.end(1)))
    return out


def _plain_word(key: str) -> bool:
    """An unknown word that may be a surname: no hyphen, no language, no jargon prefix or ending."""
    return "-" not in key and key not in _LANGUAGES and key not in _JARGON \
        and not key.startswith(_JARGON_PREFIXES) and not key.endswith(_JARGON_ENDINGS)
