"""The words the review page highlights: from the explainer's top words of a stored
(de-identified) note, only content words that support the prediction.

Dropped: function words ("of", "for", "and"), the type tags de-identification put in place of
PHI ("DATE" of "[DATE]"), words without a letter, and words whose score rounds to 0.000 (the
page shows three decimals). Each kept word keeps the offsets the explainer scored, so the page
marks that occurrence only, not every occurrence of the same word.
"""

from __future__ import annotations

from typing import Any

__all__ = ["highlight_words"]

#: English function words: they carry no diagnosis, whatever their occlusion score.
FUNCTION_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself neither no nor not now of off on once only or other ought our ours out
over own per same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up upon very via was we were what when where
whether which while who whom whose why will with within without would yet you your yours
""".split())


def _is_tag(text: str, start: int, end: int) -> bool:
    """A de-identification placeholder: an upper-case word in brackets ("[DATE]", "[PHI]")."""
    word = text[start:end]
    return text[start - 1:start] == "[" and text[end:end + 1] == "]" and word.upper() == word


def highlight_words(text: str, tokens: list[dict[str, Any]], k: int = 10) -> list[dict[str, Any]]:
    """Of ``tokens`` (``{"token", "score", "start", "end"}`` into ``text``, best first), the
    first ``k`` worth highlighting (see the module docstring)."""
    keep = []
    for t in tokens:
        start, end = int(t["start"]), int(t["end"])
        word = text[start:end]
        if (round(float(t["score"]), 3) <= 0 or word.lower() in FUNCTION_WORDS
                or not any(c.isalpha() for c in word) or _is_tag(text, start, end)):
            continue
        keep.append(t)
        if len(keep) == k:
            break
    return keep
