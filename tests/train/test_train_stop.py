"""Why fine-tuning stopped, and how much of the planned schedule ran (report, console,
metrics.json 'training')."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from meddx.config import TrainConfig
from meddx.train._finetune import stop_reason


def _state(step, epoch, max_steps):
    return SimpleNamespace(global_step=step, epoch=epoch, max_steps=max_steps)


@pytest.mark.parametrize("callbacks,settings,step,reason", [
    ([SimpleNamespace(seconds=420.0, stopped=True)], {"time_budget_minutes": 7}, 60,
     "time budget"),
    ([SimpleNamespace(early_stopping_patience_counter=2)], {"early_stopping_patience": 2}, 80,
     "early stopping"),
    ([], {"max_steps": 50}, 50, "max steps"),
    ([], {}, 117, "completed"),
])
def test_the_reason_is_named(callbacks, settings, step, reason):
    tc = TrainConfig(epochs=2, **settings)
    out = stop_reason(_state(step, step / 58.5, settings.get("max_steps") or 117), callbacks, tc,
                      steps_per_epoch=59)
    assert out["reason"] == reason
    assert out["planned_steps"] == 118 and out["steps"] == step
    assert out["share_of_plan"] == pytest.approx(step / 118, abs=1e-4)
    if reason == "time budget":
        assert out["sentence"].startswith("time budget (7 min, train.time_budget_minutes): "
                                          "60 of 118 planned steps (51% of 2 epoch(s))")
    if reason == "completed":
        assert out["sentence"].startswith("completed the planned schedule")


def test_a_short_budget_replans_the_schedule_so_it_still_decays():
    import torch
    import transformers

    from meddx.train._trainer import TimeBudgetCallback

    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1.0)
    scheduler = transformers.get_scheduler("linear", optimizer, num_warmup_steps=2,
                                           num_training_steps=100)
    budget = TimeBudgetCallback(1.0, warmup_steps=3, every=5)  # 60 s
    clock = iter(float(t) for t in range(0, 10_000, 2))  # 2 s per step
    import meddx.train._trainer as trainer_module

    real_time = trainer_module.time
    trainer_module.time = SimpleNamespace(monotonic=lambda: next(clock))
    try:
        state = SimpleNamespace(global_step=0, max_steps=100, epoch=0.0)
        control = SimpleNamespace(should_training_stop=False, should_save=False,
                                  should_evaluate=False)
        budget.on_train_begin(None, state, control)
        while not control.should_training_stop:
            state.global_step += 1
            optimizer.step()
            scheduler.step()
            budget.on_step_end(None, state, control, lr_scheduler=scheduler)
    finally:
        trainer_module.time = real_time
    assert budget.planned_steps_ == 100 and budget.replanned_steps_ < 30
    assert state.global_step == budget.replanned_steps_ and budget.stopped
    assert scheduler.get_last_lr()[0] == pytest.approx(0.0, abs=1e-9)  # fully decayed
    out = stop_reason(state, [budget], TrainConfig(epochs=2, time_budget_minutes=1.0),
                      steps_per_epoch=50)
    assert out["reason"] == "time budget" and out["replanned"]
    assert out["schedule_steps"] == budget.replanned_steps_
    assert "re-planned" in out["sentence"]


@pytest.mark.slow  # a tiny fine-tune slowed to 0.15 s per step under a 4-second budget
def test_a_run_under_a_short_budget_says_so(tmp_path, monkeypatch, model_tiny):
    import json
    import time

    import transformers

    from meddx.pipeline import train_run
    from meddx.train import _trainer
    from tests._support.helpers import synthetic_notes, tiny_run_config

    class Slow(transformers.TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            time.sleep(0.15)

    real = _trainer.make_callbacks
    monkeypatch.setattr(_trainer, "make_callbacks", lambda **kw: [Slow(), *real(**kw)])
    tiny = model_tiny
    cfg = tiny_run_config(tmp_path, synthetic_notes(120, seed=5), tiny, name="budget",
                          model={"name": str(tiny), "mode": "full"},
                          train={"threads": 1, "epochs": 4, "batch_size": 4,
                                 "time_budget_minutes": 4 / 60},
                          registry={"enabled": False})
    result = train_run(cfg, quiet=True)
    training = result.metrics["training"]
    assert training["reason"] == "time budget" and training["replanned"]
    assert training["steps"] == training["schedule_steps"] < training["planned_steps"]
    saved = json.loads((result.run_dir / "metrics.json").read_text())["training"]
    assert saved["replanned"]
    report = (result.run_dir / "report.html").read_text()
    assert "Training stopped early" in report and "re-planned" in report
    assert "time budget: " in (result.run_dir / "train.log").read_text()
