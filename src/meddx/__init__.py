"""meddx: from raw clinical text to a trained, audited diagnostic language model, offline.

The pipeline, one subpackage per stage::

    data → deid → text → models → train → evaluate → audit → registry → monitor
                                                  (explain, rag and serve use a finished run)

``meddx.runs`` is the run directory every later stage reads; ``meddx.pipeline`` composes the
stages (``train_run``, ``evaluate_run``, ``retrain``); ``meddx.cli`` sits on top;
``meddx.config`` composes each stage's settings into ``RunConfig``. The import layers, and how
to add a mode, a detector, a calibrator or a drift test, are in docs/architecture.md.
"""

from meddx.config import RunConfig, load_config
from meddx.errors import ConfigError, DataError, MeddxError, ModelError, RunError

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "DataError",
    "MeddxError",
    "ModelError",
    "RunConfig",
    "RunError",
    "__version__",
    "load_config",
]
