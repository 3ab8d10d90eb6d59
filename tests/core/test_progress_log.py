"""train.log records progress: a line per step at most every LOG_EVERY_S seconds, quiet or
not, and nothing for short steps."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from meddx import _progress


@pytest.mark.parametrize("quiet", [True, False])
def test_long_steps_log_progress_at_a_bounded_rate(monkeypatch, caplog, quiet):
    clock = iter(float(t) for t in range(0, 1000, 10))  # each call: 10 s later
    monkeypatch.setattr(_progress, "time", SimpleNamespace(monotonic=lambda: next(clock)))
    with caplog.at_level(logging.INFO, logger="meddx"):
        assert list(_progress.track(range(9), "embedding", quiet=quiet)) == list(range(9))
    lines = [r.getMessage() for r in caplog.records if r.name == "meddx"]
    # 10 s per item and a line at most every 30 s: items 3 and 6 and 9, then the end.
    assert lines[0] == "embedding: 3/9 (33%) in 30 s, about 60 s left"
    assert lines[-1].startswith("embedding: done, 9/9 (100%)")
    assert len(lines) == 4


def test_short_steps_stay_silent(caplog):
    with caplog.at_level(logging.INFO, logger="meddx"):
        list(_progress.track(range(1000), "bootstrap", quiet=True))
    assert not [r for r in caplog.records if r.name == "meddx"]
