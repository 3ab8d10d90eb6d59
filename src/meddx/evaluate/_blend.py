"""Blending the model with the run's TF-IDF baseline before calibration (stacking).

``BaselineBlend`` serves ``calibrator(softmax((1 - w) log p_model + w log p_baseline))``: a
geometric blend of the two classifiers' probabilities, then a calibrator. The weight ``w`` is
chosen from ``weights`` (default :data:`BLEND_WEIGHTS`; 0 is the model alone) together with the
calibrator by ``folds``-fold cross-fitting on the validation split only: for each ``w`` the
calibrator (``auto`` by default, which itself chooses among temperature, toplabel,
toplabel_class, dirichlet_top, vector, Dirichlet and isotonic, with its accuracy guard measured
against the blend at that ``w``) is fitted on the other folds and scored on the held-out one;
the pair with the lowest held-out negative log-likelihood wins (ties: the smaller ``w``) and is
refitted on the whole split. The weight itself is chosen by NLL alone, and blending can change
the top label.

Single-label tasks only (a multilabel run is not blended). Both probability tables must list
the classes in the same order. Saved as JSON (:meth:`BaselineBlend.to_dict`), never pickled.

:data:`BLENDS` registers blends by name (``eval.blend``); ``baseline`` is the one built in.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

import numpy as np

from meddx._registry import Registry
from meddx.errors import ConfigError, ModelError
from meddx.evaluate._calibrators import (
    _EPS,
    CALIBRATORS,
    Calibrator,
    _softmax,
    calibrator_from_dict,
    one_blas_thread,
)

__all__ = ["BLENDS", "BLEND_WEIGHTS", "BaselineBlend", "blend_proba"]

BLEND_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def blend_proba(proba: Any, baseline_proba: Any, weight: float) -> np.ndarray:
    """``softmax((1 - weight) log proba + weight log baseline_proba)``, row by row."""
    p = np.asarray(proba, dtype=np.float64)
    b = np.asarray(baseline_proba, dtype=np.float64)
    if p.shape != b.shape:
        raise ModelError(f"the model's and the baseline's probabilities differ in shape: "
                         f"{p.shape} and {b.shape}")
    if weight == 0:
        return p
    z = (1 - weight) * np.log(np.clip(p, _EPS, 1.0)) + weight * np.log(np.clip(b, _EPS, 1.0))
    return _softmax(z)


class BaselineBlend:
    """Blend with the baseline, then calibrate; see the module docstring.

    Fitted attributes: ``weight_``, ``calibrator_`` (fitted on the blended validation
    probabilities), ``selection_`` (held-out NLL per weight, the calibrator chosen for each,
    the uncalibrated model's NLL) and ``unblended_`` (the calibrator chosen at weight 0, for
    reporting the calibrated model alone beside the served blend).
    """

    method: ClassVar[str] = "baseline"
    needs_baseline: ClassVar[bool] = True

    def __init__(self, *, calibration: str = "auto",
                 weights: tuple[float, ...] | list[float] | None = None, folds: int = 5,
                 seed: int = 0) -> None:
        self.calibration = calibration
        self.weights = None if weights is None else tuple(float(w) for w in weights)
        self.folds = folds
        self.seed = seed

    def fit(self, proba: Any, baseline_proba: Any, y: Any) -> Self:
        from meddx.evaluate._calibrators_linear import _nll

        if self.calibration not in CALIBRATORS:
            raise ConfigError(f"blend: unknown calibrator '{self.calibration}'; known: "
                              f"{', '.join(CALIBRATORS)}")
        weights = BLEND_WEIGHTS if self.weights is None else self.weights
        if not weights or not all(0 <= w < 1 for w in weights):
            raise ConfigError(f"blend weights must lie in [0, 1); got {weights}")
        p, b = np.asarray(proba, dtype=np.float64), np.asarray(baseline_proba, dtype=np.float64)
        y = np.asarray(y)
        if y.ndim != 1:
            raise ConfigError("blending with the baseline supports single-label tasks only")
        held: dict[str, float] = {}
        chosen: dict[str, str] = {}
        fitted: dict[float, Calibrator] = {}
        with one_blas_thread():
            for w in sorted(set(weights) | {0.0}):
                pw = blend_proba(p, b, w)
                cal, score = self._fit_scored(pw, y)
                held[f"{w:g}"], chosen[f"{w:g}"], fitted[w] = score, _name(cal), cal
        best = min(sorted(weights), key=lambda w: (held[f"{w:g}"], w))
        self.weight_ = float(best)
        self.calibrator_ = fitted[best]
        self.unblended_ = fitted[0.0]
        self.selection_ = {
            "criterion": f"{self.folds}-fold cross-fitted NLL on the validation split (blend "
                         "weight and calibrator together)",
            "nll": held, "calibrator": chosen, "nll_uncalibrated_model": _nll(p, y, "multiclass"),
            "chosen": f"{best:g}"}
        return self

    def _fit_scored(self, p: np.ndarray, y: np.ndarray) -> tuple[Calibrator, float]:
        """The calibrator fitted on all of ``p`` and its cross-validated held-out NLL."""
        from meddx.evaluate._calibrators_linear import AutoCalibrator

        cls = CALIBRATORS.get(self.calibration)
        auto = cls if cls is AutoCalibrator else None
        candidates = None if auto else (self.calibration,)
        sel = AutoCalibrator(folds=self.folds, seed=self.seed,
                             **({"candidates": candidates} if candidates else {})).fit(p, y)
        return (sel if auto else sel.chosen_), float(sel.selection_["nll"][sel.selection_["chosen"]])

    def transform(self, proba: Any, baseline_proba: Any) -> np.ndarray:
        """The served probabilities: blend, then calibrate."""
        self._check_fitted()
        return self.calibrator_.transform(blend_proba(proba, baseline_proba, self.weight_))

    def transform_unblended(self, proba: Any) -> np.ndarray:
        """The model alone, calibrated by the calibrator chosen at weight 0."""
        self._check_fitted()
        return self.unblended_.transform(proba)

    @property
    def chosen_method(self) -> str:
        return _name(self.calibrator_)

    def to_dict(self) -> dict[str, Any]:
        self._check_fitted()
        return {"method": self.method, "weight": self.weight_, "selection": self.selection_,
                "calibrator": self.calibrator_.to_dict(), "unblended": self.unblended_.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        if not isinstance(data, dict) or data.get("method") != cls.method:
            raise ModelError("not a saved 'baseline' blend")
        try:
            obj = cls()
            obj.weight_ = float(data["weight"])
            obj.selection_ = dict(data.get("selection", {}))
            obj.calibrator_ = calibrator_from_dict(data["calibrator"])
            obj.unblended_ = calibrator_from_dict(data["unblended"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"saved 'baseline' blend is incomplete or invalid: {exc}") from None
        return obj

    def _check_fitted(self) -> None:
        if not hasattr(self, "calibrator_"):
            raise ModelError("this BaselineBlend is not fitted yet; call fit(proba_val, "
                             "baseline_proba_val, y_val) on validation predictions first")


def _name(cal: Calibrator) -> str:
    return str(getattr(cal, "chosen_method", cal.method))


BLENDS: Registry[type[BaselineBlend]] = Registry("blend")
BLENDS.register(BaselineBlend.method, BaselineBlend)
