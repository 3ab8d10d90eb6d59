"""Canaries in a run: planted by ``meddx train`` (``privacy.canaries``), measured at the end of
training (metrics.json 'canaries') and again by ``meddx privacy-audit`` (privacy_audit.json).

The canaries are planted after de-identification in the training split only, and saved as
``RUN/canaries.json`` (they are fake: a made-up name and a random number). Every causal-LM
LoRA run scores the secret as the model saw it in training: the note rendered into the chat
prompt, with the canary at the start of the note.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

from meddx._io import atomic_write_json
from meddx.privacy._canary import (
    CANARIES_FILE,
    canaries_from_json,
    canaries_to_json,
    canary_exposure,
    make_canaries,
    plant_canaries,
)

__all__ = ["canary_note", "measure_canaries", "plant_run_canaries", "read_run_canaries"]

log = logging.getLogger("meddx")


def plant_run_canaries(privacy, train, run_dir: Path, *, seed: int):
    """``train`` (a Corpus) with the canaries planted; writes ``RUN/canaries.json``."""
    canaries = make_canaries(privacy.canaries, seed=seed)
    texts = plant_canaries(train.texts, canaries, repeats=privacy.canary_repeats, seed=seed + 1)
    atomic_write_json(Path(run_dir) / CANARIES_FILE,
                      canaries_to_json(canaries, privacy.canary_repeats))
    log.info("privacy: %d fake-PHI canaries planted, each in %d training note(s)",
             len(canaries), privacy.canary_repeats)
    return dataclasses.replace(train, texts=texts)


def read_run_canaries(run_dir: Path):
    """(canaries, repeats) of a run, or None when it has none."""
    path = Path(run_dir) / CANARIES_FILE
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return canaries_from_json(data), int(data.get("repeats", 1))


def measure_canaries(classifier, canaries, *, n_candidates: int, seed: int) -> dict:
    """Exposure and extraction of ``canaries`` under a causal-LM classifier (mode lora)."""
    from meddx.errors import RunError
    from meddx.text import normalize

    lm, prompts = getattr(classifier, "model", None), getattr(classifier, "prompts", None)
    if lm is None or prompts is None or not hasattr(lm, "get_output_embeddings"):
        raise RunError("canary exposure needs a causal-LM run (model.backend causal_lm, "
                       "model.mode lora)")
    prep = classifier.prep

    def render(text: str) -> list[int]:  # as fit_causal renders a training note
        return prompts.ids(prompts.chat(normalize(text, prep)))

    pad = prompts.tokenizer.pad_token_id or 0
    return canary_exposure(lm, canaries, render, pad_id=pad, n_candidates=n_candidates,
                           seed=seed)


def canary_note(result: dict, repeats: int) -> str:
    """One line for the report: the numbers only, never a secret."""
    return (f"Canaries (privacy.canaries): {result['n_canaries']} fake-PHI sentences, each in "
            f"{repeats} training note(s); mean exposure {result['mean_exposure']:.2f} bits (max "
            f"{result['max_exposure']:.2f} of {result['max_exposure_possible']:.2f} measurable "
            f"with {result['canaries'][0]['n_candidates']} candidates; extrapolated mean "
            f"{result['mean_exposure_extrapolated']:.2f}), {result['n_extracted']} extracted by "
            "greedy decoding. About 1 bit: not memorised.")
