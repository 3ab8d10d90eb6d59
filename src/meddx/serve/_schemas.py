"""Request and response bodies of the prediction API (pydantic v2; they make the OpenAPI docs)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = ["ErrorResponse", "HealthResponse", "PredictRequest", "PredictResponse", "Prediction",
           "TokenAttribution"]


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("text is blank")
    return text


NoteText = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]
GroupName = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
GroupValue = Annotated[str, StringConstraints(max_length=64)]


class PredictRequest(BaseModel):
    """One note (``text``) or several (``texts``): exactly one of the two."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"texts": ["Chest pain radiating to the left arm, troponin elevated."],
         "groups": {"sex": "F"}},
        {"text": "New onset seizure at home, MRI shows a lesion."},
    ]})

    text: NoteText | None = Field(None, description="One note.")
    texts: list[NoteText] | None = Field(
        None, min_length=1, description="Several notes (at most the service's max_batch).")
    explain: bool = Field(False, description="Also return the top attributed tokens of each note "
                          "(10 unless top_tokens says how many).")
    top_tokens: int | None = Field(None, ge=1, le=50, description="Return this many top attributed "
                                   "tokens per note (implies explain).")
    groups: dict[GroupName, GroupValue] | None = Field(
        None, max_length=16, description="Group attributes stored with the predictions for "
        "subgroup monitoring, e.g. {\"sex\": \"F\"}. Never put identifiers here.")

    @model_validator(mode="after")
    def _exactly_one(self) -> PredictRequest:
        if (self.text is None) == (self.texts is None):
            raise ValueError("give exactly one of 'text' or 'texts'")
        return self

    def all_texts(self) -> list[str]:
        return [self.text] if self.text is not None else list(self.texts or [])

    def n_top_tokens(self) -> int | None:
        return self.top_tokens or (10 if self.explain else None)


class TokenAttribution(BaseModel):
    token: str = Field(description="A word of the note (words that de-identification put in, "
                       "such as placeholders, are never returned).")
    score: float = Field(description="Occlusion: drop of the predicted class's probability (the "
                         "model's, before calibration) when the word is deleted (adjacent words "
                         "deleted together share their drop). IG: the word's attribution.")
    start: int = Field(description="Offset of the word in the note as sent (in characters, "
                       "code points): text[start:end] is the word.")
    end: int = Field(description="End offset (exclusive).")


class Prediction(BaseModel):
    label: str | list[str] = Field(description="Predicted label (multilabel: the labels over the "
                                   "run's threshold). Given even when abstaining.")
    probabilities: dict[str, float] = Field(description="Calibrated probability per label.")
    abstain: bool = Field(description="True when the prediction should not be relied on.")
    reasons: list[str] = Field(description="Why it abstains: low_confidence, no_known_tokens, "
                               "too_long (empty when it doesn't).")
    model_version: str = Field(description="'model-' and a short hash of the model files' "
                               "content (the same weights give the same version wherever they "
                               "are served from).")
    top_tokens: list[TokenAttribution] | None = Field(
        None, description="With explain/top_tokens: the words that most support the predicted "
        "class, best first (only those whose deletion lowers its probability).")


class PredictResponse(BaseModel):
    model_version: str
    request_id: str
    predictions: list[Prediction] = Field(description="One per note, in the request's order.")


class HealthResponse(BaseModel):
    status: str
    model_version: str


class ErrorResponse(BaseModel):
    error: str
    request_id: str | None = None
    detail: list[dict] | None = Field(None, description="Validation errors: location, message and "
                                      "type of each; the values sent are never echoed.")
