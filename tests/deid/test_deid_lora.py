"""The ``ner`` detector as a LoRA adapter: training, saving, reloading, the bundled adapter."""

from __future__ import annotations

import json
import shutil
import warnings

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from meddx.deid import Deidentifier, NerDetector, train_ner
from meddx.deid._ner import load_ner
from meddx.deid._ner_lora import bundled_ner_path
from meddx.errors import ModelError

runner = CliRunner()
SENTENCE = "Spoke with Dr. Evangeline Marchetti about the plan; daughter Rosalind aware."


def _train(out, base, seed=0):
    return train_ner(out, base_model=str(base), n=8, seed=seed, max_steps=2, max_length=32,
                     stride=8, adapter="lora", lora_r=2, lr=1e-2, quiet=True)


@pytest.fixture(scope="module")
def adapter(tmp_path_factory, model_tiny):
    out = tmp_path_factory.mktemp("lora") / "a"
    return out, _train(out, model_tiny)


def _logits(model):
    import torch

    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102]])
    with torch.inference_mode():
        return model(input_ids=ids, attention_mask=torch.ones_like(ids)).logits


def test_lora_saves_only_the_adapter(adapter):
    out, meta = adapter
    names = sorted(p.name for p in out.iterdir())
    assert names == ["adapter_config.json", "adapter_model.safetensors", "meddx_ner.json"]
    assert meta["adapter"]["kind"] == "lora" and meta["adapter"]["r"] == 2
    config = json.loads((out / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] is None
    assert config["target_modules"] == ["dense", "key", "query", "value"]  # sorted: same bytes
    from safetensors.torch import load_file

    weights = load_file(str(out / "adapter_model.safetensors"))
    # lora_B starts at zero: a trained adapter has moved it; the head is saved with it
    assert any("lora_B" in k and float(v.abs().sum()) > 0 for k, v in weights.items())
    assert any("classifier" in k for k in weights)


def test_lora_reload_gives_the_trained_model(adapter, model_tiny):
    """The merged model the detector loads predicts as the unmerged adapter on the encoder."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForTokenClassification

    out, meta = adapter
    load_ner.cache_clear()
    merged = NerDetector(out).model
    with warnings.catch_warnings():  # transformers' own deprecation notices, not meddx's
        warnings.simplefilter("ignore")
        base = AutoModelForTokenClassification.from_pretrained(
            str(model_tiny), local_files_only=True, num_labels=len(meta["labels"]))
        unmerged = PeftModel.from_pretrained(base, str(out)).eval()
    assert torch.allclose(_logits(merged), _logits(unmerged), atol=1e-5)
    load_ner.cache_clear()
    again = NerDetector(out)
    assert torch.equal(_logits(again.model), _logits(merged))  # head comes from the file
    text = "Seen by Dr. Quorbel on 7/22/2019 at Lakeview."
    assert again.detect(text) == NerDetector(out).detect(text)


def test_lora_training_is_deterministic(adapter, model_tiny, tmp_path):
    from safetensors.torch import load_file

    out, _ = adapter
    _train(tmp_path / "b", model_tiny)
    one = load_file(str(out / "adapter_model.safetensors"))
    two = load_file(str(tmp_path / "b" / "adapter_model.safetensors"))
    assert one.keys() == two.keys() and all((one[k] == two[k]).all() for k in one)


def test_bundled_adapter_finds_a_name_offline():
    folder = bundled_ner_path()
    assert (folder / "adapter_model.safetensors").stat().st_size < 2_000_000
    meta = json.loads((folder / "meddx_ner.json").read_text())
    assert meta["adapter"]["kind"] == "lora" and meta["base_model"] == "minilm"
    load_ner.cache_clear()
    deid = Deidentifier(detectors=["ner"])  # deid.ner_model unset: the bundled adapter
    spans = deid.detect(SENTENCE)
    i = SENTENCE.index("Marchetti")
    assert any(s.label == "NAME" and s.start <= i < s.end for s in spans), spans


@pytest.mark.parametrize("damage", ["no_weights", "bad_config", "bad_weights"])
def test_broken_adapter_is_one_clear_error(tmp_path, damage):
    folder = tmp_path / "broken"
    shutil.copytree(bundled_ner_path(), folder)
    if damage == "no_weights":
        (folder / "adapter_model.safetensors").unlink()
    elif damage == "bad_config":
        (folder / "adapter_config.json").write_text("{not json")
    else:
        (folder / "adapter_model.safetensors").write_bytes(b"\x00" * 64)
    load_ner.cache_clear()
    with pytest.raises(ModelError) as err:
        Deidentifier(detectors=["rules", "ner"], ner_model=str(folder))
    msg = str(err.value)
    assert str(folder) in msg and "adapter" in msg and "\n" not in msg
    load_ner.cache_clear()


def test_corrupt_manifest_is_one_clear_error(tmp_path):
    (tmp_path / "meddx_ner.json").write_text("{oops")
    load_ner.cache_clear()
    with pytest.raises(ModelError, match="not a readable meddx NER manifest"):
        NerDetector(tmp_path)


def test_deid_train_cli_adapter(tmp_path, model_tiny):
    out = tmp_path / "m"
    ok = runner.invoke(app, ["deid-train", "--out", str(out), "--n", "8", "--max-steps", "1",
                             "--base-model", str(model_tiny), "--max-length", "32", "--stride",
                             "8", "--adapter", "lora", "--lora-r", "2", "-q"])
    assert ok.exit_code == 0, ok.output
    assert (out / "adapter_model.safetensors").is_file() and not (out / "model.safetensors").exists()
    bad = runner.invoke(app, ["deid-train", "--out", str(tmp_path / "x"), "--adapter", "qlora",
                              "--base-model", str(model_tiny)])
    assert bad.exit_code == 2 and "--adapter: must be one of full, lora" in bad.output
    assert not (tmp_path / "x").exists()
