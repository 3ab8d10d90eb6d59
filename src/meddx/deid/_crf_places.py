"""Place spans the crf tags with less confidence (session 16, deidplace16; session 17, crf17).

:func:`place_tail`: the tagger is often sure of a facility's or a place's first words and less
sure of the words that end it: in "Hartselle Family Care", "Plumas Home Health", "Covenant
SNF", "lake county behavioral health" the last words get P(not O) between 0.5 and the threshold
(0.8 until session 17, 0.9 since), so the span stopped short of the name's end and the name
was not covered. Such a run of I- place tokens right after a place span the tagger is sure of,
on the same line, is taken into the span when its last word is a facility, organisation or
street word (``HOSPITAL_WORDS``, ``ORG_WORDS``, ``STREET_WORDS``: "care", "health", "snf",
"services", "county", "rd");
trailing numbers and function words are left out ("Redwood Ambulance BLS at 1300", "wake her"
stay as they were). Only a span already found grows: the rule adds no span of its own.

:func:`low_place_runs` (the ``crf`` detector's ``low_places`` option, off by default): a run of
place tokens the tagger tags HOSPITAL or LOCATION with P(not O) in [``LOW_FLOOR``, threshold)
that touches no token the tagger is sure of becomes a span of its own, but only when a reader
can see why it is a place: its last word (trailing numbers and function words left out) is a
facility or organisation head word and another word names it ("Maple Ridge Rehab", "Saint
Anne's Clinic"; not "Clinic" alone), or its words are a listed US town or county (the
gazetteer, less the towns that are common or clinical words: "Hope" is not taken).
"""

from __future__ import annotations

from typing import Any

from meddx.deid._gazetteer import gazetteer
from meddx.deid._place_words import HOSPITAL_WORDS, ORG_WORDS, STREET_WORDS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["LOW_FLOOR", "PLACE_LABELS", "TAIL_FLOOR", "low_place_runs", "place_tail"]

PLACE_LABELS = frozenset(("HOSPITAL", "LOCATION"))
#: the least P(not O) of a token taken into a place span's end
TAIL_FLOOR = 0.5
#: the least P(not O) of a token of a place run that stands alone (``low_places``)
LOW_FLOOR = 0.5
_HEADS = HOSPITAL_WORDS | ORG_WORDS | STREET_WORDS
#: last words that let an unsure place run stand alone (street words are not enough there)
_LOW_HEADS = HOSPITAL_WORDS | ORG_WORDS
_TAGS = frozenset(("I-HOSPITAL", "I-LOCATION"))


def _word(text: str, token: tuple[int, int]) -> str:
    return text[token[0]:token[1]]


def _trimmed_end(text: str, tokens: list[tuple[int, int]], i: int, j: int) -> int:
    """``j`` moved back over the trailing numbers and function words of tokens ``i..j-1``."""
    while j > i and (_word(text, tokens[j - 1]).isdigit()
                     or _word(text, tokens[j - 1]).lower() in FUNCTION_WORDS):
        j -= 1
    return j


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
    j = _trimmed_end(text, tokens, i, j)
    if j == i or _word(text, tokens[j - 1]).lower() not in _HEADS:
        return
    run[1] = tokens[j - 1][1]
    run[3].extend(p_phi[i:j])
    run[4] = j - 1


def _listed_place(words: list[str]) -> bool:
    key = " ".join(words)
    gaz = gazetteer()
    return (key in gaz.towns and key not in gaz.plain_towns) or key in gaz.counties


def low_place_runs(text: str, tokens: list[tuple[int, int]], tags: list[str],
                   p_phi: list[float], sure: list[bool], threshold: float) -> list[list[Any]]:
    """Runs ([start, end, label, probs, last token index], as ``_crf._runs``) of the unsure
    place tokens the module docstring describes. ``sure[i]``: token ``i`` is in a span the
    tagger is sure of (P(not O) at least its threshold), which such a run may not touch."""
    out: list[list[Any]] = []
    n, i = len(tags), 0
    while i < n:
        if not (tags[i][2:] in PLACE_LABELS and not sure[i]
                and LOW_FLOOR <= p_phi[i] < threshold):
            i += 1
            continue
        kind, j = tags[i][2:], i + 1
        while (j < n and tags[j] == "I-" + kind and not sure[j]
               and LOW_FLOOR <= p_phi[j] < threshold
               and "\n" not in text[tokens[j - 1][1]:tokens[j][0]]):
            j += 1
        start, i_next = i, j
        touches = (start > 0 and sure[start - 1]) or (j < n and sure[j])
        j = _trimmed_end(text, tokens, start, j)
        words = [_word(text, tokens[k]).lower() for k in range(start, j)]
        named = any(w.isalpha() and w not in _LOW_HEADS for w in words)
        if not touches and named and (words[-1] in _LOW_HEADS or _listed_place(words)):
            out.append([tokens[start][0], tokens[j - 1][1], kind, p_phi[start:j], j - 1])
        i = i_next
    return out
