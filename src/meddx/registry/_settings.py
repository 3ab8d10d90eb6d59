"""The tracking and model-registry settings of a run (MLflow)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from meddx._settings import StrictModel

__all__ = ["RegistryConfig"]


class RegistryConfig(StrictModel):
    enabled: bool = Field(
        True, description="Log every training run to MLflow (params, metrics, artifacts, dataset "
        "hash, de-id settings, git commit) and register its model as a version with alias "
        "'candidate'. A failure to log is reported in train.log and never fails the run "
        "(needs pip install 'meddx[registry]').",
    )
    tracking_uri: str | None = Field(
        None, description="MLflow tracking URI (also the model registry's). Default: the "
        "MLFLOW_TRACKING_URI environment variable, else SQLite at OUT_DIR/mlflow.db "
        "(sqlite:///runs/mlflow.db), no server needed; e.g. "
        "postgresql://user@host/mlflow or http://host:5000.",
    )
    experiment: str = Field("meddx", description="MLflow experiment the runs are logged under.")
    model_name: str | None = Field(
        None, description="Registered model name. Default: the run name without its trailing "
        "timestamp ('demo-20261127-161744' -> 'demo'; 'meddx' if nothing is left).",
    )
    register_model: bool = Field(
        True, description="Register the run's model as a new version with alias 'candidate'.",
    )
    log_model: bool = Field(
        False, description="Also copy the model folder into the MLflow artifact store. Off: the "
        "version refers to the run directory by path (no copy of the weights), so the run "
        "directory must stay where it is.",
    )
    promote_metrics: list[Literal["macro_f1", "accuracy"]] = Field(
        default_factory=lambda: ["macro_f1"],
        description="Metrics `meddx registry promote` compares, candidate against champion, "
        "overall and per subgroup (data.group_columns).",
    )
    promote_tolerance: float = Field(
        0.02, ge=0, le=1, description="Promotion is refused when the candidate is worse than "
        "the champion by more than this on any compared metric, overall or in any subgroup.",
    )
    promote_min_group: int = Field(
        20, ge=1, description="Subgroups with fewer rows than this are reported but do not "
        "block a promotion.",
    )
