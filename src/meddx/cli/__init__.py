"""Command line: ``meddx train | demo | evaluate | predict | models | synth | deid | deid-eval``."""

from meddx.cli import _deid  # noqa: F401  (registers synth, deid, deid-eval on the app)
from meddx.cli._app import app, main

__all__ = ["app", "main"]
