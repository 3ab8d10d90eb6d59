"""``meddx serve MODEL``: the prediction service over HTTP. It only calls the library."""

from __future__ import annotations

import logging.config
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from meddx.cli._common import TrackingUri, handle_errors, model_path
from meddx.cli._flags import described

__all__ = ["commands"]


commands = typer.Typer()


def _serve_option(field: str, *param_decls: str, **kwargs: Any) -> Any:
    """An option whose help is the description of ``ServeSettings.<field>``."""
    from meddx.serve import ServeSettings

    return described(field, *param_decls, model=ServeSettings, **kwargs)


@commands.command()
@handle_errors
def serve(
    model: Annotated[str, typer.Argument(
        help="Run directory (runs/NAME) or registry URI (models:/NAME@champion, "
             "models:/NAME/3).")],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    api_keys_file: Annotated[Path | None, typer.Option(
        help="File with one API key a line (added to those in MEDDX_API_KEYS).")] = None,
    insecure_no_auth: Annotated[bool, _serve_option("insecure_no_auth", "--insecure-no-auth")] = False,
    store: Annotated[str | None, _serve_option(
        "store_url", show_default="sqlite:///MODEL/predictions.db")] = None,
    store_text: Annotated[bool, _serve_option("store_text", "--store-text")] = False,
    explain_method: Annotated[str | None, _serve_option(
        "explain_method", show_default="occlusion")] = None,
    docs: Annotated[bool, _serve_option("docs", "--docs/--no-docs")] = True,
    review: Annotated[bool, _serve_option("review", "--review")] = False,
    quantize: Annotated[str | None, _serve_option("quantize")] = None,
    max_body_bytes: Annotated[int | None, _serve_option(
        "max_body_bytes", show_default="1048576")] = None,
    max_batch: Annotated[int | None, _serve_option("max_batch", show_default="64")] = None,
    min_confidence: Annotated[float | None, _serve_option(
        "min_confidence", show_default="0.6")] = None,
    auth_max_failures: Annotated[int | None, _serve_option(
        "auth_max_failures", show_default="10")] = None,
    auth_failure_window_s: Annotated[float | None, _serve_option(
        "auth_failure_window_s", show_default="300")] = None,
    log_commit: Annotated[str | None, _serve_option("log_commit", show_default="batched")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    tracking_uri: TrackingUri = None,
) -> None:
    """Serve a trained run: POST /v1/predict, GET /healthz, GET /metrics, docs at /docs
    (local files, no CDN; --no-docs turns them off), and
    with --review the clinician review page at /review.
    Needs API keys (MEDDX_API_KEYS or --api-keys-file) unless --insecure-no-auth."""
    from meddx.errors import require
    from meddx.serve import (
        API_KEYS_ENV,
        SESSION_SECRET_ENV,
        ServeSettings,
        create_app,
        load_api_keys,
        uvicorn_log_config,
    )

    keys = load_api_keys(env_value=os.environ.get(API_KEYS_ENV), file=api_keys_file)
    settings = ServeSettings.build(
        api_keys=keys, insecure_no_auth=insecure_no_auth, store_url=store, store_text=store_text,
        explain_method=explain_method, review=review, docs=docs,
        session_secret=os.environ.get(SESSION_SECRET_ENV) or None,
        quantize=quantize, max_body_bytes=max_body_bytes, max_batch=max_batch,
        min_confidence=min_confidence, auth_max_failures=auth_max_failures,
        auth_failure_window_s=auth_failure_window_s, log_commit=log_commit)
    if insecure_no_auth and not keys:
        from rich.console import Console

        Console(stderr=True).print("[bold yellow]warning:[/] serving without authentication "
                                   "(--insecure-no-auth)")
    uvicorn = require("uvicorn", "serve")
    # meddx's lines beside uvicorn's (from the start: loading the run logs too); the access
    # log without query strings
    log_config = uvicorn_log_config(log_level)
    logging.config.dictConfig(log_config)
    web_app = create_app(model_path(model, tracking_uri), settings=settings)
    uvicorn.run(web_app, host=host, port=port, log_level=log_level, server_header=False,
                log_config=log_config)
