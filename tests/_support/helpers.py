"""Test helpers: a tiny BERT built from config with the MiniLM tokenizer, and synthetic notes."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from meddx.audit._synthetic import FILLER, VOCAB  # same vocabulary as the audit data


def make_tiny_model(folder: Path, *, layers: int = 2, hidden: int = 32) -> Path:
    """A randomly initialised 2-layer BERT with the bundled MiniLM tokenizer."""
    from transformers import BertConfig, BertModel

    from meddx.models import resolve_model
    from meddx.models._encoder import load_tokenizer

    tok = load_tokenizer(resolve_model("minilm"))
    config = BertConfig(vocab_size=tok.vocab_size, hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=2, intermediate_size=hidden * 2,
                        max_position_embeddings=512)
    import torch

    torch.manual_seed(0)
    BertModel(config).save_pretrained(str(folder))
    tok.save_pretrained(str(folder))
    return folder


def synthetic_notes(n: int, *, seed: int = 0, labels=("cardiac", "neuro", "gi"),
                    patients: int | None = None) -> pd.DataFrame:
    """Notes whose label is learnable from a few keywords, with ids and patients."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = labels[i % len(labels)] if rng.random() < 0.8 else rng.choice(labels)
        words = [rng.choice(FILLER) for _ in range(rng.randint(8, 30))]
        for _ in range(rng.randint(1, 3)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(VOCAB[label]))
        pid = f"P{rng.randrange(patients)}" if patients else f"P{i}"
        rows.append({"note_id": f"N{i:05d}", "patient": pid, "note": " ".join(words),
                     "dx": label, "sex": rng.choice(["F", "M"])})
    return pd.DataFrame(rows)


def make_tfidf_run(folder: Path, notes: pd.DataFrame, *, name: str = "tfidf",
                   calibrate: bool = True) -> Path:
    """A finished run without torch: the TF-IDF baseline stands in as the model, written in the
    layout ``train_run`` writes (config, model/, data card, predictions, calibration)."""
    from meddx._io import atomic_write_json
    from meddx.audit import fit_calibrator_for_run
    from meddx.config import load_config, save_config
    from meddx.data import data_card, load_corpus, make_splits
    from meddx.deid import deidentify_corpus
    from meddx.models import TfidfBaseline
    from meddx.pipeline._train import _write_predictions
    from meddx.runs import RunDir

    data = folder / f"{name}.csv"
    notes.to_csv(data, index=False)
    cfg = load_config(overrides={
        "name": name, "out_dir": str(folder / "runs"),
        "data": {"path": str(data), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "patient_column": "patient", "group_columns": ["sex"]}})
    corpus = load_corpus(cfg.data)
    deid_summary = deidentify_corpus(corpus, cfg.deid)
    splits = make_splits(corpus, cfg.data.split)
    part = {k: corpus.subset(v) for k, v in splits.items()}
    clf = TfidfBaseline.fit((part["train"].texts, part["train"].y),
                            (part["validation"].texts, part["validation"].y),
                            labels=corpus.labels, task=corpus.task, prep=cfg.prep)
    run = folder / "runs" / name
    run.mkdir(parents=True)
    save_config(cfg, run / "config.yaml")
    clf.save(run / "model")
    atomic_write_json(run / "data_card.json", dict(data_card(corpus, splits, cfg.data), deid=deid_summary))
    test = part["test"]
    _write_predictions(run / "predictions.csv", test, {"model": {"proba": clf.predict_proba(test.texts)}})
    if calibrate:
        fit_calibrator_for_run(run)
    RunDir(run).mark_complete()
    return run


def tiny_run_config(folder: Path, notes: pd.DataFrame, encoder: Path | str, *, name: str,
                    **overrides):
    """A run config for ``synthetic_notes`` written to ``folder/notes.csv``: the tiny frozen
    ``encoder``, one thread, 10 bootstrap rounds; ``overrides`` replace whole sections."""
    from meddx.config import load_config

    path = folder / "notes.csv"
    notes.to_csv(path, index=False)
    tree = {
        "name": name, "out_dir": str(folder / "runs"),
        "data": {"path": str(path), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "patient_column": "patient"},
        "prep": {"max_length": 32}, "model": {"name": str(encoder), "mode": "frozen"},
        "train": {"threads": 1}, "eval": {"bootstrap": 10},
    }
    return load_config(overrides={**tree, **overrides})
#: PHI that the default detectors find; a test asserts none of it reaches a store, log or file.
PHI_SENTENCE = "Seen by Dr. Harriet Quillfeather at Saint Brendan Hospital on 03/14/2024, MRN 8812345."
PHI_STRINGS = ("Quillfeather", "8812345", "03/14/2024")


def with_phi(notes: pd.DataFrame, column: str = "note", every: int = 5) -> pd.DataFrame:
    """The same notes with :data:`PHI_SENTENCE` appended to every ``every``-th one."""
    out = notes.copy()
    rows = out.index[::every]
    out.loc[rows, column] = out.loc[rows, column] + " " + PHI_SENTENCE
    return out


def files_holding(folder: Path, strings=PHI_STRINGS) -> list[str]:
    """Files under ``folder`` (text or not) whose bytes contain any of ``strings``."""
    found = []
    for path in Path(folder).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(s.encode() in data for s in strings):
                found.append(str(path.relative_to(folder)))
    return found


def two_view_proba(n: int = 120, k: int = 3, seed: int = 0):
    """Labels ``y``, an over-confident model's probabilities ``p`` and a baseline's ``b`` whose
    errors are independent of the model's (for blend and calibration bench tests)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(k), n // k)
    z = rng.normal(0, 1, (n, k))
    z[np.arange(n), y] += 1.0
    p = np.exp(2 * z) / np.exp(2 * z).sum(axis=1, keepdims=True)
    zb = rng.normal(0, 1, (n, k))
    zb[np.arange(n), y] += 1.0  # a second, independent view of the label
    b = np.exp(zb) / np.exp(zb).sum(axis=1, keepdims=True)
    return y, p, b
