"""The audit package's public surface, its extra, and importing it without side effects."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import tomllib
import types

from tests.project.test_exports import _PROBE, PYPROJECT, _bound_names, _isort_key


def test_all_is_sorted_and_matches_the_public_names():
    module = importlib.import_module("meddx.audit")
    exported = list(module.__all__)
    assert exported == sorted(set(exported), key=_isort_key)
    public = {n for n in _bound_names(module) if not n.startswith("_")
              and not isinstance(getattr(module, n, None), types.ModuleType)}
    assert set(exported) == public


def test_the_audit_extra_pins_fairlearn_and_is_in_all():
    extras = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert any(req.startswith("fairlearn") for req in extras["audit"])
    assert "audit" in extras["all"][0]
    lock = (PYPROJECT.parent / "requirements.lock").read_text(encoding="utf-8").split()
    assert "fairlearn==0.15.0" in lock


def test_import_has_no_heavy_imports_and_no_side_effects():
    probe = _PROBE.replace('"matplotlib")', '"matplotlib", "fairlearn", "scipy")')
    proc = subprocess.run([sys.executable, "-c", probe.format(module="meddx.audit")],
                          capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(proc.stdout) == {"heavy": [], "env_changed": [], "filters_changed": False}
