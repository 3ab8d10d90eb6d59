"""Federated LoRA: every site fine-tunes the same LoRA adapters (and classification head) on its
own notes; only the trainable weights travel, never the frozen base encoder nor the notes.

Every site builds the same model from the public base encoder with the run's seed, so the
server's initial arrays are that model's trainable weights. A round loads the global trainable
weights into the site's model, trains ``local-epochs`` (or ``local-steps``) with AdamW on the
site's tokenised notes (FedProx adds ``proximal-mu/2 ||w - w_g||^2``), and returns the new
trainable weights.
"""

from __future__ import annotations

import numpy as np

from meddx.errors import require

__all__ = ["LoraSite", "build_lora_model", "lora_train", "trainable_state"]


def build_lora_model(cfg, labels: list[str], task: str):
    """The run's LoRA model (PEFT over the base encoder) and its tokenizer, seeded alike on
    every site."""
    transformers = require("transformers", "train")
    from meddx.models import load_classifier_model, load_tokenizer, resolve_model

    path = resolve_model(cfg.model.name)
    transformers.set_seed(cfg.train.seed)
    model = load_classifier_model(path, labels=labels, task=task, cfg=cfg.model)
    return model, load_tokenizer(path)


def trainable_state(model) -> dict:
    """The weights that travel: LoRA adapters and the classification head."""
    return {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}


class LoraSite:
    """One site's tokenised notes (model inputs are windows of ``prep.max_length`` tokens)."""

    def __init__(self, tokenizer, texts: list[str], y: np.ndarray, prep) -> None:
        from meddx.text import encode, normalize_all

        self.tokenizer = tokenizer
        self.enc = encode(tokenizer, normalize_all(texts, prep), prep, quiet=True)
        self.y = y[self.enc.doc_index]
        self.n_notes = len(texts)

    def subset(self, rows) -> LoraSite:
        """The notes ``rows`` (distinct positions among this site's notes, in that order),
        without tokenising again: e.g. one site's share of notes tokenised once for all."""
        from meddx.text import Encoded

        rows = np.asarray(rows, dtype=np.int64)
        where = np.full(self.n_notes, -1, dtype=np.int64)
        where[rows] = np.arange(len(rows))
        pos = where[self.enc.doc_index]
        keep = np.flatnonzero(pos >= 0)
        keep = keep[np.argsort(pos[keep], kind="stable")]  # rows' order, windows in order
        part = object.__new__(LoraSite)
        part.tokenizer = self.tokenizer
        part.enc = Encoded([self.enc.input_ids[i] for i in keep],
                           where[self.enc.doc_index[keep]])
        part.y = self.y[keep]
        part.n_notes = len(rows)
        return part

    def __len__(self) -> int:
        return self.n_notes


def lora_train(model, state: dict, site: LoraSite, *, epochs: int, lr: float, batch_size: int,
               mu: float, seed: int, max_steps: int = 0) -> tuple[dict, float]:
    """Train ``model`` from the global trainable ``state`` on ``site``; returns the new
    trainable state and the mean training loss."""
    torch = require("torch", "train")
    missing = set(state) - {n for n, p in model.named_parameters() if p.requires_grad}
    if missing:
        raise ValueError(f"federated LoRA: {len(missing)} received arrays are not trainable "
                         f"weights of this model (e.g. '{sorted(missing)[0]}')")
    model.load_state_dict(state, strict=False)
    params = [p for p in model.parameters() if p.requires_grad]
    anchor = [p.detach().clone() for p in params] if mu > 0 else None
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    multilabel = site.y.ndim == 2
    g = torch.Generator().manual_seed(seed)
    model.train()
    total, steps = 0.0, 0
    for _ in range(epochs):
        order = torch.randperm(len(site.enc), generator=g).tolist()
        for start in range(0, len(order), batch_size):
            if max_steps and steps >= max_steps:
                break
            idx = order[start:start + batch_size]
            feats = site.tokenizer.pad({"input_ids": [site.enc.input_ids[i] for i in idx]},
                                       return_tensors="pt")
            logits = model(**feats).logits
            if multilabel:
                target = torch.as_tensor(site.y[idx], dtype=torch.float32)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, target)
            else:
                loss = torch.nn.functional.cross_entropy(
                    logits, torch.as_tensor(site.y[idx], dtype=torch.long))
            if anchor is not None:
                loss = loss + mu / 2 * sum(((p - q) ** 2).sum()
                                           for p, q in zip(params, anchor, strict=True))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss.detach())
            steps += 1
    model.eval()
    return trainable_state(model), total / max(steps, 1)
