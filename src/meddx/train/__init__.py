"""Training stage: fit a model, evaluate it beside the baseline, write the run directory."""

from meddx.train._fit import HEAD_C_GRID, Fitted, fit_model
from meddx.train._head import LinearHead, fit_head
from meddx.train._imbalance import class_weights, sample_weights
from meddx.train._prompt_compare import compare_templates
from meddx.train._run import RunResult, train_run
from meddx.train._rundir import LoadedRun, RunDir, load_run, open_run_dir

__all__ = [
    "HEAD_C_GRID",
    "Fitted",
    "LinearHead",
    "LoadedRun",
    "RunDir",
    "RunResult",
    "class_weights",
    "compare_templates",
    "fit_head",
    "fit_model",
    "load_run",
    "open_run_dir",
    "sample_weights",
    "train_run",
]
