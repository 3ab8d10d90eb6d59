"""Session 16, branch deiddate16, second part: general date and age forms from the task's
list that found nothing on the writer groups read (B, E) and lost nothing on the check
groups: a date-shifted year past 2099 inside a full date, months/years in a list, every date
of a list after an event word, "Age: 92y", "F/92" and a lower-case title before an age
between commas. Kept in the branch's last commit so that they can be left out (``git revert``
it). Every example is invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier, RulesDetector
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


FOUND = [
    ("Seen in clinic on June 3, 2111 for a refill.", "June 3, 2111", "DATE"),
    ("prior falls (2/69, 7/69, 1/70), now with walker", "7/69", "DATE"),
    ("admitted for chf 4/68 and 9/68", "4/68", "DATE"),
    ("Dialysis held 2/3, 2/5 and 2/8 for hypotension", "2/5", "DATE"),
    ("Age: 94y  Sex: F", "94", "AGE"),
    ("F/93 with cellulitis of the L leg", "93", "AGE"),
]


@pytest.mark.parametrize(("text", "word", "label"), FOUND)
def test_forms_found(deid: Deidentifier, text: str, word: str, label: str) -> None:
    assert covered(deid, text, word, label)


RULES_FOUND = [
    ("Colonoscopy 11/02/2104 with two polyps.", "11/02/2104", "DATE"),
    ("mrs. falk, 95, lives with her nephew", "95", "AGE"),
]


@pytest.mark.parametrize(("text", "word", "label"), RULES_FOUND)
def test_rules_find(text: str, word: str, label: str) -> None:
    i = text.index(word)
    assert any(s.start <= i and i + len(word) <= s.end and s.label == label
               for s in RulesDetector().detect(text))


LEFT = [
    ("ANA positive, titers 1/40, 1/80", "1/80"),  # titers are all "1/"
    ("PEEP 5/40, 5/45 overnight", "5/45"),
    ("given 3/4 2130 per MAR", "2130"),  # a clock time after a month/day
    ("given 1/2, 1/4 and 1/8 tab as needed", "1/4"),  # portions of a tablet
    ("Rx 2/f/92 count", "92"),
    ("w/92% on room air", "92"),
]


@pytest.mark.parametrize(("text", "word"), LEFT)
def test_look_alikes_left(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)
