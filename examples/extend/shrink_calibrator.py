"""A calibrator, registered in ``meddx.evaluate.CALIBRATORS`` (docs/architecture.md, "How to add").

Once registered, ``eval.calibration: shrink`` passes config validation.

It follows the estimator contract of every calibrator: ``fit`` returns ``self``, fitted
attributes end in ``_``, and ``calibrator_from_dict`` reloads it by its ``method`` name.
"""

from __future__ import annotations

import numpy as np

from meddx.evaluate import CALIBRATORS, Calibrator


class ShrinkCalibrator(Calibrator):
    """Mixes the probabilities with the uniform distribution; the share kept is fitted on
    validation as the one (of a small grid) with the lowest log-loss."""

    method = "shrink"

    def _fit(self, p: np.ndarray, y: np.ndarray, task: str) -> None:
        k = p.shape[1]
        rows = np.arange(len(y))

        def nll(alpha: float) -> float:
            q = alpha * p + (1 - alpha) / k
            return float(-np.log(np.clip(q[rows, y], 1e-12, None)).mean())

        self.alpha_ = min((0.5, 0.7, 0.9, 1.0), key=nll)

    def _transform(self, p: np.ndarray) -> np.ndarray:
        return self.alpha_ * p + (1 - self.alpha_) / p.shape[1]

    def _fitted_dict(self) -> dict:
        return {"alpha": self.alpha_}

    def _load_fitted(self, fitted: dict) -> None:
        self.alpha_ = float(fitted["alpha"])


CALIBRATORS.register(ShrinkCalibrator.method, ShrinkCalibrator)
