"""More calibrators for single-label tasks, and one that chooses among them.

* ``vector`` (vector scaling, Guo et al. 2017): ``softmax(a * log p + b)`` with a scale ``a_c``
  and a bias ``b_c`` per class; L2 pull of ``a`` towards 1 and ``b`` towards 0 (``l2``).
* ``dirichlet`` (Kull et al. 2019): ``softmax(W log p + b)``, a full linear map, with an L2
  pull of ``W`` towards the identity and ``b`` towards 0 (``l2``); the ODIR-style penalty
  keeps the k^2 parameters in check on a small validation split.
* ``auto``: k-fold cross-validation *on the validation split only* of the candidates
  (temperature, toplabel, toplabel_class, dirichlet_top, vector, dirichlet, isotonic); the
  one with the lowest held-out negative log-likelihood among those admitted by the accuracy
  guard (:func:`choose`: a calibrator that can change the top label must clearly raise
  held-out accuracy, else only temperature, toplabel, toplabel_class and dirichlet_top, which
  keep it, compete) is refitted on the whole validation split. Each candidate is tried with
  each setting of its ``auto_grid`` (``vector``, ``dirichlet`` and ``dirichlet_top``: each
  ``l2`` of ``L2_GRID``; ``toplabel``: with and without ``temper``; ``toplabel_class``: each
  ``pull``), chosen the same way.
  It saves itself as the chosen calibrator (so ``calibration.json`` names e.g.
  ``temperature``) with the selection record beside it. NLL, not ECE, is the criterion: it is a
  proper scoring rule, and binned ECE on a few hundred rows is too noisy to rank methods by.
  ``label_guard=False`` is the session-9 rule (lowest NLL of all).

Multilabel tasks: ``vector``, ``dirichlet``, ``toplabel`` and their variants raise a
ConfigError; ``auto`` chooses between temperature and isotonic by NLL alone (no guard).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from meddx.errors import ConfigError
from meddx.evaluate._calibrators import _EPS, CALIBRATORS, Calibrator, _register, _softmax

__all__ = ["AutoCalibrator", "DirichletCalibrator", "VectorScaling"]

AUTO_CANDIDATES = ("temperature", "toplabel", "toplabel_class", "dirichlet_top", "vector",
                   "dirichlet", "isotonic")
L2_GRID = (1e-3, 1e-2, 1e-1)
GUARD_Z = 1.96


def guard_rule(z: float) -> str:
    return ("lowest NLL among calibrators that keep the top label, and those that change it only "
            f"with held-out accuracy higher by more than {z:g} paired standard errors and "
            "macro-F1 not lower")


def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _nll(p: np.ndarray, y: np.ndarray, task: str) -> float:
    p = np.clip(p, _EPS, 1.0 - _EPS)
    if task == "multilabel":
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))
    return float(-np.mean(np.log(p[np.arange(len(y)), y])))


class _Penalised(Calibrator):
    """A single-label calibrator fitted by L-BFGS with an L2 pull (``l2``) towards the identity."""

    multilabel: ClassVar[bool] = False

    def __init__(self, *, l2: float = 1e-2, max_iter: int = 500) -> None:
        self.l2 = l2
        self.max_iter = max_iter

    def get_params(self) -> dict[str, Any]:
        return {"l2": self.l2, "max_iter": self.max_iter}

    def _check(self, task: str) -> None:
        if task == "multilabel":
            raise ConfigError(f"calibration '{self.method}' supports single-label tasks only; use "
                              "temperature or isotonic for multilabel")
        if not self.l2 >= 0:
            raise ConfigError(f"{type(self).__name__} needs l2 >= 0; got {self.l2!r}")


class _LinearLogits(_Penalised):
    """``softmax(map(log p))`` with an L2 pull towards the identity map."""

    auto_grid = tuple({"l2": v} for v in L2_GRID)

    _fitted_attrs: ClassVar[tuple[str, ...]] = ("task_", "n_classes_", "weight_", "bias_")

    def _fit(self, p: np.ndarray, y: np.ndarray, task: str) -> None:
        from scipy.optimize import minimize

        self._check(task)
        z = np.log(np.clip(p, _EPS, 1.0))
        k = z.shape[1]
        onehot = np.eye(k)[y]
        x0 = self._start(k)

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            weight, bias = self._unpack(w, k)
            s = self._scores(z, weight, bias)
            s = s - s.max(axis=1, keepdims=True)
            q = np.exp(s)
            q /= q.sum(axis=1, keepdims=True)
            value = float(-np.mean(np.log(np.clip(q[np.arange(len(y)), y], _EPS, 1.0))))
            ds = (q - onehot) / len(y)
            g_w, g_b = self._grads(z, ds)
            d = w - x0
            return value + self.l2 * float(d @ d), np.r_[g_w.ravel(), g_b] + 2 * self.l2 * d

        res = minimize(loss, x0=x0, jac=True, method="L-BFGS-B",
                       options={"maxiter": int(self.max_iter)})
        weight, bias = self._unpack(res.x, k)
        self.weight_, self.bias_ = weight.tolist(), bias.tolist()

    def _transform(self, p: np.ndarray) -> np.ndarray:
        z = np.log(np.clip(p, _EPS, 1.0))
        return _softmax(self._scores(z, np.asarray(self.weight_), np.asarray(self.bias_)))

    def _fitted_dict(self) -> dict[str, Any]:
        return {"weight": self.weight_, "bias": self.bias_}

    def _load_fitted(self, fitted: dict[str, Any]) -> None:
        self.weight_ = [float(v) if not isinstance(v, list) else [float(x) for x in v]
                        for v in fitted["weight"]]
        self.bias_ = [float(v) for v in fitted["bias"]]


@_register
class VectorScaling(_LinearLogits):
    """``softmax(a * log p + b)``: a scale and a bias per class (``weight_``, ``bias_``)."""

    method = "vector"

    @staticmethod
    def _start(k: int) -> np.ndarray:
        return np.r_[np.ones(k), np.zeros(k)]

    @staticmethod
    def _unpack(w: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        return w[:k], w[k:]

    @staticmethod
    def _scores(z: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
        return z * weight + bias

    @staticmethod
    def _grads(z: np.ndarray, ds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (ds * z).sum(axis=0), ds.sum(axis=0)


@_register
class DirichletCalibrator(_LinearLogits):
    """``softmax(W log p + b)``: a full linear map of log-probabilities (``weight_`` is W)."""

    method = "dirichlet"

    @staticmethod
    def _start(k: int) -> np.ndarray:
        return np.r_[np.eye(k).ravel(), np.zeros(k)]

    @staticmethod
    def _unpack(w: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        return w[: k * k].reshape(k, k), w[k * k:]

    @staticmethod
    def _scores(z: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
        return z @ weight.T + bias

    @staticmethod
    def _grads(z: np.ndarray, ds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return ds.T @ z, ds.sum(axis=0)


def macro_f1(y: np.ndarray, pred: np.ndarray, k: int) -> float:
    """Macro-averaged F1 over the classes seen in ``y`` or ``pred``."""
    tp = np.bincount(y[y == pred], minlength=k)
    denom = np.bincount(y, minlength=k) + np.bincount(pred, minlength=k)
    f1 = np.divide(2 * tp, denom, out=np.zeros(k), where=denom > 0)
    return float(f1[denom > 0].mean())


def choose(held: dict[str, np.ndarray], y: np.ndarray, task: str,
           settings: dict[str, dict[str, Any]], *, guard: bool = True,
           z: float = GUARD_Z) -> tuple[str, dict[str, Any]]:
    """The candidate to serve, from held-out probabilities (``held['none']`` is uncalibrated).

    The lowest held-out NLL wins among the admitted candidates. Without ``guard`` (or for a
    multilabel task) all are admitted. With it, a calibrator that keeps the top label
    (``keeps_argmax``: temperature, toplabel, toplabel_class, dirichlet_top) is always admitted;
    one that can change it (vector, dirichlet, isotonic, platt) only when it *clearly* serves
    better labels: its held-out accuracy above the uncalibrated model's by more than ``z``
    (1.96) paired standard errors, and its macro-F1 not lower. "Not lower" alone is not enough:
    picked among seven noisy candidates on the same rows, the winner's held-out gain is mostly
    luck (see docs/benchmarks.md, session 10). When no candidate is admitted, the lowest NLL
    wins.
    Returns the key and the record saved under ``selection``."""
    nll = {key: _nll(q, y, task) for key, q in held.items()}
    record: dict[str, Any] = {"nll": nll}
    keys = list(settings)
    admitted = keys
    if guard and task != "multilabel":
        k = held["none"].shape[1]
        hit = {key: (q.argmax(axis=1) == y).astype(np.float64) for key, q in held.items()}
        acc = {key: float(h.mean()) for key, h in hit.items()}
        f1 = {key: macro_f1(y, q.argmax(axis=1), k) for key, q in held.items()}
        keeps = {key: bool(CALIBRATORS.get(settings[key]["method"]).keeps_argmax) for key in keys}
        rejected = {}
        for key in (key for key in keys if not keeps[key]):
            d = hit[key] - hit["none"]
            margin = z * float(d.std(ddof=1)) / np.sqrt(len(d)) if len(d) > 1 else 0.0
            if not (d.mean() > margin and f1[key] >= f1["none"]):
                rejected[key] = (f"can change the top label: held-out accuracy {acc[key]:.4f} - "
                                 f"{acc['none']:.4f} uncalibrated = {d.mean():+.4f} (needs > "
                                 f"{margin:.4f}), macro-F1 {f1[key]:.4f} vs {f1['none']:.4f}")
        admitted = [key for key in keys if key not in rejected] or keys
        record.update(accuracy=acc, macro_f1=f1, keeps_argmax=keeps, rejected=rejected,
                      rule=guard_rule(z))
    else:
        record["rule"] = "lowest NLL"
    best = min(admitted, key=lambda n: (nll[n], keys.index(n)))
    record["chosen"] = best
    return best, record


class AutoCalibrator(Calibrator):
    """Choose a calibrator by ``folds``-fold cross-validated NLL on the data it is fitted on
    (the validation split), guarding accuracy: see :func:`choose`. Fitted attributes:
    ``chosen_`` (the refitted calibrator) and ``selection_`` (per candidate the held-out NLL,
    accuracy and macro-F1, whether it keeps the argmax, which were rejected and why)."""

    method = "auto"
    _fitted_attrs: ClassVar[tuple[str, ...]] = ("task_", "n_classes_", "chosen_", "selection_")

    def __init__(self, *, candidates: tuple[str, ...] | list[str] = AUTO_CANDIDATES,
                 folds: int = 5, seed: int = 0, label_guard: bool = True,
                 guard_z: float = GUARD_Z) -> None:
        self.candidates = tuple(candidates)
        self.folds = folds
        self.seed = seed
        self.label_guard = label_guard
        self.guard_z = guard_z

    def get_params(self) -> dict[str, Any]:
        return {"candidates": list(self.candidates), "folds": self.folds, "seed": self.seed,
                "label_guard": self.label_guard, "guard_z": self.guard_z}

    def _fit(self, p: np.ndarray, y: np.ndarray, task: str) -> None:
        unknown = [c for c in self.candidates if c not in CALIBRATORS or c == "auto"]
        if unknown or not self.candidates:
            raise ConfigError(f"auto calibration candidates must be calibrator names other than "
                              f"'auto' ({', '.join(n for n in CALIBRATORS if n != 'auto')}); got "
                              f"{unknown[0] if unknown else '(none)'!r}")
        names = [c for c in self.candidates
                 if task != "multilabel" or CALIBRATORS.get(c).multilabel]
        folds = self._folds(y, task)
        held: dict[str, np.ndarray] = {"none": p}
        settings: dict[str, dict[str, Any]] = {}
        for name in names:  # once per setting of its auto_grid, as 'vector(l2=0.01)'
            for params in CALIBRATORS.get(name).auto_grid:
                key = name + "".join(f"({k}={_show(v)})" for k, v in params.items())
                out = np.empty_like(p)
                for train, test in folds:
                    cal = CALIBRATORS.get(name)(**params).fit(p[train], y[train])
                    out[test] = cal.transform(p[test])
                held[key] = out
                settings[key] = {"method": name, "params": params}
        best, self.selection_ = choose(held, y, task, settings, guard=self.label_guard,
                                       z=self.guard_z)
        self.selection_["criterion"] = (f"{len(folds)}-fold cross-validated NLL on the "
                                        "validation split" + (", accuracy guarded"
                                                              if self.label_guard else ""))
        self.chosen_ = CALIBRATORS.get(settings[best]["method"])(**settings[best]["params"]).fit(p, y)

    def _folds(self, y: np.ndarray, task: str) -> list[tuple[np.ndarray, np.ndarray]]:
        from sklearn.model_selection import KFold, StratifiedKFold

        n = len(y)
        k = max(2, min(int(self.folds), n))
        if task != "multilabel" and np.bincount(y).min(initial=n) >= k:
            split = StratifiedKFold(k, shuffle=True, random_state=self.seed).split(np.zeros(n), y)
        else:
            split = KFold(k, shuffle=True, random_state=self.seed).split(np.zeros(n))
        return list(split)

    def _transform(self, p: np.ndarray) -> np.ndarray:
        return self.chosen_.transform(p)

    def to_dict(self) -> dict[str, Any]:
        """The chosen calibrator's dict (it reloads as that calibrator), with ``selection``."""
        self._check_fitted()
        return {**self.chosen_.to_dict(), "selection": self.selection_}

    @property
    def chosen_method(self) -> str:
        self._check_fitted()
        return self.chosen_.method

    def _fitted_dict(self) -> dict[str, Any]:  # pragma: no cover - to_dict is overridden
        return self.chosen_.to_dict()

    def _load_fitted(self, fitted: dict[str, Any]) -> None:  # pragma: no cover
        raise ConfigError("an 'auto' calibrator is saved as the calibrator it chose")


CALIBRATORS.register("auto", AutoCalibrator)
