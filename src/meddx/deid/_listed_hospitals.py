"""Hospitals by the distinctive words of 4,807 US hospital names from CMS
(``resources/us_hospitals.txt``: "Beth Israel Deaconess", "Lahey"), in any case: the longest
listed name at each word (split from ``_orgs`` in session 22, unchanged)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from meddx.deid._span import Span
from meddx.deid._tokens import Token, token_keys, tokenize

__all__ = ["listed_hospitals"]


@lru_cache(maxsize=1)
def _hospital_index() -> dict[str, list[tuple[int, frozenset[tuple[str, ...]]]]]:
    """First word -> (n, the word sequences of n words) of the bundled hospital names, by n
    from the longest: the first n whose set holds the note's next n words is the longest
    listed name there."""
    path = resources.files("meddx.deid").joinpath("resources", "us_hospitals.txt")
    index: dict[str, dict[int, set[tuple[str, ...]]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            for form in {line.strip(), line.strip().replace("-", " ")}:  # "yale new haven"
                keys = tuple(t.key for t in tokenize(form))
                if keys:
                    index.setdefault(keys[0], {}).setdefault(len(keys), set()).add(keys)
    return {first: [(n, frozenset(by_n[n])) for n in sorted(by_n, reverse=True)]
            for first, by_n in index.items()}


def listed_hospitals(toks: list[Token], out: list[Span]) -> None:
    """Append a HOSPITAL span to ``out`` for each listed name among ``toks``."""
    index = _hospital_index()
    keys = token_keys(toks)
    i = 0  # the first token not inside a name already tagged
    for c in [j for j, k in enumerate(keys) if k in index]:
        if c < i:
            continue
        for n, seqs in index[keys[c]]:
            if tuple(keys[c:c + n]) in seqs:
                out.append(Span(toks[c].start, toks[c + n - 1].end, "HOSPITAL", "places", 0.8))
                i = c + n
                break
