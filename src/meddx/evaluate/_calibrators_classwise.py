"""Label-preserving calibrators whose map depends on the predicted class.

* ``toplabel_class`` (class-conditional top-label Platt scaling; Gupta & Ramdas 2021,
  "Top-label calibration and multiclass-to-binary reductions"): like ``toplabel`` with
  ``temper`` (one temperature first), but the top-label confidence of a row predicted as class
  ``c`` is mapped by its own ``g = sigmoid(a_c * logit(conf) + b_c)``. A shared map ``(a, b)``
  is fitted jointly, pulled towards ``(1, 0)`` by ``l2``, and each ``(a_c, b_c)`` is pulled
  towards it by ``pull``, so a class predicted a handful of times stays near the shared map.
  All ``a >= 0``. The argmax is kept as in ``toplabel``.
* ``dirichlet_top`` (Dirichlet calibration, top label restored): fits ``dirichlet`` (Kull et
  al. 2019) by NLL; where the Dirichlet row's argmax differs from the model's, the two
  probabilities are swapped, so the model's class gets the largest calibrated probability and
  every other class keeps its Dirichlet value. Dirichlet's class-wise reshaping of the
  confidences is kept; its label changes are not.

Both keep the argmax (``keeps_argmax``), so ``auto`` admits them without its accuracy guard.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from meddx.evaluate._calibrators import _logit, _register, _sigmoid
from meddx.evaluate._calibrators_linear import DirichletCalibrator
from meddx.evaluate._calibrators_toplabel import TopLabelCalibrator

__all__ = ["ClasswiseTopLabel", "DirichletTopLabel"]

PULL_GRID = (1e-2, 1e-1)


@_register
class ClasswiseTopLabel(TopLabelCalibrator):
    """Top-label Platt scaling with one ``(a_c, b_c)`` per predicted class (``scale_``,
    ``bias_``: lists of k) pulled towards a shared map (``shared_scale_``, ``shared_bias_``).
    See the module docstring."""

    method = "toplabel_class"
    _fitted_attrs: ClassVar[tuple[str, ...]] = ("task_", "n_classes_", "temperature_", "scale_",
                                                "bias_", "shared_scale_", "shared_bias_")

    auto_grid = tuple({"pull": v} for v in PULL_GRID)

    def __init__(self, *, l2: float = 1e-3, pull: float = 1e-2, temper: bool = True,
                 max_iter: int = 500) -> None:
        super().__init__(l2=l2, temper=temper, max_iter=max_iter)
        self.pull = pull

    def get_params(self) -> dict[str, Any]:
        return {**super().get_params(), "pull": self.pull}

    def _fit(self, p: np.ndarray, y: np.ndarray, task: str) -> None:
        from scipy.optimize import minimize

        self._check(task)
        if not self.pull >= 0:
            from meddx.errors import ConfigError

            raise ConfigError(f"{type(self).__name__} needs pull >= 0; got {self.pull!r}")
        k = p.shape[1]
        top, z, hit = self._top_label(p, y)
        onehot = np.eye(k)[top]  # (n, k): which class's map a row uses
        x0 = np.r_[np.ones(k + 1), np.zeros(k + 1)]  # a_0..a_k-1, a_shared, b_0..b_k-1, b_shared

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            a, b = w[: k + 1], w[k + 1:]
            s = a[top] * z + b[top]
            r = (_sigmoid(s) - hit) / len(z)
            value = float(np.mean(np.logaddexp(0.0, s) - hit * s))
            ga = np.r_[onehot.T @ (r * z), 0.0]
            gb = np.r_[onehot.T @ r, 0.0]
            da, db = a[:k] - a[k], b[:k] - b[k]
            value += self.pull * float(da @ da + db @ db)
            value += self.l2 * float((a[k] - 1.0) ** 2 + b[k] ** 2)
            ga[:k] += 2 * self.pull * da
            gb[:k] += 2 * self.pull * db
            ga[k] += -2 * self.pull * da.sum() + 2 * self.l2 * (a[k] - 1.0)
            gb[k] += -2 * self.pull * db.sum() + 2 * self.l2 * b[k]
            return value, np.r_[ga, gb]

        bounds = [(0.0, None)] * (k + 1) + [(None, None)] * (k + 1)
        res = minimize(loss, x0=x0, jac=True, method="L-BFGS-B", bounds=bounds,
                       options={"maxiter": int(self.max_iter)})
        a, b = res.x[: k + 1], res.x[k + 1:]
        self.scale_, self.bias_ = [float(v) for v in a[:k]], [float(v) for v in b[:k]]
        self.shared_scale_, self.shared_bias_ = float(a[k]), float(b[k])

    def _confidence(self, c: np.ndarray, top: np.ndarray) -> np.ndarray:
        a, b = np.asarray(self.scale_)[top], np.asarray(self.bias_)[top]
        return _sigmoid(a * _logit(c) + b)

    def _fitted_dict(self) -> dict[str, Any]:
        return {**super()._fitted_dict(), "shared_scale": self.shared_scale_,
                "shared_bias": self.shared_bias_}

    def _load_fitted(self, fitted: dict[str, Any]) -> None:
        self.scale_ = [float(v) for v in fitted["scale"]]
        self.bias_ = [float(v) for v in fitted["bias"]]
        self.shared_scale_ = float(fitted["shared_scale"])
        self.shared_bias_ = float(fitted["shared_bias"])
        self.temperature_ = float(fitted.get("temperature", 1.0))


@_register
class DirichletTopLabel(DirichletCalibrator):
    """Dirichlet calibration with the model's top label restored (a swap where they differ)."""

    method = "dirichlet_top"
    keeps_argmax: ClassVar[bool] = True

    def _transform(self, p: np.ndarray) -> np.ndarray:
        q = super()._transform(p)
        rows = np.arange(len(p))
        top, best = p.argmax(axis=1), q.argmax(axis=1)
        q_top = q[rows, top].copy()
        q[rows, top] = q[rows, best]
        q[rows, best] = q_top
        return q
