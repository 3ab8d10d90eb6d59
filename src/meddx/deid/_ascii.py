"""ASCII twins of regular expressions: on most notes (ASCII text) the same matches, faster.

A pattern compiled with ``re.ASCII`` tests ``\\d``, ``\\w``, ``\\b`` and ``\\s`` without Unicode
category look-ups. On text that is ASCII and holds none of the separators \\x1c-\\x1f (which
Unicode ``\\s`` matches and ASCII ``\\s`` does not) both versions find the same matches, so a
detector may scan such a note with the twin and any other note with the original.

A twin that starts ``(?=\\d)(?<![...])\\d{n}`` is also spelled ``\\d(?<![...]\\d)\\d{n-1}``:
the same matches (the look-behind of two characters after the first digit tests the character
before it), but the regex engine skips to the digits of the note instead of trying each position
(it skips so only for a pattern that starts with a character or a set, not a look-around).
"""

from __future__ import annotations

import re

__all__ = ["ascii_for", "ascii_twin", "ascii_twin_ok"]

#: ASCII characters that Unicode ``\s`` matches and ASCII ``\s`` does not
_UNICODE_ONLY_SPACE = frozenset("\x1c\x1d\x1e\x1f")
_ASCII_CACHE: dict[re.Pattern[str], re.Pattern[str]] = {}


def ascii_twin(regex: re.Pattern[str]) -> re.Pattern[str]:
    """``regex`` compiled with ``re.ASCII``: on ASCII text without the separators
    \\x1c-\\x1f it finds the same matches (``\\d``, ``\\w``, ``\\b`` and ``\\s`` agree there)
    and scans faster (no Unicode category lookups). A case-insensitive pattern that spells a
    non-ASCII character or escape keeps its own regex: under IGNORECASE some (\u017f, \u212a)
    match ASCII letters."""
    got = _ASCII_CACHE.get(regex)
    if got is None:
        src = regex.pattern
        caseless = bool(regex.flags & re.IGNORECASE) or "(?i" in src
        if caseless and (not src.isascii() or re.search(r"\\[uUxN0-7]", src)):
            got = regex
        else:
            got = re.compile(_digit_first(src), (regex.flags & ~re.UNICODE) | re.ASCII)
        _ASCII_CACHE[regex] = got
    return got


def ascii_twin_ok(text: str) -> bool:
    """Whether :func:`ascii_twin` patterns find in ``text`` what their originals find."""
    # four searches of the text at C speed, not a set test of each of its characters
    return text.isascii() and not any(map(text.__contains__, _UNICODE_ONLY_SPACE))


# "(?=\d)(?<![set])\d", then "{n}" or "{m,n}" and no other quantifier
_DIGIT_HEAD = re.compile(r"\(\?=\\d\)\(\?<!(\[[^\]\\]*(?:\\.[^\]\\]*)*\])\)\\d"
                         r"(?:\{(\d+)(?:,(\d+))?\})?(?![?*+{])")


def _digit_first(src: str) -> str:
    """``src`` with a head ``(?=\\d)(?<![...])\\d{n}`` spelled digit first (module docstring);
    ``src`` itself when it has no such head."""
    m = _DIGIT_HEAD.match(src)
    if m is None or src.startswith("{", m.end()):
        return src
    cls, lo, hi = m.group(1), m.group(2), m.group(3)
    if lo is None:
        rest = ""
    elif hi is None:
        rest = rf"\d{{{int(lo) - 1}}}"
    else:
        rest = rf"\d{{{int(lo) - 1},{int(hi) - 1}}}"
    return rf"\d(?<!{cls}\d)" + rest + src[m.end():]


def ascii_for(regex: re.Pattern[str], text: str) -> re.Pattern[str]:
    """The regex to scan ``text`` with: ``regex``'s ASCII twin where :func:`ascii_twin_ok`
    (the same matches, found faster), else ``regex`` itself."""
    return ascii_twin(regex) if ascii_twin_ok(text) else regex
