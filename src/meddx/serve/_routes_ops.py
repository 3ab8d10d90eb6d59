"""``GET /healthz`` (open) and ``GET /metrics`` (Prometheus text, behind the API key)."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse

from meddx.serve._auth import require_api_key
from meddx.serve._metrics import CONTENT_TYPE
from meddx.serve._schemas import HealthResponse

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=HealthResponse)
def healthz(request: Request) -> HealthResponse:
    """Liveness: the model is loaded. Needs no key."""
    return HealthResponse(status="ok", model_version=request.app.state.service.model_version)


@router.get("/metrics", response_class=PlainTextResponse, dependencies=[Depends(require_api_key)])
def metrics(request: Request) -> PlainTextResponse:
    """Request counts by status, latency histogram, predictions by label and abstentions, in
    the Prometheus text format."""
    return PlainTextResponse(request.app.state.metrics.render(), media_type=CONTENT_TYPE)
