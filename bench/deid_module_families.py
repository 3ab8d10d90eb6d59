"""The modules of ``src/meddx/deid`` grouped by the detectors that import them, directly or
through other deid modules (the counts of docs/architecture.md, "Inside deid"). Reads the
source with ``ast``; imports nothing of meddx.

    python bench/deid_module_families.py
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

DEID = Path(__file__).resolve().parents[1] / "src" / "meddx" / "deid"
#: the module of each detector
DETECTOR_MODULES = ("_rules", "_names", "_places", "_crf", "_ner", "_presidio")


def deid_imports(path: Path, modules: set[str]) -> set[str]:
    """The deid modules that ``path`` imports (at its top or inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("meddx.deid."):
                found.add(node.module.split(".")[2])
            elif node.module == "meddx.deid":
                found.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[2] for a in node.names
                         if a.name.startswith("meddx.deid."))
    return found & modules


def families() -> dict[tuple[str, ...], list[str]]:
    paths = {p.stem: p for p in DEID.glob("*.py")}
    imports = {m: deid_imports(p, set(paths)) for m, p in paths.items()}

    def reach(start: str) -> set[str]:
        seen, todo = {start}, [start]
        while todo:
            for nxt in imports[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    reached = {d: reach(d) for d in DETECTOR_MODULES}
    out: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for module in sorted(paths):
        out[tuple(d for d in DETECTOR_MODULES if module in reached[d])].append(module)
    return dict(out)


def main() -> None:
    groups = families()
    print(f"{sum(len(v) for v in groups.values())} modules in {DEID}")
    for owners, modules in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"{'+'.join(owners) or 'no detector'} ({len(modules)}): {' '.join(modules)}")


if __name__ == "__main__":
    main()
