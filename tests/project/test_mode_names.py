"""No code of meddx compares a training-mode name (``cfg.model.mode == "lora"``) or passes one
literally (``mode="lora"``): it asks ``meddx.models.MODES`` what the mode does (issue 13), so a
new mode needs no edits elsewhere. The scan reads every module under src/meddx (the federated
fit included) with ``ast``; the last test checks the scanner on made-up code."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "meddx"

# Known leftovers outside federated, each to be replaced by a Mode property: (file, line text).
ALLOWED = {
    ("config.py", 'if cfg.privacy.canaries and (cfg.model.backend != "causal_lm" or '
                  'cfg.model.mode != "lora"):'),
    ("models/_finetuned.py", 'cfg=ModelConfig(mode="lora"), for_training=False,'),
}


def _names() -> set[str]:
    from meddx.models import mode_names

    return set(mode_names())


def _is_mode(node: ast.AST) -> bool:
    """``mode``, ``cfg.model.mode``, ``model_mode``...: an expression named like a mode."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name == "mode" or name.endswith("_mode")


def _literals(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [v for elt in node.elts for v in _literals(elt)]
    return []


def _model_mode(node: ast.AST) -> bool:
    """``cfg.model.mode`` (or ``model.mode``): the configured training mode, whatever the
    other operand."""
    return (isinstance(node, ast.Attribute) and node.attr == "mode"
            and isinstance(node.value, ast.Attribute) and node.value.attr == "model")


def offences(source: str, names: set[str]) -> list[int]:
    """Line numbers where ``source`` compares a mode with a training-mode name, or passes a
    training-mode name as ``mode=``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            named = any(_model_mode(o) for o in operands) or any(_is_mode(o) for o in operands)
            strict = any(_model_mode(o) for o in operands)
            values = [v for o in operands for v in _literals(o)]
            if named and values and (strict or set(values) & names):
                found.append(node.lineno)
        elif isinstance(node, ast.keyword) and node.arg == "mode":
            if set(_literals(node.value)) & names:
                found.append(node.value.lineno)
    return sorted(found)


def test_no_module_compares_a_training_mode_name():
    names = _names()
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        rel = path.relative_to(SRC).as_posix()
        for line in offences(text, names):
            if (rel, lines[line - 1].strip()) not in ALLOWED:
                bad.append(f"{rel}:{line}: {lines[line - 1].strip()}")
    assert not bad, "ask meddx.models.MODES instead of comparing mode names:\n" + "\n".join(bad)


def test_the_federated_fit_asks_the_registry():
    """The issue-13 leftover: federate chose LoRA or the head by comparing names."""
    for path in sorted((SRC / "federated").glob("*.py")):
        assert offences(path.read_text(encoding="utf-8"), _names()) == [], path.name


def test_the_scanner_finds_mode_comparisons():
    names = {"lora", "frozen"}
    code = "\n".join([
        'if cfg.model.mode == "lora": pass',  # 1
        'x = "adapters" if cfg.model.mode != "frozen" else "head"',  # 2
        'if mode in ("lora", "full"): pass',  # 3
        'clf = Model(mode="lora")',  # 4
        'if cfg.model.mode == "anything": pass',  # 5: the configured mode, any name
        'if cfg.deid.mode == "redact": pass',  # 6: not a training mode
        'if search_mode == "dense": pass',  # 7: not a training-mode name
        'if mode.federates == "head": pass',  # 8: a property, not a name
        'clf = Model(mode=cfg.model.mode)',  # 9
    ])
    assert offences(code, names) == [1, 2, 3, 4, 5]
