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

:func:`banded_runs` (the ``crf`` detector's ``place_band`` option, off by default; session 18,
crf18): the place runs read with HOSPITAL and LOCATION tokens down to P(not O) ``place_band``
(touching sure tokens or not) that end on a facility or organisation head word another word
names ("Brightwater Dialysis", "Kessler Rehab"; no listed town alone), each in place of the
sure runs it overlaps; such a span does not propagate through the note. It is the route to a
facility name that the threshold 0.9 (forced by the Medical Abstracts guard) takes back, with
a check the abstracts' unsure places do not pass (their unsure runs are towns and regions:
"in Copenhagen", "south-western Norway").
"""

from __future__ import annotations

from typing import Any

from meddx.deid._gazetteer import gazetteer
from meddx.deid._place_words import HOSPITAL_WORDS, ORG_WORDS, STREET_WORDS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["LOW_FLOOR", "PLACE_LABELS", "TAIL_FLOOR", "banded_runs", "low_place_runs", "named_place",
           "place_tail"]

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


def named_place(text: str, tokens: list[tuple[int, int]], i: int, j: int, *,
                towns: bool = True) -> int:
    """The end (exclusive token index) of tokens ``i..j-1`` less their trailing numbers and
    function words when a reader can see they name a place: the last word is a facility or
    organisation head word and another word names it, or (with ``towns``) the words are a
    listed town or county (not a common word); else 0."""
    j = _trimmed_end(text, tokens, i, j)
    if j == i:
        return 0
    words = [_word(text, tokens[k]).lower() for k in range(i, j)]
    named = any(w.isalpha() and w not in _LOW_HEADS for w in words)
    return j if named and (words[-1] in _LOW_HEADS or towns and _listed_place(words)) else 0


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
        j = named_place(text, tokens, start, j)
        if not touches and j:
            out.append([tokens[start][0], tokens[j - 1][1], kind, p_phi[start:j], j - 1])
        i = i_next
    return out


def banded_runs(text: str, tokens: list[tuple[int, int]], sure_runs: list[list[Any]],
                band_runs: list[list[Any]], threshold: float) -> list[list[Any]]:
    """``sure_runs`` (the runs of ``_crf._runs`` at the detector's thresholds) with the place
    runs of ``band_runs`` (the same tokens read with the place threshold lowered to the band's
    floor) that hold a token under ``threshold`` and end on a facility or organisation head
    word that another word names (:func:`named_place` without towns: the listed towns are what
    such runs put on the Medical Abstracts, "in Copenhagen", "the Baltimore experience"), cut
    to the named part, each in place of the sure runs it overlaps. Such a run is marked (a
    sixth item, ``False``): its span does not propagate through the note."""
    taken: list[list[Any]] = []
    known = {(r[0], r[1]) for r in sure_runs}
    for run in band_runs:
        if run[2] not in PLACE_LABELS or min(run[3]) >= threshold or (run[0], run[1]) in known:
            continue
        first = run[4] - len(run[3]) + 1
        j = named_place(text, tokens, first, run[4] + 1, towns=False)
        if j:
            taken.append([run[0], tokens[j - 1][1], run[2], run[3][:j - first], j - 1, False])
    if not taken:
        return sure_runs
    kept = [r for r in sure_runs if not any(r[0] < t[1] and t[0] < r[1] for t in taken)]
    return sorted(kept + taken, key=lambda r: r[0])
