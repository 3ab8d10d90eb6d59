"""TF-IDF + logistic regression: the baseline trained beside every model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from meddx.models._base import Classifier, register_classifier
from meddx.text import PrepConfig, normalize_all

__all__ = ["TfidfBaseline"]

C_GRID = (1.0, 3.0, 10.0, 30.0)


@register_classifier
class TfidfBaseline(Classifier):
    """Word 1-2-gram TF-IDF (sublinear) with an L2 logistic regression.

    ``C`` is chosen on the validation split when one is given, never on test.
    """

    kind = "tfidf_logreg"

    def __init__(self, *, labels: list[str], task: str, prep: PrepConfig, pipeline=None,
                 C: float | None = None) -> None:
        super().__init__(labels=labels, task=task, prep=prep)
        self.pipeline = pipeline
        self.C = C

    @staticmethod
    def _vectorizer():
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2,
                               max_features=200_000)

    @staticmethod
    def _classifier(C: float, multilabel: bool, seed: int):
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        clf = LogisticRegression(C=C, max_iter=3000, random_state=seed)
        return OneVsRestClassifier(clf) if multilabel else clf

    @classmethod
    def _make(cls, C: float, multilabel: bool, seed: int):
        """The whole pipeline for one C (benchmarks refit it on folds)."""
        from sklearn.pipeline import make_pipeline

        return make_pipeline(cls._vectorizer(), cls._classifier(C, multilabel, seed))

    @classmethod
    def fit(cls, train: tuple[list[str], np.ndarray], validation: tuple[list[str], np.ndarray],
            *, labels: list[str], task: str, prep: PrepConfig, seed: int = 0) -> TfidfBaseline:
        from sklearn.metrics import f1_score
        from sklearn.pipeline import make_pipeline

        multilabel = task == "multilabel"
        x_train = normalize_all(train[0], prep)
        x_val = normalize_all(validation[0], prep)
        _check_vocabulary(x_train)
        # The vectorizer depends on the training notes only, so it is fitted once and each C
        # refits only the classifier; the winner is kept, not refitted (the same fit).
        vec = cls._vectorizer()
        features = vec.fit_transform(x_train)
        best_c, best, best_clf = C_GRID[1], -1.0, None
        if len(x_val):
            val_features = vec.transform(x_val)
            for C in C_GRID:
                clf = cls._classifier(C, multilabel, seed).fit(features, train[1])
                score = f1_score(validation[1], clf.predict(val_features), average="macro",
                                 zero_division=0)
                if score > best:
                    best_c, best, best_clf = C, score, clf
        if best_clf is None:
            best_clf = cls._classifier(best_c, multilabel, seed).fit(features, train[1])
        pipe = make_pipeline(vec, best_clf)
        return cls(labels=labels, task=task, prep=prep, pipeline=pipe, C=best_c)

    def predict_proba(self, texts: list[str], *, quiet: bool = True) -> np.ndarray:
        proba = self.pipeline.predict_proba(normalize_all(texts, self.prep))
        if self.task == "multilabel":
            return proba
        full = np.zeros((len(texts), len(self.labels)))
        full[:, self.pipeline.classes_.astype(int)] = proba
        return full

    def _save_weights(self, folder: Path) -> dict[str, Any]:
        import joblib

        joblib.dump(self.pipeline, folder / "baseline.joblib")
        return {"C": self.C}

    @classmethod
    def _load(cls, folder: Path, manifest: dict[str, Any]) -> TfidfBaseline:
        import joblib

        return cls(labels=manifest["labels"], task=manifest["task"],
                   prep=PrepConfig(**manifest["prep"]),
                   pipeline=joblib.load(folder / "baseline.joblib"), C=manifest.get("C"))


def _check_vocabulary(texts: list[str]) -> None:
    """The vectorizer keeps words found in 2+ training notes; with none it would fail deep in
    scikit-learn. Say so in one line instead (no note text)."""
    import re
    from collections import Counter

    seen: Counter[str] = Counter()
    for text in texts:
        seen.update(set(re.findall(r"(?u)\b\w\w+\b", text.lower())))
    if not any(count >= 2 for count in seen.values()):
        from meddx.errors import DataError

        raise DataError("no word occurs in 2 or more training notes, so the TF-IDF baseline "
                        "has nothing to learn from; is data.text_column the notes? (or set "
                        "baseline: false)")
