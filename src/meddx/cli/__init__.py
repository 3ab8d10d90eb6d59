"""Command line: ``meddx train | demo | evaluate | predict | models``."""

from meddx.cli._app import app, main

__all__ = ["app", "main"]
