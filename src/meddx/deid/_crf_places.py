"""The end of a facility's name that the crf tags with less confidence (session 16, deidplace16).

The tagger is often sure of a facility's or a place's first words and less sure of the words
that end it: in "Hartselle Family Care", "Plumas Home Health", "Covenant SNF", "lake county
behavioral health" the last words get P(not O) between 0.5 and the threshold (0.8), so the span
stopped short of the name's end and the name was not covered. Such a run of I- place tokens
right after a place span the tagger is sure of, on the same line, is taken into the span when
its last word is a facility, organisation or street word (``HOSPITAL_WORDS``, ``ORG_WORDS``,
``STREET_WORDS``: "care", "health", "snf", "services", "county", "rd"); trailing numbers and
function words are left out ("Redwood Ambulance BLS at 1300", "wake her" stay as they were).
Only a span already found grows: the rule adds no span of its own.
"""

from __future__ import annotations

from typing import Any

from meddx.deid._place_words import HOSPITAL_WORDS, ORG_WORDS, STREET_WORDS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["PLACE_LABELS", "TAIL_FLOOR", "place_tail"]

PLACE_LABELS = frozenset(("HOSPITAL", "LOCATION"))
#: the least P(not O) of a token taken into a place span's end
TAIL_FLOOR = 0.5
_HEADS = HOSPITAL_WORDS | ORG_WORDS | STREET_WORDS
_TAGS = frozenset(("I-HOSPITAL", "I-LOCATION"))


def place_tail(text: str, tokens: list[tuple[int, int]], tags: list[str], p_phi: list[float],
               run: list[Any], threshold: float) -> None:
    """Grow ``run`` ([start, end, label, probs, last token index], a HOSPITAL or LOCATION run
    of ``_crf._runs``, whose tokens reach ``threshold``) over the tokens after it that the
    module docstring describes, in place."""
    i = run[4] + 1
    j = i
    while (j < len(tags) and tags[j] in _TAGS and TAIL_FLOOR <= p_phi[j] < threshold
           and "\n" not in text[tokens[j - 1][1]:tokens[j][0]]):
        j += 1
    while j > i and (text[tokens[j - 1][0]:tokens[j - 1][1]].isdigit()
                     or text[tokens[j - 1][0]:tokens[j - 1][1]].lower() in FUNCTION_WORDS):
        j -= 1
    if j == i or text[tokens[j - 1][0]:tokens[j - 1][1]].lower() not in _HEADS:
        return
    run[1] = tokens[j - 1][1]
    run[3].extend(p_phi[i:j])
    run[4] = j - 1
