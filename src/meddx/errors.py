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

    Terminated                 (a KeyboardInterrupt, not a MeddxError) SIGTERM during a run,
                               raised so that it is recorded like Ctrl-C

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
    "Terminated",
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

    ``locations`` is a list of (artifact path relative to the run, start, end, PHI type):
    character offsets in the file. ``leaks`` is a list of (artifact, {PHI type: count}).
    The message names the artifacts, types and character ranges, never the PHI values."""

    MAX_RANGES = 5  # ranges named per artifact in the message

    def __init__(self, locations: list[tuple[str, int, int, str]], *, run_dir: str = "") -> None:
        self.locations = list(locations)
        self.run_dir = run_dir
        by_file: dict[str, list[tuple[int, int, str]]] = {}
        for name, a, b, label in self.locations:
            by_file.setdefault(name, []).append((a, b, label))
        self.leaks = [(name, _count(label for _, _, label in found))
                      for name, found in by_file.items()]
        parts = []
        for name, found in by_file.items():
            counts = ", ".join(f"{k} x{v}" for k, v in sorted(_count(x[2] for x in found).items()))
            ranges = ", ".join(f"{a}-{b}" for a, b, _ in found[:self.MAX_RANGES])
            more = f" and {len(found) - self.MAX_RANGES} more" if len(found) > self.MAX_RANGES else ""
            parts.append(f"{name} ({counts}; characters {ranges}{more})")
        where = f" in {run_dir}" if run_dir else ""
        super().__init__(
            f"PHI leak{where}: {len(by_file)} artifact(s) contain PHI found in the input: "
            f"{'; '.join(parts)}. Values are not shown; do not share the run. To review them "
            "locally: meddx leak-scan RUN --show-phi; strings judged not PHI go in an "
            "allow-list file (--leak-allow FILE).")


def _count(labels) -> dict[str, int]:
    out: dict[str, int] = {}
    for label in labels:
        out[label] = out.get(label, 0) + 1
    return out


class RunError(MeddxError):
    """A run directory is missing, incomplete or was made by an incompatible version."""


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived while a run was training (:func:`meddx.runs.sigterm_interrupts`): a
    KeyboardInterrupt, so that it unwinds and is recorded as Ctrl-C is."""


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
