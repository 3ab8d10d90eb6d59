"""The wall-clock budget of a fine-tune: measure the speed, fit the schedule to the time
left (re-planned, so that it still decays), pick the faster CPU thread count, stop cleanly,
and keep a re-planned schedule across ``--resume``."""

from __future__ import annotations

import logging
import time

import numpy as np

from meddx.errors import require

__all__ = ["PLAN_FILE", "ThreadProbe", "TimeBudgetCallback", "read_plan", "stretch_schedule"]

PLAN_FILE = "time_budget.json"  # a re-planned schedule, for --resume

transformers = require("transformers", "train")
torch = require("torch", "train")


class TimeBudgetCallback(transformers.TrainerCallback):
    """Fit the schedule into the wall-clock budget, and stop cleanly, with a checkpoint, once
    the budget is spent.

    After ``warmup_steps`` steps (timed from the end of the first, which carries start-up
    costs) and then every ``every`` steps, it measures seconds per step and, if the steps left
    in the plan would not fit the budget left (less a ``reserve`` share for the final
    evaluation and save), it shortens the plan: the learning-rate schedule is re-stretched to
    the new total, so that a short budget still gets a complete, decayed schedule instead of
    a cut one. The plan only ever shrinks. ``planned_steps_`` and ``replanned_steps_`` record
    the change (None when none was needed); ``stopped`` is set when training ended on the
    budget, by the plan or by the clock.

    With ``threads`` (the torch CPU thread counts to try, e.g. ``[2, 1]``) it first times
    ``probe_steps`` steps with each and keeps the faster, and re-checks every ``reprobe``
    steps: on a busy machine one thread can be several times faster than all cores, whose
    threads wait for each other while other processes hold the cores. ``threads_`` records
    the choice and the measured seconds per step.

    ``spent`` seconds (work before Trainer starts, e.g. caching frozen layers' output) count
    against the budget.

    A re-planned schedule is saved in each checkpoint (``time_budget.json``); pass it back
    as ``resume_plan`` so that ``--resume`` keeps the re-planned schedule and its end."""

    def __init__(self, minutes: float, *, warmup_steps: int = 5, every: int = 20,
                 reserve: float = 0.1, threads: list[int] | None = None,
                 probe_steps: int = 2, reprobe: int = 60,
                 resume_plan: dict | None = None, spent: float = 0.0) -> None:
        self.seconds = minutes * 60.0
        self.spent = float(spent)  # seconds already used before training began
        self.warmup_steps = warmup_steps
        self.every = every
        self.reserve = reserve
        self.start = None
        self.stopped = False
        self.first = None  # (time, step) from which the speed is measured
        self.planned_steps_ = (resume_plan or {}).get("planned_steps")
        self.replanned_steps_ = (resume_plan or {}).get("replanned_steps")
        self.probe = ThreadProbe(threads, probe_steps, reprobe) if threads else None
        self.threads_ = None
        self.step_start = None

    def on_train_begin(self, args, state, control, **kwargs):
        self.start = time.monotonic() - self.spent
        if self.replanned_steps_ is not None:  # resumed: the re-planned schedule, not the first
            stretch_schedule(kwargs.get("lr_scheduler"), self.replanned_steps_)
        if self.probe is not None:
            self.probe.begin()

    def on_step_begin(self, args, state, control, **kwargs):
        self.step_start = time.monotonic()

    def on_save(self, args, state, control, **kwargs):
        if not state.is_world_process_zero or self.replanned_steps_ is None:
            return
        from pathlib import Path

        from meddx._io import atomic_write_json

        folder = Path(args.output_dir) / f"checkpoint-{state.global_step}"
        if folder.is_dir():
            atomic_write_json(folder / PLAN_FILE, {"planned_steps": self.planned_steps_,
                                                   "replanned_steps": self.replanned_steps_})

    def on_step_end(self, args, state, control, **kwargs):
        if self.start is None:
            return
        now = time.monotonic()
        if self.probe is not None and self.step_start is not None and self.first is not None:
            if self.probe.record(state.global_step, now - self.step_start):
                self.first = (now, state.global_step)  # settled: measure the speed from here
                self.threads_ = self.probe.summary()
        if self.first is None:
            self.first = (now, state.global_step)
        step = state.global_step
        done = step - self.first[1]
        probing = self.probe is not None and self.probe.busy
        if not probing and done >= self.warmup_steps and (done - self.warmup_steps) % self.every == 0:
            per_step = (now - self.first[0]) / done
            self._replan(state, kwargs.get("lr_scheduler"), now, per_step)
        target = self.replanned_steps_
        if now - self.start > self.seconds or (target is not None and step >= target):
            self.stopped = True
            control.should_training_stop = True
            # Trainer ends a stopped epoch with on_epoch_end, which evaluates and saves under
            # the "epoch" strategy: asking here too would evaluate and save twice.
            if args is None or getattr(args, "save_strategy", None) != "epoch":
                control.should_save = True
            if args is None or getattr(args, "eval_strategy", None) != "epoch":
                control.should_evaluate = True

    def _replan(self, state, scheduler, now: float, per_step: float) -> None:
        total = self.replanned_steps_ or state.max_steps
        left = self.seconds * (1 - self.reserve) - (now - self.start)
        affordable = state.global_step + max(1, int(left / max(per_step, 1e-9)))
        if affordable >= total:
            return
        if self.planned_steps_ is None:
            self.planned_steps_ = int(state.max_steps)
        self.replanned_steps_ = int(affordable)
        stretch_schedule(scheduler, affordable)
        logging.getLogger("meddx").info(
            "time budget: %.2f s per step, so %d of the %d planned steps fit the %g min "
            "budget; the learning-rate schedule now ends at step %d", per_step, affordable,
            self.planned_steps_, self.seconds / 60, affordable)


class ThreadProbe:
    """Time steps with each torch thread count and keep the fastest (see TimeBudgetCallback).

    The first probe times ``steps`` steps per count; later ones (after ``every`` steps, the
    interval doubling each time the choice holds) time one step of each other count against
    the median of the chosen count's recent steps."""

    def __init__(self, counts: list[int], steps: int, every: int) -> None:
        self.counts = list(dict.fromkeys(int(c) for c in counts))
        self.steps = steps
        self.every = every
        self.times: dict[int, list[float]] = {}
        self.queue: list[int] = []
        self.chosen = None
        self.next_check = None
        self.recent: list[float] = []

    @property
    def busy(self) -> bool:
        return bool(self.queue)

    def begin(self) -> None:
        self.queue = [c for c in self.counts for _ in range(self.steps)]
        self.times = {}
        _set_threads(self.queue[0])

    def record(self, step: int, seconds: float) -> bool:
        """Record the step just timed; True when a probe has just settled on a count."""
        if not self.queue:
            self.recent = [*self.recent[-(self.steps + 2):], seconds]
            if self.next_check is not None and step >= self.next_check:
                self.times = {self.chosen: list(self.recent)}
                self.queue = [c for c in self.counts if c != self.chosen]
                _set_threads(self.queue[0])
            return False
        self.times.setdefault(_get_threads(), []).append(seconds)
        self.queue.pop(0)
        if self.queue:
            _set_threads(self.queue[0])
            return False
        median = {c: float(np.median(t)) for c, t in self.times.items()}
        best = min(median, key=median.get)
        held = best == self.chosen
        self.chosen = best
        self.every = self.every * 2 if held else self.every
        self.next_check = step + self.every
        self.recent = []
        _set_threads(best)
        logging.getLogger("meddx").info(
            "CPU threads: %d (seconds per step measured: %s)", best,
            ", ".join(f"{c} thread(s) {m:.2f}" for c, m in sorted(median.items())))
        return True

    def summary(self) -> dict:
        return {"chosen": self.chosen, "seconds_per_step": {
            str(c): round(float(np.median(t)), 3) for c, t in self.times.items()}}


def _get_threads() -> int:
    return int(torch.get_num_threads())


def _set_threads(n: int) -> None:
    if torch.get_num_threads() != n:
        torch.set_num_threads(int(n))


def read_plan(checkpoint: str | None) -> dict | None:
    """The re-planned schedule saved in a checkpoint by TimeBudgetCallback (None when the
    budget did not re-plan before that checkpoint)."""
    import json
    from pathlib import Path

    if checkpoint is None or not (Path(checkpoint) / PLAN_FILE).is_file():
        return None
    return json.loads((Path(checkpoint) / PLAN_FILE).read_text(encoding="utf-8"))


def stretch_schedule(scheduler, total: int) -> bool:
    """Make a transformers LR schedule (a LambdaLR of ``functools.partial`` lambdas with
    ``num_training_steps``) end at ``total`` steps; False when it has no such length."""
    import functools

    changed = False
    for i, fn in enumerate(getattr(scheduler, "lr_lambdas", None) or []):
        if isinstance(fn, functools.partial) and "num_training_steps" in fn.keywords:
            keywords = {**fn.keywords, "num_training_steps": int(total)}
            scheduler.lr_lambdas[i] = functools.partial(fn.func, *fn.args, **keywords)
            changed = True
    return changed
