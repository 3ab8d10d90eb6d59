"""The place modules read the lexicon's month and weekday sets instead of their own copies
(session 19, branch tidy19): the sets are the ones the copies held, word for word."""

from __future__ import annotations

import meddx.deid._cued_places as cued
import meddx.deid._history_places as history
from meddx.deid._lexicon import CALENDAR_WORDS, MONTH_WORDS, MONTHS

# The copies as they were (main 79fd0ce).
CUED_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december".split())
HISTORY_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday mon "
                             "tue tues wed thu thur thurs fri sat sun".split())
HISTORY_MONTHS = MONTHS | frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())


def test_month_words_are_the_copy_cued_places_held():
    assert MONTH_WORDS == CUED_MONTHS
    assert cued.MONTH_WORDS is MONTH_WORDS and not hasattr(cued, "_MONTHS")


def test_calendar_words_are_the_months_and_weekdays_history_places_held():
    # history_places asked "k in _MONTHS or k in _WEEKDAYS": the same as one test on the union
    assert CALENDAR_WORDS == HISTORY_MONTHS | HISTORY_WEEKDAYS
    assert history.CALENDAR_WORDS is CALENDAR_WORDS
    assert not hasattr(history, "_MONTHS") and not hasattr(history, "_WEEKDAYS")
    assert "may" in MONTH_WORDS and "sun" not in MONTH_WORDS and "sun" in CALENDAR_WORDS
