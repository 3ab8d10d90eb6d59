"""Load encoders and tokenizers from local folders, and embed texts with a frozen encoder."""

from __future__ import annotations

import functools
import warnings
from pathlib import Path

import numpy as np

from meddx._progress import track
from meddx.errors import ModelError, require
from meddx.models._modes import get_mode
from meddx.models._settings import ModelConfig
from meddx.text import PrepConfig, encode, pool_by_document

__all__ = ["embed", "quiet_transformers", "load_classifier_model", "load_tokenizer", "tokenizer_lowercases"]


def quiet_transformers() -> None:
    """Silence transformers' own progress bars and info logs (ours are drawn with rich)."""
    transformers = require("transformers", "train")
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()


@functools.lru_cache(maxsize=2)
def _frozen_encoder(path: str):
    transformers = require("transformers", "train")
    quiet_transformers()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = transformers.AutoModel.from_pretrained(path, local_files_only=True)
    model.eval()
    return load_tokenizer(Path(path)), model


def load_tokenizer(path: Path):
    transformers = require("transformers", "train")
    quiet_transformers()
    try:
        return transformers.AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load a tokenizer from '{path}' ({type(exc).__name__})") from None


def tokenizer_lowercases(tokenizer) -> bool | None:
    """True if the tokenizer lowercases by itself, False if it is cased, None if unknown."""
    for attr in ("do_lower_case",):
        value = getattr(tokenizer, attr, None)
        if isinstance(value, bool):
            return value
    try:
        probe = tokenizer.tokenize("Heart")
        return probe == tokenizer.tokenize("heart")
    except Exception:  # noqa: BLE001 - a probe only
        return None


def load_classifier_model(
    path: Path, *, labels: list[str], task: str, cfg: ModelConfig, for_training: bool = True
):
    """A sequence-classification model on the encoder at ``path``; LoRA-wrapped if asked."""
    transformers = require("transformers", "train")
    quiet_transformers()
    kwargs = {}
    if cfg.dropout is not None:
        kwargs.update(hidden_dropout_prob=cfg.dropout, attention_probs_dropout_prob=cfg.dropout)
    problem = "multi_label_classification" if task == "multilabel" else "single_label_classification"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = transformers.AutoModelForSequenceClassification.from_pretrained(
                str(path),
                num_labels=len(labels),
                problem_type=problem,
                id2label=dict(enumerate(labels)),
                label2id={lab: i for i, lab in enumerate(labels)},
                local_files_only=True,
                **kwargs,
            )
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load model from '{path}' ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0][:200]})") from None
    if for_training and get_mode("encoder", cfg.mode).lora:
        peft = require("peft", "train")
        lora = peft.LoraConfig(
            task_type=peft.TaskType.SEQ_CLS,
            r=cfg.lora.r,
            lora_alpha=cfg.lora.alpha,
            lora_dropout=cfg.lora.dropout,
            target_modules=cfg.lora.target_modules,
        )
        try:
            model = peft.get_peft_model(model, lora)
        except ValueError as exc:
            raise ModelError(
                f"model.lora.target_modules does not fit this model ({str(exc).splitlines()[0]}); "
                "name its attention projections, e.g. ['query', 'value'] for BERT"
            ) from None
    return model


def embed(
    path: Path,
    texts: list[str],
    prep: PrepConfig,
    *,
    pooling: str = "mean",
    batch_size: int = 32,
    quiet: bool = False,
    label: str = "embedding",
) -> np.ndarray:
    """Pooled, L2-normalised embeddings from the frozen encoder, one row per text.

    Long texts follow ``prep.long_text``; with chunks, chunk embeddings are pooled per text.
    Inputs are sorted by length so padding stays small.
    """
    torch = require("torch", "train")
    tokenizer, model = _frozen_encoder(str(path))
    enc = encode(tokenizer, texts, prep, quiet=True)
    order = np.argsort([len(x) for x in enc.input_ids], kind="stable")
    hidden = model.config.hidden_size
    out = np.zeros((len(enc), hidden), dtype=np.float32)
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    with torch.inference_mode():
        for idx in track(batches, label, quiet=quiet):
            feats = tokenizer.pad({"input_ids": [enc.input_ids[i] for i in idx]},
                                  return_tensors="pt")
            states = model(**feats).last_hidden_state
            if pooling == "cls":
                pooled = states[:, 0]
            else:
                mask = feats["attention_mask"].unsqueeze(-1).to(states.dtype)
                pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1)
            out[idx] = pooled.float().numpy()
    doc = pool_by_document(out, enc.doc_index, len(texts), "mean")
    norms = np.linalg.norm(doc, axis=1, keepdims=True)
    return (doc / np.maximum(norms, 1e-12)).astype(np.float32)
