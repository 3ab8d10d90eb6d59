"""Tokens and features of the CRF tagger (``crf`` detector, ``_crf.py``).

Tokens are runs of word characters or single other non-space characters, with their character
offsets (one fast regex). A token's features are strings (crfsuite's binary features):

* its own: lower-cased word, shape ("Xxxx" -> "Xx", "0000" -> "d"), 3-letter suffix, letter
  case, number of digits, and membership of the bundled word lists (first
  names, surnames, rare surnames, common words, clinical words and abbreviations, cities, towns,
  counties, states, words of US hospital names, organisations, care brands) as the model's
  snapshot of them holds them (``_crf_vocab``; today's lists when a new model is trained);
* its neighbours': the lower-cased words at -2..+2, the shapes at -1 and +1, the list flags
  at -1;
* layout: the punctuation before and after it (spaces dropped, "|" for a line break), first
  token of the note.

Everything that depends on the word alone is computed once per distinct word and cached
(:class:`FeatureCache`), so a note costs a dictionary lookup and a list concatenation per
token. The rules' own output is never a feature: the tagger is an independent view.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

__all__ = ["ALL_GROUPS", "LIST_FLAGS", "FeatureCache", "note_features", "note_tokens",
           "note_words", "segments", "tokenize"]

#: feature groups a model may be trained with (``train_crf(groups=...)``; a model lacking a
#: group's attributes never gets them at tagging time: :class:`FeatureCache` drops what the
#: model has no weight for):
#: ``word`` "w:", ``shape`` "sh:", ``suffix`` "s3:", ``case`` title/upper/lower/mixed,
#: ``digits``, ``lists`` "in:" flags, ``near_words`` the words at -1/+1, ``far_words`` at
#: -2/+2, ``near_shapes`` the shapes at -1/+1, ``near_lists`` the list flags at -1, ``gaps``
#: the punctuation before and after
ALL_GROUPS: frozenset[str] = frozenset(
    "word shape suffix case digits lists near_words far_words near_shapes near_lists gaps".split())

_TOKEN = re.compile(r"[^\W_]+")
#: the same, captured: ``split`` then keeps the tokens between the gaps
_TOKEN_CUT = re.compile(r"([^\W_]+)")
_SHAPE = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "x" * 26 + "X" * 26 + "d" * 10,
)
_REPEAT = re.compile(r"(.)\1+")
#: A note is tagged in pieces of at most this many tokens, cut at line breaks.
MAX_TOKENS = 600
_CACHE_LIMIT = 200_000


def tokenize(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token of ``text``: the runs of letters and digits (punctuation
    is a feature of the tokens beside it, and lies inside a span that covers both sides)."""
    return [m.span() for m in _TOKEN.finditer(text)]


def segments(text: str, tokens: list[tuple[int, int]], limit: int = MAX_TOKENS
             ) -> list[tuple[int, int]]:
    """Token index ranges ``[a, b)`` of at most ``limit`` tokens each, cut after a line
    break where one lies in the piece (a long line with no break is cut anywhere)."""
    out: list[tuple[int, int]] = []
    a, n = 0, len(tokens)
    while n - a > limit:
        cut = a + limit
        for i in range(a + limit - 1, a + limit // 2, -1):
            if "\n" in text[tokens[i - 1][1]:tokens[i][0]]:
                cut = i
                break
        out.append((a, cut))
        a = cut
    if a < n or not out:
        out.append((a, n))
    return out


_SHAPES: dict[str, str] = {}


def _shape(word: str) -> str:
    """"Xxxxx" -> "Xx", "0000" -> "d", "McKee" -> "XxXx": classes, runs collapsed, 6 at most."""
    raw = word.translate(_SHAPE)
    got = _SHAPES.get(raw)
    if got is None:
        got = _REPEAT.sub(lambda m: m.group(1), raw)[:6]
        if len(_SHAPES) < 50_000:
            _SHAPES[raw] = got
    return got


#: the list flags, in the order :func:`_lists` gives them ("in:fn" ...)
LIST_FLAGS: tuple[str, ...] = ("fn", "ln", "sur", "cw", "med", "abbr", "city", "town",
                               "county", "state", "hosp", "org")


@lru_cache(maxsize=1)
def _lists() -> tuple[tuple[str, frozenset[str]], ...]:
    """(flag, lower-cased word set) of every bundled list the features look up, as the lists
    stand today: what a new model is trained with. A trained model reads the snapshot of its
    own (``_crf_vocab``), so a later list edit never reaches its features."""
    from meddx.deid._gazetteer import gazetteer
    from meddx.deid._lexicon import _lines, lexicon

    lex, gaz = lexicon(), gazetteer()

    def words(name: str) -> frozenset[str]:
        out: set[str] = set()
        for line in _lines(name):
            out.update(w for w in _TOKEN.findall(line.split("|")[0].lstrip("*").lower())
                       if w.isalpha())
        return frozenset(out)

    one_word = {w for c in lex.cities for w in c.split()}
    return (
        ("fn", lex.first_names), ("ln", lex.last_names), ("sur", gaz.surnames),
        ("cw", lex.common_words), ("med", lex.medical), ("abbr", lex.abbreviations),
        ("city", frozenset(one_word)), ("town", frozenset(w for t in gaz.towns for w in t.split())),
        ("county", frozenset(w for c in gaz.counties for w in c.split()[:-1])),
        ("state", frozenset(s for s in lex.states if " " not in s)),
        ("hosp", words("us_hospitals.txt") | words("us_hospitals_cued.txt")
         | words("facility_short_names.txt")),
        ("org", words("organisations.txt") | words("care_brands.txt")),
    )


class FeatureCache:
    """Per distinct word: its own features and the features it lends its neighbours, as one
    tuple (own, to the token 2 after, 1 after, 1 before, 2 before).

    With ``known`` (a model's attributes), features the model has no weight for are dropped
    once per word, so tagging never converts nor looks them up. With ``as_bytes``, features
    are UTF-8 bytes (encoded once per word, not by crfsuite at every token; the tagger reads
    the same attribute strings). ``lists``: the word sets of the "in:" flags (a model's
    snapshot, ``_crf_vocab``; default: today's bundled lists, :func:`_lists`)."""

    def __init__(self, known: frozenset[str] | None = None, *, as_bytes: bool = False,
                 groups: frozenset[str] = ALL_GROUPS,
                 lists: tuple[tuple[str, frozenset[str]], ...] | None = None) -> None:
        self._lists = _lists() if lists is None else lists
        self.known = known
        self.groups = groups
        self.as_bytes = as_bytes
        # one object per feature string that many words share ("sh:Xx", "title", "in:fn"):
        # a note's features then touch fewer places in memory (tagging runs between the
        # rules, with the CPU caches cold)
        self._shared: dict = {}
        self.start, self.end = self._keep(_START), self._keep(_END)
        self.bos = b"bos" if as_bytes else "bos"
        self.entries: dict[str, tuple[tuple, ...]] = {}
        self.gaps: dict[str, tuple[tuple, ...]] = {" ": _NO_GAP}

    def _keep(self, parts: tuple[list[str], ...]) -> tuple[tuple, ...]:
        # one loop per part, no generator per part (session 20: a word's first sight cost
        # about 13 microseconds, most of it here)
        known, shared, as_bytes = self.known, self._shared, self.as_bytes
        heads = _WORD_HEADS[as_bytes]
        grouped = known is None and self.groups != ALL_GROUPS
        out = []
        for part in parts:
            kept = []
            for f in part:
                if known is not None:
                    if f not in known:
                        continue
                elif grouped and _group(f) not in self.groups:
                    continue
                if as_bytes:
                    f = f.encode()
                kept.append(f if f.startswith(heads) else shared.setdefault(f, f))
            out.append(tuple(kept))
        return tuple(out)

    def entry(self, word: str) -> tuple[tuple, ...]:
        got = self.entries.get(word)
        if got is None:
            if len(self.entries) > _CACHE_LIMIT:
                self.entries.clear()
                self.gaps = {" ": _NO_GAP}
                self._shared.clear()
            low = word.lower()
            flags = [flag for flag, words in self._lists if low in words]
            shape = _shape(word)
            got = self._keep((_own(word, low, flags, shape), ["-2:" + low],
                              ["-1:" + low, "-1" + shape] + ["-1" + f for f in flags],
                              ["+1:" + low, "+1" + shape], ["+2:" + low]))
            self.entries[word] = got
        return got

    def gap(self, between: str) -> tuple[tuple, ...]:
        got = self._keep(_gap(between))
        if len(self.gaps) < 5000:  # gaps repeat (", ", ": ", ".\n"); long ones do not
            self.gaps[between] = got
        return got


_GROUP_OF = {"w:": "word", "sh": "shape", "s3": "suffix", "in": "lists", "di": "digits",
             "g:": "gaps", "ng": "gaps", "bo": "word"}


def _group(feature: str) -> str:
    """The group (:data:`ALL_GROUPS`) of a feature string."""
    head = feature[:2]
    if head in ("-1", "+1", "-2", "+2"):
        if feature[2] == ":":
            return "far_words" if head[1] == "2" else "near_words"
        return "near_lists" if feature[2:4] in _LIST_FLAGS else "near_shapes"
    return _GROUP_OF.get(head, "case")


def _own(word: str, low: str, flags: list[str], shape: str) -> list[str]:
    out = ["w:" + low, "sh:" + shape]
    if word[0].isalpha():
        out.append("s3:" + low[-3:])
        if word.istitle():
            out.append("title")
        elif word.isupper():
            out.append("upper")
        elif word.islower():
            out.append("lower")
        else:
            out.append("mixed")
    elif word.isdigit():
        out.append("digits" + str(min(len(word), 5)))
    return out + ["in:" + f for f in flags]


#: first two letters of every list flag (a neighbour's shape never starts with a lower-case
#: letter but "x", and no flag starts with "x")
_LIST_FLAGS = frozenset(f[:2] for f in LIST_FLAGS)
_START = ([], ["-2:<s>"], ["-1:<s>"], [], [])
_END = ([], [], [], ["+1:</s>"], ["+2:</s>"])
_NO_GAP: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
#: how the features of one word begin ("w:lee", "-1:lee", "+2:lee"), as text and as bytes: no
#: other word shares them, so ``FeatureCache._shared`` does not keep them
_WORD_HEADS = (("w:", "-2:", "-1:", "+1:", "+2:"), (b"w:", b"-2:", b"-1:", b"+1:", b"+2:"))


def _gap(between: str) -> tuple[list[str], list[str]]:
    """The features a gap between two tokens gives the token after and the token before it:
    its punctuation, spaces dropped, at most 3 characters; "|" first after a line break."""
    gap = "".join(between.split())[:3]
    if "\n" in between:
        gap = "|" + gap
    return (["g:" + gap], ["ng:" + gap]) if gap else _NO_GAP


def note_words(text: str) -> tuple[list[str], list[str]]:
    """The tokens' words and the gaps around them (``gaps[i]`` lies before word ``i``,
    ``gaps[-1]`` after the last), both from one regex pass (:func:`_pieces`)."""
    seq = _pieces(text)
    return seq[1::2], seq[::2]


def _pieces(text: str) -> list[str]:
    """Gap, word, gap, ..., word, gap: ``text`` cut at its tokens, the tokens kept (a split
    at a capturing group; until session 15 a ``findall`` and a ``split``, two passes)."""
    return _TOKEN_CUT.split(text)


def note_tokens(text: str) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    """:func:`note_words` and :func:`tokenize` of ``text`` from one regex pass: the offsets
    are the running sums of the gaps' and words' lengths."""
    seq = _pieces(text)
    pos = list(accumulate(map(len, seq)))
    return seq[1::2], seq[::2], list(zip(pos[::2], pos[1::2], strict=False))


def note_features(words: list[str], gaps: list[str], a: int, b: int, cache: FeatureCache
                  ) -> list[list]:
    """Feature lists of tokens ``a`` to ``b`` (exclusive) of a note (:func:`note_words`)."""
    get, make = cache.entries.get, cache.entry
    ents = [cache.start, cache.start]
    ents += [get(w) or make(w) for w in words[a:b]]
    ents += [cache.end, cache.end]
    gap_get = cache.gaps.get
    near = [gap_get(g) or cache.gap(g) for g in gaps[a:b + 1]]
    out = [[*own[0], *m2[1], *m1[2], *p1[3], *p2[4], *before[0], *after[1]]
           for m2, m1, own, p1, p2, before, after
           in zip(ents, ents[1:], ents[2:], ents[3:], ents[4:], near, near[1:], strict=False)]
    if a == 0 and out:
        out[0].append(cache.bos)
    return out
