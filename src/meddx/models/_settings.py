"""The model settings: which model, which training mode, LoRA, SetFit and the causal-LM prompts."""

from __future__ import annotations

import difflib
from typing import Literal

from pydantic import Field, field_validator

from meddx._registry import describe_choices, one_of
from meddx._settings import StrictModel
from meddx.models._modes import mode_names, registered_modes

__all__ = ["LlmConfig", "LoraSettings", "ModelConfig", "SetFitSettings"]


class LoraSettings(StrictModel):
    r: int = Field(8, ge=1, description="LoRA rank.")
    alpha: int = Field(16, ge=1, description="LoRA scaling alpha.")
    dropout: float = Field(0.1, ge=0, lt=1, description="Dropout on the LoRA path.")
    target_modules: list[str] | None = Field(
        None, description="Module names to adapt; None picks the attention query/value layers."
    )
    learning_rate: float | None = Field(
        None, gt=0, description="Encoder LoRA (mode lora): peak learning rate of the adapters and "
        "head. Unset: 10 x train.learning_rate, because adapters need a larger step than full "
        "fine-tuning (the LoRA paper used 4e-4 to 5e-4 on RoBERTa-base).",
    )

    def peak_learning_rate(self, train_learning_rate: float) -> float:
        """The learning rate an encoder LoRA fine-tune runs at (see ``learning_rate``)."""
        return self.learning_rate if self.learning_rate is not None else 10 * train_learning_rate


class SetFitSettings(StrictModel):
    iterations: int = Field(
        20, ge=1, description="With mode=setfit: contrastive pairs drawn per training example and "
        "per kind (positive and negative), i.e. 2 x iterations pairs per example and epoch.",
    )
    epochs: int = Field(1, ge=1, description="With mode=setfit: epochs of contrastive body training.")
    learning_rate: float = Field(
        2e-5, gt=0, description="With mode=setfit: learning rate of the body (sentence encoder)."
    )


class ModelConfig(StrictModel):
    name: str = Field(
        "minilm", description="A preset name (see `meddx models`) or a local Hugging Face folder."
    )
    backend: Literal["auto", "encoder", "causal_lm"] = Field(
        "auto",
        description="Model family: 'encoder' (BERT-like) or 'causal_lm' (a decoder LM scored by "
        "label likelihood, see the llm section); 'auto' takes the preset's family (encoder for "
        "a local folder unless its config.json names a causal-LM architecture).",
    )
    mode: str = Field(
        "frozen",
        description="Training mode, by registered name (meddx.models.MODES). Encoder: "
        + describe_choices((m.name, m.summary) for m in registered_modes("encoder"))
        + ". Causal LM: "
        + describe_choices((m.name, m.summary) for m in registered_modes("causal_lm")) + ".",
    )
    pooling: Literal["mean", "cls"] = Field(
        "mean", description="With mode=frozen: how token embeddings are pooled."
    )
    dropout: float | None = Field(
        None, ge=0, lt=1, description="Override the encoder's hidden and attention dropout."
    )
    frozen_layers: int = Field(
        0, ge=0, description="With mode=full: keep the embeddings and the lowest N encoder layers "
        "frozen and fine-tune the layers above. The frozen layers' output is computed once per "
        "note and cached, so each step runs only the top layers (the top one for the [CLS] "
        "position only): with MiniLM-L6 on a CPU, 4 make a step a tenth to a fifth of a full one "
        "and 5 a fiftieth or less, after one forward pass per note. 0 fine-tunes every layer.",
    )
    lora: LoraSettings = Field(default_factory=LoraSettings, description="LoRA settings.")
    setfit: SetFitSettings = Field(default_factory=SetFitSettings, description="SetFit settings.")
    head_c: float | Literal["auto"] = Field(
        "auto",
        description="With mode=frozen or setfit: inverse L2 strength of the logistic-regression head; "
        "'auto' picks it on the validation split.",
    )

    @field_validator("mode")
    @classmethod
    def _registered_mode(cls, value: str) -> str:
        """A registered training mode (meddx.models.MODES); which family it fits is checked
        once model.backend is known."""
        names = mode_names()
        if value not in names:
            close = difflib.get_close_matches(value, names, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ValueError(f"Input should be {one_of(names)} (got {value!r}){hint}")
        return value


class LlmConfig(StrictModel):
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
