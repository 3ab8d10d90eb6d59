"""A nickname in quotes right after a relation word (session 21, deidleft21).

Social workers and therapists give a friend's or relative's nickname in quotes: 'one friend
("Dex") checks in', 'brother "Tito" visits', 'NEIGHBOR ("BUD") HELPS'. In mixed case the name
rules read the capital; typed in lower case or capitals the word is a common or clinical word
("dex", "bud") and was lost.

One word of three to fifteen letters in straight or curly quotes, right after a relation word
(``_name_words.RELATIONS``). In brackets around the quotes ('friend ("dex")', the nickname's
convention) any word but a common English word that is no first name ('("bud")' is read,
'("fine")' is not) or a word that says what the relative is in care: a role, a credential or a
care form of the hand-written clinical list ('daughter ("DPOA")', 'sister ("pcp")', 'mother
("MOLST")'). A drug's or a test's abbreviation says nothing of a person, so in brackets after
a relation it is the nickname ('friend ("dex")', session 22: nicknames are short words, and many
short words are someone's abbreviation). Without brackets only a word that is no common or
clinical word ('brother "tito"'; not 'son "okay"', 'daughter "upset"').
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._name_words import CREDENTIALS, RELATIONS, ROLES, STAFF_CREDENTIALS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["quoted_names"]

#: the opening quotes; the relation word before one and the nickname after it are read from there
#: (a scan for quotes is far cheaper than one that tries every word as a relation)
_OPEN = re.compile("[\"\u201c'\u2018]")
_RELATION_BEFORE = re.compile(r"(?<![\w-])([a-z][a-z-]*[a-z])[ \t]*(\(?)[ \t]*$")
_NICK = re.compile(r"([a-z][a-z'-]{0,13}[a-z])[\"\u201d'\u2019]")
#: What a relative is in care, in brackets after the relation word: a decision maker or contact
#: ('son ("DPOA")'), besides the roles and credentials of ``_name_words``.
_CARE_ROLES = frozenset("dpoa hcpoa mpoa poa hcp nok proxy surrogate contact".split()) \
    | ROLES | CREDENTIALS | STAFF_CREDENTIALS


def quoted_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of each quoted nickname after a relation word."""
    if len(low) != len(text):
        return []
    out = []
    for q in _OPEN.finditer(low):
        rel = _RELATION_BEFORE.search(low, max(0, q.start() - 30), q.start())
        if rel is None or rel.group(1) not in RELATIONS:
            continue
        m = _NICK.match(low, q.end())
        if m is None:
            continue
        nick = m.group(1)
        if len(nick) < 3 or nick in FUNCTION_WORDS or nick in RELATIONS:
            continue  # "ok", "no"
        if rel.group(2):
            if not low.startswith(")", m.end()) or nick in _CARE_ROLES or ((
                    nick in lex.common_words or lex.is_medical(nick, abbreviations=False))
                    and nick not in lex.first_names):
                continue  # the bracket closes right after the quote; no plain word ("fine"), no
                # role or listed clinical word ('daughter ("DPOA")', 'sister ("pcp")'); a bare
                # abbreviation is a nickname here ('friend ("dex")', session 22)
        elif nick in lex.common_words or (lex.is_medical(nick) and nick not in lex.first_names):
            continue  # 'wife "fine"', 'son "okay"': a reply quoted, not a name
        out.append((m.start(1), m.end(1)))
    return out
