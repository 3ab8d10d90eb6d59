"""Shared by the RAG tests: a small guideline folder with one planted passage among filler
documents (the tiny encoders are the ``model_tiny`` fixtures of tests/conftest.py)."""

from __future__ import annotations

import random
from pathlib import Path

from meddx.audit._synthetic import FILLER

PLANTED = ("Warfarin reversal after intracranial haemorrhage uses prothrombin complex concentrate "
           "and intravenous vitamin K without delay")


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
