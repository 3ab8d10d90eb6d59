"""The explain package's public surface, its extra, and importing it without heavy imports."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import tomllib
import types

from tests.project.test_exports import _PROBE, PYPROJECT, _bound_names, _isort_key


def test_all_is_sorted_and_matches_the_public_names():
    module = importlib.import_module("meddx.explain")
    exported = list(module.__all__)
    assert exported == sorted(set(exported), key=_isort_key)
    public = {n for n in _bound_names(module) if not n.startswith("_")
              and not isinstance(getattr(module, n, None), types.ModuleType)}
    assert set(exported) == public


def test_the_explain_extra_pins_captum_and_shap_and_is_in_all():
    extras = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert {r.split(">")[0] for r in extras["explain"]} == {"captum", "shap"}
    assert "explain" in extras["all"][0]


def test_import_has_no_heavy_imports_and_no_side_effects():
    probe = _PROBE.replace('"matplotlib")', '"matplotlib", "captum", "shap", "sklearn")')
    proc = subprocess.run([sys.executable, "-c", probe.format(module="meddx.explain")],
                          capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(proc.stdout) == {"heavy": [], "env_changed": [], "filters_changed": False}
