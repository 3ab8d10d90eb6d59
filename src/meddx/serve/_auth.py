"""Bearer-key authentication: ``Authorization: Bearer KEY``, compared in constant time, with
failed attempts counted per client (:class:`~meddx.serve._ratelimit.FailureLimiter`)."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

__all__ = ["bearer_key_digest", "client_key", "digest_is_known", "key_digest", "refuse_if_blocked",
           "require_api_key"]

_bearer = HTTPBearer(auto_error=False, description="An API key from MEDDX_API_KEYS or the key file.")


def key_digest(given: str) -> bytes:
    return hashlib.sha256(given.encode("utf-8", "surrogateescape")).digest()


def digest_is_known(candidate: bytes, digests: list[bytes]) -> bool:
    ok = False
    for digest in digests:  # every key is compared, so the time does not tell which one matched
        ok |= hmac.compare_digest(candidate, digest)
    return ok


def _valid(given: str, digests: list[bytes]) -> bool:
    return digest_is_known(key_digest(given), digests)


def client_key(request: Request) -> str:
    """The rate limiter's key of the client's address."""
    return f"client:{request.client.host if request.client else 'unknown'}"


def refuse_if_blocked(request: Request, *keys: str) -> None:
    """429 with ``Retry-After`` while any of ``keys`` has too many recent failures."""
    wait = request.app.state.limiter.retry_after(*keys)
    if wait is not None:
        raise HTTPException(429, f"too many failed attempts; try again in {wait} s",
                            headers={"Retry-After": str(wait)})


def require_api_key(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
) -> None:
    """A dependency: 401 with ``WWW-Authenticate: Bearer`` unless the key is one of the
    service's (or the service runs with ``insecure_no_auth``); 429 with ``Retry-After`` for a
    client with too many recent failures (``auth_max_failures``), whatever key it sends."""
    auth = request.app.state.auth
    if auth.disabled:
        return
    client = client_key(request)
    refuse_if_blocked(request, client)
    if credentials is None or not _valid(credentials.credentials, auth.digests):
        request.app.state.limiter.failure(client)
        raise HTTPException(401, "missing or invalid API key", headers={"WWW-Authenticate": "Bearer"})


def bearer_key_digest(request: Request, digests: list[bytes]) -> bytes | None:
    """The SHA-256 of the request's bearer key when it is one of the service's, else None."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    digest = key_digest(given.strip())
    if scheme.lower() != "bearer" or not given.strip() or not digest_is_known(digest, digests):
        return None
    return digest
