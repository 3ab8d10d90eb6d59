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
