"""Build the abbreviation model from unlabelled text, and cache the default one.

The default model learns from the bundled Medical Abstracts: reverse-substituted contexts from
the TRAIN split fit it, the VALIDATION split chooses its weights and abstention threshold, and
the TEST split is never read here (it is what ``bench/abbrev_bench.py`` measures on). Users add
their own notes (``meddx abbrev-train --input``): 90% of them join training, 10% validation.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from pathlib import Path

from meddx.text._abbrev_harvest import Context, harvest_contexts
from meddx.text._abbrev_inventory import Inventory
from meddx.text._abbrev_model import AbbreviationModel, Embed, inventory_hash

__all__ = ["build_abbreviation_model", "default_abbreviation_model", "demo_split_texts"]

# 11: the demo split moved to 0.6/0.2/0.2 (session 18), so the train split it learns from
# changed; a model cached under the old split would have seen notes of the new test split.
MODEL_VERSION = "11"


def demo_split_texts() -> dict[str, list[str]]:
    """The bundled abstracts, split exactly as the demo run splits them."""
    import yaml

    from meddx.data import DataConfig, demo_path, load_corpus, make_splits

    raw = yaml.safe_load((Path(demo_path()).parent / "demo.yaml").read_text(encoding="utf-8"))
    data = DataConfig.model_validate(raw["data"])
    corpus = load_corpus(data, demo_path())
    splits = make_splits(corpus, data.split)
    return {name: [corpus.texts[i] for i in idx] for name, idx in splits.items()}


def build_abbreviation_model(inventory: Inventory, embed: Embed, *,
                             notes: Sequence[str] = (), use_demo: bool = True,
                             per_sense: int = 400, val_per_sense: int = 8,
                             seed: int = 0) -> AbbreviationModel:
    """Fit on reverse-substituted contexts of the demo's train split and of ``notes``."""
    # Contexts only for short forms seen in clinical notes (the note sources list them); the
    # others are resolved from their sense names and prior alone. Keeps the build to minutes.
    keys = [k for k in inventory.ambiguous() if any(s.note_freq for s in inventory.senses[k])]
    window = AbbreviationModel.window
    n_val = val_per_sense
    train: list[Context] = []
    val: list[Context] = []
    if use_demo:
        split = demo_split_texts()
        train += harvest_contexts(split["train"], inventory, keys, per_sense=per_sense,
                                  window=window, seed=seed)
        val += harvest_contexts(split["validation"], inventory, keys, per_sense=n_val,
                                window=window, seed=seed)
    if notes:
        order = list(range(len(notes)))
        random.Random(seed).shuffle(order)
        n_val = max(1, len(order) // 10) if len(order) >= 10 else 0
        val_docs = [notes[i] for i in order[:n_val]]
        train_docs = [notes[i] for i in order[n_val:]]
        train += harvest_contexts(train_docs, inventory, keys, per_sense=per_sense,
                                  window=window, seed=seed)
        val += harvest_contexts(val_docs, inventory, keys, per_sense=n_val, window=window,
                                seed=seed)
    model = AbbreviationModel(inventory, embed).fit(train, val)
    model.fit_info_.update({"demo_abstracts": use_demo, "user_notes": len(notes),
                            "version": MODEL_VERSION})
    return model


def cache_root() -> Path:
    return Path(os.environ.get("MEDDX_CACHE") or Path.home() / ".cache" / "meddx")


def default_abbreviation_model(inventory: Inventory, embed: Embed, *,
                               cache_dir: Path | None = None) -> AbbreviationModel:
    """The model built from the bundled abstracts on first use, then read from the cache."""
    folder = (cache_dir or cache_root()) / "abbrev" / f"v{MODEL_VERSION}-{inventory_hash(inventory)}"
    if (folder / "abbrev_model.json").is_file():
        return AbbreviationModel.load(folder, inventory, embed)
    model = build_abbreviation_model(inventory, embed)
    model.save(folder)
    return model
