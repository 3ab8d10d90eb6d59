"""The run configuration: one typed tree, loaded from YAML, validated, saved resolved.

Every field has a help text (``description``). Unknown keys are errors that name the key
and suggest the closest known one.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from meddx._settings import StrictModel
from meddx.data import DataConfig, SplitConfig
from meddx.deid import DeidConfig
from meddx.errors import ConfigError
from meddx.models import CAUSAL_MODES, ENCODER_MODES, LlmConfig, LoraSettings, ModelConfig, SetFitSettings
from meddx.text import AugmentConfig, PrepConfig

__all__ = [
    "AugmentConfig",
    "DataConfig",
    "DeidConfig",
    "EvalConfig",
    "FairnessConfig",
    "FederatedConfig",
    "ImbalanceConfig",
    "LlmConfig",
    "LoraSettings",
    "ModelConfig",
    "PrepConfig",
    "PrivacyConfig",
    "RegistryConfig",
    "RunConfig",
    "SetFitSettings",
    "SplitConfig",
    "TrainConfig",
    "load_config",
    "save_config",
]


class ImbalanceConfig(StrictModel):
    strategy: Literal["none", "class_weight", "focal", "oversample", "undersample", "smote"] = Field(
        "none",
        description="'class_weight' weights the loss; 'focal' uses focal loss; 'oversample' / "
        "'undersample' draw batches with a weighted sampler; 'smote' synthesises minority "
        "embeddings (mode=frozen only).",
    )
    class_weights: Literal["balanced"] | dict[str, float] = Field(
        "balanced", description="With class_weight or focal: 'balanced' or a weight per label."
    )
    focal_gamma: float = Field(2.0, ge=0, description="Focusing parameter of focal loss.")


class TrainConfig(StrictModel):
    epochs: float = Field(3, gt=0, description="Training epochs.")
    batch_size: int = Field(16, ge=1, description="Per-device training batch size.")
    eval_batch_size: int = Field(64, ge=1, description="Per-device evaluation batch size.")
    learning_rate: float = Field(5e-5, gt=0, description="Peak learning rate.")
    lr_scheduler: Literal["linear", "cosine", "constant_with_warmup"] = Field(
        "linear", description="Learning-rate schedule after warm-up."
    )
    warmup_ratio: float = Field(0.06, ge=0, lt=1, description="Share of steps used for warm-up.")
    gradient_accumulation_steps: int = Field(1, ge=1, description="Batches per optimizer step.")
    weight_decay: float = Field(0.01, ge=0, description="AdamW weight decay.")
    label_smoothing: float = Field(0.0, ge=0, lt=1, description="Label smoothing (single-label).")
    early_stopping_patience: int | None = Field(
        None, ge=1, description="Stop after this many evaluations without improvement."
    )
    metric_for_best: Literal["macro_f1", "accuracy", "loss"] = Field(
        "macro_f1", description="Validation metric that picks the best checkpoint."
    )
    max_steps: int | None = Field(None, ge=1, description="Stop after this many optimizer steps.")
    time_budget_minutes: float | None = Field(
        None, gt=0, description="Wall-clock budget of fine-tuning. From the measured seconds per "
        "step, a plan that would not fit is shortened and its learning-rate schedule re-stretched "
        "to end within the budget (a complete, decayed schedule); training stops cleanly, with a "
        "checkpoint, at the new end or when the time is spent. metrics.json 'training', the "
        "console and the report say so."
    )
    save_steps: int | None = Field(
        None, ge=1, description="Checkpoint every N steps (default: once per epoch)."
    )
    keep_checkpoints: Literal["best", "last", "all"] = Field(
        "best", description="Training checkpoints kept in RUN/checkpoints once the run is complete "
        "(the model itself is in RUN/model): 'best' the one with the best validation metric (the "
        "last without a validation split), 'last' the last one, 'all' every one (also while "
        "training; otherwise at most two are kept: the best and the latest, for --resume)."
    )
    seed: int = Field(42, description="Seed for weights, dropout and batch order.")
    threads: int | None = Field(None, ge=1, description="torch CPU threads (default: all cores).")
    imbalance: ImbalanceConfig = Field(default_factory=ImbalanceConfig, description="Class imbalance.")


class EvalConfig(StrictModel):
    bootstrap: int = Field(1000, ge=0, description="Bootstrap resamples for confidence intervals.")
    ci: float = Field(0.95, gt=0, lt=1, description="Confidence level of the intervals.")
    ece_bins: int = Field(15, ge=2, description="Bins of the expected calibration error.")
    threshold: float = Field(0.5, gt=0, lt=1, description="Decision threshold (multilabel).")
    calibration: Literal["temperature", "vector", "dirichlet", "isotonic", "platt", "auto",
                         "none"] = Field(
        "temperature",
        description="Calibrator fitted on the validation split after training and applied by "
        "`meddx predict`; metrics.json reports test ECE and Brier before and after. 'vector' is "
        "vector scaling (a temperature and a bias per class); 'dirichlet' a regularised linear map "
        "of log-probabilities; 'auto' picks among temperature, vector, dirichlet and isotonic by "
        "cross-validated NLL on the validation split only.",
    )


class FairnessConfig(StrictModel):
    mitigation: Literal["none", "reweighting", "resampling", "threshold", "adversarial"] = Field(
        "none",
        description="Subgroup-gap mitigation: 'reweighting' weights each (group x label) cell as if "
        "group and label were independent; 'resampling' oversamples every (group x label) cell to "
        "the largest; 'threshold' chooses group-specific decision rules on the calibrated "
        "validation split (binary: fairlearn's ThresholdOptimizer; multiclass: per-group class "
        "offsets on log-probabilities equalising TPR; needs pip install 'meddx[audit]'); "
        "'adversarial' trains against an adversary that predicts the group, through a "
        "gradient-reversal layer (fine-tuning and the frozen head; single-label tasks).",
    )
    adversary_weight: float = Field(
        1.0, ge=0, description="With mitigation=adversarial: lambda, the weight of the reversed "
        "adversary gradient (ramped up from 0 over the first half of training)."
    )
    adversary_on: Literal["logits", "representation"] = Field(
        "logits", description="With mitigation=adversarial: what the adversary reads, besides the "
        "true label: the classifier's logits (Zhang et al. 2018) or the pooled representation "
        "([CLS] hidden state when fine-tuning, a learned projection of the embeddings when frozen)."
    )
    groups: list[str] | None = Field(
        None, description="Group columns audited inside `meddx train` (audit.json, model_card.md, "
        "report sections, data audit); default: all data.group_columns. [] turns the audit off."
    )
    proxy_auroc: float = Field(
        0.65, gt=0.5, le=1, description="Data audit: flag a group column as having a proxy in the "
        "text when a TF-IDF logistic regression predicts it from the text with cross-validated "
        "AUROC above this."
    )
    group_column: str | None = Field(
        None, description="The group column to mitigate over; must be one of data.group_columns."
    )
    constraints: Literal[
        "equalized_odds", "demographic_parity", "true_positive_rate_parity",
        "false_positive_rate_parity", "false_negative_rate_parity", "true_negative_rate_parity",
    ] = Field("equalized_odds", description="With mitigation=threshold: the fairness constraint.")
    offset_direction: Literal["pooled", "raise"] = Field(
        "pooled", description="With mitigation=threshold on a multiclass task: 'pooled' moves "
        "every group's per-class TPR towards the pooled rate (raising some groups, lowering "
        "others); 'raise' only raises groups below the best group's rate."
    )


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


class PrivacyConfig(StrictModel):
    epsilon: float | None = Field(
        None, gt=0, description="Differentially private training (DP-SGD with Opacus, needs pip "
        "install 'meddx[privacy]'): the target epsilon of the whole training run. None: off. "
        "Works with model.mode frozen (the head on cached embeddings), lora and full.",
    )
    delta: float | None = Field(
        None, gt=0, lt=1, description="Target delta; default min(1/n_train, 1e-5).",
    )
    max_grad_norm: float = Field(
        1.0, gt=0, description="Per-example gradient clipping norm (the sensitivity of a step).",
    )
    accountant: Literal["prv", "rdp"] = Field(
        "prv", description="Privacy accountant: 'prv' (privacy random variables, tighter) or "
        "'rdp' (Renyi DP).",
    )
    poisson_sampling: bool = Field(
        True, description="Draw each batch by Poisson sampling (each note joins a batch with "
        "probability batch_size / n_train), as the accounting assumes. Off: fixed-size shuffled "
        "batches, an approximation the accounting does not cover.",
    )
    epochs: int = Field(
        30, ge=1, description="With model.mode frozen: DP-SGD epochs of the head (other modes "
        "use train.epochs).",
    )
    batch_size: int = Field(
        64, ge=1, description="With model.mode frozen: expected batch size of the DP head (other "
        "modes use train.batch_size).",
    )
    learning_rate: float = Field(
        0.1, gt=0, description="With model.mode frozen: learning rate of the DP head (other "
        "modes use train.learning_rate).",
    )


class FederatedConfig(StrictModel):
    site_column: str | None = Field(
        None, description="`meddx federate`: the column naming each note's site (hospital); "
        "each site trains locally and only weights travel. None: not a federated run.",
    )
    rounds: int = Field(10, ge=1, description="Federated rounds (one local fit per site each).")
    strategy: Literal["fedavg", "fedprox", "fedavgm", "fedadam", "fedyogi"] = Field(
        "fedavg", description="Aggregation (Flower's strategies): 'fedavg' (weighted by site "
        "size), 'fedprox' (FedAvg plus a proximal term on each site's loss), 'fedavgm' (server "
        "momentum), 'fedadam' or 'fedyogi' (the server takes an Adam/Yogi step along the "
        "averaged update).",
    )
    proximal_mu: float = Field(0.1, ge=0, description="With fedprox: the proximal term's weight.")
    server_learning_rate: float = Field(
        1.0, gt=0, description="Server step: fedavgm's server learning rate, fedadam/fedyogi's "
        "eta (fedavg and fedprox take the plain average).",
    )
    server_momentum: float = Field(
        0.0, ge=0, lt=1, description="fedavgm's server momentum; fedadam/fedyogi's beta_1 "
        "(0: Flower's default 0.9).",
    )
    local_epochs: int = Field(1, ge=1, description="Epochs of local training per round.")
    local_steps: int = Field(
        0, ge=0, description="Cap on a site's optimiser steps per round (0: local_epochs full "
        "passes). Few steps per round keep skewed sites from drifting apart.",
    )
    local_optimizer: Literal["adam", "sgd"] = Field(
        "adam", description="Local optimiser of the head: 'adam' or plain 'sgd'.",
    )
    learning_rate: float = Field(
        0.05, gt=0, description="Local learning rate of the frozen-encoder head (LoRA sites "
        "fine-tune at train.learning_rate with batches of train.batch_size).",
    )
    weight_decay: float = Field(
        0.0, ge=0, description="L2 penalty weight_decay/2 ||W||^2 on the head's weights, in every "
        "site's loss (a logistic regression's 1/(C n)).",
    )
    batch_size: int = Field(
        32, ge=0, description="Local batch size of the head (0: the whole site in one batch).",
    )
    min_site_notes: int = Field(
        10, ge=1, description="Refuse a site with fewer training notes than this.",
    )


class RunConfig(StrictModel):
    name: str | None = Field(None, description="Run name; default: a timestamp.")
    out_dir: str = Field("runs", description="Folder under which runs/NAME is created.")
    data: DataConfig = Field(default_factory=DataConfig, description="Input data.")
    deid: DeidConfig = Field(
        default_factory=DeidConfig, description="De-identification, before anything else."
    )
    prep: PrepConfig = Field(default_factory=PrepConfig, description="Text preparation.")
    augment: AugmentConfig = Field(
        default_factory=AugmentConfig, description="Training-split augmentation (off by default)."
    )
    model: ModelConfig = Field(default_factory=ModelConfig, description="Model.")
    train: TrainConfig = Field(default_factory=TrainConfig, description="Training.")
    eval: EvalConfig = Field(default_factory=EvalConfig, description="Evaluation.")
    fairness: FairnessConfig = Field(
        default_factory=FairnessConfig, description="Subgroup fairness mitigation."
    )
    llm: LlmConfig = Field(default_factory=LlmConfig, description="Causal-LM backend (prompts, "
                           "verbaliser, few-shot, RAG).")
    baseline: bool = Field(True, description="Also train the TF-IDF + logistic regression baseline.")
    registry: RegistryConfig = Field(
        default_factory=RegistryConfig, description="MLflow tracking and model registry."
    )
    privacy: PrivacyConfig = Field(
        default_factory=PrivacyConfig, description="Differentially private training."
    )
    federated: FederatedConfig = Field(
        default_factory=FederatedConfig, description="Federated training (`meddx federate`)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> RunConfig:
        strategy, mode = self.train.imbalance.strategy, self.model.mode
        backend = self.model.backend
        if backend == "auto":
            backend = _infer_backend(self.model.name, mode)
            if backend == "causal_lm" and "mode" not in self.model.model_fields_set:
                mode = "zero-shot"
                self.model.mode = mode
            self.model.backend = backend
        allowed = CAUSAL_MODES if backend == "causal_lm" else ENCODER_MODES
        if backend != "auto" and mode not in allowed:
            raise ValueError(f"model.mode '{mode}' does not fit model.backend '{backend}'; "
                             f"allowed modes: {', '.join(allowed)}")
        if backend == "causal_lm" and strategy != "none":
            raise ValueError("train.imbalance.strategy works with the encoder backend only "
                             f"(got '{strategy}' with model.backend 'causal_lm')")
        if strategy == "smote" and mode != "frozen":
            raise ValueError(
                "train.imbalance.strategy 'smote' works on embeddings: use it with "
                f"model.mode 'frozen' (got '{mode}')"
            )
        if strategy == "focal" and mode in ("frozen", "setfit"):
            raise ValueError(
                "train.imbalance.strategy 'focal' needs model.mode 'full' or 'lora' "
                f"(the {mode} head is a logistic regression)"
            )
        if self.train.early_stopping_patience and self.data.split.validation == 0 \
                and not self.data.split.column:
            raise ValueError("train.early_stopping_patience needs a validation split")
        fair = self.fairness
        if fair.mitigation != "none" and fair.group_column is None:
            raise ValueError(f"fairness.mitigation '{fair.mitigation}' needs fairness.group_column; "
                             f"data.group_columns are: {', '.join(self.data.group_columns) or '(none)'}")
        if fair.group_column is not None and fair.group_column not in self.data.group_columns:
            raise ValueError(f"fairness.group_column '{fair.group_column}' is not in data.group_columns; "
                             f"they are: {', '.join(self.data.group_columns) or '(none)'}")
        unknown = [g for g in fair.groups or [] if g not in self.data.group_columns]
        if unknown:
            raise ValueError(f"fairness.groups: '{unknown[0]}' is not in data.group_columns; "
                             f"they are: {', '.join(self.data.group_columns) or '(none)'}")
        _check_privacy(self)
        _check_federated(self)
        if fair.mitigation == "threshold" and self.data.split.validation == 0 \
                and not self.data.split.column:
            raise ValueError("fairness.mitigation 'threshold' is fitted on the validation split: "
                             "set data.split.validation > 0")
        return self


def _check_privacy(cfg: RunConfig) -> None:
    """DP training refuses options whose per-example influence the accounting cannot bound."""
    if cfg.privacy.epsilon is None:
        return
    where = f"privacy.epsilon {cfg.privacy.epsilon:g} (differentially private training)"
    mode, backend = cfg.model.mode, cfg.model.backend
    if backend == "causal_lm" or mode not in ("frozen", "lora", "full"):
        raise ValueError(f"{where} works with the encoder modes frozen, lora and full; got "
                         f"model.mode '{mode}' (model.backend '{backend}')")
    if mode in ("lora", "full") and cfg.prep.long_text == "chunks":
        raise ValueError(f"{where} with model.mode '{mode}' needs one model input per note: "
                         "prep.long_text 'head' or 'head_tail', not 'chunks'")
    strategy = cfg.train.imbalance.strategy
    if strategy in ("smote", "oversample", "undersample"):
        raise ValueError(f"{where} cannot be combined with train.imbalance.strategy "
                         f"'{strategy}': resampled or synthesised rows break the per-note "
                         "privacy accounting; use 'none' or 'class_weight'")
    if cfg.fairness.mitigation in ("adversarial", "reweighting", "resampling"):
        raise ValueError(f"{where} cannot be combined with fairness.mitigation "
                         f"'{cfg.fairness.mitigation}': it changes how much one note can move "
                         "the model; use 'none' or 'threshold' (post-processing)")


def _check_federated(cfg: RunConfig) -> None:
    site = cfg.federated.site_column
    if site is None:
        return
    if cfg.model.mode not in ("frozen", "lora") or cfg.model.backend == "causal_lm":
        raise ValueError(f"federated.site_column '{site}' (meddx federate) supports model.mode "
                         "'frozen' (a head on the frozen encoder) and 'lora' (encoder LoRA "
                         f"adapters and head); got '{cfg.model.mode}'")
    if cfg.model.mode == "lora" and cfg.privacy.epsilon is not None:
        raise ValueError("per-site DP (privacy.epsilon with federated.site_column) supports "
                         "model.mode 'frozen' only; federated LoRA runs without DP")
    if cfg.privacy.epsilon is not None and cfg.federated.strategy == "fedprox":
        raise ValueError("per-site DP (privacy.epsilon with federated.site_column) cannot use "
                         "federated.strategy 'fedprox': its proximal term does not pass through "
                         "the per-example clipping; use fedavg, fedavgm, fedadam or fedyogi")
    if cfg.privacy.epsilon is not None and cfg.federated.local_steps:
        raise ValueError("per-site DP (privacy.epsilon with federated.site_column) trains whole "
                         "local epochs (the accounting counts them): set federated.local_steps 0")
    if site not in cfg.data.group_columns:
        cfg.data.group_columns = [*cfg.data.group_columns, site]  # carried with each note
    strategy = cfg.train.imbalance.strategy
    if strategy != "none":
        raise ValueError(f"federated.site_column '{site}': train.imbalance.strategy '{strategy}' "
                         "is not supported by the federated head; use 'none'")
    if cfg.fairness.mitigation != "none":
        raise ValueError(f"federated.site_column '{site}': fairness.mitigation "
                         f"'{cfg.fairness.mitigation}' is not supported by the federated head")


def _infer_backend(name: str, mode: str) -> str:
    """The model family a preset or local folder implies (causal LM or encoder)."""
    import json

    from meddx.models import PRESETS

    if name in PRESETS:
        return PRESETS.get(name).family
    config = Path(name).expanduser() / "config.json"
    if config.is_file():
        try:
            archs = json.loads(config.read_text(encoding="utf-8")).get("architectures") or []
        except (OSError, ValueError):
            archs = []
        if any(a.endswith("ForCausalLM") for a in archs):
            return "causal_lm"
    return "causal_lm" if mode in ("zero-shot", "few-shot", "seqcls", "rag") else "encoder"


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names valid at ``loc`` (the parent of the offending key)."""
    current: Any = model
    for part in loc:
        field = current.model_fields.get(part) if isinstance(part, str) else None
        if field is None:
            return []
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            current = ann
        else:
            return []
    return list(current.model_fields)


def _field_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """``loc`` without pydantic's union-branch tags (``head_c.float`` -> ``head_c``)."""
    out: list[Any] = []
    current: Any = RunConfig
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        out.append(part)
        field = current.model_fields.get(part) if current and isinstance(part, str) else None
        current = None
        if field is None:
            continue
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            current = ann
        elif typing.get_origin(ann) in (typing.Union, types.UnionType) and parts:
            arms = [a for a in typing.get_args(ann) if a is not type(None)]
            if len(arms) > 1:
                parts.pop(0)
    return tuple(out)


def _format_error(err: dict[str, Any], source: str, msg: str | None = None) -> str:
    loc = _field_loc(tuple(err["loc"]))
    dotted = ".".join(str(p) for p in loc) or "(top level)"
    if err["type"] == "extra_forbidden":
        key = str(loc[-1])
        known = _known_keys(RunConfig, loc[:-1])
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        allowed = f". Known keys here: {', '.join(known)}." if known and not close else ""
        return f"{source}: unknown config key '{dotted}'{hint}{allowed}"
    if err["type"] == "value_error":
        msg = str(err["msg"]).removeprefix("Value error, ")
        return f"{source}: config field '{dotted}': {msg}" if loc else f"{source}: {msg}"
    got = err.get("input")
    got_s = repr(got) if not isinstance(got, dict) else "a mapping"
    return f"{source}: config field '{dotted}': {msg or err['msg']} (got {got_s})"


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def load_config(
    path: str | Path | None = None, overrides: dict[str, Any] | None = None
) -> RunConfig:
    """Load a YAML config (optional), apply nested ``overrides`` (flags win), validate."""
    raw: dict[str, Any] = {}
    source = "config"
    if path is not None:
        source = str(path)
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"config file not found: {path}")
        try:
            loaded = yaml.safe_load(p.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise ConfigError(f"{path}: not valid YAML{where}") from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path}: the top level must be a mapping of keys, not a list or value")
        raw = loaded
    if overrides:
        raw = _deep_merge(raw, overrides)
        if path is None:
            source = "command-line options"
    try:
        return RunConfig.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        first = _field_loc(tuple(errors[0]["loc"]))
        # A union field fails once per arm: report every arm's message together.
        msgs = [e["msg"] for e in errors if _field_loc(tuple(e["loc"])) == first]
        raise ConfigError(_format_error(errors[0], source, " or ".join(msgs))) from None


def save_config(config: RunConfig, path: str | Path) -> None:
    """Write the resolved config as YAML (atomically)."""
    from meddx._io import atomic_write_text

    text = yaml.safe_dump(config.model_dump(mode="json"), sort_keys=False)
    atomic_write_text(Path(path), text)
