"""``create_app``: the FastAPI app of ``meddx serve``, one router per concern.

* ``POST /v1/predict`` (``_routes_predict``), behind the API key;
* ``GET /healthz`` (open) and ``GET /metrics`` (``_routes_ops``);
* ``/review``: the clinician review page (``_routes_review``), with ``settings.review``;
* ``/docs`` (Swagger UI from local files under a CSP, see ``_docs``; off with
  ``settings.docs=False``) and ``/openapi.json``.

The app only parses requests and calls :class:`PredictionService`; errors become status codes
in ``_http``. FastAPI is imported here, inside the function, so ``import meddx.serve`` needs no
``[serve]`` extra.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path

from meddx.errors import ConfigError, require
from meddx.serve._settings import API_KEYS_ENV, ServeSettings

__all__ = ["create_app"]

log = logging.getLogger("meddx")

# Starlette's/FastAPI's OpenTelemetry hooks stay off: nothing leaves the process, and their
# error logs would carry exception messages.
_NO_TELEMETRY = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False,
                 "auto_configure": False}


@dataclass(frozen=True)
class _Auth:
    disabled: bool
    digests: list[bytes]


@dataclass
class _Review:
    store: object  # FeedbackStore
    signer: object  # SessionSigner
    env: object  # jinja2.Environment
    explanations: dict


@contextlib.asynccontextmanager
async def _lifespan(app):
    """On shutdown (uvicorn's SIGTERM/SIGINT handling), write the queued prediction-log rows."""
    yield
    app.state.service.close()


def create_app(run_dir: str | Path, *, settings: ServeSettings, service=None):
    """The FastAPI app serving the run in ``run_dir``.

    Refuses (ConfigError) to build an app without API keys unless
    ``settings.insecure_no_auth`` is set. The run is loaded and the prediction log opened
    (its table created) here, before the first request. ``service`` replaces the
    :class:`PredictionService` (for tests).
    """
    if not settings.api_keys and not settings.insecure_no_auth:
        raise ConfigError(f"no API keys: set {API_KEYS_ENV} (comma-separated) or pass "
                          "--api-keys-file; to serve without authentication pass "
                          "--insecure-no-auth")
    if settings.review and not settings.api_keys:
        raise ConfigError("review=True (--review) needs API keys: reviewers log in with one; set "
                          f"{API_KEYS_ENV} or pass --api-keys-file")
    fastapi = require("fastapi", "serve")
    from meddx import __version__
    from meddx.serve import _routes_ops, _routes_predict
    from meddx.serve._http import RequestMiddleware, install_error_handlers
    from meddx.serve._metrics import ServeMetrics
    from meddx.serve._ratelimit import FailureLimiter
    from meddx.serve._service import PredictionService

    if settings.insecure_no_auth:
        log.warning("serve: authentication is OFF (--insecure-no-auth); anyone who can reach "
                    "the port can use the model")
    service = service or PredictionService(run_dir, settings)
    app = fastapi.FastAPI(
        title="meddx prediction service",
        version=__version__,
        description="Diagnostic text classification of clinical notes. Notes are de-identified "
                    "before anything is logged or stored. Send `Authorization: Bearer KEY`.",
        telemetry=_NO_TELEMETRY,
        lifespan=_lifespan,
        docs_url=None,  # FastAPI's loads Swagger UI from a CDN: ours is in _docs
        redoc_url=None,
    )
    app.state.service = service
    app.state.metrics = ServeMetrics(service.model_version, log_stats=service.store.stats)
    app.state.limiter = FailureLimiter(max_failures=settings.auth_max_failures,
                                       window_s=settings.auth_failure_window_s)
    app.state.auth = _Auth(disabled=settings.insecure_no_auth and not settings.api_keys,
                           digests=settings.key_digests())
    routers = [_routes_predict.router, _routes_ops.router]
    if settings.review:
        require("jinja2", "serve")
        from meddx.serve import _routes_review
        from meddx.serve._feedback import FeedbackStore
        from meddx.serve._session import SessionSigner

        secret = settings.session_secret
        app.state.review = _Review(
            store=FeedbackStore(service.store),
            signer=SessionSigner(secret.get_secret_value().encode() if secret else None,
                                 hours=settings.session_hours),
            env=_routes_review._env(), explanations={})
        routers.append(_routes_review.router)
    for router in routers:
        app.include_router(router)
    if settings.docs:
        from meddx.serve._docs import DOCS_ASSETS, add_docs

        add_docs(app)
    install_error_handlers(app)
    known = {r.path for router in routers for r in router.routes} | {app.openapi_url}
    if settings.docs:
        known |= {"/docs", *(f"/docs/{name}" for name in DOCS_ASSETS)}
    app.add_middleware(RequestMiddleware, max_body_bytes=settings.max_body_bytes,
                       metrics=app.state.metrics, known_paths=frozenset(known))
    log.info("serve: %s ready (%d labels, auth %s, review page %s)", service.model_version,
             len(service.labels), "off" if app.state.auth.disabled else "on",
             "on" if settings.review else "off")
    return app
