"""Shared by the RAG tests: one tiny random BERT per test process, and a small guideline folder
with one planted passage among filler documents."""

from __future__ import annotations

import random
from pathlib import Path

from meddx.audit._synthetic import FILLER

_TINY: dict[str, Path] = {}

PLANTED = ("Warfarin reversal after intracranial haemorrhage uses prothrombin complex concentrate "
           "and intravenous vitamin K without delay")


def tiny_encoder(tmp_path_factory, *, seed_name: str = "tiny") -> Path:
    """A 2-layer random BERT with the MiniLM tokenizer, built once per process and name."""
    if seed_name not in _TINY:
        from tests._support.helpers import make_tiny_model

        folder = tmp_path_factory.mktemp(seed_name)
        _TINY[seed_name] = make_tiny_model(folder, hidden=32 if seed_name == "tiny" else 48)
    return _TINY[seed_name]


def write_guidelines(folder: Path, *, n_filler: int = 6, seed: int = 0) -> Path:
    """``folder`` with filler .md/.txt/.html documents and ``bleeding.txt`` holding only PLANTED
    (18 words: one passage at 20-word chunks)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_filler):
        words = " ".join(rng.choice(FILLER) for _ in range(40))
        suffix = (".md", ".txt", ".html")[i % 3]
        body = f"<h2>Topic {i}</h2><p>{words}</p>" if suffix == ".html" else f"# Topic {i}\n\n{words}\n"
        (folder / f"doc{i}{suffix}").write_text(body, encoding="utf-8")
    (folder / "bleeding.txt").write_text(f"{PLANTED}\n", encoding="utf-8")
    return folder
