"""Registry stage: lineage and versions of trained runs in MLflow.

* :func:`log_training_run`: what ``meddx train`` logs to MLflow (params, metrics, artifacts,
  dataset hash, de-id settings, git commit) and the registration of its model as a version with
  alias ``candidate``;
* :func:`list_models`, :func:`show_model`, :func:`set_alias`, :func:`resolve_model_uri`
  (``models:/NAME@champion`` to a run directory, which :func:`meddx.runs.load_run` uses);
* :func:`model_version`: a hash of a run's model files' content (the version the service
  reports and the registry tags; the same weights give the same version in any folder).

Comparing a candidate with the champion, promotion behind that gate and retraining from
clinicians' corrected labels load runs and score them, so they compose this package with the
stages: :func:`meddx.pipeline.compare_runs`, :func:`meddx.pipeline.promote`,
:func:`meddx.pipeline.retrain`.

mlflow is imported only when used (``pip install 'meddx[registry]'``); telemetry is turned off
(``MLFLOW_DISABLE_TELEMETRY=true`` unless set) before it is imported.
"""

from meddx.registry._client import (
    TRACKING_ENV,
    default_model_name,
    mlflow_client,
    mlflow_quiet,
    resolve_tracking_uri,
    safe_uri,
)
from meddx.registry._models import (
    CANDIDATE,
    CHAMPION,
    get_version,
    is_model_uri,
    list_models,
    parse_model_uri,
    resolve_model_uri,
    set_alias,
    show_model,
)
from meddx.registry._settings import RegistryConfig
from meddx.registry._track import REGISTRY_FILE, log_training_run
from meddx.registry._version import model_version

__all__ = [
    "CANDIDATE",
    "CHAMPION",
    "REGISTRY_FILE",
    "TRACKING_ENV",
    "RegistryConfig",
    "default_model_name",
    "get_version",
    "is_model_uri",
    "list_models",
    "log_training_run",
    "mlflow_client",
    "mlflow_quiet",
    "model_version",
    "parse_model_uri",
    "resolve_model_uri",
    "resolve_tracking_uri",
    "safe_uri",
    "set_alias",
    "show_model",
]
