"""Words of a note with their character offsets, deletion of words, and the map from a
model's sub-word tokens back to those words.

Every method scores *words* of the text it was given: runs of letters and digits (with inner
hyphens or apostrophes) and single punctuation marks. Offsets index the original string, so
``text[start:end]`` is always the word. Only words with a letter or digit ("content words")
are ranked, deleted or aggregated; punctuation is shown but never counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from meddx.errors import ModelError
from meddx.text import PrepConfig, normalize

__all__ = ["Word", "delete_words", "is_content", "split_words", "token_words"]

_WORD = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


def split_words(text: str) -> list[Word]:
    """The words of ``text`` in order, with offsets into ``text``."""
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def is_content(word: str) -> bool:
    """True for words with a letter or digit (punctuation is never ranked or deleted)."""
    return any(c.isalnum() for c in word)


def delete_words(text: str, words: list[Word], drop: set[int] | list[int] | np.ndarray) -> str:
    """``text`` without the words whose indices are in ``drop`` (the rest is left as is)."""
    drop = {int(i) for i in drop}
    if not drop:
        return text
    parts, cursor = [], 0
    for i in sorted(drop):
        w = words[i]
        parts.append(text[cursor:w.start])
        cursor = w.end
    parts.append(text[cursor:])
    return "".join(parts)


@dataclass
class TokenMap:
    """A text as the model reads it: normalised text, token ids (no special tokens) and, for
    each token, the index of the word it belongs to (-1 for none)."""

    normalized: str
    ids: list[int]
    word_of_token: np.ndarray
    tokens: list[str]


def token_words(text: str, words: list[Word], tokenizer, prep: PrepConfig) -> TokenMap:
    """Tokenise ``text`` exactly as the classifier does (normalise, then tokenise) and map each
    token back to a word of ``words`` (found in order in the normalised text)."""
    norm = normalize(text, prep)
    owner = np.full(len(norm) + 1, -1, dtype=np.int64)
    removed = _bracketed(text) if prep.remove_brackets else set()
    cursor = 0
    for i, w in enumerate(words):
        if i in removed:
            continue
        piece = normalize(w.text, prep)
        if not piece:
            continue
        at = norm.find(piece, cursor)
        if at < 0:  # normalisation changed this word beyond recognition: leave it unscored
            continue
        owner[at:at + len(piece)] = i
        cursor = at + len(piece)
    try:
        enc = tokenizer(norm, add_special_tokens=False, truncation=False, verbose=False,
                        return_offsets_mapping=True)
    except (NotImplementedError, TypeError, ValueError):
        raise ModelError(f"the tokenizer ({type(tokenizer).__name__}) cannot return character "
                         "offsets, which token attributions need; use a fast tokenizer") from None
    word_of = np.array([_owner_of(owner, s, e) for s, e in enc["offset_mapping"]], dtype=np.int64)
    tokens = tokenizer.convert_ids_to_tokens(enc["input_ids"])
    return TokenMap(norm, list(enc["input_ids"]), word_of, list(tokens))


def _owner_of(owner: np.ndarray, start: int, end: int) -> int:
    for c in range(start, max(end, start + 1)):
        if c < len(owner) and owner[c] >= 0:
            return int(owner[c])
    return -1


def _bracketed(text: str) -> set[int]:
    """Indices of words inside (...) or [...] (prep.remove_brackets drops them)."""
    spans = [(m.start(), m.end()) for m in _BRACKETS.finditer(text)]
    return {i for i, w in enumerate(split_words(text))
            if any(s <= w.start and w.end <= e for s, e in spans)}
