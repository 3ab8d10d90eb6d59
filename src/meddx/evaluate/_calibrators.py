"""Post-hoc calibrators: temperature scaling (the default), isotonic regression and Platt scaling.

Every calibrator follows the estimator contract: keyword-only ``__init__``, ``fit(proba, y)``
returns ``self``, fitted attributes end in ``_``, and ``transform`` before ``fit`` raises
:class:`~meddx.errors.ModelError`. They take *probabilities* (what every meddx classifier
returns) and give probabilities back; temperature scaling works on their logarithms, which
are the model's logits up to a per-row constant.

The task is read from the shapes: ``y`` of shape (n,) with 2 columns of ``proba`` is binary,
with more columns multiclass; ``y`` of shape (n, k) of 0/1 is multilabel.

* ``temperature``: one temperature T for single-label tasks, ``softmax(log p / T)``; one T per
  label for multilabel, ``sigmoid(logit p_j / T_j)``. T is fitted by minimising the negative
  log-likelihood with L-BFGS-B (scipy). It never changes the argmax.
* ``isotonic`` and ``platt``: one-vs-rest per class (binary: the positive class only, the
  other is ``1 - p``), rows renormalised to sum to 1 for multiclass; per label for multilabel.

Calibrators are saved as JSON (:meth:`Calibrator.to_dict`, :func:`calibrator_from_dict`),
never pickled.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Self

import numpy as np

from meddx._registry import Registry
from meddx.errors import ConfigError, ModelError
from meddx.evaluate._validate import check_inputs

__all__ = [
    "CALIBRATORS",
    "Calibrator",
    "IsotonicCalibrator",
    "PlattCalibrator",
    "TemperatureScaling",
    "calibrator_from_dict",
    "infer_task",
]

_EPS = 1e-12
FORMAT_VERSION = 1
_ONE_THREAD = threading.local()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run a fit with one BLAS thread. The calibrators' matrices are tiny (n x k); with the
    default two OpenBLAS threads on a busy machine, the spinning second thread made ``auto``
    4-11 and the blend 8-23 times slower (docs/benchmarks.md, session 11, branch blend15).
    Re-entrant: the fits nested inside ``auto`` and the blend pay nothing."""
    if getattr(_ONE_THREAD, "on", False):
        yield
        return
    from threadpoolctl import threadpool_limits

    _ONE_THREAD.on = True
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            yield
    finally:
        _ONE_THREAD.on = False


def infer_task(proba: Any, y: Any) -> str:
    """``binary``, ``multiclass`` or ``multilabel`` from the shapes of ``proba`` and ``y``."""
    y_shape, p_shape = np.shape(y), np.shape(proba)
    if len(p_shape) != 2 or p_shape[1] < 2:
        raise ModelError(f"proba must have shape (n, k) with k >= 2 columns; got shape {p_shape}")
    if len(y_shape) == 2:
        return "multilabel"
    return "binary" if p_shape[1] == 2 else "multiclass"


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPS, 1.0 - _EPS)
    return np.log(p) - np.log1p(-p)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class Calibrator(ABC):
    """Maps predicted probabilities to calibrated probabilities. See the module docstring."""

    method: ClassVar[str]
    #: True when the calibrated argmax is always the model's own (it changes no decision)
    keeps_argmax: ClassVar[bool] = False
    #: False for calibrators of single-label tasks only ('auto' skips them for multilabel)
    multilabel: ClassVar[bool] = True
    #: the settings ``auto`` tries, each as a candidate of its own
    auto_grid: ClassVar[tuple[dict[str, Any], ...]] = ({},)
    _fitted_attrs: ClassVar[tuple[str, ...]] = ("task_", "n_classes_")

    def fit(self, proba: Any, y: Any) -> Self:
        """Fit on validation probabilities ``proba`` (n, k) and labels ``y``; returns ``self``."""
        task = infer_task(proba, y)
        k = np.shape(proba)[1]
        y_arr, p = check_inputs(y, proba, task=task, labels=[str(i) for i in range(k)])
        with one_blas_thread():
            self._fit(p, y_arr, task)
        self.task_ = task
        self.n_classes_ = int(k)
        return self

    def transform(self, proba: Any) -> np.ndarray:
        """Calibrated probabilities, same shape as ``proba``."""
        self._check_fitted()
        p = np.asarray(proba, dtype=np.float64)
        if p.ndim != 2 or p.shape[1] != self.n_classes_:
            raise ModelError(
                f"{type(self).__name__} was fitted on {self.n_classes_} classes; proba must have "
                f"shape (n, {self.n_classes_}), got shape {p.shape}"
            )
        if len(p) == 0:
            return p.copy()
        return self._transform(p)

    def fit_transform(self, proba: Any, y: Any) -> np.ndarray:
        return self.fit(proba, y).transform(proba)

    # -- persistence ----------------------------------------------------------------------

    def get_params(self) -> dict[str, Any]:
        """The ``__init__`` arguments."""
        return {}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable description: method, parameters and fitted values."""
        self._check_fitted()
        return {
            "method": self.method,
            "format_version": FORMAT_VERSION,
            "params": self.get_params(),
            "task": self.task_,
            "n_classes": self.n_classes_,
            "fitted": self._fitted_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Rebuild a fitted calibrator written by :meth:`to_dict`."""
        if not isinstance(data, dict) or data.get("method") != cls.method:
            got = data.get("method") if isinstance(data, dict) else type(data).__name__
            raise ModelError(f"not a saved '{cls.method}' calibrator (method is {got!r})")
        try:
            obj = cls(**data.get("params", {}))
            obj.task_ = str(data["task"])
            obj.n_classes_ = int(data["n_classes"])
            obj._load_fitted(data["fitted"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"saved '{cls.method}' calibrator is incomplete or invalid: {exc}") from None
        return obj

    # -- internals ------------------------------------------------------------------------

    def _check_fitted(self) -> None:
        if not all(hasattr(self, a) for a in self._fitted_attrs):
            raise ModelError(
                f"this {type(self).__name__} is not fitted yet; call fit(proba_val, y_val) on "
                "validation predictions first"
            )

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    @abstractmethod
    def _fit(self, p: np.ndarray, y: np.ndarray, task: str) -> None: ...

    @abstractmethod
    def _transform(self, p: np.ndarray) -> np.ndarray: ...

    @abstractmethod
    def _fitted_dict(self) -> dict[str, Any]: ...

    @abstractmethod
    def _load_fitted(self, fitted: dict[str, Any]) -> None: ...


CALIBRATORS: Registry[type[Calibrator]] = Registry("calibrator")


def _register(cls: type[Calibrator]) -> type[Calibrator]:
    CALIBRATORS.register(cls.method, cls)
    return cls


def calibrator_from_dict(data: dict[str, Any]) -> Calibrator:
    """Rebuild any saved calibrator; its ``method`` picks the class from :data:`CALIBRATORS`."""
    if not isinstance(data, dict) or "method" not in data:
        raise ModelError("a saved calibrator must be a JSON object with a 'method' field")
    try:
        cls = CALIBRATORS.get(str(data["method"]))
    except ConfigError as exc:
        raise ModelError(str(exc)) from None
    return cls.from_dict(data)


# -- temperature scaling ------------------------------------------------------------------


@_register
class TemperatureScaling(Calibrator):
    """Divide the logits by a temperature fitted on validation data (Guo et al., 2017).

    ``temperature_`` is a float for single-label tasks and a list (one per label) for
    multilabel. T > 1 softens over-confident probabilities; the argmax never changes.
    """

    method = "temperature"
    keeps_argmax = True
    _fitted_attrs = ("task_", "n_classes_", "temperature_")

    def __init__(self, *, min_temperature: float = 0.05, max_temperature: float = 100.0,
                 max_iter: int = 200) -> None:
        self.min_temperature = min_temperature
        self.max_temperature = max_temperature
        self.max_iter = max_iter

    def get_params(self) -> dict[str, Any]:
        return {"min_temperature": self.min_temperature, "max_temperature": self.max_temperature,
                "max_iter": self.max_iter}

    def _fit(self, p: np.ndarray, y: np.ndarray, task: str) -> None:
        if not 0 < self.min_temperature < 1 < self.max_temperature:
            raise ConfigError(
                "TemperatureScaling needs 0 < min_temperature < 1 < max_temperature; got "
                f"min_temperature={self.min_temperature!r}, max_temperature={self.max_temperature!r}"
            )
        if task == "multilabel":
            self.temperature_ = [
                self._fit_one(_logit(p[:, j]), y[:, j].astype(np.float64), _bce)
                for j in range(p.shape[1])
            ]
        else:
            self.temperature_ = self._fit_one(np.log(np.clip(p, _EPS, 1.0)), y, _softmax_nll)

    def _fit_one(self, z: np.ndarray, y: np.ndarray, loss) -> float:
        from scipy.optimize import minimize

        # Optimise the inverse temperature u = 1/T, which the loss is convex in.
        bounds = [(1.0 / self.max_temperature, 1.0 / self.min_temperature)]
        res = minimize(loss, x0=np.array([1.0]), args=(z, y), jac=True, method="L-BFGS-B",
                       bounds=bounds, options={"maxiter": int(self.max_iter)})
        return float(1.0 / res.x[0])

    def _transform(self, p: np.ndarray) -> np.ndarray:
        if self.task_ == "multilabel":
            t = np.asarray(self.temperature_, dtype=np.float64)
            return _sigmoid(_logit(p) / t)
        return _softmax(np.log(np.clip(p, _EPS, 1.0)) / float(self.temperature_))

    def _fitted_dict(self) -> dict[str, Any]:
        return {"temperature": self.temperature_}

    def _load_fitted(self, fitted: dict[str, Any]) -> None:
        t = fitted["temperature"]
        self.temperature_ = [float(v) for v in t] if isinstance(t, list) else float(t)


def _softmax_nll(u: np.ndarray, z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean NLL of softmax(u z) and its derivative in u."""
    s = u[0] * z
    s = s - s.max(axis=1, keepdims=True)
    e = np.exp(s)
    q = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    nll = float(np.mean(np.log(e.sum(axis=1)) - s[rows, y]))
    grad = float(np.mean((q * z).sum(axis=1) - z[rows, y]))
    return nll, np.array([grad])


def _bce(u: np.ndarray, z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean binary cross-entropy of sigmoid(u z) and its derivative in u."""
    s = u[0] * z
    loss = float(np.mean(np.logaddexp(0.0, s) - y * s))
    grad = float(np.mean((_sigmoid(s) - y) * z))
    return loss, np.array([grad])


# -- one-vs-rest calibrators --------------------------------------------------------------


class _OneVsRest(Calibrator):
    """Calibrate each class's probability on its own, then renormalise single-label rows."""

    def _columns(self, task: str, k: int) -> list[int]:
        return [1] if task == "binary" else list(range(k))

    def _fit(self, p: np.ndarray, y: np.ndarray, task: str) -> None:
        target = y if task == "multilabel" else np.eye(p.shape[1], dtype=np.int64)[y]
        self.columns_ = self._columns(task, p.shape[1])
        self.maps_ = [self._fit_column(p[:, j], target[:, j].astype(np.float64))
                      for j in self.columns_]

    def _transform(self, p: np.ndarray) -> np.ndarray:
        out = p.copy()
        for j, params in zip(self.columns_, self.maps_, strict=True):
            out[:, j] = np.clip(self._apply_column(p[:, j], params), 0.0, 1.0)
        if self.task_ == "binary":
            out[:, 0] = 1.0 - out[:, 1]
        elif self.task_ == "multiclass":
            total = out.sum(axis=1, keepdims=True)
            # A row every class map sends to 0 keeps its original probabilities.
            ok = total[:, 0] > 0
            out[ok] = out[ok] / total[ok]
            out[~ok] = p[~ok]
        return out

    def _fitted_dict(self) -> dict[str, Any]:
        return {"columns": self.columns_, "maps": self.maps_}

    def _load_fitted(self, fitted: dict[str, Any]) -> None:
        self.columns_ = [int(c) for c in fitted["columns"]]
        self.maps_ = [dict(m) for m in fitted["maps"]]
        if len(self.columns_) != len(self.maps_):
            raise ValueError("columns and maps differ in length")

    @abstractmethod
    def _fit_column(self, p: np.ndarray, y: np.ndarray) -> dict[str, Any]: ...

    @abstractmethod
    def _apply_column(self, p: np.ndarray, params: dict[str, Any]) -> np.ndarray: ...


@_register
class IsotonicCalibrator(_OneVsRest):
    """Isotonic regression of each class's outcome on its probability (one-vs-rest).

    ``maps_`` holds, per calibrated column, the step function's knots ``x`` and ``y``;
    probabilities between knots are interpolated linearly and clipped at the ends, as
    scikit-learn's ``IsotonicRegression(out_of_bounds="clip")`` does.
    """

    method = "isotonic"
    _fitted_attrs = ("task_", "n_classes_", "columns_", "maps_")

    def _fit_column(self, p: np.ndarray, y: np.ndarray) -> dict[str, Any]:
        from sklearn.isotonic import IsotonicRegression

        iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip")
        iso.fit(p, y)
        return {"x": iso.X_thresholds_.tolist(), "y": iso.y_thresholds_.tolist()}

    def _apply_column(self, p: np.ndarray, params: dict[str, Any]) -> np.ndarray:
        x, y = np.asarray(params["x"], dtype=np.float64), np.asarray(params["y"], dtype=np.float64)
        if len(x) == 1:
            return np.full(len(p), y[0])
        return np.interp(p, x, y)


@_register
class PlattCalibrator(_OneVsRest):
    """Platt scaling: ``sigmoid(a * logit(p) + b)`` per class, fitted on Platt's smoothed
    targets ``(N+ + 1) / (N+ + 2)`` and ``1 / (N- + 2)``. ``maps_`` holds ``a`` and ``b``."""

    method = "platt"
    _fitted_attrs = ("task_", "n_classes_", "columns_", "maps_")

    def __init__(self, *, max_iter: int = 200) -> None:
        self.max_iter = max_iter

    def get_params(self) -> dict[str, Any]:
        return {"max_iter": self.max_iter}

    def _fit_column(self, p: np.ndarray, y: np.ndarray) -> dict[str, Any]:
        from scipy.optimize import minimize

        n_pos = float(y.sum())
        n_neg = float(len(y) - n_pos)
        target = np.where(y > 0.5, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))
        z = _logit(p)

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            s = w[0] * z + w[1]
            value = float(np.mean(np.logaddexp(0.0, s) - target * s))
            r = _sigmoid(s) - target
            return value, np.array([float(np.mean(r * z)), float(np.mean(r))])

        res = minimize(loss, x0=np.array([1.0, 0.0]), jac=True, method="L-BFGS-B",
                       options={"maxiter": int(self.max_iter)})
        return {"a": float(res.x[0]), "b": float(res.x[1])}

    def _apply_column(self, p: np.ndarray, params: dict[str, Any]) -> np.ndarray:
        return _sigmoid(float(params["a"]) * _logit(p) + float(params["b"]))
