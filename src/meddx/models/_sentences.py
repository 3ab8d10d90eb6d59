"""Short-text embeddings from a preset or folder, for helpers such as abbreviation senses."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from meddx.text import PrepConfig

__all__ = ["marian_translator", "text_embedder"]


def text_embedder(model: str = "minilm", *, max_length: int = 64,
                  batch_size: int = 64) -> Callable[[list[str]], np.ndarray]:
    """A function texts -> L2-normalised mean-pooled embeddings (one row per text), offline."""
    from meddx.models._encoder import embed
    from meddx.models._presets import resolve_model

    path = resolve_model(model)
    prep = PrepConfig(max_length=max_length, long_text="head")

    def run(texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return embed(path, list(texts), prep, batch_size=batch_size, quiet=True)

    return run


def marian_translator(to_folder, back_folder, *, batch_size: int = 16, max_new_tokens: int = 256,
                      threads: int | None = None) -> Callable[[list[str]], list[str]]:
    """Back-translation through two local MarianMT folders (English -> pivot -> English).
    ``threads``: torch CPU threads while generating (default 1, as for the paraphraser)."""
    from pathlib import Path

    from meddx.errors import ModelError, require
    from meddx.models._verbalizer import threads as torch_threads

    torch = require("torch", "train")
    transformers = require("transformers", "train")
    models = []
    for folder in (Path(to_folder), Path(back_folder)):
        if not (folder / "config.json").is_file():
            raise ModelError(f"{folder}: not a MarianMT folder (no config.json)")
        tok = transformers.AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        model = transformers.MarianMTModel.from_pretrained(str(folder), local_files_only=True)
        models.append((tok, model.eval()))

    def one(tok, model, texts: list[str]) -> list[str]:
        out: list[str] = []
        for i in range(0, len(texts), batch_size):
            enc = tok(texts[i:i + batch_size], return_tensors="pt", padding=True,
                      truncation=True)
            with torch.inference_mode(), torch_threads(threads or 1):
                ids = model.generate(**enc, max_new_tokens=max_new_tokens, num_beams=1)
            out += tok.batch_decode(ids, skip_special_tokens=True)
        return out

    def run(texts: list[str]) -> list[str]:
        return one(*models[1], one(*models[0], list(texts)))

    return run


def _register() -> None:
    from meddx.text import TEXT_EMBEDDERS, register_text_embedder

    if "minilm" not in TEXT_EMBEDDERS:
        register_text_embedder("minilm", text_embedder)


_register()
