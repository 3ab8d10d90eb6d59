"""Top-label calibration: recalibrate a row's largest probability and keep its argmax.

``toplabel`` (single-label tasks) fits a Platt map of the top-label confidence
``c = max_j p_j`` to whether the argmax is right: ``g = sigmoid(a * logit(c) + b)``, with an L2
pull of ``(a, b)`` towards ``(1, 0)`` (``l2``) and ``a >= 0`` so the map is increasing. The
served row puts ``g`` on the argmax and shares ``1 - g`` among the other classes in their
original proportions. When ``g`` would fall below the next class's rescaled probability it is
raised just above it, so the served top label is always the model's own: this calibrator
changes confidences, never decisions (``keeps_argmax``).

With ``temper=True`` the probabilities are first temperature-scaled (one T by NLL, which
also reshapes how the rest is shared among the other classes), then the top label is
recalibrated as above; the argmax is kept by both steps.

Fitting the correctness log-loss is fitting the full multiclass NLL: for a wrong row the true
class gets ``(1 - g) p_y / (1 - c)``, whose log differs from ``log(1 - g)`` by a term free of
``a`` and ``b``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from meddx.evaluate._calibrators import (
    _EPS,
    TemperatureScaling,
    _logit,
    _register,
    _sigmoid,
    _softmax,
)
from meddx.evaluate._calibrators_linear import _Penalised

__all__ = ["TopLabelCalibrator", "put_top"]

_MARGIN = 1e-9  # how far above the runner-up a raised top probability is put


def put_top(p: np.ndarray, top: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Rows with ``g`` on column ``top`` and ``1 - g`` shared among the other columns in the
    proportions ``p`` gives them; ``g`` is raised just above the runner-up where it would
    fall below it, so the argmax of the result is ``top``."""
    rows = np.arange(len(p))
    rest = p.copy()
    rest[rows, top] = 0.0
    total = rest.sum(axis=1, keepdims=True)
    k = p.shape[1]
    share = np.where(total > _EPS, rest / np.maximum(total, _EPS), 1.0 / (k - 1))
    share[rows, top] = 0.0
    runner_up = share.max(axis=1)
    # keep the argmax: g > (1 - g) * runner_up  <=>  g > runner_up / (1 + runner_up)
    g = np.clip(np.maximum(g, runner_up / (1.0 + runner_up) + _MARGIN), 0.0, 1.0)
    out = share * (1.0 - g)[:, None]
    out[rows, top] = g
    return out


@_register
class TopLabelCalibrator(_Penalised):
    """Platt scaling of the top-label confidence, argmax kept. ``scale_`` is ``a``,
    ``bias_`` is ``b``; with ``temper``, a temperature (``temperature_``, else 1) is fitted
    first and the map applies to the tempered probabilities. See the module docstring."""

    method = "toplabel"
    keeps_argmax: ClassVar[bool] = True
    _fitted_attrs: ClassVar[tuple[str, ...]] = ("task_", "n_classes_", "temperature_", "scale_",
                                                "bias_")

    auto_grid = ({"temper": False}, {"temper": True})

    def __init__(self, *, l2: float = 1e-3, temper: bool = False, max_iter: int = 200) -> None:
        super().__init__(l2=l2, max_iter=max_iter)
        self.temper = temper

    def get_params(self) -> dict[str, Any]:
        return {**super().get_params(), "temper": self.temper}

    def _fit(self, p: np.ndarray, y: np.ndarray, task: str) -> None:
        from scipy.optimize import minimize

        self._check(task)
        top, z, hit = self._top_label(p, y)
        x0 = np.array([1.0, 0.0])

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            s = w[0] * z + w[1]
            r = _sigmoid(s) - hit
            d = w - x0
            value = float(np.mean(np.logaddexp(0.0, s) - hit * s)) + self.l2 * float(d @ d)
            grad = np.array([float(np.mean(r * z)), float(np.mean(r))]) + 2 * self.l2 * d
            return value, grad

        res = minimize(loss, x0=x0, jac=True, method="L-BFGS-B", bounds=[(0.0, None), (None, None)],
                       options={"maxiter": int(self.max_iter)})
        self.scale_, self.bias_ = float(res.x[0]), float(res.x[1])

    def _top_label(self, p: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, ...]:
        """Fit the temperature (with ``temper``); the tempered rows' argmax, the logit of their
        top-label confidence and whether the argmax is right."""
        self.temperature_ = 1.0
        if self.temper:
            self.temperature_ = float(TemperatureScaling().fit(p, y).temperature_)
            p = self._tempered(p)
        top = p.argmax(axis=1)
        return top, _logit(p[np.arange(len(p)), top]), (top == y).astype(np.float64)

    def _tempered(self, p: np.ndarray) -> np.ndarray:
        if self.temperature_ == 1.0:
            return p
        return _softmax(np.log(np.clip(p, _EPS, 1.0)) / self.temperature_)

    def _transform(self, p: np.ndarray) -> np.ndarray:
        p = self._tempered(p)
        top = p.argmax(axis=1)
        return put_top(p, top, self._confidence(p[np.arange(len(p)), top], top))

    def _confidence(self, c: np.ndarray, top: np.ndarray) -> np.ndarray:
        """The recalibrated confidence of top-label confidences ``c`` (predicted classes ``top``)."""
        return _sigmoid(self.scale_ * _logit(c) + self.bias_)

    def _fitted_dict(self) -> dict[str, Any]:
        return {"temperature": self.temperature_, "scale": self.scale_, "bias": self.bias_}

    def _load_fitted(self, fitted: dict[str, Any]) -> None:
        self.scale_, self.bias_ = float(fitted["scale"]), float(fitted["bias"])
        self.temperature_ = float(fitted.get("temperature", 1.0))
