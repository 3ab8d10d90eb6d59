"""Settings of the prediction service (``meddx serve``) and where its API keys come from."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from meddx.errors import ConfigError

__all__ = ["API_KEYS_ENV", "SESSION_SECRET_ENV", "ServeSettings", "load_api_keys"]

API_KEYS_ENV = "MEDDX_API_KEYS"
SESSION_SECRET_ENV = "MEDDX_SESSION_SECRET"


class ServeSettings(BaseModel):
    """Everything the service needs besides the run directory. The defaults are safe: auth on,
    1 MiB bodies, 64 notes per request, no text stored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    api_keys: tuple[SecretStr, ...] = Field(
        (), description="Accepted bearer keys (see load_api_keys). With none the service refuses "
        "to start unless insecure_no_auth is set.")
    insecure_no_auth: bool = Field(
        False, description="Serve without authentication (local experiments only; logs a warning).")
    auth_max_failures: int = Field(
        10, ge=0, description="Failed API keys from one client address, or failed review-page "
        "logins from one address or for one reviewer name, within auth_failure_window_s; "
        "further attempts get 429 with Retry-After until the oldest failure leaves the window "
        "(0 turns the limit off).")
    auth_failure_window_s: float = Field(
        300.0, gt=0, le=86_400, description="Sliding window, in seconds, in which failed "
        "attempts count towards auth_max_failures.")
    max_body_bytes: int = Field(
        1_048_576, gt=0, description="Largest request body in bytes; a larger one gets 413.")
    max_batch: int = Field(64, gt=0, description="Most notes in one request; more gets 413.")
    min_confidence: float = Field(
        0.6, ge=0, le=1, description="Abstain when the calibrated top probability is below this "
        "(multilabel: when some class is closer to 0.5 than this allows).")
    min_known_tokens: int = Field(
        1, ge=0, description="Abstain when fewer of the note's words than this are in the TF-IDF "
        "vocabulary of the run (0 turns the check off).")
    max_length_factor: float | None = Field(
        4.0, gt=0, description="Abstain when a note has more than this many times the characters "
        "of the longest training note (None turns the check off).")
    store_url: str | None = Field(
        None, description="SQLAlchemy URL of the prediction log; default "
        "sqlite:///RUN/predictions.db.")
    log_commit: Literal["batched", "per_request"] = Field(
        "batched", description="How prediction-log rows are committed: 'batched' (a background "
        "thread writes the rows of many requests in one transaction; shutdown writes all queued "
        "rows, only a hard kill can lose the last moments' rows) or 'per_request' (each request "
        "commits its rows before it is answered; slower).")
    store_text: bool = Field(
        False, description="Also store the de-identified note text in the prediction log "
        "(the raw text is never stored).")
    explain_method: Literal["occlusion", "ig"] = Field(
        "occlusion", description="How top attributed tokens are found (request flag 'explain' or "
        "'top_tokens'; meddx.explain.top_tokens): 'occlusion' (any model) or 'ig' (Integrated "
        "Gradients, fine-tuned encoders, needs meddx[explain]).")
    explain_max_evals: int = Field(
        64, gt=0, le=512, description="Occlusion: most deletions per note, each one more "
        "prediction; with more words than this, adjacent words are deleted in groups.")
    docs: bool = Field(
        True, description="Serve the API docs at /docs: Swagger UI from local files (the "
        "swagger-ui-py package), under a Content-Security-Policy; nothing is loaded from a CDN. "
        "False turns /docs off (/openapi.json stays).")
    review: bool = Field(
        False, description="Serve the clinician review page at /review. It shows the de-identified "
        "text of logged predictions, so it needs store_text.")
    review_queue: int = Field(50, gt=0, le=500, description="Most predictions on the review page.")
    session_secret: SecretStr | None = Field(
        None, description="Key that signs review-page session cookies and CSRF tokens (at least 32 "
        "characters); default: a random one per process, so sessions end on restart.")
    session_hours: float = Field(8.0, gt=0, le=168, description="Lifetime of a review-page session.")
    quantize: Literal["none", "int8"] = Field(
        "none", description="'int8': dynamic int8 quantisation of the Linear layers of a "
        "fine-tuned encoder, for CPU throughput.")

    @model_validator(mode="after")
    def _review_needs_text(self) -> ServeSettings:
        if self.review and not self.store_text:
            raise ValueError("review=True needs store_text=True (--store-text): the review page "
                             "shows the de-identified note text, which is stored only then")
        if self.session_secret is not None and len(self.session_secret.get_secret_value()) < 32:
            raise ValueError("session_secret must have at least 32 characters")
        return self

    @classmethod
    def build(cls, **values: Any) -> ServeSettings:
        """Validate ``values`` (None means: keep the default); a bad value is a ConfigError that
        names the field, the constraint and the value."""
        values = {k: v for k, v in values.items() if v is not None}
        try:
            return cls(**values)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "(settings)"
            if err["type"] == "value_error":  # a check across fields: its message says it all
                raise ConfigError(f"serve settings: {err['msg'].removeprefix('Value error, ')}") from None
            secret = field.startswith(("api_keys", "session_secret"))
            shown = "(hidden)" if secret else repr(err.get("input"))
            raise ConfigError(f"serve setting '{field}': {err['msg']}; got {shown}") from None

    def key_digests(self) -> list[bytes]:
        """SHA-256 of each key, for constant-time comparison of equal-length values."""
        import hashlib

        return [hashlib.sha256(k.get_secret_value().encode()).digest() for k in self.api_keys]


def load_api_keys(*, env_value: str | None = None, file: str | Path | None = None) -> tuple[SecretStr, ...]:
    """API keys from the value of ``MEDDX_API_KEYS`` (comma-separated) and/or a key file (one key a
    line; blank lines and lines starting with ``#`` are skipped). Duplicates are dropped."""
    keys: list[str] = [k.strip() for k in (env_value or "").split(",")]
    if file is not None:
        path = Path(file)
        if not path.is_file():
            raise ConfigError(f"--api-keys-file: '{path}' not found")
        from_file = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.strip().startswith("#")]
        if not any(from_file) and not any(keys):
            raise ConfigError(f"--api-keys-file: '{path}' holds no key (blank lines and lines "
                              f"starting with # are skipped) and {API_KEYS_ENV} is not set")
        keys += from_file
    for k in keys:
        if k and any(c.isspace() for c in k):
            raise ConfigError("an API key contains whitespace; give one key per line or separate "
                              f"keys with commas in {API_KEYS_ENV}")
    return tuple(SecretStr(k) for k in dict.fromkeys(k for k in keys if k))
