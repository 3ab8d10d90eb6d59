"""``model.frozen_layers``: the fine-tune trains the top layers from cached lower-layer states.

The story: freeze the embeddings and the lowest ``k`` layers, compute what they output for
every training and validation input once (``meddx.models`` ``lower_states``), and hand Trainer
a dataset of those states and a module of the layers above (``top_layers``). Trainer's
optimiser, schedule, checkpoints, best-model reload, time budget and resume work as for the full
fine-tune; its checkpoints hold the whole model, and what is saved and served is the full model.
"""

from __future__ import annotations

import logging
import os
import time

from meddx.errors import ConfigError, require
from meddx.models import encoder_parts, freeze_lower, lower_states, top_layers

__all__ = ["CachedTop", "cached_top", "states_collator"]

log = logging.getLogger("meddx")


class _States:
    """The examples of a fine-tune dataset with each input's cached states in place of its ids."""

    def __init__(self, examples, states: list) -> None:
        self.examples = examples
        self.states = states

    def __len__(self) -> int:
        return len(self.examples)

    def __getitem__(self, i: int) -> dict:
        item = dict(self.examples[i])
        item.pop("input_ids")
        item["hidden_states"] = self.states[i]
        return item


class CachedTop:
    """What :func:`cached_top` returns: the module Trainer trains, the two datasets, and the
    seconds the caching took (counted in the time budget)."""

    def __init__(self, module, train, validation, seconds: float, k: int, n_layers: int) -> None:
        self.module, self.train, self.validation = module, train, validation
        self.seconds, self.k, self.n_layers = seconds, k, n_layers

    def sentence(self) -> str:
        return (f"the lowest {self.k} of {self.n_layers} encoder layers frozen "
                f"(model.frozen_layers; their output cached in {self.seconds:.0f} s)")


def available_memory(meminfo: str = "/proc/meminfo") -> int | None:
    """Bytes of memory available to a new allocation: Linux's ``MemAvailable`` (free memory plus
    the page cache and other memory the kernel can reclaim), else the free pages alone
    (``SC_AVPHYS_PAGES``, which leaves the page cache out and so understates it), else None
    (no check)."""
    try:
        with open(meminfo, encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # not Linux nor POSIX: no check
        return None


def _check_memory(n_tokens: int, hidden: int) -> float:
    """The cache's size in MB; a ConfigError when it would take over half the available
    memory."""
    size = n_tokens * hidden * 4
    free = available_memory()
    if free and size > free / 2:
        raise ConfigError(f"model.frozen_layers: the cached states of {n_tokens:,} tokens need "
                          f"{size / 2**20:,.0f} MB, over half the available memory "
                          f"({free / 2**20:,.0f} MB); set model.frozen_layers 0 or shorten "
                          "prep.max_length")
    return size / 2**20


def cached_top(model, k: int, train_ds, val_ds, *, pad_id: int, threads: list[int] | None,
               quiet: bool) -> CachedTop:
    """Freeze ``model``'s lower ``k`` layers, cache their output for both datasets (``_Examples``
    of meddx.train), and wrap the layers above for Trainer."""
    n_layers = len(encoder_parts(model)[0].encoder.layer)
    trainable = freeze_lower(model, k)
    datasets = [d for d in (train_ds, val_ds) if d is not None]
    n_tokens = sum(len(ids) for d in datasets for ids in d.enc.input_ids)
    size = _check_memory(n_tokens, int(model.config.hidden_size))
    log.info("fine-tuning the top %d of %d encoder layers (%s weights to train): caching the "
             "lower layers' output for %s: start (%.0f MB)", n_layers - k, n_layers,
             f"{trainable:,}", " and ".join(f"{len(d)} {name} inputs" for d, name in
                                            zip(datasets, ("training", "validation"),
                                                strict=False)), size)
    started = time.monotonic()
    # the thread count is measured on the training inputs and kept for the validation inputs
    cached = [_States(d, lower_states(model, d.enc.input_ids, k, pad_id=pad_id,
                                      threads=threads if i == 0 else None,
                                      quiet=quiet or i > 0, label="caching lower layers"))
              for i, d in enumerate(datasets)]
    seconds = time.monotonic() - started
    log.info("caching the lower layers' output: done in %.1f s", seconds)
    validation = cached[1] if val_ds is not None else None
    return CachedTop(top_layers(model, k), cached[0], validation, seconds, k, n_layers)


def states_collator():
    """Pad cached states (zeros) into a batch with its attention mask, labels and, for the
    adversary, groups."""
    torch = require("torch", "train")

    def collate(features: list[dict]) -> dict:
        lengths = [int(f["hidden_states"].shape[0]) for f in features]
        width, hidden = max(lengths), int(features[0]["hidden_states"].shape[1])
        states = torch.zeros((len(features), width, hidden), dtype=torch.float32)
        mask = torch.zeros((len(features), width), dtype=torch.long)
        for row, (f, n) in enumerate(zip(features, lengths, strict=True)):
            states[row, :n] = f["hidden_states"]
            mask[row, :n] = 1
        batch = {"hidden_states": states, "attention_mask": mask,
                 "labels": torch.tensor([f["labels"] for f in features])}
        if "groups" in features[0]:
            batch["groups"] = torch.tensor([f["groups"] for f in features], dtype=torch.long)
        return batch

    return collate
