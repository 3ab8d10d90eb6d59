"""The run configuration: one typed tree, loaded from YAML, validated, saved resolved.

Each stage owns its settings model (``meddx.data.DataConfig``, ``meddx.deid.DeidConfig``,
``meddx.text.PrepConfig``, ``meddx.models.ModelConfig``, ``meddx.evaluate.EvalConfig``,
``meddx.registry.RegistryConfig``, and in ``meddx.settings`` those of train, audit, privacy
and federated); this module composes them into :class:`RunConfig` (saved as a run's
``config.yaml`` and compared on resume), checks the rules that span stages, loads YAML and
formats errors. It exports :class:`RunConfig`, :func:`load_config`, :func:`save_config` and
:func:`absolute_paths`;
import a stage's settings from the stage. Every field has a help text (``description``).
Unknown keys are errors that name the key and suggest the closest known one. No validator
reads the disk: the loader does.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError, ValidationInfo, model_validator

from meddx._registry import one_of
from meddx._settings import StrictModel
from meddx.data import DataConfig
from meddx.deid import DeidConfig
from meddx.errors import ConfigError
from meddx.evaluate import EvalConfig
from meddx.models import LlmConfig, ModelConfig, get_mode, mode_names, registered_modes
from meddx.registry import RegistryConfig
from meddx.settings import (
    IMBALANCE_STRATEGIES,
    MITIGATIONS,
    FairnessConfig,
    FederatedConfig,
    PrivacyConfig,
    TrainConfig,
)
from meddx.text import AugmentConfig, PrepConfig

__all__ = ["RunConfig", "absolute_paths", "load_config", "save_config"]

# Settings classes this module once re-exported but does not use: served, with a
# DeprecationWarning, to code written against the old re-exports. Import them from their stage.
_MOVED = {
    "ImbalanceConfig": "meddx.settings",  # also exported by meddx.train
    "LoraSettings": "meddx.models",
    "SetFitSettings": "meddx.models",
    "SplitConfig": "meddx.data",
}


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module 'meddx.config' has no attribute '{name}'")
    import importlib
    import warnings

    warnings.warn(f"meddx.config.{name} is deprecated: import it from {_MOVED[name]}",
                  DeprecationWarning, stacklevel=2)
    return getattr(importlib.import_module(_MOVED[name]), name)


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
    def _consistent(self, info: ValidationInfo) -> RunConfig:
        strategy, mode = self.train.imbalance.strategy, self.model.mode
        backend = self.model.backend
        if backend == "auto":
            folder = (info.context or {}).get("model_folder_family")
            backend = folder or _infer_backend(self.model.name, mode)
            if backend == "causal_lm" and "mode" not in self.model.model_fields_set:
                mode = "zero-shot"
                self.model.mode = mode
            self.model.backend = backend
        allowed = mode_names(backend)
        if mode not in allowed:
            raise ValueError(f"model.mode '{mode}' does not fit model.backend '{backend}'; "
                             f"allowed modes: {', '.join(allowed)}")
        spec = get_mode(backend, mode)
        imbalance = IMBALANCE_STRATEGIES.get(strategy)
        if backend == "causal_lm" and imbalance.corrects:
            raise ValueError("train.imbalance.strategy works with the encoder backend only "
                             f"(got '{strategy}' with model.backend 'causal_lm')")
        if imbalance.embeddings and not spec.frozen_embeddings:
            raise ValueError(
                f"train.imbalance.strategy '{strategy}' works on embeddings: use it with "
                f"model.mode {_modes_where(backend, 'frozen_embeddings')} (got '{mode}')"
            )
        if imbalance.loss and spec.embedding_head:
            raise ValueError(
                f"train.imbalance.strategy '{strategy}' needs model.mode "
                f"{_modes_where(backend, 'fine_tunes')} "
                f"(the {mode} head is a logistic regression)"
            )
        if self.train.early_stopping_patience and self.data.split.validation == 0 \
                and not self.data.split.column:
            raise ValueError("train.early_stopping_patience needs a validation split")
        fair = self.fairness
        mitigation = MITIGATIONS.get(fair.mitigation)
        if mitigation.uses_groups and fair.group_column is None:
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
        _check_precision(self, spec)
        _check_frozen_layers(self, spec)
        if mitigation.post_processing and self.data.split.validation == 0 \
                and not self.data.split.column:
            raise ValueError(f"fairness.mitigation '{fair.mitigation}' is fitted on the validation "
                             "split: set data.split.validation > 0")
        return self


def _check_privacy(cfg: RunConfig) -> None:
    """DP training refuses options whose per-example influence the accounting cannot bound."""
    if cfg.privacy.canaries and (cfg.model.backend != "causal_lm" or cfg.model.mode != "lora"):
        raise ValueError(f"privacy.canaries {cfg.privacy.canaries} measures what a causal LM "
                         "learned to generate: it needs model.backend 'causal_lm' with model.mode "
                         f"'lora'; got model.mode '{cfg.model.mode}' (model.backend "
                         f"'{cfg.model.backend}')")
    if cfg.privacy.epsilon is None:
        return
    where = f"privacy.epsilon {cfg.privacy.epsilon:g} (differentially private training)"
    mode, backend = cfg.model.mode, cfg.model.backend
    spec = get_mode(backend, mode)
    if not spec.private:
        private = [m.name for m in registered_modes() if m.private]
        raise ValueError(f"{where} works with the modes {', '.join(private[:-1])} and "
                         f"{private[-1]}; got model.mode '{mode}' (model.backend '{backend}')")
    if spec.fine_tunes and cfg.prep.long_text == "chunks":
        raise ValueError(f"{where} with model.mode '{mode}' needs one model input per note: "
                         "prep.long_text 'head' or 'head_tail', not 'chunks'")
    strategy = cfg.train.imbalance.strategy
    if IMBALANCE_STRATEGIES.get(strategy).resamples:
        ok = [n for n, s in IMBALANCE_STRATEGIES.in_order() if not (s.resamples or s.loss)]
        raise ValueError(f"{where} cannot be combined with train.imbalance.strategy "
                         f"'{strategy}': resampled or synthesised rows break the per-note "
                         f"privacy accounting; use {one_of(ok)}")
    if MITIGATIONS.get(cfg.fairness.mitigation).in_training:
        ok = [n for n, m in MITIGATIONS.in_order() if not m.in_training]
        raise ValueError(f"{where} cannot be combined with fairness.mitigation "
                         f"'{cfg.fairness.mitigation}': it changes how much one note can move "
                         f"the model; use {one_of(ok)}")


def _check_precision(cfg: RunConfig, spec) -> None:
    """train.precision 'bf16' asked where training runs in fp32 only: the encoder fine-tune
    (Trainer) has it; DP-SGD (Opacus), federated sites and the other modes do not."""
    if cfg.train.precision != "bf16":
        return
    where = ("privacy.epsilon (DP-SGD trains in fp32)" if cfg.privacy.epsilon is not None
             else "federated.site_column (federated sites train in fp32)"
             if cfg.federated.site_column is not None
             else None if spec.fine_tunes
             else f"model.mode '{spec.name}' (model.backend '{spec.backend}')")
    if where is not None:
        raise ValueError(f"train.precision 'bf16' applies to the encoder fine-tune (model.mode "
                         f"{_modes_where('encoder', 'fine_tunes')}) only; got {where}: "
                         "use 'auto' or 'fp32'")


def _check_frozen_layers(cfg: RunConfig, spec) -> None:
    """model.frozen_layers caches the frozen layers' output for the encoder fine-tune (mode
    full, Trainer); the other fits would ignore it, so they refuse it."""
    k = cfg.model.frozen_layers
    if not k:
        return
    where = ("privacy.epsilon (DP training has its own recipe)" if cfg.privacy.epsilon is not None
             else "federated.site_column" if cfg.federated.site_column is not None
             else None if spec.fine_tunes and not spec.lora
             else f"model.mode '{spec.name}' (model.backend '{spec.backend}')")
    if where is not None:
        raise ValueError(f"model.frozen_layers {k} applies to the encoder fine-tune of every "
                         f"weight (model.mode 'full') only; got {where}")
    fair = cfg.fairness
    if fair.mitigation == "adversarial" and fair.adversary_on == "representation":
        raise ValueError(f"model.frozen_layers {k} with fairness.mitigation 'adversarial' needs "
                         "fairness.adversary_on 'logits' (the cached top layers return logits only)")


def _check_federated(cfg: RunConfig) -> None:
    site = cfg.federated.site_column
    if site is None:
        return
    mode = get_mode(cfg.model.backend, cfg.model.mode)
    if not mode.federated:
        ok = " or ".join(f"'{m.name}' ({m.summary})" for m in registered_modes() if m.federated)
        raise ValueError(f"federated.site_column '{site}' (meddx federate) supports model.mode "
                         f"{ok}; got '{cfg.model.mode}'")
    if mode.lora and cfg.privacy.epsilon is not None:
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
    if IMBALANCE_STRATEGIES.get(strategy).corrects:
        raise ValueError(f"federated.site_column '{site}': train.imbalance.strategy '{strategy}' "
                         "is not supported by the federated head; use 'none'")
    if MITIGATIONS.get(cfg.fairness.mitigation).uses_groups:
        raise ValueError(f"federated.site_column '{site}': fairness.mitigation "
                         f"'{cfg.fairness.mitigation}' is not supported by the federated head")


def _modes_where(backend: str, prop: str) -> str:
    """'a', 'b' or 'c': the modes of ``backend`` whose property ``prop`` is true."""
    return one_of(m.name for m in registered_modes(backend) if getattr(m, prop))


def _infer_backend(name: str, mode: str) -> str:
    """The model family a preset or the mode implies (causal LM or encoder); a local folder's
    own ``config.json`` is read by :func:`load_config` (:func:`_folder_family`)."""
    from meddx.models import PRESETS

    if name in PRESETS:
        return PRESETS.get(name).family
    causal_only = mode in mode_names("causal_lm") and mode not in mode_names("encoder")
    return "causal_lm" if causal_only else "encoder"


def _folder_family(raw: dict[str, Any]) -> str | None:
    """'causal_lm' when ``model.backend`` is auto and ``model.name`` is a local folder whose
    ``config.json`` names a causal-LM architecture; else None (the validator decides)."""
    import json

    from meddx.models import PRESETS

    model = raw.get("model")
    if not isinstance(model, dict) or model.get("backend", "auto") != "auto":
        return None
    name = model.get("name", ModelConfig.model_fields["name"].default)
    if not isinstance(name, str) or name in PRESETS:
        return None
    config = Path(name).expanduser() / "config.json"
    if not config.is_file():
        return None
    try:
        archs = json.loads(config.read_text(encoding="utf-8")).get("architectures") or []
    except (OSError, ValueError):
        archs = []
    return "causal_lm" if any(a.endswith("ForCausalLM") for a in archs) else None


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
    hint = ""
    if err["type"] == "literal_error" and isinstance(got, str):  # 'chunk' for 'chunks'
        allowed = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        close = difflib.get_close_matches(got, allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"{source}: config field '{dotted}': {msg or err['msg']} (got {got_s}){hint}"


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
        return RunConfig.model_validate(raw, context={"model_folder_family": _folder_family(raw)})
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


# The config fields that name a file or folder on this machine (section, field), and for those
# that also take a built-in name, which names stay names ("presets": meddx.models.PRESETS,
# "templates": meddx.models.TEMPLATES). A test walks the schema for path-valued fields.
_PATH_FIELDS = (("data", "path"), ("deid", "ner_model"), ("deid", "crf_model"),
                ("deid", "leak_allow_list"), ("augment", "marian_to"),
                ("augment", "marian_back"), ("augment", "paraphrase_model"), ("model", "name"),
                ("llm", "template"), ("llm", "embedder"), ("llm", "kb_path"))
_NAMED_FIELDS = {("augment", "paraphrase_model"): "presets", ("model", "name"): "presets",
                 ("llm", "embedder"): "presets", ("llm", "template"): "templates"}


def absolute_paths(config: RunConfig) -> RunConfig:
    """The config with its relative file and folder paths that exist made absolute (against
    the working directory), so that a run's saved ``config.yaml`` reads the same files from any
    folder (`meddx audit`, `explain`, `monitor`, `retrain` and a re-run read the run's data).
    A model preset or built-in prompt template name stays a name."""
    from meddx.models import PRESETS, TEMPLATES

    names = {"presets": PRESETS, "templates": TEMPLATES}
    sections: dict[str, dict[str, str]] = {}
    for section, field in _PATH_FIELDS:
        value = getattr(getattr(config, section), field)
        if not value or Path(value).is_absolute() or not Path(value).exists():
            continue
        kind = _NAMED_FIELDS.get((section, field))
        if kind is not None and value in names[kind]:
            continue
        sections.setdefault(section, {})[field] = str(Path(value).resolve())
    update = {name: getattr(config, name).model_copy(update=fields)
              for name, fields in sections.items()}
    return config.model_copy(update=update) if update else config
