"""``POST /v1/predict``: the router of the prediction concern."""

from fastapi import APIRouter, Depends, Request

from meddx.serve._auth import require_api_key
from meddx.serve._schemas import ErrorResponse, PredictRequest, PredictResponse

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["predict"], dependencies=[Depends(require_api_key)])

_ERRORS = {code: {"model": ErrorResponse} for code in (401, 413, 422, 429, 500, 503)}


@router.post("/predict", response_model=PredictResponse, responses=_ERRORS)
def predict(body: PredictRequest, request: Request) -> PredictResponse:
    """Label, calibrated probabilities and an abstain flag for each note, and with
    ``explain``/``top_tokens`` its top attributed words. The notes are de-identified before
    anything is logged or stored."""
    state = request.app.state
    rid = request.state.request_id
    results = state.service.predict(body.all_texts(), groups=body.groups, request_id=rid,
                                    top_tokens=body.n_top_tokens())
    state.metrics.observe_predictions(results)
    return PredictResponse(model_version=state.service.model_version, request_id=rid,
                           predictions=results)
