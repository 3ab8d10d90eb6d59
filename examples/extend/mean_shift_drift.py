"""A drift test, registered in ``meddx.monitor.DRIFT_TESTS`` (docs/architecture.md, "How to add").

``meddx.monitor.monitor_report(RUN, tests=["psi", "mean_shift"])`` runs it once this module is
imported.
"""

from __future__ import annotations

import numpy as np

from meddx.monitor import DriftTest, register_drift_test


@register_drift_test
class MeanShift(DriftTest):
    """Absolute difference of the means, in reference standard deviations."""

    name = "mean_shift"
    kinds = ("numeric",)
    uses_p_value = False
    default_threshold = 0.5

    def compute(self, reference: np.ndarray, current: np.ndarray, *,
                categorical: bool = False) -> tuple[float, float | None]:
        sd = float(np.std(reference)) or 1.0
        return abs(float(np.mean(current)) - float(np.mean(reference))) / sd, None
