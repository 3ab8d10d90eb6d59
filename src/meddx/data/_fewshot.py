"""Few-shot training sets: ``n`` examples per class, drawn deterministically.

Each class's rows are put in one seeded random order and the first ``n`` are taken, so for a
given seed the 8-shot set is contained in the 16-shot set, which is contained in the 32-shot
set: a learning curve then adds examples instead of redrawing them.
"""

from __future__ import annotations

import numpy as np

from meddx.errors import ConfigError, DataError

__all__ = ["few_shot_per_class"]


def few_shot_per_class(y: np.ndarray, n: int, *, seed: int, labels: list[str] | None = None,
                       allow_fewer: bool = False) -> np.ndarray:
    """Sorted row indices of ``n`` examples of every class in ``y`` (class indices).

    ``labels`` names the classes in messages. A class with fewer than ``n`` rows is an error
    unless ``allow_fewer``, which then takes all of its rows. Single-label tasks only.
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ConfigError("few-shot sampling per class needs a single-label task (binary or "
                          f"multiclass); got labels of shape {y.shape}")
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ConfigError(f"examples per class must be a positive integer, got {n!r}")
    k = len(labels) if labels is not None else (int(y.max()) + 1 if len(y) else 0)
    rng = np.random.default_rng(seed)
    picked: list[np.ndarray] = []
    short: list[str] = []
    for c in range(k):
        rows = np.flatnonzero(y == c)
        order = rows[rng.permutation(len(rows))]  # one draw per class, whatever n is
        if len(order) < n:
            short.append(f"'{labels[c] if labels is not None else c}' ({len(order)})")
        picked.append(order[:n])
    if short and not allow_fewer:
        raise DataError(f"{n} examples per class asked for, but these classes have fewer: "
                        f"{', '.join(short)}; ask for fewer or allow fewer")
    return np.sort(np.concatenate(picked)) if picked else np.zeros(0, dtype=np.int64)
