"""Review-page sessions: a cookie signed with the server's secret (HMAC-SHA256), and CSRF tokens
bound to the session.

The cookie holds ``EXPIRES.REVIEWER.KEYTAG.NONCE.SIGNATURE`` (reviewer base64url-encoded;
KEYTAG: the first 16 hex digits of the SHA-256 of the API key used at login, so removing a
key from the service ends its sessions). It is set ``HttpOnly; SameSite=Strict; Path=/review``
(``Secure`` over https). The CSRF token is ``HMAC(secret, "csrf:" + NONCE)``: a form posted from
another origin cannot know it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

__all__ = ["COOKIE", "Session", "SessionSigner"]

COOKIE = "meddx_review"


@dataclass(frozen=True)
class Session:
    reviewer: str
    nonce: str


class SessionSigner:
    def __init__(self, secret: bytes | None, *, hours: float) -> None:
        self._secret = secret or secrets.token_bytes(32)
        self.max_age = int(hours * 3600)

    def _sign(self, payload: str) -> str:
        return hmac.new(self._secret, payload.encode(), hashlib.sha256).hexdigest()

    def issue(self, reviewer: str, key_digest: bytes) -> str:
        name = base64.urlsafe_b64encode(reviewer.encode()).decode().rstrip("=")
        payload = f"{int(time.time()) + self.max_age}.{name}.{key_digest.hex()[:16]}.{secrets.token_hex(16)}"
        return f"{payload}.{self._sign(payload)}"

    def read(self, cookie: str | None, key_digests: list[bytes]) -> Session | None:
        """The session in a cookie, or None when it is absent, forged, expired or its key is gone."""
        if not cookie or cookie.count(".") != 4:
            return None
        payload, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(self._sign(payload), signature):
            return None
        expires, name, tag, nonce = payload.split(".")
        if not expires.isdigit() or int(expires) < time.time():
            return None
        if not any(hmac.compare_digest(d.hex()[:16], tag) for d in key_digests):
            return None
        reviewer = base64.urlsafe_b64decode(name + "=" * (-len(name) % 4)).decode()
        return Session(reviewer=reviewer, nonce=nonce)

    def csrf(self, session: Session) -> str:
        return self._sign("csrf:" + session.nonce)

    def csrf_ok(self, session: Session, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf(session), token)
