"""Reverse substitution: labelled contexts for short forms, made from unlabelled text.

Where a long form of an ambiguous short form appears ("... a pulmonary embolism was ..."), it
is replaced by the short form ("... a PE was ...") and the window around it becomes a context
labelled with that sense. When a text defines the short form ("pulmonary embolism (PE)"), its
other uses of the short form in that text are labelled too (one sense per text); those are real
uses, not substitutions. Nothing here needs a label from a person.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass

from meddx.text._abbrev_detect import find_abbreviations
from meddx.text._abbrev_inventory import Inventory
from meddx.text._abbrev_keys import _sense_key

__all__ = ["Context", "context_window", "harvest_contexts", "written_form"]

_WORDS = re.compile(r"\S+")
_MAX_N = 6  # longest long form matched, in words


@dataclass(frozen=True)
class Context:
    key: str
    sense: int  # index into inventory.senses[key]
    text: str  # the window, with the short form in place
    doc: int  # which input text it came from
    substituted: bool  # True: reverse substitution; False: a defined short form in use
    written: str = ""  # the short form as it stands in the window
    offset: int = 0  # where it starts in ``text``


def context_window(text: str, start: int, end: int, words: int = 8) -> str:
    """``words`` words either side of text[start:end], the span itself kept."""
    return _window(text, start, end, words)[0]


def _window(text: str, start: int, end: int, words: int) -> tuple[str, int]:
    """The window and where the span starts in it."""
    left = _WORDS.findall(text[max(0, start - 12 * words):start])[-words:]
    right = _WORDS.findall(text[end:end + 12 * words])[:words]
    offset = len(" ".join(left)) + (1 if left else 0)
    return " ".join([*left, text[start:end], *right]), offset


def written_form(inventory: Inventory, key: str, sense: int) -> str:
    """How the short form is usually written for this sense (from Vanderbilt's variants)."""
    counts = inventory.senses[key][sense].case_counts
    case = max(counts, key=counts.get) if counts else "upper"
    if case == "lower":
        return key
    if case == "mixed":
        return key[:1].upper() + key[1:]
    return key.upper()


def _phrase_index(inventory: Inventory, keys: list[str]) -> dict[tuple[str, ...], list]:
    index: dict[tuple[str, ...], list] = defaultdict(list)
    for key in keys:
        for i, sense in enumerate(inventory.senses[key]):
            for alias in sense.aliases:
                words = tuple(alias.split())
                if 0 < len(words) <= _MAX_N and alias != key:
                    index[words].append((key, i))
    return index


def harvest_contexts(texts: list[str], inventory: Inventory, keys: list[str], *,
                     per_sense: int = 25, window: int = 8, seed: int = 0) -> list[Context]:
    """Contexts for ``keys`` from ``texts``: at most ``per_sense`` per (key, sense), sampled."""
    index = _phrase_index(inventory, keys)
    found: dict[tuple[str, int], list[Context]] = defaultdict(list)
    keyset = set(keys)
    for doc, text in enumerate(texts):
        tokens = [(m.start(), m.end(), _sense_key(m.group())) for m in
                  re.finditer(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*", text)]
        defined: dict[str, set[int]] = defaultdict(set)
        for i in range(len(tokens)):
            for n in range(min(_MAX_N, len(tokens) - i), 0, -1):
                hits = index.get(tuple(t[2] for t in tokens[i:i + n]))
                if not hits:
                    continue
                start, end = tokens[i][0], tokens[i + n - 1][1]
                for key, sense in hits:
                    short = written_form(inventory, key, sense)
                    after = text[end:end + len(key) + 8]
                    tail = re.match(r"\s*\(([A-Za-z0-9./&-]+)s?\)", after)
                    if tail and tail.group(1).lower().replace(".", "") == key:
                        defined[key].add(sense)
                        cut = end + tail.end()
                    else:
                        cut = end
                    new = text[:start] + short + text[cut:]
                    win, at = _window(new, start, start + len(short), window)
                    found[(key, sense)].append(Context(key, sense, win, doc, True, short, at))
                break
        for m in find_abbreviations(text, inventory, keys=keyset & set(defined)):
            senses = defined[m.key]
            if len(senses) == 1 and text[max(0, m.start - 1):m.start] != "(":  # not "(PE)" itself
                sense = next(iter(senses))
                win, at = _window(text, m.start, m.end, window)
                found[(m.key, sense)].append(Context(m.key, sense, win, doc, False, m.short, at))
    rng = random.Random(seed)
    out: list[Context] = []
    for group in found.values():
        if len(group) > per_sense:
            group = rng.sample(group, per_sense)
        out.extend(group)
    return out
