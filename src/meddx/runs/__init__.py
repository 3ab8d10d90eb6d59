"""The run directory as one concept: where a run keeps its files, how it is opened, resumed
and reloaded, and what later stages read back from it.

* :class:`RunDir` and :func:`open_run_dir`: the directory training writes, resumable, marked
  complete only at the end (``run.json``); :func:`sigterm_interrupts`, so that a kill is
  recorded as failed;
* :func:`load_run` and :class:`LoadedRun`: a finished run's config, model and baseline, and
  :meth:`LoadedRun.corpus`, its data de-identified exactly as training saw it;
* :func:`save_proba` and :func:`cached_proba`: the validation probabilities scored at training
  time, reused by the audit and the monitoring reference;
"""

from meddx.runs._proba_cache import cached_proba, save_proba
from meddx.runs._rundir import (
    LoadedRun,
    RunDir,
    check_resume,
    load_run,
    open_run_dir,
    sigterm_interrupts,
)
from meddx.runs._scan import scan_run

__all__ = [
    "LoadedRun",
    "RunDir",
    "cached_proba",
    "check_resume",
    "load_run",
    "open_run_dir",
    "save_proba",
    "scan_run",
    "sigterm_interrupts",
]
