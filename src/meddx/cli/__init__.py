"""Command line: ``meddx train | demo | evaluate | predict | models | config | synth | deid |
deid-eval | abbrev | abbrev-train | abbrev-eval | augment | audit | explain | serve |
monitor report | registry list|show|promote | retrain | prompts list|compare |
kb build|search|eval|demo | ask | privacy-audit | federate``. Each stage's commands live in
their own module and attach to one app."""

from meddx.cli import _deid  # noqa: F401  (registers synth, deid, deid-eval on the app)
from meddx.cli._abbrev import register as _register_abbrev
from meddx.cli._app import app, main
from meddx.cli._audit import register as _register_audit
from meddx.cli._explain import register as _register_explain
from meddx.cli._federate import register as _register_federate
from meddx.cli._monitor import register as _register_monitor
from meddx.cli._privacy import register as _register_privacy
from meddx.cli._prompts import register as _register_prompts
from meddx.cli._rag import register as _register_rag
from meddx.cli._registry import register as _register_registry
from meddx.cli._serve import register as _register_serve

_register_abbrev(app)
_register_audit(app)
_register_explain(app)
_register_serve(app)
_register_monitor(app)
_register_registry(app)
_register_prompts(app)
_register_rag(app)
_register_privacy(app)
_register_federate(app)

__all__ = ["app", "main"]
