"""The ``meddx`` command line. It only parses options and calls the library.

Each module of this package holds the commands of one stage on its own ``commands`` app
(``typer.Typer``); the root app takes them in the order ``meddx --help`` lists them.
"""

from __future__ import annotations

import os

import typer
from typer.core import TyperCommand

from meddx.cli import (
    _abbrev,
    _audit,
    _deid,
    _explain,
    _federate,
    _monitor,
    _privacy,
    _prompts,
    _rag,
    _registry,
    _serve,
    _train,
)
from meddx.cli._common import OneLineErrors

__all__ = ["app", "main"]

app = typer.Typer(
    name="meddx",
    help="Train, evaluate and use diagnostic text classifiers on clinical notes, offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
for _module in (_train, _deid, _abbrev, _audit, _explain, _serve, _monitor, _registry,
                _prompts, _rag, _privacy, _federate):
    app.add_typer(_module.commands)


def _one_line_errors(typer_app: typer.Typer) -> None:
    """Every command, in sub-apps too, reports a bad option value as one line."""
    for command in typer_app.registered_commands:
        if command.cls in (None, TyperCommand):  # typer's default; a custom class is kept
            command.cls = OneLineErrors
    for group in typer_app.registered_groups:
        _one_line_errors(group.typer_instance)


_one_line_errors(app)


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    app()
