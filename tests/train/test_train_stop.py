"""Why fine-tuning stopped, and how much of the planned schedule ran (report, console,
metrics.json 'training')."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from meddx.train import TrainConfig
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

    from meddx.train._budget import TimeBudgetCallback

    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1.0)
    scheduler = transformers.get_scheduler("linear", optimizer, num_warmup_steps=2,
                                           num_training_steps=100)
    budget = TimeBudgetCallback(1.0, warmup_steps=3, every=5)  # 60 s
    clock = iter(float(t) for t in range(0, 10_000, 2))  # 2 s per step
    import meddx.train._budget as trainer_module

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


class _Clock:
    """A fake ``time`` module: each step costs what the current torch thread count costs."""

    def __init__(self, cost):
        self.now = 0.0
        self.cost = cost

    def monotonic(self):
        return self.now

    def step(self, torch):
        self.now += self.cost(torch.get_num_threads())


def _run_steps(budget, clock, scheduler, optimizer, state, *, upto=10_000):
    control = SimpleNamespace(should_training_stop=False, should_save=False,
                              should_evaluate=False)
    import torch

    while not control.should_training_stop and state.global_step < upto:
        budget.on_step_begin(None, state, control)
        clock.step(torch)
        state.global_step += 1
        optimizer.step()
        scheduler.step()
        budget.on_step_end(None, state, control, lr_scheduler=scheduler)
    return control


@pytest.fixture
def fake_time(monkeypatch):
    import meddx.train._budget as trainer_module

    def install(cost):
        clock = _Clock(cost)
        monkeypatch.setattr(trainer_module, "time", clock)
        return clock

    return install


@pytest.fixture
def restore_threads():
    import torch

    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def _schedule(total=100, lr=1.0):
    import torch
    import transformers

    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    return optimizer, transformers.get_scheduler("linear", optimizer, num_warmup_steps=2,
                                                 num_training_steps=total)


@pytest.mark.parametrize("fast,slow", [(1, 2), (2, 1)])
def test_the_budget_keeps_the_faster_thread_count(fake_time, restore_threads, fast, slow):
    """On a busy machine one thread can be several times faster than two (they wait for each
    other); on an idle one two are faster. The budget measures both and keeps the faster."""
    import torch

    from meddx.train._budget import TimeBudgetCallback

    clock = fake_time(lambda n: 1.0 if n == fast else 4.0)
    torch.set_num_threads(2)
    budget = TimeBudgetCallback(60.0, warmup_steps=3, every=5, threads=[2, 1], reprobe=10)
    optimizer, scheduler = _schedule()
    state = SimpleNamespace(global_step=0, max_steps=100, epoch=0.0, is_world_process_zero=True)
    budget.on_train_begin(None, state, None, lr_scheduler=scheduler)
    _run_steps(budget, clock, scheduler, optimizer, state, upto=40)
    assert torch.get_num_threads() == fast
    assert budget.threads_["chosen"] == fast
    assert budget.threads_["seconds_per_step"] == {str(fast): 1.0, str(slow): 4.0}
    assert budget.replanned_steps_ is None  # 100 steps of 1 s fit the hour; probes did not count
    out = stop_reason(state, [budget], TrainConfig(epochs=2, time_budget_minutes=60.0),
                      steps_per_epoch=50)
    assert out["cpu_threads"]["chosen"] == fast
    assert f"; {fast} CPU thread(s), the faster measured" in out["sentence"]


def test_a_machine_that_gets_busy_mid_run_switches_threads(fake_time, restore_threads):
    import torch

    from meddx.train._budget import TimeBudgetCallback

    busy = {"on": False}
    clock = fake_time(lambda n: (4.0 if n == 2 else 1.5) if busy["on"] else (1.0 if n == 2
                                                                               else 1.8))
    torch.set_num_threads(2)
    budget = TimeBudgetCallback(60.0, threads=[2, 1], reprobe=10)
    optimizer, scheduler = _schedule()
    state = SimpleNamespace(global_step=0, max_steps=100, epoch=0.0, is_world_process_zero=True)
    budget.on_train_begin(None, state, None, lr_scheduler=scheduler)
    _run_steps(budget, clock, scheduler, optimizer, state, upto=8)
    assert torch.get_num_threads() == 2
    busy["on"] = True
    _run_steps(budget, clock, scheduler, optimizer, state, upto=40)
    assert torch.get_num_threads() == 1 and budget.threads_["chosen"] == 1


def test_resume_keeps_the_replanned_schedule(fake_time, tmp_path):
    """A checkpoint saved after a re-plan records it; a resumed run stretches the schedule to
    the re-planned end again (not the first plan) and stops there, fully decayed."""
    from meddx.train._budget import PLAN_FILE, TimeBudgetCallback, read_plan

    clock = fake_time(lambda n: 2.0)
    budget = TimeBudgetCallback(1.0, warmup_steps=3, every=5)  # 60 s at 2 s per step
    optimizer, scheduler = _schedule()
    state = SimpleNamespace(global_step=0, max_steps=100, epoch=0.0, is_world_process_zero=True)
    budget.on_train_begin(None, state, None, lr_scheduler=scheduler)
    _run_steps(budget, clock, scheduler, optimizer, state, upto=15)
    target = budget.replanned_steps_
    assert target is not None and 15 < target < 30
    (tmp_path / "checkpoint-15").mkdir()
    args = SimpleNamespace(output_dir=str(tmp_path))
    budget.on_save(args, state, None)
    assert (tmp_path / "checkpoint-15" / PLAN_FILE).is_file()
    plan = read_plan(str(tmp_path / "checkpoint-15"))
    assert plan == {"planned_steps": 100, "replanned_steps": target}
    assert read_plan(None) is None and read_plan(str(tmp_path)) is None

    # resume: a fresh scheduler of the first plan (100 steps), restored at step 15
    optimizer, scheduler = _schedule()
    for _ in range(15):
        optimizer.step()
        scheduler.step()
    resumed = TimeBudgetCallback(1.0, warmup_steps=3, every=5, resume_plan=plan)
    state = SimpleNamespace(global_step=15, max_steps=100, epoch=0.0, is_world_process_zero=True)
    resumed.on_train_begin(None, state, None, lr_scheduler=scheduler)
    _run_steps(resumed, clock, scheduler, optimizer, state)
    assert state.global_step == target and resumed.stopped
    assert scheduler.get_last_lr()[0] == pytest.approx(0.0, abs=1e-9)
    out = stop_reason(state, [resumed], TrainConfig(epochs=2, time_budget_minutes=1.0),
                      steps_per_epoch=50)
    assert out["replanned"] and out["schedule_steps"] == target


@pytest.mark.slow  # a tiny fine-tune cut by a crash after the budget re-planned, then resumed
def test_resume_after_a_replan_keeps_the_replanned_schedule(tmp_path, monkeypatch):
    """Run 1 is slowed so that the budget re-plans, and crashes after a checkpoint. Run 2
    (--resume) is fast: it must still stop at the re-planned end, not run the first plan."""
    import json
    import time

    import transformers

    from meddx.pipeline import train_run
    from meddx.train import _trainer
    from tests._support.helpers import make_tiny_model, synthetic_notes, tiny_run_config

    class Slow(transformers.TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            time.sleep(0.15)

    class Crash(transformers.TrainerCallback):
        """Crash at the first checkpoint saved after the budget re-planned (before its end)."""

        def __init__(self, callbacks):
            self.budget = next(c for c in callbacks if hasattr(c, "replanned_steps_"))

        def on_save(self, args, state, control, **kwargs):
            target = self.budget.replanned_steps_
            if target is not None and state.global_step < target:
                raise RuntimeError("simulated crash after a checkpoint")

    real = _trainer.make_callbacks

    def slowed(**kw):
        callbacks = real(**kw)
        return [Slow(), *callbacks, Crash(callbacks)]

    monkeypatch.setattr(_trainer, "make_callbacks", slowed)
    tiny = make_tiny_model(tmp_path / "tiny")
    cfg = tiny_run_config(tmp_path, synthetic_notes(120, seed=5), tiny, name="replan",
                          model={"name": str(tiny), "mode": "full"},
                          train={"threads": 1, "epochs": 4, "batch_size": 4, "save_steps": 2,
                                 "time_budget_minutes": 10 / 60},
                          registry={"enabled": False})
    with pytest.raises(Exception, match="simulated crash"):
        train_run(cfg, quiet=True)
    saved = sorted((tmp_path / "runs" / "replan" / "checkpoints").glob("checkpoint-*"),
                   key=lambda p: int(p.name.split("-")[1]))
    plan = json.loads((saved[-1] / "time_budget.json").read_text())
    assert plan["replanned_steps"] < plan["planned_steps"]

    monkeypatch.setattr(_trainer, "make_callbacks", real)  # fast now: the first plan would fit
    result = train_run(cfg, resume=True, quiet=True)
    training = result.metrics["training"]
    assert training["replanned"] and training["schedule_steps"] <= plan["replanned_steps"]
    assert training["steps"] == training["schedule_steps"] < training["planned_steps"]


@pytest.mark.slow  # a tiny fine-tune through Trainer with the probe on
def test_a_real_run_records_its_thread_choice(tmp_path, restore_threads):
    import os

    from meddx.pipeline import train_run
    from tests._support.helpers import make_tiny_model, synthetic_notes, tiny_run_config

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: nothing to choose between")
    tiny = make_tiny_model(tmp_path / "tiny")
    cfg = tiny_run_config(tmp_path, synthetic_notes(80, seed=4), tiny, name="probe",
                          model={"name": str(tiny), "mode": "full"},
                          train={"threads": None, "epochs": 1, "batch_size": 4,
                                 "time_budget_minutes": 5},
                          registry={"enabled": False})
    result = train_run(cfg, quiet=True)
    threads = result.metrics["training"]["cpu_threads"]
    assert threads["chosen"] in (1, os.cpu_count())
    assert set(threads["seconds_per_step"]) >= {"1"} and len(threads["seconds_per_step"]) == 2
    assert "CPU threads: " in (result.run_dir / "train.log").read_text()
