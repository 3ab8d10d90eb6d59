"""Render the config reference (docs/config.md) from the typed config itself."""

from __future__ import annotations

from pydantic import BaseModel

from meddx.config import RunConfig

__all__ = ["config_reference"]


def _rows(model: type[BaseModel], prefix: str, out: list[str], sections: list) -> None:
    for name, field in model.model_fields.items():
        ann = field.annotation
        key = f"{prefix}{name}"
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            sections.append((key, ann))
            continue
        default = field.get_default(call_default_factory=True)
        default_s = "" if default is None else f"`{default}`"
        help_s = (field.description or "").replace("|", "\\|")
        out.append(f"| `{key}` | {default_s} | {help_s} |")


def config_reference() -> str:
    lines = ["# Config reference", "",
             "Generated from `meddx.config.RunConfig` by `meddx config > docs/config.md`. "
             "Unknown keys are errors.", ""]
    queue: list = [("", RunConfig)]
    while queue:
        prefix, model = queue.pop(0)
        title = prefix or "top level"
        lines += [f"## {title}", "", "| key | default | meaning |", "| --- | --- | --- |"]
        sections: list = []
        _rows(model, f"{prefix}." if prefix else "", lines, sections)
        lines.append("")
        queue = sections + queue
    from meddx.serve import ServeSettings

    lines += ["## serve", "",
              "Not part of the run config: the settings of `meddx serve` "
              "(`meddx.serve.ServeSettings`; most have a command-line option, see `meddx serve --help`).",
              "", "| key | default | meaning |", "| --- | --- | --- |"]
    _rows(ServeSettings, "", lines, [])
    lines.append("")
    return "\n".join(lines)
