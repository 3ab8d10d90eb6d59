"""The log configuration ``meddx serve`` gives uvicorn: uvicorn's own, plus

* meddx's log lines (logger ``meddx``: the service ready, reviews saved, errors by type) on
  stderr beside uvicorn's, at the same level;
* an access log without query strings (``/v1/predict?x=...`` is logged as ``/v1/predict``):
  a query string may hold anything a client put there.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

__all__ = ["DropQueryString", "uvicorn_log_config"]


class DropQueryString(logging.Filter):
    """Cuts the query string off the path in uvicorn's access-log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], *args[3:])
        return True


def uvicorn_log_config(level: str = "info") -> dict[str, Any]:
    """uvicorn's ``LOGGING_CONFIG`` with meddx's logger and the access-log filter added."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["drop_query_string"] = {"()": DropQueryString}
    config["handlers"]["access"]["filters"] = ["drop_query_string"]
    config["loggers"]["meddx"] = {"handlers": ["default"], "level": level.upper(),
                                  "propagate": False}
    return config
