"""Towns where a relative or friend lives or comes from (typed LOCATION).

"Son Rick Weems in Brookville notified", "sister Mary-Kate Dolan visited from Barre",
"daughter (Ellen) lives in Grand Rapids", "his brother who lives near Deep Gap", "niece drove
down from Allentown": a relation word, up to three name words, an optional verb, then "in",
"from" or "near" and one to three capitalised words. The town needs a word that is no common
word (or is a listed city); states, countries, months, weekdays and clinical words stay
("son in ICU", "daughter in Florida", "wife from Mexico", "son in March").
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import MONTHS, Lexicon
from meddx.deid._name_words import RELATIONS
from meddx.deid._place_forms import town_ok
from meddx.deid._place_words import COUNTRIES
from meddx.deid._span import Span
from meddx.deid._tokens import Token

__all__ = ["kin_town_spans"]

_NAME = r"(?:(?:[A-Z][A-Za-z'.-]*|\([^()\n]{1,30}\))[ \t]+){0,3}"
_VERB = (r"(?:(?:who[ \t]+)?(?i:lives|living|lived|resides|residing|visited|visiting|came|comes|coming|"
         r"drove|drives|flew|flying|moved|is|was|stays|staying|here)"
         r"(?:[ \t]+(?i:down|up|over|back|in|out))?[ \t]+)?")
#: Matched right after a relation word.
_KIN = re.compile(r"[ \t]+" + _NAME + _VERB
                  + r"(?i:in|from|near)[ \t]+(?P<town>[A-Z][A-Za-z'-]+(?:[ \t][A-Z][A-Za-z'-]+){0,2})")
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def kin_town_spans(text: str, lex: Lexicon, toks: list[Token]) -> list[Span]:
    """Spans of the towns of the module docstring."""
    out: list[Span] = []
    for t in toks:
        if t.key not in RELATIONS:
            continue
        m = _KIN.match(text, t.end + (2 if text.startswith(("'s", "\u2019s"), t.end) else 0))
        if m is None:
            continue
        words = m.group("town").split()
        # drop a trailing day or month: "in Boston Tuesday", "from Barre Friday"
        while len(words) > 1 and (words[-1].lower() in _WEEKDAYS or words[-1].lower() in MONTHS):
            words.pop()
        keys_w = [w.lower() for w in words]
        if keys_w[0] in COUNTRIES or " ".join(keys_w) in COUNTRIES or keys_w[0] in MONTHS \
                or keys_w[0] in _WEEKDAYS:
            continue
        if " ".join(keys_w) in lex.states or not town_ok(words, lex, any_common=False):
            continue
        start = m.start("town")
        out.append(Span(start, start + len(" ".join(words)), "LOCATION", "places", 0.7))
    return out
