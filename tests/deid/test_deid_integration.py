"""De-identification inside the pipeline: config, training data card, predict, evaluate."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from meddx.config import RunConfig, load_config
from meddx.data import load_corpus
from meddx.deid import DeidConfig, deidentify_corpus
from meddx.errors import ConfigError
from tests._support.helpers import synthetic_notes


def test_deid_config_defaults_and_errors():
    cfg = RunConfig()
    assert cfg.deid.enabled and cfg.deid.mode == "redact"
    assert cfg.deid.detectors == ["rules", "names", "places", "crf"]
    with pytest.raises(ConfigError, match=r"deid.detectors.*unknown detector 'rulez'; known: "):
        load_config(overrides={"deid": {"detectors": ["rulez"]}})
    with pytest.raises(ConfigError, match=r"unknown config key 'deid.mdoe'; did you mean 'mode'"):
        load_config(overrides={"deid": {"mdoe": "mask"}})
    with pytest.raises(ConfigError, match=r"deid.labels.*unknown PHI type 'PERSON'"):
        load_config(overrides={"deid": {"labels": ["PERSON"]}})


PHI_NOTES = [
    "Seen by Dr. Quorbel on 07/22/2019, chest pain radiating to left arm",
    "Daughter Zelphine called 617-555-0199; troponin elevated",
    "new onset seizure at home; MRN: 8812345",
]


def test_deidentify_corpus_in_place(tmp_path):
    path = tmp_path / "n.csv"
    pd.DataFrame({"text": PHI_NOTES, "label": ["a", "b", "a"], "pid": ["p1", "p1", "p2"]}) \
        .to_csv(path, index=False)
    corpus = load_corpus(load_config(overrides={"data": {"path": str(path),
                                                         "patient_column": "pid"}}).data)
    summary = deidentify_corpus(corpus, DeidConfig())
    assert corpus.texts[0] == "Seen by Dr. [NAME] on [DATE], chest pain radiating to left arm"
    assert summary["counts_by_type"] == {"DATE": 1, "MRN": 1, "NAME": 2, "PHONE": 1}
    assert summary["n_texts_with_phi"] == 3 and summary["mode"] == "redact"
    off, summary = [], deidentify_corpus(corpus, DeidConfig(enabled=False))
    assert "counts_by_type" not in summary and not off


class _StubModel:
    labels, task = ["a", "b"], "multiclass"

    def __init__(self):
        self.seen = None

    def predict_proba(self, texts, quiet=True):
        self.seen = list(texts)
        return np.tile([0.3, 0.7], (len(texts), 1))


def test_predict_deidentifies_as_the_run_was_trained(tmp_path):
    from meddx.runs import LoadedRun
    from meddx.serve import predict_texts

    # A stand-in run: a folder without model/calibration.json, so no calibration applies.
    run = LoadedRun(tmp_path, RunConfig(), _StubModel(), None)
    out = predict_texts(run, ["Seen by Dr. Quorbel on 07/22/2019"])
    assert run.model.seen == ["Seen by Dr. [NAME] on [DATE]"]
    assert out[0]["label"] == "b"
    run.config = RunConfig(deid={"enabled": False})
    predict_texts(run, ["Seen by Dr. Quorbel on 07/22/2019"])
    assert run.model.seen == ["Seen by Dr. Quorbel on 07/22/2019"]


def test_training_deidentifies_first_and_no_phi_reaches_the_run(tmp_path, model_tiny):
    from meddx.pipeline import evaluate_run, train_run

    df = synthetic_notes(60, seed=4, patients=30)
    df["note"] = [f"{n}. Seen by Dr. Quorbel on 7/{i % 28 + 1}/2019, pager 44{i:03d}"
                  for i, n in enumerate(df["note"])]
    path = tmp_path / "notes.csv"
    df.to_csv(path, index=False)
    cfg = load_config(overrides={
        "name": "d1", "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(path), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "patient_column": "patient"},
        "prep": {"max_length": 32}, "model": {"name": str(model_tiny), "mode": "frozen"},
        "train": {"threads": 1}, "eval": {"bootstrap": 20}, "baseline": True,
    })
    result = train_run(cfg, quiet=True)
    card = json.loads((result.run_dir / "data_card.json").read_text())
    assert card["deid"]["counts_by_type"]["NAME"] == 60
    assert card["deid"]["counts_by_type"]["DATE"] == 60
    assert card["deid"]["detectors"] == ["rules", "names", "places", "crf"]
    for f in result.run_dir.rglob("*"):
        if f.is_file() and f.suffix in (".json", ".csv", ".html", ".log", ".yaml", ".txt"):
            assert "Quorbel" not in f.read_text(errors="replace"), f
    metrics, out = evaluate_run(result.run_dir, path, quiet=True)
    assert metrics["deid"]["counts_by_type"]["NAME"] == 60
