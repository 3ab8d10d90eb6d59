"""meddx: from raw clinical text to a trained, audited diagnostic language model, offline.

The pipeline, one subpackage per stage::

    data → text → models → train → evaluate     (cli drives them; config types them)
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
