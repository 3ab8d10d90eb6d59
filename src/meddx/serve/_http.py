"""HTTP plumbing of the service: the one place where errors become status codes, the handlers
that keep note text out of error bodies, and the middleware for request ids, the body-size
limit, metrics and the bare 500.

Every error body is ``{"error": MESSAGE, "request_id": ID}`` (422 adds ``detail``: location,
message and type of each validation error, never the value sent, and names the API does not
define only by position). A 5xx says nothing internal. An oversize body is read and discarded
(up to :data:`DRAIN_MAX_BYTES`) before its 413, which closes the connection.
"""

from __future__ import annotations

import logging
import time
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from meddx.errors import (
    ConfigError,
    DataError,
    LimitError,
    MeddxError,
    MissingExtraError,
    ModelError,
    RunError,
)

__all__ = ["STATUS_BY_ERROR", "RequestMiddleware", "install_error_handlers", "status_for"]

log = logging.getLogger("meddx")

# MeddxError subclass -> HTTP status, first match wins. The only such table of the service.
STATUS_BY_ERROR: tuple[tuple[type[MeddxError], int], ...] = (
    (LimitError, 413),
    (DataError, 422),
    (MissingExtraError, 500),
    (ConfigError, 400),
    (ModelError, 503),
    (RunError, 503),
    (MeddxError, 500),
)
_HIDDEN = {500: "internal error", 503: "model unavailable"}


def status_for(exc: MeddxError) -> int:
    return next(code for cls, code in STATUS_BY_ERROR if isinstance(exc, cls))


def _request_id(request: Request) -> str | None:
    return request.scope.get("state", {}).get("request_id")


def error_response(status: int, message: str, request_id: str | None, *, headers=None,
                   detail: list[dict] | None = None) -> JSONResponse:
    body: dict = {"error": message, "request_id": request_id}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, headers=headers)


#: Names a 422 ``loc`` may show as sent: where the value was, and the request models' fields.
_WHERE = frozenset({"body", "query", "path", "header", "cookie"})
#: Most bytes of an oversize body read and discarded before the 413, so that clients that send
#: the whole body before reading the answer (urllib, requests) see the 413, not a reset.
DRAIN_MAX_BYTES = 64 * 1024 * 1024


def _safe_loc(loc, body, known: frozenset[str], *, extra: bool) -> list:
    """``loc`` with every name that is not a known field replaced by its position among its
    object's keys (``"field #2"``; ``"unknown field #2"`` for a key the model does not accept):
    an unknown key or a group name may hold anything a client put there (a patient's name)."""
    out, node = [], body
    for i, part in enumerate(loc):
        if i == 0 and part in _WHERE:
            out.append(part)
            continue
        if isinstance(part, int) or part in known:
            out.append(part)
        else:
            keys = list(node) if isinstance(node, dict) else []
            name = "unknown field" if extra and i == len(loc) - 1 else "field"
            out.append(f"{name} #{keys.index(part) + 1}" if part in keys else name)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return out


def _known_fields(app: FastAPI) -> frozenset[str]:
    """The field and parameter names of ``app``'s OpenAPI schema (those may be echoed)."""
    spec = app.openapi()
    names = {prop for schema in spec.get("components", {}).get("schemas", {}).values()
             for prop in schema.get("properties", {})}
    names.add("[key]")  # pydantic's marker of a dict key
    names |= {param["name"] for path in spec.get("paths", {}).values()
              for op in path.values() if isinstance(op, dict)
              for param in op.get("parameters", [])}
    return frozenset(names)


def install_error_handlers(app: FastAPI) -> None:
    known: list[frozenset[str]] = []

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's default puts each error's "input" (the note itself) into the body, and the
        # name of an unknown field into its "loc": drop the one, replace the other.
        if not known:
            known.append(_known_fields(app))
        body = getattr(exc, "body", None)
        detail = []
        for e in exc.errors():
            where = _safe_loc(list(e.get("loc", ())), body, known[0],
                              extra=e.get("type") == "extra_forbidden")
            detail.append({"loc": where, "msg": e.get("msg", ""), "type": e.get("type", "")})
        return error_response(422, "invalid request", _request_id(request), detail=detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        return error_response(exc.status_code, message, _request_id(request),
                              headers=getattr(exc, "headers", None))

    @app.exception_handler(MeddxError)
    async def _meddx(request: Request, exc: MeddxError) -> JSONResponse:
        status = status_for(exc)
        rid = _request_id(request)
        if status >= 500:
            log.error("request %s: %s -> %d", rid, type(exc).__name__, status)
            return error_response(status, _HIDDEN.get(status, "internal error"), rid)
        return error_response(status, str(exc), rid)  # meddx messages never hold note text


class RequestMiddleware:
    """Pure ASGI middleware, just inside Starlette's outermost one: gives each request an id
    (``X-Request-ID``), refuses bodies over ``max_body_bytes`` with 413 before the app reads
    them (the rest of the body, up to :data:`DRAIN_MAX_BYTES`, is read and discarded first so
    that every client sees the 413; the connection closes after it), turns any unexpected
    exception into a bare 500, and counts every response."""

    def __init__(self, app, *, max_body_bytes: int, metrics, known_paths: frozenset[str]) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.metrics = metrics
        self.known_paths = known_paths

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        start = time.perf_counter()
        status = {"code": 500, "started": False}

        async def send_wrapper(message) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["started"] = message["status"], True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            replay = await self._read_body(scope, receive, send_wrapper, rid)
            if replay is not None:
                await self.app(scope, replay, send_wrapper)
            elif not status["started"]:
                status["code"] = 499  # the client closed the connection before sending its body
        except Exception as exc:  # the last line of defence: log the type only, answer bare
            log.error("request %s: unexpected %s", rid, type(exc).__name__)
            if not status["started"]:
                await error_response(500, "internal error", rid)(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or (
                scope["path"] if scope["path"] in self.known_paths else "unmatched")
            self.metrics.observe_request(scope["method"], path, status["code"],
                                         time.perf_counter() - start)

    async def _read_body(self, scope, receive, send, rid):
        """Read the whole body (at most the limit) and return a ``receive`` that replays it, or
        answer 400/413 and return None."""
        limit = self.max_body_bytes
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await error_response(400, "invalid Content-Length", rid)(scope, receive, send)
                return None
            if size > limit:
                # a client that waits for "100 Continue" has not sent the body: answer at once
                if headers.get(b"expect", b"").lower() != b"100-continue":
                    await _drain(receive, 0)
                await self._too_large(scope, receive, send, rid)
                return None
        chunks, total, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return None
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > limit:
                if message.get("more_body", False):
                    await _drain(receive, total)
                await self._too_large(scope, receive, send, rid)
                return None
            chunks.append(chunk)
            more = message.get("more_body", False)
        body, sent = b"".join(chunks), False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay

    async def _too_large(self, scope, receive, send, rid) -> None:
        """413, and the connection closed after it (the body may not have been read whole)."""
        await error_response(413, f"request body is over the limit of {self.max_body_bytes} bytes "
                             "(max_body_bytes)", rid, headers={"Connection": "close"})(
            scope, receive, send)


async def _drain(receive, total: int) -> None:
    """Read and discard the rest of a body, up to :data:`DRAIN_MAX_BYTES` in all."""
    while total <= DRAIN_MAX_BYTES:
        message = await receive()
        if message["type"] != "http.request":
            return
        total += len(message.get("body", b""))
        if not message.get("more_body", False):
            return
