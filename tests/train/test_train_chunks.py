"""``prep.train_max_chunks``: fine-tune on each note's first window(s) while predictions pool
``prep.max_chunks`` windows (the demo trains on heads and predicts on 3 windows)."""

from __future__ import annotations

import json
import math

import pytest

from tests._support.helpers import make_tiny_model, synthetic_notes, tiny_run_config


@pytest.mark.slow  # two tiny fine-tunes
@pytest.mark.parametrize("train_max_chunks", [None, 1])
def test_training_windows_follow_train_max_chunks(tmp_path, train_max_chunks):
    from meddx.models import load_classifier
    from meddx.pipeline import train_run

    tiny = make_tiny_model(tmp_path / "tiny")
    notes = synthetic_notes(60, seed=2)
    notes["note"] = notes["note"] + " " + notes["note"]  # every note spans several windows
    cfg = tiny_run_config(
        tmp_path, notes, tiny, name=f"chunks-{train_max_chunks}",
        model={"name": str(tiny), "mode": "full"},
        prep={"max_length": 16, "long_text": "chunks", "chunk_stride": 4, "max_chunks": 3,
              "train_max_chunks": train_max_chunks},
        train={"threads": 1, "epochs": 1, "batch_size": 4}, registry={"enabled": False})
    result = train_run(cfg, quiet=True)
    card = json.loads((result.run_dir / "data_card.json").read_text())
    heads = math.ceil(card["splits"]["train"]["n"] / 4)  # one window per training note
    planned = result.metrics["training"]["planned_steps"]
    if train_max_chunks == 1:
        assert planned == heads
    else:
        assert planned > heads
    model = load_classifier(result.run_dir / "model")
    assert model.prep.max_chunks == 3 and model.prep.train_max_chunks == train_max_chunks
