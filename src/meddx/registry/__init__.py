"""Registry stage: lineage and versions of trained runs in MLflow, promotion, retraining.

* :func:`log_training_run`: what ``meddx train`` logs to MLflow (params, metrics, artifacts,
  dataset hash, de-id settings, git commit) and the registration of its model as a version with
  alias ``candidate``;
* :func:`list_models`, :func:`show_model`, :func:`resolve_model_uri` (``models:/NAME@champion``
  to a run directory), :func:`promote` (moves ``champion``; refuses a worse candidate);
* :func:`compare_runs` and :func:`gate`: candidate against champion, overall and per subgroup;
* :func:`retrain`: a candidate from the champion's de-identified data plus clinicians' corrected
  labels; :func:`deidentified_corpus`: a run's corpus de-identified as in training.

mlflow is imported only when used (``pip install 'meddx[registry]'``); telemetry is turned off
(``MLFLOW_DISABLE_TELEMETRY=true`` unless set) before it is imported.
"""

from meddx.registry._client import TRACKING_ENV, default_model_name, resolve_tracking_uri
from meddx.registry._compare import COMPARISON_FILE, compare_runs, gate
from meddx.registry._models import (
    CANDIDATE,
    CHAMPION,
    is_model_uri,
    list_models,
    resolve_model_uri,
    set_alias,
    show_model,
)
from meddx.registry._promote import PromotionRefused, promote
from meddx.registry._retrain import deidentified_corpus, read_feedback_set, retrain
from meddx.registry._track import REGISTRY_FILE, log_training_run

__all__ = [
    "CANDIDATE",
    "CHAMPION",
    "COMPARISON_FILE",
    "REGISTRY_FILE",
    "TRACKING_ENV",
    "PromotionRefused",
    "compare_runs",
    "default_model_name",
    "deidentified_corpus",
    "gate",
    "is_model_uri",
    "list_models",
    "log_training_run",
    "promote",
    "read_feedback_set",
    "resolve_model_uri",
    "resolve_tracking_uri",
    "retrain",
    "set_alias",
    "show_model",
]
