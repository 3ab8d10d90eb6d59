"""Bearer-key authentication: ``Authorization: Bearer KEY``, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

__all__ = ["bearer_key_digest", "require_api_key"]

_bearer = HTTPBearer(auto_error=False, description="An API key from MEDDX_API_KEYS or the key file.")


def _valid(given: str, digests: list[bytes]) -> bool:
    candidate = hashlib.sha256(given.encode("utf-8", "surrogateescape")).digest()
    ok = False
    for digest in digests:  # every key is compared, so the time does not tell which one matched
        ok |= hmac.compare_digest(candidate, digest)
    return ok


def require_api_key(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
) -> None:
    """A dependency: 401 with ``WWW-Authenticate: Bearer`` unless the key is one of the
    service's (or the service runs with ``insecure_no_auth``)."""
    auth = request.app.state.auth
    if auth.disabled:
        return
    if credentials is None or not _valid(credentials.credentials, auth.digests):
        raise HTTPException(401, "missing or invalid API key", headers={"WWW-Authenticate": "Bearer"})


def bearer_key_digest(request: Request, digests: list[bytes]) -> bytes | None:
    """The SHA-256 of the request's bearer key when it is one of the service's, else None."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip() or not _valid(given.strip(), digests):
        return None
    return hashlib.sha256(given.strip().encode("utf-8", "surrogateescape")).digest()
