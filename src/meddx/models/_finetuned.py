"""A fine-tuned encoder (all weights, or LoRA adapters over a base encoder)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np

from meddx._progress import track
from meddx.errors import require
from meddx.models._base import Classifier, register_classifier
from meddx.models._encoder import load_classifier_model, load_tokenizer
from meddx.models._presets import resolve_model
from meddx.models._settings import ModelConfig
from meddx.text import PrepConfig, encode, normalize_all, pool_by_document

__all__ = ["FineTunedClassifier"]


@register_classifier
class FineTunedClassifier(Classifier):
    kind = "finetuned_encoder"

    def __init__(self, *, labels, task, prep, model, tokenizer, base_model: str, mode: str,
                 batch_size: int = 64) -> None:
        super().__init__(labels=labels, task=task, prep=prep)
        self.model = model
        self.tokenizer = tokenizer
        self.base_model = base_model
        self.mode = mode
        self.batch_size = batch_size

    def logits(self, texts: list[str], *, quiet: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Per-window logits and each window's document index."""
        torch = require("torch", "train")
        enc = encode(self.tokenizer, normalize_all(texts, self.prep), self.prep, quiet=True)
        order = np.argsort([len(x) for x in enc.input_ids], kind="stable")
        out = np.zeros((len(enc), len(self.labels)), dtype=np.float32)
        device = next(self.model.parameters()).device
        self.model.eval()
        batches = [order[i : i + self.batch_size] for i in range(0, len(order), self.batch_size)]
        with torch.inference_mode():
            for idx in track(batches, "predicting", quiet=quiet):
                feats = self.tokenizer.pad({"input_ids": [enc.input_ids[i] for i in idx]},
                                           return_tensors="pt").to(device)
                out[idx] = self.model(**feats).logits.float().cpu().numpy()
        return out, enc.doc_index

    def predict_proba(self, texts: list[str], *, quiet: bool = True) -> np.ndarray:
        logits, docs = self.logits(texts, quiet=quiet)
        if self.task == "multilabel":
            proba = 1.0 / (1.0 + np.exp(-logits.astype(np.float64)))
        else:
            z = logits.astype(np.float64)
            z -= z.max(axis=1, keepdims=True)
            proba = np.exp(z)
            proba /= proba.sum(axis=1, keepdims=True)
        pooled = pool_by_document(proba, docs, len(texts), self.prep.chunk_pool)
        if self.task != "multilabel":
            pooled /= pooled.sum(axis=1, keepdims=True)
        return pooled

    def _save_weights(self, folder: Path) -> dict[str, Any]:
        self.model.save_pretrained(str(folder))  # PEFT saves adapters (+ classifier head)
        self.tokenizer.save_pretrained(str(folder))
        return {"base_model": self.base_model, "mode": self.mode}

    @classmethod
    def _load(cls, folder: Path, manifest: dict[str, Any]) -> FineTunedClassifier:
        transformers = require("transformers", "train")
        labels, task = manifest["labels"], manifest["task"]
        tokenizer = load_tokenizer(folder)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if (folder / "adapter_config.json").is_file():
                peft = require("peft", "train")
                base = load_classifier_model(
                    resolve_model(manifest["base_model"]), labels=labels, task=task,
                    cfg=ModelConfig(mode="lora"), for_training=False,
                )
                model = peft.PeftModel.from_pretrained(base, str(folder))
            else:
                model = transformers.AutoModelForSequenceClassification.from_pretrained(
                    str(folder), local_files_only=True
                )
        return cls(labels=labels, task=task, prep=PrepConfig(**manifest["prep"]), model=model,
                   tokenizer=tokenizer, base_model=manifest["base_model"], mode=manifest["mode"])
