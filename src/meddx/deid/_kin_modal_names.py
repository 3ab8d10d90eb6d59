"""A relative whose first name is also a modal verb: "son will in to visit" (typed NAME).

Nursing notes write a relative's first name right after the relation word: "son will in to
visit", "husband Will at bedside", "SON WILL CALLED FROM BASE", "brother will was updated".
The name rules keep "will" (and "may", "can") out, since it is mostly the modal verb. After a
relation word it is a name when the next word cannot follow a modal: a preposition, a verb
in the past, "is"/"was"/"has", "here", "at bedside", "present" or the modal itself ("son will
in", "wife will updated", "son will will visit"). "the brother will at times refuse" stays.
"son will call", "daughter will be in", "son will visit" stay (a bare verb follows), and so
does a modal in lower case before a conjunction: "son will and daughter ..." is the verb of
both relatives (:func:`modal_then_conjunction`, read by ``_shift_note_names`` too); "son Will
and daughter", "SON WILL AND DAUGHTER" are names.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._name_words import MODALS

__all__ = ["kin_modal_names", "modal_then_conjunction"]

_KIN = (r"(?:son|husband|brother|nephew|grandson|father|dad|uncle|cousin|friend|partner|boyfriend|"
        r"fianc[eé]|stepson|son-in-law|brother-in-law|father-in-law|neighbou?r)")
_AFTER = (r"(?:in|here|at[ \t]+(?:the[ \t]+)?bedside|from|with|on|present|is|was|has|had|and|called|"
          r"phoned|visited|came|"
          r"updated|aware|notified|brought|left|stayed|spoke|states|stated|says|said|reports|reported|"
          r"asked|asks|agrees|agreed|requests|requested|will|\()")
_MODAL_NAME = re.compile(r"(?i)\b" + _KIN + r"(?:'s)?[ \t]+(?-i:(will|Will|WILL))[ \t]*(?=(?i:" + _AFTER
                         + r")(?![\w-]))")


_CONJUNCTION = re.compile(r"[ \t]*(?:and|&|or)(?![\w-])")


def modal_then_conjunction(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a modal in lower case before "and", "&" or "or": after a
    relation ("wife will and son") the verb of both relatives, not a name."""
    return text[start:end] in MODALS and _CONJUNCTION.match(text, end) is not None


def kin_modal_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans of the relatives' names of the module docstring."""
    del lex
    if "will" not in low:
        return []
    return [(m.start(1), m.end(1)) for m in _MODAL_NAME.finditer(text)
            if not modal_then_conjunction(text, m.start(1), m.end(1))]
