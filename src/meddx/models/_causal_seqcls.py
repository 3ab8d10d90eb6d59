"""A classification head on a causal LM (``AutoModelForSequenceClassification``), LoRA-tuned.

The head (``score``) is new and trained in full, so it must be listed in ``modules_to_save``:
otherwise PEFT saves only the adapters and a reload gets a fresh random head (peft #548,
#1070). The model reads the same rendered prompt as zero-shot scoring; the head sits on the
last non-padding token, so ``pad_token_id`` must be set in the model config.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np

from meddx._progress import track
from meddx.errors import ModelError, require
from meddx.models._base import Classifier, register_classifier
from meddx.models._causal import PromptBuilder
from meddx.models._causal_load import load_causal_tokenizer
from meddx.models._presets import resolve_model
from meddx.models._settings import LlmConfig, LoraSettings
from meddx.models._verbalizer import softmax, threads
from meddx.text import PrepConfig, normalize_all

__all__ = ["CausalSeqClsClassifier", "load_seqcls_model"]


def load_seqcls_model(path: Path, *, labels: list[str], tokenizer, lora: LoraSettings | None):
    """The LM with a fresh ``score`` head; wrapped with LoRA (head saved in full) if asked."""
    transformers = require("transformers", "train")
    torch = require("torch", "train")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = transformers.AutoModelForSequenceClassification.from_pretrained(
                str(path), num_labels=len(labels), id2label=dict(enumerate(labels)),
                label2id={lab: i for i, lab in enumerate(labels)},
                pad_token_id=tokenizer.pad_token_id, dtype=torch.float32, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot put a classification head on '{path}' ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0][:200]})") from None
    model.config.pad_token_id = tokenizer.pad_token_id
    if lora is None:
        return model
    peft = require("peft", "train")
    config = peft.LoraConfig(task_type=peft.TaskType.SEQ_CLS, r=lora.r, lora_alpha=lora.alpha,
                             lora_dropout=lora.dropout, target_modules=lora.target_modules,
                             modules_to_save=["score"])
    try:
        return peft.get_peft_model(model, config)
    except ValueError as exc:
        raise ModelError(f"model.lora.target_modules does not fit this model "
                         f"({str(exc).splitlines()[0]}); e.g. ['q_proj', 'v_proj']") from None


@register_classifier
class CausalSeqClsClassifier(Classifier):
    kind = "causal_seqcls"

    def __init__(self, *, labels, task, prep, base_model: str, llm: LlmConfig, model,
                 tokenizer) -> None:
        super().__init__(labels=labels, task=task, prep=prep)
        self.base_model = base_model
        self.llm = llm
        self.model = model
        self.tokenizer = tokenizer
        self.prompts = PromptBuilder(tokenizer, self.labels, llm)

    def encode(self, texts: list[str]) -> list[list[int]]:
        return [self.prompts.ids(self.prompts.chat(t)) for t in normalize_all(texts, self.prep)]

    def predict_proba(self, texts: list[str], *, quiet: bool = True) -> np.ndarray:
        torch = require("torch", "train")
        ids = self.encode(texts)
        out = np.zeros((len(ids), len(self.labels)))
        order = np.argsort([len(x) for x in ids], kind="stable")
        bs = self.llm.batch_size
        self.model.eval()
        with torch.inference_mode(), threads(self.llm.threads or 1):
            for idx in track([order[i: i + bs] for i in range(0, len(order), bs)], "predicting",
                             quiet=quiet):
                batch = self.tokenizer.pad({"input_ids": [ids[i] for i in idx]},
                                           return_tensors="pt")
                out[idx] = self.model(**batch).logits.double().numpy()
        return softmax(out)

    def _save_weights(self, folder: Path) -> dict[str, Any]:
        self.model.save_pretrained(str(folder / "adapter"))  # adapters + the score head
        return {"base_model": self.base_model, "mode": "seqcls",
                "llm": self.llm.model_dump(mode="json")}

    @classmethod
    def _load(cls, folder: Path, manifest: dict[str, Any]) -> CausalSeqClsClassifier:
        peft = require("peft", "train")
        path = resolve_model(manifest["base_model"])
        tokenizer = load_causal_tokenizer(path)
        base = load_seqcls_model(path, labels=manifest["labels"], tokenizer=tokenizer, lora=None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = peft.PeftModel.from_pretrained(base, str(folder / "adapter"))
        model.eval()
        return cls(labels=manifest["labels"], task=manifest["task"],
                   prep=PrepConfig(**manifest["prep"]), base_model=manifest["base_model"],
                   llm=LlmConfig(**manifest["llm"]), model=model, tokenizer=tokenizer)
