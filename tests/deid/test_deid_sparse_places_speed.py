"""A long line of capitals with many travel/stay towns is read in linear time (lead, session 21:
``_sparse_places._mixed_line`` read the whole line once per town, "SON LIVES IN WHEELING. " x
4,000 took 9.5 CPU-s; now the answer is kept per line start for the note)."""

from meddx.deid import Deidentifier
from meddx.deid._sparse_places import _mixed_line
from tests._support.deid import best_detect_time


def test_long_line_of_towns_is_linear():
    deid = Deidentifier()
    deid.detect("warm up")
    assert best_detect_time(deid, "SON LIVES IN WHEELING. " * 4000, rounds=1) < 5.0


def test_mixed_line_answers_per_line():
    text = "Son lives in Wheeling.\nSON LIVES IN WHEELING."
    seen: dict[int, bool] = {}
    assert _mixed_line(text, 3, seen) and not _mixed_line(text, 30, seen)
    assert seen == {0: True, 23: False}
    assert _mixed_line(text, 5) and not _mixed_line(text, 25)
