"""Registered models: versions, the aliases ``candidate`` and ``champion``, and loading a model
by ``models:/NAME@ALIAS`` or ``models:/NAME/VERSION``.

A version refers to its run directory by path (tag ``meddx.run_dir``; the version's ``source``
is ``RUN/model``), so nothing is copied: a URI resolves to the run directory, which
``load_run`` then reads as usual. A version logged with ``registry.log_model`` also carries the
run's model, baseline and config as MLflow artifacts; if its run directory is gone, they are
downloaded to ``~/.cache/meddx/registry/NAME/VERSION`` instead.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from meddx.errors import ConfigError, RunError
from meddx.registry._client import mlflow_client, resolve_tracking_uri

__all__ = ["CANDIDATE", "CHAMPION", "get_version", "is_model_uri", "list_models",
           "register_run", "resolve_model_uri", "set_alias", "show_model"]

log = logging.getLogger("meddx")

CANDIDATE, CHAMPION = "candidate", "champion"
_URI = re.compile(r"^models:/(?P<name>[^/@]+)(?:@(?P<alias>[^/@]+)|/(?P<version>\d+|latest))$")


def is_model_uri(value: object) -> bool:
    return str(value).startswith("models:/")


def _mlflow_error():
    from mlflow.exceptions import MlflowException

    return MlflowException


def register_run(client, name: str, run_dir: Path, *, run_id: str, tags: dict[str, str],
                 source: str) -> int:
    """A new version of ``name`` (created if needed) for ``run_dir``, aliased ``candidate``."""
    error = _mlflow_error()
    try:
        client.get_registered_model(name)
    except error:
        client.create_registered_model(
            name, description="meddx text classifier; versions refer to run directories.")
    keep = {k: v for k, v in tags.items() if k.startswith("meddx.")}
    mv = client.create_model_version(name, source=source, run_id=run_id, tags=keep)
    client.set_registered_model_alias(name, CANDIDATE, mv.version)
    log.info("registry: %s version %s (alias %s)", name, mv.version, CANDIDATE)
    return int(mv.version)


def _client(tracking_uri: str | None):
    return mlflow_client(resolve_tracking_uri(tracking_uri))


def _model(client, name: str):
    error = _mlflow_error()
    try:
        return client.get_registered_model(name)
    except error:
        known = [m.name for m in client.search_registered_models()]
        raise RunError(f"no registered model '{name}'; registered: "
                       f"{', '.join(sorted(known)) or '(none)'}") from None


def get_version(client, name: str, *, alias: str | None = None, version: int | str | None = None):
    """The ``ModelVersion`` named by alias or number (``latest``: the highest)."""
    model = _model(client, name)
    if alias is not None:
        if alias not in model.aliases:
            raise RunError(f"registered model '{name}' has no alias '{alias}'; aliases: "
                           f"{', '.join(f'{a}={v}' for a, v in sorted(model.aliases.items())) or '(none)'}")
        return client.get_model_version(name, str(model.aliases[alias]))
    versions = client.search_model_versions(f"name='{name}'")
    numbers = sorted(int(v.version) for v in versions)
    if version == "latest":
        version = numbers[-1] if numbers else None
    if version is None or int(version) not in numbers:
        raise RunError(f"registered model '{name}' has no version {version}; versions: "
                       f"{', '.join(map(str, numbers)) or '(none)'}")
    return next(v for v in versions if int(v.version) == int(version))


def _version_info(mv, aliases: dict[str, int]) -> dict[str, Any]:
    number = int(mv.version)
    return {"version": number, "aliases": sorted(a for a, v in aliases.items() if int(v) == number),
            "run_dir": mv.tags.get("meddx.run_dir"), "run_id": mv.run_id, "source": mv.source,
            "model_version": mv.tags.get("meddx.model_version"),
            "created": datetime.fromtimestamp(mv.creation_timestamp / 1000, UTC).isoformat(
                timespec="seconds"),
            "tags": {k: v for k, v in mv.tags.items() if k.startswith("meddx.")}}


def list_models(*, tracking_uri: str | None = None) -> list[dict[str, Any]]:
    """Each registered model: name, number of versions, aliases."""
    client = _client(tracking_uri)
    out = []
    for model in client.search_registered_models():
        versions = client.search_model_versions(f"name='{model.name}'")
        out.append({"name": model.name, "versions": len(versions),
                    "latest": max((int(v.version) for v in versions), default=None),
                    "aliases": {a: int(v) for a, v in sorted(model.aliases.items())}})
    return sorted(out, key=lambda m: m["name"])


def show_model(name: str, *, tracking_uri: str | None = None) -> dict[str, Any]:
    """A registered model's versions, newest first, with aliases, run directories and tags."""
    client = _client(tracking_uri)
    model = _model(client, name)
    versions = client.search_model_versions(f"name='{name}'")
    return {"name": name, "aliases": {a: int(v) for a, v in sorted(model.aliases.items())},
            "versions": [_version_info(v, model.aliases)
                         for v in sorted(versions, key=lambda v: -int(v.version))]}


def set_alias(name: str, alias: str, version: int, *, tracking_uri: str | None = None,
              client=None) -> None:
    client = client or _client(tracking_uri)
    get_version(client, name, version=version)
    client.set_registered_model_alias(name, alias, str(version))


def parse_model_uri(uri: str) -> tuple[str, str | None, str | None]:
    match = _URI.match(str(uri))
    if match is None:
        raise ConfigError(f"model URI '{uri}': use models:/NAME@ALIAS (e.g. models:/demo@champion) "
                          "or models:/NAME/VERSION (a number or 'latest')")
    return match["name"], match["alias"], match["version"]


def resolve_model_uri(uri: str, *, tracking_uri: str | None = None) -> Path:
    """The run directory of ``models:/NAME@ALIAS`` or ``models:/NAME/VERSION``."""
    name, alias, version = parse_model_uri(uri)
    client = _client(tracking_uri)
    mv = get_version(client, name, alias=alias, version=version)
    run_dir = Path(mv.tags.get("meddx.run_dir", ""))
    if mv.tags.get("meddx.run_dir") and (run_dir / "model").is_dir():
        log.info("registry: %s is version %s, run %s", uri, mv.version, run_dir)
        return run_dir
    if "/run/model" in (mv.source or ""):  # logged with registry.log_model: download a copy
        cache = Path.home() / ".cache" / "meddx" / "registry" / name / str(mv.version)
        if not (cache / "run" / "model").is_dir():
            client.download_artifacts(mv.run_id, "run", str(cache))
        return cache / "run"
    raise RunError(f"{uri} is version {mv.version}, whose run directory '{run_dir}' is missing; "
                   "restore it, or register runs with registry.log_model to keep a copy in "
                   "the artifact store")
