"""The public surface: each package's ``__all__``, the extras named in install hints, and
importing ``meddx`` without side effects."""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

import meddx

SRC = Path(meddx.__file__).resolve().parent
PYPROJECT = SRC.parent.parent / "pyproject.toml"
PACKAGES = [
    "meddx",
    "meddx.data",
    "meddx.deid",
    "meddx.text",
    "meddx.models",
    "meddx.rag",
    "meddx.runs",
    "meddx.train",
    "meddx.privacy",
    "meddx.federated",
    "meddx.evaluate",
    "meddx.serve",
    "meddx.monitor",
    "meddx.registry",
    "meddx.settings",
    "meddx.cli",
]


def _isort_key(name: str) -> tuple[int, str]:
    """ruff's RUF022 order: CONSTANTS, then Classes, then everything else."""
    if name.isupper():
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def _bound_names(module: types.ModuleType) -> set[str]:
    """Names the package ``__init__`` itself binds at top level (imports, defs, assignments)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom | ast.Import):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    names.discard("annotations")  # from __future__ import annotations
    return names


@pytest.mark.parametrize("package", PACKAGES)
def test_all_is_sorted_unique_and_matches_the_public_names(package):
    module = importlib.import_module(package)
    exported = list(module.__all__)
    assert len(set(exported)) == len(exported), "duplicates in __all__"
    assert exported == sorted(exported, key=_isort_key), "__all__ is not sorted"
    public = {
        name
        for name in _bound_names(module)
        if not name.startswith("_")
        and not isinstance(getattr(module, name, None), types.ModuleType)
    }
    assert {n for n in exported if not n.startswith("_")} == public
    for name in exported:
        assert hasattr(module, name), f"{package}.__all__ names '{name}', which is not defined"
    for name in exported:
        if name.startswith("_"):
            assert name.startswith("__") and name.endswith("__"), name  # e.g. __version__


def _extras() -> set[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return set(project["optional-dependencies"])


_PIP_HINT = re.compile(r"pip install ['\"]?meddx\[([^\]]*)\]")


def _named_extras() -> list[tuple[str, int, str]]:
    """(file, line, extra) for each install hint and each ``require(module, extra)`` call."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = str(path.relative_to(SRC.parent))
        text = path.read_text(encoding="utf-8")
        for lineno, line in enumerate(text.splitlines(), start=1):
            for match in _PIP_HINT.finditer(line):
                if "{" not in match.group(1):  # errors.py's template, "meddx[{extra}]"
                    found += [(rel, lineno, e.strip()) for e in match.group(1).split(",")]
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            fname = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if fname not in ("require", "MissingExtraError"):
                continue
            args = list(node.args[1:2]) + [k.value for k in node.keywords if k.arg == "extra"]
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((rel, node.lineno, arg.value))
                elif rel != "meddx/errors.py":  # require() passes its own argument on
                    found.append((rel, node.lineno, f"<not a literal: {ast.unparse(arg)}>"))
    return found


def test_the_source_names_extras():
    named = _named_extras()
    assert len(named) >= 5  # the scan itself works
    assert any(extra == "hf-datasets" for _, _, extra in named)
    assert any(f.endswith("_presets.py") for f, _, _ in named)


def test_every_extra_named_in_the_source_exists_in_pyproject():
    extras = _extras()
    wrong = [f"{f}:{line}: meddx[{e}]" for f, line, e in _named_extras() if e not in extras]
    assert wrong == [], f"extras not in pyproject ({', '.join(sorted(extras))}): {wrong}"


def test_the_all_extra_names_existing_extras():
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    extras = set(project["optional-dependencies"])
    for spec in project["optional-dependencies"]["all"]:
        match = re.fullmatch(r"meddx\[([^\]]*)\]", spec)
        assert match, spec
        assert {e.strip() for e in match.group(1).split(",")} <= extras - {"all"}


# Third-party libraries may set their own warning filters when imported (numpy, pandas do):
# import the core dependencies first, so that only what meddx itself does is compared.
_PROBE = """
import json, os, sys, warnings
import numpy, pandas, pyarrow, pydantic, yaml, rich  # noqa: F401
env, filters = dict(os.environ), list(warnings.filters)
import {module}
print(json.dumps({{
    "heavy": sorted(m for m in ("torch", "transformers", "datasets", "peft", "matplotlib", "mlflow")
                    if m in sys.modules),
    "env_changed": sorted(k for k in set(env) | set(os.environ) if env.get(k) != os.environ.get(k)),
    "filters_changed": list(warnings.filters) != filters,
}}))
"""


@pytest.mark.parametrize("module", ["meddx", "meddx.config", "meddx.data", "meddx.deid", "meddx.text",
                                    "meddx.monitor", "meddx.registry", "meddx.rag"])
def test_import_has_no_heavy_imports_and_no_side_effects(module):
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(module=module)],
        capture_output=True, text=True, timeout=60, check=True,
    )
    report = json.loads(proc.stdout)
    assert report == {"heavy": [], "env_changed": [], "filters_changed": False}
