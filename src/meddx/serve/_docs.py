"""``/docs`` that works offline: Swagger UI from the files of the ``swagger-ui-py`` package
(installed with ``meddx[serve]``), never from a CDN, under a Content-Security-Policy that lets
the page load nothing from another origin. FastAPI's own ``/docs`` (CDN scripts, no CSP) is
turned off in ``create_app``; ``/openapi.json`` stays. FastAPI documents this self-hosting in
"Custom Docs UI Static Assets".
"""

from __future__ import annotations

import importlib.util
import secrets
from pathlib import Path

from meddx.errors import MissingExtraError

__all__ = ["DOCS_ASSETS", "add_docs"]

#: The Swagger UI files ``/docs`` needs, served at ``/docs/NAME``.
DOCS_ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css"}


def _assets_dir() -> Path:
    """The folder of Swagger UI's files in the swagger-ui-py package (found without importing
    it: its ``__init__`` imports every web framework adapter it has)."""
    spec = importlib.util.find_spec("swagger_ui")
    folder = Path(next(iter(spec.submodule_search_locations))) / "static" if spec else None
    if folder is None or not all((folder / name).is_file() for name in DOCS_ASSETS):
        raise MissingExtraError("/docs needs the Swagger UI files of swagger-ui-py: pip install "
                                "'meddx[serve]' (or serve with docs off)")
    return folder


def _csp(nonce: str) -> str:
    return (f"default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' "
            "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; "
            "form-action 'none'; frame-ancestors 'none'; base-uri 'none'")


def add_docs(app) -> None:
    """Add ``GET /docs`` and its two asset routes to ``app`` (FastAPI)."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import FileResponse, HTMLResponse

    folder = _assets_dir()

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url, title=f"{app.title} - docs",
            swagger_js_url="/docs/swagger-ui-bundle.js", swagger_css_url="/docs/swagger-ui.css",
            swagger_favicon_url="data:,")
        html = page.body.decode("utf-8").replace("<script>", f'<script nonce="{nonce}">')
        return HTMLResponse(html, headers={"Content-Security-Policy": _csp(nonce),
                                           "X-Content-Type-Options": "nosniff",
                                           "Referrer-Policy": "no-referrer"})

    def asset(name: str, media_type: str):
        def serve_asset() -> FileResponse:
            return FileResponse(folder / name, media_type=media_type,
                                headers={"Cache-Control": "public, max-age=86400",
                                         "X-Content-Type-Options": "nosniff"})
        return serve_asset

    for name, media_type in DOCS_ASSETS.items():
        app.add_api_route(f"/docs/{name}", asset(name, media_type), methods=["GET"],
                          include_in_schema=False)
