"""A long line of capitals with many travel/stay towns is read in linear time (lead, session 21:
``_sparse_places._mixed_line`` read the whole line once per town, "SON LIVES IN WHEELING. " x
4,000 took 9.5 CPU-s; now the answer is kept per line start for the note)."""

import time

from meddx.deid import Deidentifier
from meddx.deid._sparse_places import _mixed_line


def test_long_line_of_towns_is_linear():
    deid = Deidentifier()
    deid.detect("warm up")
    text = "SON LIVES IN WHEELING. " * 4000
    start = time.process_time()
    deid.detect(text)
    assert time.process_time() - start < 5.0


def test_mixed_line_answers_per_line():
    text = "Son lives in Wheeling.\nSON LIVES IN WHEELING."
    seen: dict[int, bool] = {}
    assert _mixed_line(text, 3, seen) and not _mixed_line(text, 30, seen)
    assert seen == {0: True, 23: False}
    assert _mixed_line(text, 5) and not _mixed_line(text, 25)
