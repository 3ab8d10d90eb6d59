"""Command-line options generated from the config fields, so each help text is written once.

A :class:`Flag` names a config field (``"train.epochs"``); :func:`config_flags` adds one option
per flag to a command, typed and described from the field (its ``description``, then the
config key), and hands the command the values given as a nested ``overrides`` tree for
:func:`meddx.config.load_config` (flags not given are left out, so the config file wins for
them). :func:`described` gives an option of a fixed default its help from a settings field.
"""

from __future__ import annotations

import functools
import inspect
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from meddx.cli._common import split_list

__all__ = ["AS_TRAINED", "Flag", "config_flags", "described", "field_info", "put"]

AS_TRAINED = "Default: as trained."  # a run's own setting, for options that read a run


@dataclass(frozen=True)
class Flag:
    """One option for one config field.

    ``name``: the option's name when it is not the field's (``--data`` for ``data.path``);
    ``kind``: its type when it differs from the field's (``Path`` for a file name);
    ``resolve``: store an absolute path (the run is read later from anywhere);
    ``note``: what the command adds to the field's description.
    """

    path: str
    name: str | None = None
    kind: type | None = None
    resolve: bool = False
    note: str = ""

    @property
    def param(self) -> str:
        return self.name or self.path.rsplit(".", 1)[-1]


def field_info(dotted: str, model: type[BaseModel] | None = None) -> FieldInfo:
    """The field at ``a.b.c`` of ``model`` (default: :class:`meddx.config.RunConfig`)."""
    if model is None:
        from meddx.config import RunConfig

        model = RunConfig
    current: Any = model
    *parents, last = dotted.split(".")
    for part in parents:
        current = current.model_fields[part].annotation
    return current.model_fields[last]


def _help(field: FieldInfo, key: str | None, note: str) -> str:
    """The field's description, the command's note and the run-config key (``key``)."""
    text = (field.description or "").rstrip()
    if note:
        text = f"{text} {note}" if text else note
    if key:
        text = f"{text} (config: {key})"
    return text.replace("[", "\\[")  # not rich markup: meddx\[privacy]


def described(dotted: str, *param_decls: str, model: type[BaseModel] | None = None,
              note: str = "", **kwargs: Any) -> Any:
    """``typer.Option`` whose help is the description of the field ``dotted`` of ``model``
    (default: the run config, whose key the help then names)."""
    key = dotted if model is None else None
    return typer.Option(*param_decls, help=_help(field_info(dotted, model), key, note), **kwargs)


def _option_type(field: FieldInfo) -> type:
    """The type of the option: the field's, with None dropped; choices and lists are text
    (lists comma-separated), so the config reports a bad value with its allowed values."""
    ann = field.annotation
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        arms = [a for a in typing.get_args(ann) if a is not type(None)]
        ann = arms[0] if len(arms) == 1 else str
    if typing.get_origin(ann) in (Literal, list) or ann not in (int, float, bool, str):
        return str
    return ann


def _value(flag: Flag, field: FieldInfo, value: Any) -> Any:
    if isinstance(value, Path):
        return str(value.resolve() if flag.resolve else value)
    if typing.get_origin(_unwrap(field.annotation)) is list and isinstance(value, str):
        return split_list(value)
    return value


def _unwrap(ann: Any) -> Any:
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        arms = [a for a in typing.get_args(ann) if a is not type(None)]
        if len(arms) == 1:
            return arms[0]
    return ann


def put(tree: dict[str, Any], dotted: str, value: Any) -> None:
    """Put ``value`` at ``a.b.c`` in ``tree``."""
    *parents, last = dotted.split(".")
    node = tree
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def config_flags(*flags: Flag) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add an option per flag to a command in place of its ``overrides`` parameter, which then
    receives the nested tree of the options given."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        hints = typing.get_type_hints(fn, include_extras=True)
        own = inspect.signature(fn).parameters
        fields = {f.param: (f, field_info(f.path)) for f in flags}
        generated = [
            inspect.Parameter(
                f.param, inspect.Parameter.KEYWORD_ONLY, default=None,
                annotation=Annotated[(f.kind or _option_type(info)) | None,
                                     typer.Option(help=_help(info, f.path, f.note))])
            for f, info in fields.values()
        ]
        params: list[inspect.Parameter] = []
        for p in own.values():
            if p.name == "overrides":
                params += generated
            else:
                params.append(p.replace(annotation=hints.get(p.name, p.annotation),
                                        kind=inspect.Parameter.KEYWORD_ONLY))

        drop_flag = next((f for f in flags if f.path == "data.on_invalid"), None)

        @functools.wraps(fn)
        def command(**kwargs: Any) -> Any:
            tree: dict[str, Any] = {}
            for name, (flag, info) in fields.items():
                value = kwargs.pop(name)
                if value is not None:
                    put(tree, flag.path, _value(flag, info, value))
            if drop_flag is None:
                return fn(**kwargs, overrides=tree)
            from meddx.data import on_invalid_hint  # an invalid row's error names the option

            with on_invalid_hint(f"pass --{drop_flag.param.replace('_', '-')} drop"):
                return fn(**kwargs, overrides=tree)

        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        return command

    return wrap
