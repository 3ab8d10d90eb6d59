"""``FailureLimiter``: slows down guessing of API keys and review-page logins.

Each failed attempt is counted against one or more keys: the client address (``client:IP``)
and, for the login form, the reviewer name given (``reviewer:NAME``). A key with
``max_failures`` failures within the last ``window_s`` seconds is blocked until the oldest of
them leaves the window: its requests get 429 with ``Retry-After`` (even with a valid key, so
that a guesser learns nothing). A successful login clears its keys. Memory is bounded: at most
``max_keys`` keys are tracked, the stalest dropped first.

Behind a reverse proxy every client has the proxy's address, so one guesser blocks everyone
there; run uvicorn with ``--proxy-headers`` from a trusted proxy only.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

__all__ = ["FailureLimiter"]


class FailureLimiter:
    """Failed attempts per key in a sliding window; ``max_failures=0`` turns it off."""

    def __init__(self, *, max_failures: int, window_s: float, max_keys: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.max_keys = max_keys
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, *keys: str) -> int | None:
        """Whole seconds until every one of ``keys`` may try again, or None when none is blocked."""
        if not self.max_failures:
            return None
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if times is not None and len(times) >= self.max_failures:
                    wait = max(wait, times[-self.max_failures] + self.window_s - now)
        return max(1, math.ceil(wait)) if wait > 0 else None

    def failure(self, *keys: str) -> None:
        if not self.max_failures:
            return
        now = self.clock()
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if times is None:
                    times = self._failures[key] = deque(maxlen=self.max_failures)
                times.append(now)
                self._failures.move_to_end(key)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def success(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times
