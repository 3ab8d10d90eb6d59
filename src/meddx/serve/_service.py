"""The prediction service's work, without HTTP: load a run once, then per request
de-identify, predict with calibration, decide whether to abstain, and log.

The web app (``create_app``) only parses requests and calls :meth:`PredictionService.predict`.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from meddx.errors import ConfigError, LimitError, ModelError
from meddx.registry import model_version
from meddx.serve._guard import InputGuard
from meddx.serve._settings import ServeSettings
from meddx.serve._store import PredictionStore, default_store_url

__all__ = ["PredictionService"]

log = logging.getLogger("meddx")


class PredictionService:
    """A loaded run, its input guard and its prediction log."""

    def __init__(self, run_dir: str | Path, settings: ServeSettings, *,
                 store: PredictionStore | None = None) -> None:
        from meddx.runs import load_run

        self.settings = settings
        self.run = load_run(run_dir, with_baseline=True)
        self.model_version = model_version(self.run.path)
        if settings.quantize == "int8":
            from meddx.serve._quantize import quantize_model

            self.run.model = quantize_model(self.run.model)
            self.model_version += "-int8"
        if settings.explain_method != "occlusion":  # fail at startup, not on the first request
            try:
                self.explain(["explanation check"], k=1)
            except ModelError as exc:
                raise ConfigError(f"explain_method '{settings.explain_method}' cannot explain this "
                                  f"run's model: {exc}; use explain_method 'occlusion'") from None
        self.guard = InputGuard.from_run(self.run, settings)
        self.store = store or PredictionStore(settings.store_url or default_store_url(self.run.path),
                                              store_text=settings.store_text,
                                              commit=settings.log_commit)

    @property
    def labels(self) -> list[str]:
        return list(self.run.model.labels)

    def explain(self, texts: list[str], *, k: int = 10) -> list[list[dict[str, Any]]]:
        """Top ``k`` attributed words of each de-identified text for its predicted class, from
        :func:`meddx.explain.top_tokens` (``explain_method``: occlusion by default); only words
        whose score is positive (that support the prediction)."""
        from meddx.explain import top_tokens

        method = self.settings.explain_method
        params = {"max_evals": self.settings.explain_max_evals} if method == "occlusion" else {}
        out = top_tokens(self.run.model, texts, k, method, **params)
        return [[{"token": word, "score": round(score, 6), "start": start, "end": end}
                 for word, score, start, end in note if score > 0] for note in out]

    def predict(self, texts: list[str], *, groups: dict[str, str] | None = None,
                request_id: str | None = None, top_tokens: int | None = None) -> list[dict[str, Any]]:
        """Per note: ``label``, calibrated ``probabilities``, ``abstain``, ``reasons`` and
        ``model_version`` (and ``top_tokens`` when asked for that many). The notes are
        de-identified first; only the de-identified text's hash and summary features are logged
        (the de-identified text too with ``store_text``)."""
        from meddx.serve._predict import predict_deidentified

        if len(texts) > self.settings.max_batch:
            raise LimitError(f"a request may hold at most {self.settings.max_batch} texts "
                             f"(max_batch); got {len(texts)}")
        clean = self.run.deidentify(texts)
        with _lean_sklearn():
            scored = predict_deidentified(self.run, clean)
        explained = [None] * len(clean)
        if top_tokens:  # offsets into the text as sent, not into the de-identified one
            from meddx.serve._offsets import to_client_offsets

            explained = [to_client_offsets(raw, text, tokens) for raw, text, tokens in
                         zip(texts, clean, self.explain(clean, k=top_tokens), strict=True)]
        results, records = [], []
        for text, item, tokens in zip(clean, scored, explained, strict=True):
            features = self.guard.features(text)
            proba = [item["probabilities"][lab] for lab in self.labels]
            reasons = self.guard.reasons(features, proba)
            result = {"label": item["label"], "probabilities": item["probabilities"],
                      "abstain": bool(reasons), "reasons": reasons,
                      "model_version": self.model_version}
            if tokens is not None:
                result["top_tokens"] = tokens
            results.append(result)
            records.append({**result, "text": text, "features": features, "groups": groups})
        self.store.log(records, request_id=request_id or uuid.uuid4().hex,
                       model_version=self.model_version)
        return results

    def close(self) -> None:
        """Write the queued prediction-log rows and release the store. Idempotent."""
        self.store.close()


def _lean_sklearn():
    """scikit-learn's per-call checks off for this thread while a model predicts: its input
    validation (the TF-IDF matrix it gets is finite by construction) and the parameter
    validation of its internal calls cost about a tenth of a TF-IDF prediction."""
    import sklearn

    return sklearn.config_context(assume_finite=True, skip_parameter_validation=True)
