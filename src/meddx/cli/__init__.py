"""Command line: ``meddx train | demo | evaluate | predict | models | config | synth | deid |
deid-eval | abbrev | abbrev-train | abbrev-eval | augment | audit | explain | serve |
monitor report | registry list|show|promote | retrain | prompts list|compare |
kb build|search|eval|demo | ask | privacy-audit | federate``. Each stage's commands live in
their own module on its own ``commands`` app; :mod:`meddx.cli._app` joins them. The options
that set config fields are generated from the fields (:mod:`meddx.cli._flags`)."""

from meddx.cli._app import app, main

__all__ = ["app", "main"]
