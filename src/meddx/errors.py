"""Every error meddx raises on purpose.

The tree::

    MeddxError                 base class; the CLI turns any of these into one line and exit code 2
    ├── ConfigError            a config key or value is wrong (names the field, allowed values, value)
    ├── DataError              an input file is wrong (names file, row, column)
    ├── LimitError             a request is over a configured limit (body size, batch size)
    ├── ModelError             a model cannot be found or loaded
    ├── PHILeakError           a run artifact contains PHI found in the input (names the artifact
    │                          and the PHI type, never the value)
    ├── MissingExtraError      an optional dependency is missing (names the pip extra); also ImportError
    └── RunError               a run directory is missing, incomplete or incompatible

Messages never contain note text: they name where the problem is, not what the note says.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DataError",
    "LimitError",
    "MeddxError",
    "MissingExtraError",
    "ModelError",
    "PHILeakError",
    "RunError",
    "require",
]


class MeddxError(Exception):
    """Base class of every error meddx raises on purpose."""

    exit_code = 2


class ConfigError(MeddxError):
    """A configuration value or key is invalid."""


class DataError(MeddxError):
    """An input file is invalid. Carries the file, row (1-based, as a user counts) and column."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        where = []
        if file is not None:
            where.append(str(file))
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class LimitError(MeddxError):
    """A request is over a configured limit, such as the prediction service's batch size."""


class ModelError(MeddxError):
    """A model cannot be found, loaded or used as asked."""


class PHILeakError(MeddxError):
    """An artifact of a run holds PHI that de-identification found in the input.

    ``leaks`` is a list of (artifact path relative to the run, {PHI type: count}); the
    message names them and never the PHI values."""

    def __init__(self, leaks: list[tuple[str, dict[str, int]]], *, run_dir: str = "") -> None:
        self.leaks = leaks
        self.run_dir = run_dir
        parts = [f"{name} ({', '.join(f'{k} x{v}' for k, v in sorted(hits.items()))})"
                 for name, hits in leaks]
        where = f" in {run_dir}" if run_dir else ""
        super().__init__(f"PHI leak{where}: {len(leaks)} artifact(s) contain PHI found in the "
                         f"input: {'; '.join(parts)}. Values are not shown; do not share the run.")


class RunError(MeddxError):
    """A run directory is missing, incomplete or was made by an incompatible version."""


class MissingExtraError(MeddxError, ImportError):
    """An optional dependency is not installed."""

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"this needs the package '{package}', which is not installed; "
            f"install it with: pip install 'meddx[{extra}]'"
        )


def require(module: str, extra: str):
    """Import ``module`` or raise :class:`MissingExtraError` naming ``extra``."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError(module.split(".")[0], extra) from exc
