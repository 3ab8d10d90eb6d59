"""Lineage of a training run in MLflow: ``log_training_run`` is called at the end of
``meddx train`` (``train_run``) when ``registry.enabled`` is on.

It logs, to one MLflow run in the experiment ``registry.experiment``:

* params: the resolved config, flattened (``model.name``, ``train.learning_rate``, ...);
* metrics: ``metrics.json`` flattened (``model.macro_f1``, ``baseline.ece``,
  ``calibration.test.ece_after``, ``model.ci95.macro_f1.low``, ...);
* tags: dataset SHA-256 (content and file), de-identification settings and counts by type,
  git commit, run directory, the serving model version;
* the dataset as an MLflow input (name, digest, source path; no rows);
* artifacts: metrics.json, data_card.json, report.html, config.yaml, environment.json,
  predictions.csv (no text) and model_card.md when present. The model folder is referenced by
  path (the registered version's source and the tag ``meddx.run_dir``); with
  ``registry.log_model`` the model, baseline and config are copied under ``run/`` too.

Then, with ``registry.register_model``, the model becomes a new version of the registered model with
alias ``candidate``. What was logged is written to ``RUN/registry.json``.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from pathlib import Path
from typing import Any

from meddx._io import atomic_write_json
from meddx.registry._client import (
    artifact_location,
    default_model_name,
    mlflow_client,
    resolve_tracking_uri,
    safe_uri,
)

__all__ = ["REGISTRY_FILE", "flatten", "log_training_run"]

log = logging.getLogger("meddx")

REGISTRY_FILE = "registry.json"
ARTIFACTS = ("metrics.json", "data_card.json", "report.html", "config.yaml", "environment.json",
             "predictions.csv", "model_card.md")
_BAD_KEY = re.compile(r"[^A-Za-z0-9_\-. /]")
_MAX_PARAM = 6000


def flatten(tree: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}, "c": [0.1, 0.2]}`` -> ``{"a.b": 1, "c.low": 0.1, "c.high": 0.2}`` for
    two-element numeric lists (confidence intervals); other lists stay whole."""
    out: dict[str, Any] = {}
    if isinstance(tree, dict):
        for key, value in tree.items():
            out.update(flatten(value, f"{prefix}{_BAD_KEY.sub('_', str(key))}."))
        return out
    key = prefix[:-1]
    if isinstance(tree, list | tuple) and len(tree) == 2 and all(
            isinstance(v, int | float) or v is None for v in tree):
        return {f"{key}.low": tree[0], f"{key}.high": tree[1]}
    out[key] = tree
    return out


def _metrics(metrics: dict) -> dict[str, float]:
    flat = flatten({k: v for k, v in metrics.items() if k != "split"})
    return {k: float(v) for k, v in flat.items()
            if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)}


def _params(config: dict) -> dict[str, str]:
    out = {}
    for key, value in flatten(config).items():
        text = value if isinstance(value, str) else json.dumps(value)
        out[key] = text[:_MAX_PARAM]
    return out


def _tags(run_dir: Path, card: dict, env: dict, config: dict) -> dict[str, str]:
    from meddx.registry._version import model_version

    deid = card.get("deid") or {}
    tags = {
        "meddx.run_dir": str(run_dir.resolve()),
        "meddx.run_name": run_dir.name,
        "meddx.model_version": model_version(run_dir),
        "meddx.dataset_sha256": str(card.get("content_sha256", "")),
        "meddx.file_sha256": str(card.get("file_sha256", "")),
        "meddx.deid.enabled": str(config["deid"]["enabled"]).lower(),
        "meddx.deid.mode": str(config["deid"]["mode"]),
        "meddx.deid.detectors": ",".join(config["deid"]["detectors"]),
        "meddx.deid.counts_by_type": json.dumps(deid.get("counts_by_type", {}), sort_keys=True),
    }
    if env.get("git_commit"):
        tags["mlflow.source.git.commit"] = tags["meddx.git_commit"] = str(env["git_commit"])
    return tags


def _experiment_id(client, name: str, uri: str) -> str:
    exp = client.get_experiment_by_name(name)
    if exp is not None:
        return exp.experiment_id
    return client.create_experiment(name, artifact_location=artifact_location(uri))


def log_training_run(run_dir: str | Path, *, config, metrics: dict, card: dict,
                     env: dict) -> dict[str, Any]:
    """Log a finished run directory to MLflow and register its model (see the module
    docstring). Returns what ``RUN/registry.json`` holds. Raises on any MLflow failure; the
    caller (``train_run``) logs it and carries on."""
    run_dir = Path(run_dir)
    reg = config.registry
    uri = resolve_tracking_uri(reg.tracking_uri, out_dir=config.out_dir)
    started = time.monotonic()
    client = mlflow_client(uri, create=True)  # sets MLFLOW_DISABLE_TELEMETRY, then imports
    from mlflow.entities import Metric, Param, RunTag

    exp_id = _experiment_id(client, reg.experiment, uri)
    tree = config.model_dump(mode="json")
    tags = _tags(run_dir, card, env, tree)
    run = client.create_run(exp_id, run_name=run_dir.name, tags=tags)
    run_id = run.info.run_id
    try:
        now = int(time.time() * 1000)
        params = [Param(k, v) for k, v in _params(tree).items()]
        values = [Metric(k, v, now, 0) for k, v in _metrics(metrics).items()]
        for i in range(0, max(len(params), len(values)), 100):  # MLflow's batch limits
            client.log_batch(run_id, metrics=values[i:i + 100], params=params[i:i + 100])
        _log_dataset(client, run_id, card, tree)
        for name in ARTIFACTS:
            if (run_dir / name).is_file():
                client.log_artifact(run_id, str(run_dir / name))
        if reg.log_model:
            for name in ("model", "baseline"):
                if (run_dir / name).is_dir():
                    client.log_artifacts(run_id, str(run_dir / name), f"run/{name}")
            for name in ("config.yaml", "data_card.json"):
                client.log_artifact(run_id, str(run_dir / name), "run")
        client.log_batch(run_id, tags=[RunTag("meddx.status", "logged")])
    except BaseException:
        client.set_terminated(run_id, status="FAILED")
        raise
    client.set_terminated(run_id)
    info: dict[str, Any] = {"tracking_uri": safe_uri(uri), "experiment": reg.experiment,
                            "run_id": run_id, "model_name": None, "version": None}
    if reg.register_model:
        from meddx.registry._models import register_run

        name = reg.model_name or default_model_name(run_dir.name)
        version = register_run(client, name, run_dir, run_id=run_id, tags=tags,
                               source=_source(run, run_dir, reg.log_model))
        info.update(model_name=name, version=version)
    info["seconds"] = round(time.monotonic() - started, 2)
    atomic_write_json(run_dir / REGISTRY_FILE, info)
    return info


def _source(run, run_dir: Path, log_model: bool) -> str:
    if log_model:
        return f"{run.info.artifact_uri.rstrip('/')}/run/model"
    return str((run_dir / "model").resolve())


def _log_dataset(client, run_id: str, card: dict, tree: dict) -> None:
    """The training file as an MLflow dataset input: its name, content digest and path."""
    from mlflow.entities import Dataset, DatasetInput, InputTag

    path = tree["data"]["path"] or ""
    digest = str(card.get("content_sha256", ""))[:36]
    dataset = Dataset(name=Path(path).name or "data", digest=digest, source_type="local",
                      source=json.dumps({"uri": path}))
    client.log_inputs(run_id, datasets=[DatasetInput(
        dataset, tags=[InputTag("mlflow.data.context", "training")])])
