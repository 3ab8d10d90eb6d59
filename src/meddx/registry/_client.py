"""The MLflow client of a meddx registry: which tracking URI, telemetry off, mlflow imported
only here and only when called.

The tracking URI is, in order: the one passed (config ``registry.tracking_uri`` or the
``--tracking-uri`` option), the ``MLFLOW_TRACKING_URI`` environment variable, else SQLite at
``OUT_DIR/mlflow.db`` (``sqlite:///runs/mlflow.db``), which needs no server. The same URI holds
the model registry. Any URI MLflow takes works: ``postgresql://user@host/db`` (with a driver
such as psycopg installed), ``http://host:5000``.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from meddx.errors import ConfigError, RunError, require

__all__ = ["TRACKING_ENV", "default_model_name", "mlflow_client", "mlflow_quiet",
           "resolve_tracking_uri", "safe_uri"]

TRACKING_ENV = "MLFLOW_TRACKING_URI"
_STAMP = re.compile(r"[-_]?\d{8}-\d{6}$")


def resolve_tracking_uri(uri: str | None = None, *, out_dir: str | Path = "runs") -> str:
    """``uri``, else ``$MLFLOW_TRACKING_URI``, else ``sqlite:///<absolute out_dir>/mlflow.db``."""
    chosen = uri or os.environ.get(TRACKING_ENV)
    if chosen:
        return chosen
    return f"sqlite:///{(Path(out_dir).resolve() / 'mlflow.db').as_posix()}"


def sqlite_path(uri: str) -> Path | None:
    """The database file of a ``sqlite:///`` URI, else None."""
    if uri.startswith("sqlite:///"):
        return Path(uri.removeprefix("sqlite:///"))
    return None


def safe_uri(uri: str) -> str:
    """The URI without a password (``user:secret@`` becomes ``user:***@``)."""
    return re.sub(r"(//[^:/@]+):[^@/]*@", r"\1:***@", uri)


def mlflow_client(uri: str, *, create: bool = False):
    """An ``MlflowClient`` on ``uri`` for tracking and registry. With ``create`` false, a SQLite
    store that does not exist yet is an error (reading must not create an empty registry)."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")  # before mlflow is imported
    path = sqlite_path(uri)
    if path is not None and not create and not path.is_file():
        raise RunError(f"no model registry at '{path}': train a run with registry.enabled "
                       f"(the default) first, or pass --tracking-uri / set {TRACKING_ENV}")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    require("mlflow", "registry")
    from mlflow.tracking import MlflowClient

    try:
        return MlflowClient(tracking_uri=uri, registry_uri=uri)
    except Exception as exc:  # MLflow raises many types for a bad URI
        raise ConfigError(f"registry.tracking_uri: MLflow cannot use '{safe_uri(uri)}' "
                          f"({type(exc).__name__})") from None


@contextmanager
def mlflow_quiet(quiet: bool = True) -> Iterator[None]:
    """Within the block, MLflow's own INFO lines (such as "Creating initial MLflow database
    tables..." on a new store) are not printed when ``quiet``; its warnings still are. MLflow
    is imported first (its import sets its loggers' levels), and the level is restored after."""
    if not quiet:
        yield
        return
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")  # before mlflow is imported
    require("mlflow", "registry")
    import mlflow  # noqa: F401 - configures the 'mlflow' logger, which is then raised

    logger = logging.getLogger("mlflow")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


def default_model_name(run_name: str) -> str:
    """The run name without a trailing ``YYYYMMDD-HHMMSS`` stamp; ``meddx`` if nothing is left."""
    name = _STAMP.sub("", run_name).strip("-_ ")
    return name or "meddx"


def artifact_location(uri: str) -> str | None:
    """Where a new experiment of a SQLite store keeps its artifacts: ``mlartifacts/`` beside the
    database (MLflow's default would be ``./mlruns`` under the current directory)."""
    path = sqlite_path(uri)
    return (path.parent.resolve() / "mlartifacts").as_uri() if path is not None else None
