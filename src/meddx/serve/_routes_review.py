"""The clinician review page (``/review``): the router of the review concern.

* ``GET /review/login``, ``POST /review/login`` (form: reviewer name, API key) sets the signed
  session cookie; ``POST /review/logout`` ends it;
* ``GET /review``: the queue of recent predictions with their de-identified text (unauthenticated
  browsers are sent to the login page);
* ``GET /review/explain/{id}``: the top attributed content words of one prediction, with
  their offsets in the stored text (JSON, for the highlight; see ``_highlight``);
* ``POST /review/feedback`` (form: csrf, prediction_id, action agree|label|comment, label,
  comment): one row in the ``feedback`` table.

Every route also takes ``Authorization: Bearer KEY`` instead of the cookie (no CSRF token is
needed then: a browser never adds that header by itself). Form bodies are URL-encoded and parsed
here, so no multipart library is needed. Neither note text nor comments are ever logged;
comments are de-identified with the run's ``deid`` settings before they are stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from meddx.serve._auth import bearer_key_digest, client_key, digest_is_known, key_digest, refuse_if_blocked
from meddx.serve._session import COOKIE, Session

__all__ = ["router"]

log = logging.getLogger("meddx")

router = APIRouter(prefix="/review", tags=["review"], include_in_schema=False)

ACTIONS = ("agree", "label", "comment")
MAX_COMMENT = 2000
MAX_NAME = 100
_TEMPLATES = Path(__file__).parent / "templates"


def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True)


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    env = request.app.state.review.env
    html = env.get_template(template).render(nonce=nonce, **context)
    return HTMLResponse(html, status_code=status, headers=_headers(nonce))


def _headers(nonce: str | None = None) -> dict[str, str]:
    inline = f"'nonce-{nonce}'" if nonce else "'none'"
    return {
        "Content-Security-Policy": f"default-src 'none'; script-src {inline}; style-src {inline}; "
                                   "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                                   "base-uri 'none'",
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
    }


class _Who:
    """Who is asking: a reviewer with a session (cookie), or a bearer key (no CSRF needed)."""

    def __init__(self, reviewer: str, session: Session | None) -> None:
        self.reviewer = reviewer
        self.session = session


def _who(request: Request) -> _Who | None:
    auth = request.app.state.auth
    digest = bearer_key_digest(request, auth.digests)
    if digest is not None:
        return _Who(f"key:{hashlib.sha256(digest).hexdigest()[:8]}", None)
    session = request.app.state.review.signer.read(request.cookies.get(COOKIE), auth.digests)
    return _Who(session.reviewer, session) if session else None


def _require(request: Request) -> _Who:
    client = client_key(request)
    refuse_if_blocked(request, client)
    who = _who(request)
    if who is None:
        if request.headers.get("authorization"):  # a wrong bearer key counts as a failed attempt
            request.app.state.limiter.failure(client)
        raise HTTPException(401, "log in at /review/login or send a valid API key",
                            headers={"WWW-Authenticate": "Bearer"})
    return who


async def _form(request: Request, fields: tuple[str, ...]) -> dict[str, str]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise HTTPException(415, "send the form as application/x-www-form-urlencoded; got "
                            f"{kind or 'no Content-Type'}")
    try:
        parsed = parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True,
                          max_num_fields=20, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(422, "the form is not valid URL-encoded UTF-8") from None
    for position, (name, values) in enumerate(parsed.items(), start=1):
        if name not in fields:  # the name itself is never echoed: it may hold anything
            raise HTTPException(422, f"unknown form field (field {position} of the form); fields "
                                f"are: {', '.join(fields)}")
        if len(values) > 1:
            raise HTTPException(422, f"form field '{name}' is given {len(values)} times")
    return {name: parsed[name][0] if name in parsed else "" for name in fields}


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    if _who(request) is not None:
        return RedirectResponse("/review", status_code=303)
    return _page(request, "login.html", error=None, reviewer="")


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await _form(request, ("reviewer", "api_key"))
    reviewer = " ".join(form["reviewer"].split())
    error = None
    if not reviewer or len(reviewer) > MAX_NAME or not reviewer.isprintable():
        error = f"Give your name (1 to {MAX_NAME} printable characters)."
    limiter = request.app.state.limiter
    keys = (client_key(request), f"reviewer:{reviewer.casefold()[:MAX_NAME]}")
    wait = limiter.retry_after(*keys)
    if wait is not None:  # checked before the key, so a guesser learns nothing more
        log.warning("review: login refused after too many failed attempts")
        page = _page(request, "login.html", status=429, reviewer=reviewer[:MAX_NAME],
                     error=f"Too many failed logins. Try again in {wait} seconds.")
        page.headers["Retry-After"] = str(wait)
        return page
    digests = request.app.state.auth.digests
    digest = key_digest(form["api_key"])
    if error is None and not digest_is_known(digest, digests):
        error = "Wrong API key."
        limiter.failure(*keys)
    if error is not None:
        return _page(request, "login.html", status=401, error=error, reviewer=reviewer[:MAX_NAME])
    limiter.success(*keys)
    cookie = request.app.state.review.signer.issue(reviewer, digest)
    response = RedirectResponse("/review", status_code=303)
    response.set_cookie(COOKIE, cookie, max_age=request.app.state.review.signer.max_age, path="/review",
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    log.info("review: a reviewer logged in")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    who = _require(request)
    form = await _form(request, ("csrf",))
    _check_csrf(request, who, form["csrf"])
    response = RedirectResponse("/review/login", status_code=303)
    response.delete_cookie(COOKIE, path="/review", httponly=True, samesite="strict")
    return response


def _check_csrf(request: Request, who: _Who, token: str) -> None:
    if who.session is not None and not request.app.state.review.signer.csrf_ok(who.session, token):
        raise HTTPException(403, "missing or invalid CSRF token; reload the review page")


def _labels(request: Request) -> list[dict[str, str]]:
    service = request.app.state.service
    names = service.run.config.data.label_names or {}
    return [{"code": lab, "name": names.get(lab, lab)} for lab in service.labels]


@router.get("", response_class=HTMLResponse)
def review_page(request: Request) -> Response:
    who = _who(request)
    if who is None:
        return RedirectResponse("/review/login", status_code=303)
    state = request.app.state
    labels = _labels(request)
    names = {lab["code"]: lab["name"] for lab in labels}
    items = []
    for row in state.review.store.queue(state.service.settings.review_queue):
        proba = sorted(row["probabilities"].items(), key=lambda kv: -kv[1])[:3]
        label = row["label"] if isinstance(row["label"], str) else ", ".join(row["label"])
        items.append({
            "id": row["id"], "text": row["text"], "label": label,
            "label_name": names.get(label, label), "abstain": row["abstain"],
            "reasons": row["reasons"], "model_version": row["model_version"],
            "created_at": row["created_at"].strftime("%Y-%m-%d %H:%M"),
            "top": [(names.get(k, k), f"{v:.2f}") for k, v in proba],
            "status": _status(row["reviews"], names),
        })
    csrf = state.review.signer.csrf(who.session) if who.session else ""
    return _page(request, "review.html", items=items, labels=labels, csrf=csrf,
                 reviewer=who.reviewer, model_version=state.service.model_version,
                 labels_json=json.dumps([lab["code"] for lab in labels]).replace("<", "\\u003c"))


def _status(reviews: list[dict[str, Any]], names: dict[str, str]) -> str:
    """What the reviews of one prediction did, oldest first; comments with their (stored,
    de-identified) text."""
    parts = []
    for r in reviews:
        if r["agree"] is True:
            parts.append("agreed")
        elif r["agree"] is False:
            label = r["label"] if isinstance(r["label"], str) else ", ".join(r["label"] or [])
            parts.append(f"relabelled: {names.get(label, label)}")
        if r["comment"]:
            parts.append(f"comment: {r['comment']}")
    return "; ".join(parts)


@router.get("/explain/{prediction_id}")
def explain(prediction_id: int, request: Request) -> JSONResponse:
    _require(request)
    state = request.app.state
    cache = state.review.explanations
    if prediction_id not in cache:
        row = state.review.store.prediction(prediction_id)
        if row is None or row["text"] is None:
            raise HTTPException(404, f"no logged prediction with text and id {prediction_id}")
        if len(cache) >= 1000:
            cache.pop(next(iter(cache)))
        from meddx.serve._highlight import highlight_words

        # more than shown: function words, tags and near-zero scores are dropped
        cache[prediction_id] = highlight_words(row["text"], state.service.explain([row["text"]],
                                                                                  k=30)[0])
    return JSONResponse({"prediction_id": prediction_id, "tokens": cache[prediction_id]},
                        headers=_headers())


@router.post("/feedback")
async def feedback(request: Request) -> Response:
    who = _require(request)
    form = await _form(request, ("csrf", "prediction_id", "action", "label", "comment"))
    _check_csrf(request, who, form["csrf"])
    if not form["prediction_id"].isdigit():
        raise HTTPException(422, "form field 'prediction_id' must be a positive integer")
    action = form["action"]
    if action not in ACTIONS:
        raise HTTPException(422, f"form field 'action' must be one of {', '.join(ACTIONS)}")
    state = request.app.state
    store = state.review.store
    pred = store.prediction(int(form["prediction_id"]))
    if pred is None:
        raise HTTPException(404, f"no logged prediction with id {form['prediction_id']}")
    comment = form["comment"].strip() or None
    if comment is not None and len(comment) > MAX_COMMENT:
        raise HTTPException(422, f"form field 'comment' may have at most {MAX_COMMENT} characters; "
                            f"got {len(comment)}")
    if comment is not None:  # stored de-identified, like the notes
        comment = state.service.run.deidentify([comment])[0]
    if action == "agree":
        values = {"label": pred["label"], "agree": True}
    elif action == "label":
        codes = list(state.service.labels)
        if not form["label"]:
            raise HTTPException(422, "form field 'label' is empty; choose the correct label")
        if form["label"] not in codes:
            raise HTTPException(422, f"form field 'label' must be one of {', '.join(codes)}")
        label = form["label"] if isinstance(pred["label"], str) else [form["label"]]
        values = {"label": label, "agree": label == pred["label"]}
    else:
        if comment is None:
            raise HTTPException(422, "form field 'comment' is empty; action 'comment' needs text")
        values = {"label": None, "agree": None}
    row = store.add(pred["id"], reviewer=who.reviewer, comment=comment, **values)
    log.info("review: feedback %d on prediction %d (%s)", row["id"], pred["id"], action)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"feedback_id": row["id"], "prediction_id": pred["id"],
                             "action": action, "label": row["label"], "agree": row["agree"],
                             "comment": row["comment"]},  # as stored: de-identified
                            headers=_headers())
    return RedirectResponse("/review", status_code=303)
