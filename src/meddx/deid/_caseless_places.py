"""Session 29's place rules, in one call for the places detector: employers after a job
(:mod:`._job_places`), towns after "lives in" (:mod:`._lives_in`), dialysis units and swing-bed
hospitals by chain and branch (:mod:`._unit_branches`)."""

from __future__ import annotations

from meddx.deid._job_places import job_place_spans
from meddx.deid._lexicon import Lexicon
from meddx.deid._lives_in import lives_in_spans
from meddx.deid._span import Span
from meddx.deid._unit_branches import unit_branch_spans

__all__ = ["caseless_place_spans"]


def caseless_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """The spans of the three rules, in that order."""
    return job_place_spans(text, lex) + lives_in_spans(text, lex) + unit_branch_spans(text, lex)
