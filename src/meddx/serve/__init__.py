"""Serving stage: use a trained run on new notes.

* :func:`predict_texts` / :func:`predict_file`: offline prediction (``meddx predict``);
* :func:`create_app`: the FastAPI prediction service (``meddx serve``): ``POST /v1/predict``,
  ``GET /healthz``, ``GET /metrics``, bearer-key auth, body and batch limits;
* :class:`PredictionService`: the service's work without HTTP (de-identify, predict, abstain,
  log); :class:`InputGuard` decides when to abstain; :class:`PredictionStore` is the
  SQLAlchemy prediction log (no note text unless configured, and then de-identified only);
* :func:`quantize_model`: dynamic int8 quantisation of a fine-tuned encoder;
* top attributed words (``explain``/``top_tokens`` in requests) come from
  :func:`meddx.explain.top_tokens` (occlusion by default);
* the clinician review page (``/review``, with ``ServeSettings(review=True)``) writes
  :class:`FeedbackStore` rows (table ``feedback``) next to the prediction log.

FastAPI, uvicorn and SQLAlchemy are imported only when used (``pip install 'meddx[serve]'``).
"""

from meddx.serve._app import create_app
from meddx.serve._feedback import FEEDBACK_TABLE, FeedbackStore
from meddx.serve._guard import InputGuard
from meddx.serve._logging import uvicorn_log_config
from meddx.serve._metrics import ServeMetrics
from meddx.serve._predict import predict_deidentified, predict_file, predict_texts
from meddx.serve._quantize import quantize_model
from meddx.serve._service import PredictionService
from meddx.serve._settings import API_KEYS_ENV, SESSION_SECRET_ENV, ServeSettings, load_api_keys
from meddx.serve._store import PredictionStore, default_store_url

__all__ = [
    "API_KEYS_ENV",
    "FEEDBACK_TABLE",
    "SESSION_SECRET_ENV",
    "FeedbackStore",
    "InputGuard",
    "PredictionService",
    "PredictionStore",
    "ServeMetrics",
    "ServeSettings",
    "create_app",
    "default_store_url",
    "load_api_keys",
    "predict_deidentified",
    "predict_file",
    "predict_texts",
    "quantize_model",
    "uvicorn_log_config",
]
