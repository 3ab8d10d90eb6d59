"""Drift tests: each compares a reference sample with a production sample and says whether to
alert. They are registered by name in :data:`DRIFT_TESTS`; each implements :class:`DriftTest`.

====================  =============  ===========================================  ==========
name                  kind           statistic                                    alert when
====================  =============  ===========================================  ==========
``psi``               numeric or     population stability index (10 reference-    PSI > 0.2
                      categorical    quantile bins for numbers)
``js``                categorical    Jensen-Shannon distance (base 2, in [0, 1])  JS > 0.1
``ks``                numeric        two-sample Kolmogorov-Smirnov (scipy)        p < 0.01
``mmd``               multivariate   RBF-kernel MMD^2, permutation p-value         p < 0.01
``domain_classifier`` multivariate   cross-validated AUC of a logistic regression AUC > 0.7
                                     telling reference rows from production rows
====================  =============  ===========================================  ==========

Every test returns ``{test, feature, statistic, p_value, threshold, alert}`` (``p_value`` is
None for tests without one). Thresholds are set per test with ``threshold=``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

import numpy as np

from meddx._registry import Registry
from meddx.errors import ConfigError, require

__all__ = ["DRIFT_TESTS", "DriftTest", "drift_test", "register_drift_test"]

_EPS = 1e-4


class DriftTest(ABC):
    """One drift test. ``kind`` says what it takes: ``numeric`` (1-d arrays), ``categorical``
    (count vectors over the same categories) or ``multivariate`` (2-d arrays, same columns).
    With ``uses_p_value`` it alerts when p < threshold, else when statistic > threshold."""

    name: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]]
    default_threshold: ClassVar[float]
    uses_p_value: ClassVar[bool] = False

    def __init__(self, *, threshold: float | None = None) -> None:
        if threshold is not None and not (isinstance(threshold, int | float) and threshold >= 0):
            raise ConfigError(f"drift test '{self.name}': threshold must be a number >= 0; "
                              f"got {threshold!r}")
        self.threshold = float(self.default_threshold if threshold is None else threshold)

    @abstractmethod
    def compute(self, reference: np.ndarray, current: np.ndarray, *,
                categorical: bool = False) -> tuple[float, float | None]:
        """(statistic, p_value or None). With ``categorical`` the inputs are count vectors."""

    def __call__(self, reference: Any, current: Any, *, feature: str,
                 categorical: bool = False) -> dict[str, Any]:
        if categorical and "categorical" not in self.kinds:
            raise ConfigError(f"drift test '{self.name}' takes {' or '.join(self.kinds)} data, "
                              "not category counts")
        if not categorical and self.kinds == ("categorical",):
            raise ConfigError(f"drift test '{self.name}' takes categorical data, not numbers; "
                              "pass category counts with categorical=True")
        stat, p = self.compute(np.asarray(reference, dtype=np.float64),
                               np.asarray(current, dtype=np.float64), categorical=categorical)
        alert = (p is not None and p < self.threshold) if self.uses_p_value else stat > self.threshold
        return {"test": self.name, "feature": feature, "statistic": round(float(stat), 6),
                "p_value": None if p is None else round(float(p), 6),
                "threshold": self.threshold, "alert": bool(alert)}


DRIFT_TESTS: Registry[type[DriftTest]] = Registry("drift test")


def register_drift_test(cls: type[DriftTest]) -> type[DriftTest]:
    DRIFT_TESTS.register(cls.name, cls)
    return cls


def drift_test(name: str, **params: Any) -> DriftTest:
    """An instance of the registered test ``name`` (``threshold=`` and test options)."""
    return DRIFT_TESTS.get(name)(**params)


def _shares(counts: np.ndarray) -> np.ndarray:
    counts = np.clip(np.asarray(counts, dtype=np.float64), 0, None)
    total = counts.sum()
    return counts / total if total > 0 else np.full(len(counts), 1.0 / max(len(counts), 1))


def numeric_bins(reference: np.ndarray, current: np.ndarray,
                 n_bins: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Counts of both samples in ``n_bins`` bins cut at the reference's quantiles."""
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, n_bins + 1)[1:-1]))
    ref = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=len(edges) + 1)
    cur = np.bincount(np.searchsorted(edges, current, side="right"), minlength=len(edges) + 1)
    return ref, cur


@register_drift_test
class PSI(DriftTest):
    """Population stability index, sum (c - r) ln(c / r) over bins (shares floored at 1e-4).
    Numbers are binned at the reference's deciles; count vectors are used as they are."""

    name = "psi"
    kinds = ("numeric", "categorical")
    default_threshold = 0.2

    def __init__(self, *, threshold: float | None = None, n_bins: int = 10) -> None:
        super().__init__(threshold=threshold)
        self.n_bins = n_bins

    def compute(self, reference, current, *, categorical=False):
        if not categorical:
            reference, current = numeric_bins(reference, current, self.n_bins)
        r = np.clip(_shares(reference), _EPS, None)
        c = np.clip(_shares(current), _EPS, None)
        return float(np.sum((c - r) * np.log(c / r))), None


@register_drift_test
class JensenShannon(DriftTest):
    """Jensen-Shannon distance (square root of the divergence, base 2) between two count vectors.
    Categorical only: on binned numbers with a few hundred rows its sampling noise alone is
    about 0.1."""

    name = "js"
    kinds = ("categorical",)
    default_threshold = 0.1

    def compute(self, reference, current, *, categorical=True):
        r, c = _shares(reference), _shares(current)
        m = 0.5 * (r + c)

        def kl(a: np.ndarray, b: np.ndarray) -> float:
            mask = a > 0
            return float(np.sum(a[mask] * np.log2(a[mask] / b[mask])))

        return float(np.sqrt(max(0.5 * kl(r, m) + 0.5 * kl(c, m), 0.0))), None


@register_drift_test
class KolmogorovSmirnov(DriftTest):
    """Two-sample Kolmogorov-Smirnov test (``scipy.stats.ks_2samp``); alerts on a small p-value."""

    name = "ks"
    kinds = ("numeric",)
    default_threshold = 0.01
    uses_p_value = True

    def compute(self, reference, current, *, categorical=False):
        stats = require("scipy.stats", "monitor")
        result = stats.ks_2samp(reference, current)
        return float(result.statistic), float(result.pvalue)


@register_drift_test
class MMD(DriftTest):
    """Squared maximum mean discrepancy with an RBF kernel (bandwidth: the median pairwise
    distance of the pooled sample), and a permutation p-value over ``n_permutations`` seeded
    shuffles. Each sample is subsampled to ``max_samples`` rows to bound the cost."""

    name = "mmd"
    kinds = ("multivariate",)
    default_threshold = 0.01
    uses_p_value = True

    def __init__(self, *, threshold: float | None = None, n_permutations: int = 200,
                 max_samples: int = 500, seed: int = 0) -> None:
        super().__init__(threshold=threshold)
        self.n_permutations, self.max_samples, self.seed = n_permutations, max_samples, seed

    def compute(self, reference, current, *, categorical=False):
        rng = np.random.default_rng(self.seed)
        x, y = _subsample(_2d(reference), rng, self.max_samples), _2d(current)
        y = _subsample(y, rng, self.max_samples)
        if len(x) < 2 or len(y) < 2:
            return 0.0, 1.0
        pooled = np.vstack([x, y])
        sq = np.sum(pooled**2, axis=1)
        d2 = np.clip(sq[:, None] + sq[None, :] - 2.0 * pooled @ pooled.T, 0.0, None)
        off = d2[np.triu_indices(len(pooled), k=1)]
        bandwidth = float(np.median(off[off > 0])) if np.any(off > 0) else 1.0
        kernel = np.exp(-d2 / bandwidth)
        n = len(x)
        observed = _mmd2(kernel, np.arange(len(pooled)) < n)
        exceed = 0
        for _ in range(self.n_permutations):
            mask = np.zeros(len(pooled), dtype=bool)
            mask[rng.permutation(len(pooled))[:n]] = True
            exceed += _mmd2(kernel, mask) >= observed
        return observed, (exceed + 1) / (self.n_permutations + 1)


def _mmd2(kernel: np.ndarray, in_x: np.ndarray) -> float:
    """Unbiased MMD^2 for the split ``in_x`` / ``~in_x`` of the pooled kernel matrix."""
    kxx, kyy, kxy = kernel[np.ix_(in_x, in_x)], kernel[np.ix_(~in_x, ~in_x)], kernel[np.ix_(in_x, ~in_x)]
    m, n = len(kxx), len(kyy)
    return float((kxx.sum() - np.trace(kxx)) / (m * (m - 1))
                 + (kyy.sum() - np.trace(kyy)) / (n * (n - 1)) - 2.0 * kxy.mean())


@register_drift_test
class DomainClassifier(DriftTest):
    """Cross-validated ROC AUC (stratified ``cv`` folds) of a standardised logistic regression that
    tells reference rows from production rows: 0.5 means indistinguishable."""

    name = "domain_classifier"
    kinds = ("multivariate",)
    default_threshold = 0.7

    def __init__(self, *, threshold: float | None = None, cv: int = 5, max_samples: int = 2000,
                 seed: int = 0) -> None:
        super().__init__(threshold=threshold)
        self.cv, self.max_samples, self.seed = cv, max_samples, seed

    def compute(self, reference, current, *, categorical=False):
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import roc_auc_score
        from sklearn.model_selection import StratifiedKFold, cross_val_predict
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        rng = np.random.default_rng(self.seed)
        x = _subsample(_2d(reference), rng, self.max_samples)
        y = _subsample(_2d(current), rng, self.max_samples)
        folds = min(self.cv, len(x), len(y))
        if folds < 2:
            return 0.5, None
        data = np.vstack([x, y])
        target = np.r_[np.zeros(len(x)), np.ones(len(y))]
        clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.seed)
        score = cross_val_predict(clf, data, target, cv=split, method="predict_proba")[:, 1]
        return float(roc_auc_score(target, score)), None


def _2d(a: np.ndarray) -> np.ndarray:
    return a.reshape(-1, 1) if a.ndim == 1 else a


def _subsample(a: np.ndarray, rng: np.random.Generator, k: int) -> np.ndarray:
    return a if len(a) <= k else a[np.sort(rng.choice(len(a), size=k, replace=False))]
