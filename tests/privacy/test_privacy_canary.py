"""Canary exposure (meddx.privacy, "The Secret Sharer"): a canary the tiny causal LM memorised
ranks first and is extracted; canaries it never saw sit at chance; planting and refusals; a
causal LoRA run with ``privacy.canaries`` reports its exposure in metrics, audit and card."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from meddx.config import load_config
from meddx.errors import ConfigError
from meddx.privacy import canary_exposure, make_canaries, plant_canaries
from tests._support.helpers import synthetic_notes


def _lm(path):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.manual_seed(0)
    return AutoModelForCausalLM.from_pretrained(str(path)), AutoTokenizer.from_pretrained(str(path))


def _memorise(model, ids: list[int], steps: int = 40) -> None:
    import torch

    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    x = torch.as_tensor([ids])
    model.train()
    for _ in range(steps):
        opt.zero_grad()
        model(input_ids=x, labels=x).loss.backward()
        opt.step()
    model.eval()


@pytest.mark.slow  # about 7 s on an idle 2-core CPU (tokenizer from the GGUF, 40 LM steps)
def test_a_memorised_canary_is_exposed_and_extracted_an_unseen_one_is_not(model_tiny_causal):
    model, tok = _lm(model_tiny_causal)
    seen, *unseen = make_canaries(4, seed=3)

    def render(text):
        return tok(text, add_special_tokens=False)["input_ids"]

    _memorise(model, render(seen.text))
    out = canary_exposure(model, [seen, *unseen], render, n_candidates=31, seed=0)
    rows = out["canaries"]
    assert out["max_exposure_possible"] == pytest.approx(5.0)
    assert rows[0]["rank"] == 1 and rows[0]["exposure"] == pytest.approx(5.0)
    assert rows[0]["extracted"] and rows[0]["exposure_extrapolated"] > 10
    others = [r["exposure"] for r in rows[1:]]
    assert np.mean(others) < 3.0  # rank uniform: about 1.4 bits expected
    assert not any(r["extracted"] for r in rows[1:])
    assert out["n_extracted"] == 1
    assert all(c.secret not in json.dumps(out) for c in [seen, *unseen])  # no secret reported


def test_canaries_are_fake_distinct_and_planted_at_the_start_of_notes():
    canaries = make_canaries(3, seed=0)
    assert len({c.prefix for c in canaries}) == 3
    assert all(len(c.secret) == 6 and c.secret.isdigit() for c in canaries)
    texts = [f"note {i} body" for i in range(20)]
    planted = plant_canaries(texts, canaries, repeats=2, seed=1)
    assert texts == [f"note {i} body" for i in range(20)]  # the input is not changed
    for c in canaries:
        hits = [t for t in planted if c.text in t]
        assert len(hits) == 2 and all(t.startswith(c.text + " note ") for t in hits)
    assert sum(t != o for t, o in zip(planted, texts, strict=True)) == 6
    with pytest.raises(ConfigError, match=r"needs 60 training notes; there are 20"):
        plant_canaries(texts, make_canaries(30, seed=0), repeats=2, seed=1)


def test_canaries_need_a_causal_lm_lora_run():
    with pytest.raises(ConfigError, match="privacy.canaries 4 .* model.mode 'lora'") as err:
        load_config(overrides={"model": {"mode": "frozen"}, "privacy": {"canaries": 4}})
    assert "\n" not in str(err.value)


@pytest.mark.slow
def test_a_causal_lora_run_reports_canary_exposure(model_tiny_causal, tmp_path):
    from meddx.audit import write_model_card
    from meddx.pipeline import train_run
    from meddx.privacy import privacy_audit_run

    data = tmp_path / "notes.csv"
    synthetic_notes(40, seed=3).to_csv(data, index=False)
    cfg = load_config(overrides={
        "name": "canary", "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(data), "text_column": "note", "label_column": "dx"},
        "model": {"name": str(model_tiny_causal), "mode": "lora",
                  "lora": {"r": 4, "alpha": 8, "dropout": 0.0, "target_modules": ["q_proj"]}},
        "train": {"max_steps": 3, "batch_size": 4, "threads": 1}, "eval": {"bootstrap": 10},
        "llm": {"template": "terse"},
        "privacy": {"canaries": 2, "canary_repeats": 2, "canary_candidates": 15}})
    result = train_run(cfg, quiet=True)
    run = result.run_dir
    got = result.metrics["canaries"]
    assert got["n_canaries"] == 2 and got["max_exposure_possible"] == pytest.approx(4.0)
    assert all(0 <= r["exposure"] <= 4.0 and not math.isnan(r["exposure_extrapolated"])
               for r in got["canaries"])
    saved = json.loads((run / "canaries.json").read_text())
    assert saved["fake"] is True and len(saved["canaries"]) == 2
    assert "Canaries (privacy.canaries): 2 fake-PHI" in (run / "report.html").read_text()
    audit, _ = privacy_audit_run(run, n_boot=10)
    assert audit["canaries"]["n_canaries"] == 2 and audit["canaries"]["repeats"] == 2
    assert "Canary exposure" in write_model_card(run).read_text(encoding="utf-8")
