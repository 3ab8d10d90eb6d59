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
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from meddx.errors import ConfigError

__all__ = [
    "DataConfig",
    "DeidConfig",
    "EvalConfig",
    "FairnessConfig",
    "ImbalanceConfig",
    "LlmConfig",
    "LoraSettings",
    "ModelConfig",
    "PrepConfig",
    "RegistryConfig",
    "RunConfig",
    "SetFitSettings",
    "SplitConfig",
    "TrainConfig",
    "load_config",
    "save_config",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class SplitConfig(_Strict):
    train: float = Field(0.7, gt=0, lt=1, description="Fraction of rows for training.")
    validation: float = Field(
        0.1, ge=0, lt=1, description="Fraction for validation (early stopping, calibration)."
    )
    test: float = Field(0.2, gt=0, lt=1, description="Fraction for the held-out test split.")
    seed: int = Field(13, description="Seed of the split; the same seed gives the same split.")
    column: str | None = Field(
        None,
        description="Use this column's values (train/validation/test, also val/dev/valid) as a "
        "predefined split instead of drawing one. Without validation rows, validation is carved "
        "from train.",
    )

    @model_validator(mode="after")
    def _sums_to_one(self) -> SplitConfig:
        total = self.train + self.validation + self.test
        if abs(total - 1.0) > 1e-6:
            raise ValueError(
                f"split fractions train+validation+test must sum to 1, got {total:.3f}"
            )
        return self


class DataConfig(_Strict):
    path: str | None = Field(None, description="CSV, JSONL, Parquet file or local HF datasets folder.")
    format: Literal["auto", "csv", "jsonl", "parquet", "hf"] = Field(
        "auto", description="File format; 'auto' guesses from the extension."
    )
    text_column: str = Field("text", description="Column holding the note text.")
    label_column: str | None = Field(
        "label", description="Column holding the label (or a delimited list for multilabel)."
    )
    label_columns: list[str] | None = Field(
        None, description="Several 0/1 columns, one per label (multilabel). Overrides label_column."
    )
    label_delimiter: str | None = Field(
        None, description="Split label_column on this delimiter to get several labels (multilabel)."
    )
    task: Literal["auto", "binary", "multiclass", "multilabel"] = Field(
        "auto", description="Task type; 'auto' infers it from the labels."
    )
    labels: list[str] | None = Field(
        None, description="The allowed labels, in order. Labels outside this list are errors."
    )
    label_names: dict[str, str] | None = Field(
        None, description="Map raw label values to readable names (e.g. '1': 'neoplasms')."
    )
    id_column: str | None = Field(None, description="Unique id per row (checked for duplicates).")
    patient_column: str | None = Field(
        None, description="Patient id; all notes of a patient stay in one split."
    )
    timestamp_column: str | None = Field(None, description="Note time, kept for monitoring.")
    group_columns: list[str] = Field(
        default_factory=list, description="Demographic columns kept for subgroup audits. "
        "'population' and 'sex_studied', when the file has no such column, are derived from the "
        "text by keyword rules (study-population descriptors, not patient demographics; see "
        "meddx.data.population_from_text)."
    )
    on_invalid: Literal["error", "drop"] = Field(
        "error",
        description="What to do with an invalid row (empty text, missing label): stop with an "
        "error naming it, or drop it and report the reason in the data card.",
    )
    duplicates: Literal["drop_conflicting", "keep_first", "keep_all"] = Field(
        "drop_conflicting",
        description="Identical texts: 'drop_conflicting' keeps one copy of same-label duplicates "
        "and drops every copy whose labels disagree; 'keep_first' keeps the first copy; "
        "'keep_all' keeps all (they still share one split).",
    )
    max_rows: int | None = Field(None, gt=0, description="Use only the first N rows (quick runs).")
    split: SplitConfig = Field(default_factory=SplitConfig, description="How to split.")


class DeidConfig(_Strict):
    enabled: bool = Field(
        True, description="De-identify the text column right after loading, before splitting, "
        "training, logs or reports see it."
    )
    mode: Literal["redact", "mask", "surrogate"] = Field(
        "redact",
        description="'redact' replaces PHI with typed tags ([DATE], [NAME]); 'mask' with '*' "
        "(or [PHI], see mask_style); 'surrogate' with realistic fake values, consistent per "
        "patient, dates shifted per patient (needs pip install 'meddx[deid]').",
    )
    detectors: list[str] = Field(
        default_factory=lambda: ["rules", "names", "places"],
        description="Detectors to run, by registered name: 'rules' (dates, phones, ids, "
        "addresses, ages over 89), 'names' (census name lists + cues), 'places' (hospitals, "
        "cities), 'ner' (a trained token classifier, see ner_model), 'presidio' (Presidio "
        "with spaCy en_core_web_sm, needs pip install 'meddx[presidio]').",
    )
    ner_model: str | None = Field(
        None, description="Folder of a NER detector trained by `meddx deid-train --out DIR`; "
        "needed when detectors include 'ner'.",
    )
    consistent: bool = Field(
        True, description="After detection, also replace every other occurrence, in any "
        "text of the corpus, of a PHI string found somewhere (a surname tagged after 'Dr.' in "
        "one note but bare in another). Matches as the leakage scan does."
    )
    labels: list[str] | None = Field(
        None, description="Replace only these PHI types (e.g. [NAME, DATE]); default: all."
    )
    mask_style: Literal["stars", "tag"] = Field(
        "stars", description="With mode=mask: '*' repeated to the PHI's length, or '[PHI]'."
    )
    seed: int = Field(
        0, description="With mode=surrogate: seed of the fake values and date offsets."
    )
    max_shift_days: int = Field(
        365, ge=1, le=3650,
        description="With mode=surrogate: each patient's dates move by 1 to this many days.",
    )

    @field_validator("detectors")
    @classmethod
    def _known_detectors(cls, value: list[str]) -> list[str]:
        from meddx.deid import DETECTORS

        unknown = [v for v in value if v not in DETECTORS]
        if unknown:
            raise ValueError(f"unknown detector '{unknown[0]}'; known: {', '.join(DETECTORS)}")
        if not value:
            raise ValueError(f"name at least one detector; known: {', '.join(DETECTORS)}")
        return value

    @field_validator("labels")
    @classmethod
    def _known_labels(cls, value: list[str] | None) -> list[str] | None:
        from meddx.deid import LABELS

        bad = [v for v in value or [] if v not in LABELS]
        if bad:
            raise ValueError(f"unknown PHI type '{bad[0]}'; known: {', '.join(LABELS)}")
        return value

    @model_validator(mode="after")
    def _ner_needs_model(self) -> DeidConfig:
        if "ner" in self.detectors and not self.ner_model:
            raise ValueError("detector 'ner' needs ner_model (a folder made by `meddx deid-train "
                             "--out DIR`); got none")
        return self


class PrepConfig(_Strict):
    unicode_normalize: Literal["NFKC", "NFC", "none"] = Field(
        "NFKC", description="Unicode normalisation form applied to every text."
    )
    collapse_whitespace: bool = Field(True, description="Collapse runs of whitespace to one space.")
    lowercase: bool = Field(
        False, description="Lowercase texts (a warning is given if the tokenizer is cased)."
    )
    remove_brackets: bool = Field(
        False, description="Remove text inside (...) and [...] (loses e.g. '(n = 11)')."
    )
    max_length: int = Field(256, ge=16, le=8192, description="Tokens per model input window.")
    long_text: Literal["head", "head_tail", "chunks"] = Field(
        "head",
        description="Notes longer than max_length: keep the head, keep head and tail, or split "
        "into overlapping chunks whose predictions are pooled per document.",
    )
    head_fraction: float = Field(
        0.5, gt=0, lt=1, description="With head_tail: share of the window taken from the head."
    )
    chunk_stride: int = Field(
        64, ge=0, description="With chunks: tokens of overlap between consecutive chunks."
    )
    max_chunks: int = Field(8, ge=1, description="With chunks: at most this many chunks per note.")
    chunk_pool: Literal["mean", "max"] = Field(
        "mean", description="With chunks: how chunk probabilities (or embeddings) are pooled."
    )
    units: bool = Field(
        False, description="Put a space between a number and its unit ('10mg' -> '10 mg'); "
        "'x3', 'T4' are kept."
    )
    lemmatize: bool = Field(
        False, description="Replace words by their spaCy lemma (en_core_web_sm; needs "
        "meddx[text]); guarded words are kept."
    )
    stem: bool = Field(
        False, description="Replace words by their Snowball stem (needs meddx[text]); guarded "
        "words are kept."
    )
    guard: bool = Field(
        True, description="With units, lemmatize or stem: never change negation cues, "
        "laterality, abbreviations, drug names or numbers with units."
    )
    abbreviations: Literal["off", "annotate", "expand"] = Field(
        "off", description="Clinical abbreviations (meddx abbrev's default model): 'annotate' "
        "writes the sense after each resolved short form ('PE (pulmonary embolism)'), 'expand' "
        "replaces it; unresolved ones are kept. Runs first, on the cased text."
    )

    @model_validator(mode="after")
    def _abbreviations_fit(self) -> PrepConfig:
        if self.abbreviations == "annotate" and self.remove_brackets:
            raise ValueError("prep.abbreviations 'annotate' puts each sense in (...) and "
                             "prep.remove_brackets would delete it again; use 'expand' or "
                             "remove_brackets: false")
        if self.lemmatize and self.stem:
            raise ValueError("prep.lemmatize and prep.stem both rewrite every word: a stem of a "
                             "lemma loses what lemmatising keeps; choose one")
        return self


class AugmentConfig(_Strict):
    ops: list[str] = Field(
        default_factory=list, description="Augmentation of the TRAINING split only (never "
        "validation or test): any of synonym, abbrev, insert, delete, swap, backtranslate. "
        "Empty: off."
    )
    n_per_note: int = Field(1, ge=1, le=20, description="Augmented copies made per note.")
    p: float = Field(0.1, ge=0.0, le=1.0, description="Share of free (unguarded) words an "
                     "operation touches.")
    seed: int = Field(0, description="Seed of the operations.")
    marian_to: str | None = Field(None, description="Local MarianMT folder, English -> pivot "
                                  "language (for backtranslate).")
    marian_back: str | None = Field(None, description="Local MarianMT folder, pivot -> English.")

    @field_validator("ops")
    @classmethod
    def _known_ops(cls, value: list[str]) -> list[str]:
        allowed = ("synonym", "abbrev", "insert", "delete", "swap", "backtranslate")
        bad = [v for v in value if v not in allowed]
        if bad:
            raise ValueError(f"unknown operation(s) {', '.join(bad)}; choose from "
                             f"{', '.join(allowed)}")
        return value

    @model_validator(mode="after")
    def _marian(self) -> AugmentConfig:
        if "backtranslate" in self.ops and not (self.marian_to and self.marian_back):
            raise ValueError("augment op backtranslate needs marian_to and marian_back")
        return self


class LoraSettings(_Strict):
    r: int = Field(8, ge=1, description="LoRA rank.")
    alpha: int = Field(16, ge=1, description="LoRA scaling alpha.")
    dropout: float = Field(0.1, ge=0, lt=1, description="Dropout on the LoRA path.")
    target_modules: list[str] | None = Field(
        None, description="Module names to adapt; None picks the attention query/value layers."
    )


class SetFitSettings(_Strict):
    iterations: int = Field(
        20, ge=1, description="With mode=setfit: contrastive pairs drawn per training example and "
        "per kind (positive and negative), i.e. 2 x iterations pairs per example and epoch.",
    )
    epochs: int = Field(1, ge=1, description="With mode=setfit: epochs of contrastive body training.")
    learning_rate: float = Field(
        2e-5, gt=0, description="With mode=setfit: learning rate of the body (sentence encoder)."
    )


class ModelConfig(_Strict):
    name: str = Field(
        "minilm", description="A preset name (see `meddx models`) or a local Hugging Face folder."
    )
    backend: Literal["auto", "encoder", "causal_lm"] = Field(
        "auto",
        description="Model family: 'encoder' (BERT-like) or 'causal_lm' (a decoder LM scored by "
        "label likelihood, see the llm section); 'auto' takes the preset's family (encoder for "
        "a local folder unless its config.json names a causal-LM architecture).",
    )
    mode: Literal["full", "lora", "frozen", "setfit", "zero-shot", "few-shot", "seqcls", "rag"] = Field(
        "frozen",
        description="Encoder: 'full' fine-tunes every weight; 'lora' trains LoRA adapters (PEFT); "
        "'frozen' trains a linear head on cached, pooled encoder embeddings (fastest on CPU); "
        "'setfit' fine-tunes the encoder contrastively on pairs of training notes, then fits the "
        "head (few-shot learning, see model.setfit). "
        "Causal LM: 'zero-shot' scores each label's likelihood after the prompt; 'few-shot' adds "
        "in-context examples from the training split; 'rag' adds retrieved passages; 'lora' "
        "fine-tunes LoRA adapters on (prompt, label) pairs, loss on the answer only; 'seqcls' "
        "trains a classification head on the LM with LoRA.",
    )
    pooling: Literal["mean", "cls"] = Field(
        "mean", description="With mode=frozen: how token embeddings are pooled."
    )
    dropout: float | None = Field(
        None, ge=0, lt=1, description="Override the encoder's hidden and attention dropout."
    )
    lora: LoraSettings = Field(default_factory=LoraSettings, description="LoRA settings.")
    setfit: SetFitSettings = Field(default_factory=SetFitSettings, description="SetFit settings.")
    head_c: float | Literal["auto"] = Field(
        "auto",
        description="With mode=frozen or setfit: inverse L2 strength of the logistic-regression head; "
        "'auto' picks it on the validation split.",
    )


ENCODER_MODES = ("full", "lora", "frozen", "setfit")
CAUSAL_MODES = ("zero-shot", "few-shot", "lora", "seqcls", "rag")


class LlmConfig(_Strict):
    template: str = Field(
        "plain",
        description="Prompt template: a built-in name (see `meddx prompts list`) or a path to a "
        "Jinja2 file. It renders the user message and must use {{ text }}; it may use labels, "
        "examples (text, label) and passages (source_id, text).",
    )
    system_prompt: str | None = Field(
        None, description="System message; None takes the template's own (empty: none)."
    )
    verbalizer: dict[str, str] | None = Field(
        None,
        description="Label -> answer text the model is scored on (e.g. '1': 'neoplasms'). "
        "Default: the label itself. Every label needs an entry.",
    )
    length_norm: bool = Field(
        True, description="Score a label by its mean token log-probability instead of the sum "
        "(fairer between labels of different token lengths).",
    )
    score_end: bool = Field(
        True, description="Also score the end-of-turn token after the label, so a label that is "
        "a prefix of another is not favoured.",
    )
    prior_correction: Literal["none", "content_free"] = Field(
        "none",
        description="'content_free' subtracts each label's score on a content-free note ('N/A') "
        "from its score on every note (contextual calibration, Zhao et al. 2021): it removes the "
        "model's bias towards some answers whatever the note says.",
    )
    max_prompt_tokens: int = Field(
        1024, ge=32, le=32768, description="Longest rendered prompt; the note is cut to fit."
    )
    example_tokens: int = Field(
        96, ge=8, description="Few-shot: each example note is cut to this many tokens."
    )
    passage_tokens: int = Field(
        96, ge=8, description="RAG: each retrieved passage is cut to this many tokens."
    )
    few_shot_k: int = Field(4, ge=0, le=64, description="Few-shot: examples per prompt.")
    few_shot_strategy: Literal["knn", "random", "balanced"] = Field(
        "knn",
        description="Few-shot: 'knn' takes the nearest training notes by MiniLM embedding, "
        "'random' draws at random, 'balanced' takes examples round-robin over classes.",
    )
    embedder: str = Field(
        "minilm", description="Encoder (preset or folder) for kNN examples and the built-in KB."
    )
    rag_k: int = Field(4, ge=1, le=64, description="RAG: passages retrieved per note.")
    kb_path: str | None = Field(
        None,
        description="RAG: a knowledge base built with `meddx kb build`; None retrieves "
        "labelled neighbours from the training split.",
    )
    batch_size: int = Field(8, ge=1, description="Notes scored per forward pass.")
    threads: int | None = Field(
        None, ge=1, description="torch CPU threads for scoring (default: 1, measured fastest on "
        "a shared 2-core CPU; see docs/benchmarks.md).",
    )


class ImbalanceConfig(_Strict):
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


class TrainConfig(_Strict):
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
        None, gt=0, description="Stop training (cleanly, with a checkpoint) after this long."
    )
    save_steps: int | None = Field(
        None, ge=1, description="Checkpoint every N steps (default: once per epoch)."
    )
    seed: int = Field(42, description="Seed for weights, dropout and batch order.")
    threads: int | None = Field(None, ge=1, description="torch CPU threads (default: all cores).")
    imbalance: ImbalanceConfig = Field(default_factory=ImbalanceConfig, description="Class imbalance.")


class EvalConfig(_Strict):
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


class FairnessConfig(_Strict):
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


class RegistryConfig(_Strict):
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


class RunConfig(_Strict):
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
        if fair.mitigation == "threshold" and self.data.split.validation == 0 \
                and not self.data.split.column:
            raise ValueError("fairness.mitigation 'threshold' is fitted on the validation split: "
                             "set data.split.validation > 0")
        return self


def _infer_backend(name: str, mode: str) -> str:
    """The model family a preset or local folder implies (causal LM or encoder)."""
    import json

    from meddx.models._presets import PRESETS

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
