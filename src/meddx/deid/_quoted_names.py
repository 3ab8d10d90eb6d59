"""A nickname in quotes right after a relation word (session 21, deidleft21).

Social workers and therapists give a friend's or relative's nickname in quotes: 'one friend
("Dex") checks in', 'brother "Tito" visits', 'NEIGHBOR ("BUD") HELPS'. In mixed case the name
rules read the capital; typed in lower case or capitals the word is a common or clinical word
("dex", "bud") and was lost.

One word of three to fifteen letters in straight or curly quotes, right after a relation word
(``_name_words.RELATIONS``). In brackets around the quotes ('friend ("dex")', the nickname's
convention) any word but a common English word that is no first name ('("bud")' is read,
'("fine")' is not); without brackets only a word that is no common or clinical word ('brother
"tito"'; not 'son "okay"', 'daughter "upset"').
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._name_words import RELATIONS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["quoted_names"]

_QUOTED = re.compile(
    r"(?<![\w-])(?P<rel>[a-z][a-z-]*[a-z])[ \t]*(?P<open>\(?)[ \t]*[\"\u201c'\u2018]"
    r"(?P<nick>[a-z][a-z'-]{0,13}[a-z])[\"\u201d'\u2019]")


def quoted_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of each quoted nickname after a relation word."""
    if '"' not in text and "'" not in text and "\u201c" not in text and "\u2018" not in text:
        return []
    if len(low) != len(text):
        return []
    out = []
    for m in _QUOTED.finditer(low):
        if m.group("rel") not in RELATIONS:
            continue
        nick = m.group("nick")
        if len(nick) < 3 or nick in FUNCTION_WORDS or nick in RELATIONS:
            continue  # "ok", "no"
        if m.group("open"):
            if not low.startswith(")", m.end()) or (
                    nick in lex.common_words and nick not in lex.first_names):
                continue  # the bracket closes right after the quote; no plain word ("fine")
        elif nick in lex.common_words or (lex.is_medical(nick) and nick not in lex.first_names):
            continue  # 'wife "fine"', 'son "okay"': a reply quoted, not a name
        out.append((m.start("nick"), m.end("nick")))
    return out
