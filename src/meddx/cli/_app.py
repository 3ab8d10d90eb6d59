"""The ``meddx`` command line. It only parses options and calls the library.

Each module of this package holds the commands of one stage on its own ``commands`` app
(``typer.Typer``); the root app takes them in the order ``meddx --help`` lists them.
"""

from __future__ import annotations

import os

import typer

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


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    app()
