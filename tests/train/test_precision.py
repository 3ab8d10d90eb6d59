"""train.precision: resolved from the hardware, bf16 autocast in the training steps only
(validation during training, predictions and the saved model stay fp32), recorded, resumable."""

from __future__ import annotations

import json

import pytest
import torch

from meddx.errors import ConfigError
from meddx.train import _precision as precision_module
from meddx.train import native_bf16, resolve_precision
from tests._support.helpers import synthetic_notes, tiny_run_config


def _cpu(monkeypatch, *, amx: bool, avx512_bf16: bool) -> None:
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: amx, raising=False)
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: avx512_bf16,
                        raising=False)


@pytest.mark.parametrize(
    ("amx", "avx512_bf16", "setting", "expected"),
    [
        (False, False, "auto", "fp32"),
        (True, False, "auto", "bf16"),
        (False, True, "auto", "bf16"),
        (True, True, "fp32", "fp32"),
        (False, True, "bf16", "bf16"),
        (False, False, "fp32", "fp32"),
    ],
)
def test_the_setting_resolves_from_the_cpu(monkeypatch, amx, avx512_bf16, setting, expected):
    _cpu(monkeypatch, amx=amx, avx512_bf16=avx512_bf16)
    chosen, why = resolve_precision(setting, torch, cuda=False)
    assert chosen == expected
    assert why.startswith(f"train.precision {setting}")


def test_bf16_without_native_support_is_an_error(monkeypatch):
    _cpu(monkeypatch, amx=False, avx512_bf16=False)
    with pytest.raises(ConfigError, match=r"train.precision is 'bf16' .*no native bf16.*'auto'"):
        resolve_precision("bf16", torch, cuda=False)


def test_a_cuda_gpu_is_asked_about_bf16(monkeypatch):
    _cpu(monkeypatch, amx=True, avx512_bf16=True)  # the CPU does not count on a GPU
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    assert resolve_precision("auto", torch, cuda=True)[0] == "fp32"
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    assert native_bf16(torch, cuda=True) == "CUDA GPU with bf16"


def test_without_torch_checks_the_cpu_flags_decide(monkeypatch, tmp_path):
    monkeypatch.delattr(torch.cpu, "_is_amx_tile_supported", raising=False)
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse avx512f avx512_bf16 amx_tile\n")
    assert precision_module._cpuinfo_flags(cpuinfo) >= {"avx512_bf16", "amx_tile"}
    assert precision_module._cpuinfo_flags(tmp_path / "missing") == set()
    monkeypatch.setattr(precision_module, "_cpuinfo_flags", lambda: {"fpu", "avx512_bf16"})
    assert native_bf16(torch, cuda=False) == "CPU with AVX512-BF16"
    monkeypatch.setattr(precision_module, "_cpuinfo_flags", lambda: {"fpu", "avx2"})
    assert resolve_precision("auto", torch, cuda=False)[0] == "fp32"


@pytest.mark.parametrize(
    ("over", "named"),
    [
        ({"model": {"mode": "frozen"}}, "model.mode 'frozen'"),
        ({"model": {"mode": "full"}, "privacy": {"epsilon": 8.0}}, "privacy.epsilon"),
    ],
)
def test_bf16_where_training_is_fp32_only_is_refused(tmp_path, model_tiny, over, named):
    model = {"name": str(model_tiny), **over["model"]}
    over = {k: v for k, v in over.items() if k != "model"}
    with pytest.raises(ConfigError, match=rf"train.precision 'bf16' applies .*{named}"):
        tiny_run_config(tmp_path, synthetic_notes(40, seed=1), model_tiny, name="p",
                        model=model, train={"threads": 1, "precision": "bf16"}, **over)
    tiny_run_config(tmp_path, synthetic_notes(40, seed=1), model_tiny, name="p", model=model,
                    train={"threads": 1, "precision": "auto"}, **over)  # auto: fp32 there


def _bf16_config(tmp_path, tiny, name: str, mode: str = "full", **train):
    return tiny_run_config(tmp_path, synthetic_notes(96, seed=3), tiny, name=name,
                           model={"name": str(tiny), "mode": mode},
                           train={"threads": 1, "epochs": 2, "batch_size": 8,
                                  "learning_rate": 1e-3, "precision": "bf16", **train},
                           registry={"enabled": False})


def _watch_linear(monkeypatch) -> list[tuple[bool, torch.dtype]]:
    """(training?, output dtype) of every call of the model's first Linear layer."""
    from meddx.train import _finetune

    seen: list[tuple[bool, torch.dtype]] = []
    real = _finetune.load_classifier_model

    def load(*args, **kwargs):
        model = real(*args, **kwargs)
        layer = next(m for m in model.modules() if isinstance(m, torch.nn.Linear))
        layer.register_forward_hook(lambda m, i, out: seen.append((m.training, out.dtype)))
        return model

    monkeypatch.setattr(_finetune, "load_classifier_model", load)
    return seen


@pytest.mark.slow  # two tiny fine-tunes (about 10 s)
@pytest.mark.parametrize("mode", ["full", "lora"])
def test_bf16_trains_in_bf16_and_serves_fp32(tmp_path, monkeypatch, model_tiny, mode):
    from safetensors import safe_open

    from meddx.pipeline import train_run
    from meddx.runs import load_run

    _cpu(monkeypatch, amx=True, avx512_bf16=True)  # bf16 runs (emulated) on any CPU
    seen = _watch_linear(monkeypatch)
    result = train_run(_bf16_config(tmp_path, model_tiny, "bf16", mode), quiet=True)
    assert {d for training, d in seen if training} == {torch.bfloat16}
    # validation during training and the predictions after it: fp32, as served
    assert {d for training, d in seen if not training} == {torch.float32}
    assert result.metrics["training"]["precision"] == "bf16"
    saved = json.loads((result.run_dir / "metrics.json").read_text())["training"]
    assert saved["precision"] == "bf16"
    assert "training precision: bf16" in (result.run_dir / "train.log").read_text()
    assert "bf16 mixed precision" in (result.run_dir / "report.html").read_text()
    for weights in (result.run_dir / "model").glob("*.safetensors"):
        with safe_open(str(weights), "pt") as f:
            assert {f.get_slice(k).get_dtype() for k in f.keys()} == {"F32"}, weights.name
    run = load_run(result.run_dir, with_baseline=False)
    assert {p.dtype for p in run.model.model.parameters()} == {torch.float32}
    if mode == "lora":
        return

    _cpu(monkeypatch, amx=False, avx512_bf16=False)  # auto on a CPU without bf16: fp32
    seen.clear()
    fp32 = train_run(_bf16_config(tmp_path, model_tiny, "auto", precision="auto"), quiet=True)
    assert fp32.metrics["training"]["precision"] == "fp32"
    assert {d for _, d in seen} == {torch.float32}


@pytest.mark.slow  # three tiny fine-tunes (about 15 s)
def test_bf16_resume_reaches_the_uninterrupted_model(tmp_path, monkeypatch, model_tiny):
    import numpy as np
    import pandas as pd
    import transformers

    from meddx.pipeline import train_run
    from meddx.train import _trainer

    _cpu(monkeypatch, amx=True, avx512_bf16=True)

    class Crash(transformers.TrainerCallback):
        def on_save(self, args, state, control, **kwargs):
            if state.global_step == 6:
                raise RuntimeError("simulated crash after checkpoint 6")

    real = _trainer.make_callbacks
    monkeypatch.setattr(_trainer, "make_callbacks", lambda **kw: [*real(**kw), Crash()])
    with pytest.raises(RuntimeError, match="simulated crash"):
        train_run(_bf16_config(tmp_path, model_tiny, "killed", save_steps=3), quiet=True)
    monkeypatch.setattr(_trainer, "make_callbacks", real)
    resumed = train_run(_bf16_config(tmp_path, model_tiny, "killed", save_steps=3),
                        resume=True, quiet=True)
    assert "resuming from checkpoint-6" in (resumed.run_dir / "train.log").read_text()
    assert resumed.metrics["training"]["precision"] == "bf16"
    straight = train_run(_bf16_config(tmp_path, model_tiny, "straight", save_steps=3),
                         quiet=True)

    def proba(run):
        return pd.read_csv(run.run_dir / "predictions.csv").filter(like="model_p[").to_numpy()

    np.testing.assert_allclose(proba(resumed), proba(straight), atol=2e-3)


def test_accelerates_state_outlives_the_accelerator_that_set_it(accelerate_fresh_state):
    """What an fp32 run earlier in the process leaves behind (a causal-LM train, say): a later
    bf16 Accelerator fails unless ``accelerate_fresh_state`` clears it. The fixture also clears
    it before this test, whatever ran earlier in the session (any mixed precision)."""
    from accelerate import Accelerator
    from accelerate.state import AcceleratorState

    Accelerator(cpu=True, mixed_precision="no")
    assert AcceleratorState().mixed_precision == "no"  # process-wide
    with pytest.raises(ValueError, match="already been initialized"):
        Accelerator(cpu=True, mixed_precision="bf16")


def test_the_served_forward_is_the_models_own(model_tiny, accelerate_fresh_state):
    """Trainer's bf16 wraps the forward in autocast; ``without_autocast`` restores the model's
    own forward, decorators included (accelerate's unwrap strips those too)."""
    import transformers
    from accelerate import Accelerator

    from meddx.train._trainer import without_autocast

    model = transformers.AutoModelForSequenceClassification.from_pretrained(
        str(model_tiny), num_labels=3)
    Accelerator(cpu=True, mixed_precision="bf16").prepare_model(model)
    x = torch.randint(5, 100, (2, 8))
    assert model(input_ids=x).logits.dtype == torch.float32  # cast back by accelerate...
    seen = []
    layer = next(m for m in model.modules() if isinstance(m, torch.nn.Linear))
    layer.register_forward_hook(lambda m, i, out: seen.append(out.dtype))
    model(input_ids=x)
    assert seen == [torch.bfloat16]  # ...but computed under autocast
    assert without_autocast(model) is model
    assert model.forward.__func__ is type(model).forward
    seen.clear()
    assert model(input_ids=x, return_dict=False)[0].dtype == torch.float32
    assert seen == [torch.float32]


def test_bf16_without_native_support_fails_before_the_run_folder(tmp_path, monkeypatch,
                                                                  model_tiny):
    from meddx.pipeline import train_run

    _cpu(monkeypatch, amx=False, avx512_bf16=False)
    with pytest.raises(ConfigError, match="no native bf16"):
        train_run(_bf16_config(tmp_path, model_tiny, "nobf16"), quiet=True)
    assert not (tmp_path / "runs" / "nobf16").exists()
