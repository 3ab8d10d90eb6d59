"""The data card as the report shows it: tables, never JSON dumps.

Scalars and lists of scalars go in one key/value table; a dict of scalars is a key/value
table; a dict of dicts (splits, text lengths, group counts) is a table with one row per key
and the inner keys, flattened one level (``labels.cardiac`` -> ``cardiac``), as columns;
anything deeper is a table of key paths. Empty sections are left out.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["card_sections", "fmt_any"]

MAX_PATH_ROWS = 200


def fmt_any(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if isinstance(value, float | np.floating):
        value = float(value)
        if not math.isfinite(value):
            return str(value)
        return f"{value:,.1f}" if abs(value) >= 1000 else f"{value:.4g}"
    if isinstance(value, str):
        return value
    if _is_scalar_list(value):
        return ", ".join(fmt_any(v) for v in value)
    return json.dumps(value, default=str, sort_keys=False)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | bool | int | float | np.number)


def _is_scalar_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(_is_scalar(v) for v in value)


def _flat(value: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts as ``{"a.b": leaf}``; lists of scalars stay leaves."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        path = f"{prefix}{key}"
        if isinstance(item, Mapping) and item:
            out.update(_flat(item, path + "."))
        elif not (isinstance(item, Mapping | list | tuple) and not item):
            out[path] = item
    return out


def _title(key: Any) -> str:
    return str(key).replace("_", " ")


def card_sections(card: Mapping[str, Any]) -> dict[str, Any]:
    scalars = [(str(k), fmt_any(v)) for k, v in card.items()
               if _is_scalar(v) or _is_scalar_list(v)]
    sections = []
    for key, value in card.items():
        if _is_scalar(value) or _is_scalar_list(value) or not value:
            continue  # in the scalar table, or empty ("dropped by reason" with nothing dropped)
        section: dict[str, Any] = {"title": _title(key)}
        if isinstance(value, Mapping) and all(_is_scalar(v) or _is_scalar_list(v)
                                              for v in value.values()):
            section["pairs"] = [(str(k), fmt_any(v)) for k, v in value.items()]
        elif isinstance(value, Mapping) and all(isinstance(v, Mapping) for v in value.values()):
            rows = {str(name): {_last(k): v for k, v in _flat(inner).items()}
                    for name, inner in value.items()}
            columns: list[str] = []
            for row in rows.values():
                columns += [c for c in row if c not in columns]
            if len(columns) <= 40 and all(_is_scalar(v) or _is_scalar_list(v)
                                          for row in rows.values() for v in row.values()):
                section["columns"] = columns
                section["rows"] = [(name, [fmt_any(row[c]) if c in row else "" for c in columns])
                                   for name, row in rows.items()]
            else:
                section["pairs"] = _path_pairs(value)
        elif isinstance(value, Mapping):
            section["pairs"] = _path_pairs(value)
        else:  # a list of records
            section["pairs"] = [(str(i + 1), fmt_any(v)) for i, v in enumerate(value)]
        if section.get("pairs") or section.get("rows"):
            sections.append(section)
    return {"scalars": scalars, "sections": sections}


def _last(path: str) -> str:
    """``labels.cardiac`` -> ``cardiac``; a top-level key stays as it is."""
    return path.split(".", 1)[1] if "." in path else path


def _path_pairs(value: Mapping[str, Any]) -> list[tuple[str, str]]:
    flat = list(_flat(value).items())
    pairs = [(path, fmt_any(v)) for path, v in flat[:MAX_PATH_ROWS]]
    if len(flat) > MAX_PATH_ROWS:
        pairs.append(("…", f"{len(flat) - MAX_PATH_ROWS} more in data_card.json"))
    return pairs
