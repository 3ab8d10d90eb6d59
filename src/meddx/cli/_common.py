"""Shared CLI plumbing: one place that turns meddx errors into a line and an exit code."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import wraps
from pathlib import Path, PurePath
from typing import Annotated, Any, NoReturn

import click
import typer
from typer.core import TyperCommand

from meddx.errors import MeddxError, Terminated

# Options that several commands share, defined once.
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")]
TrackingUri = Annotated[str | None, typer.Option(
    help="MLflow tracking URI of the model registry, also for models:/ URIs (default: "
         "$MLFLOW_TRACKING_URI, else sqlite:///runs/mlflow.db).")]
InputNotes = Annotated[Path, typer.Option("--input", help="JSONL or CSV of notes.")]
TextColumn = Annotated[str, typer.Option(help="Column with the note text.")]
IdColumn = Annotated[str, typer.Option(help="Id column copied to the output.")]
RunDir = Annotated[Path, typer.Argument(help="Run directory (runs/NAME).")]
ConfigFile = Annotated[Path | None, typer.Argument(help="YAML run config (optional).")]
ModelName = Annotated[str, typer.Argument(help="Registered model name.")]
RunOrUri = Annotated[str, typer.Argument(
    help="Run directory, or registry URI (models:/NAME@champion, models:/NAME/3).")]


def fail(message: str, code: int = 2) -> NoReturn:
    from rich.console import Console

    Console(stderr=True, highlight=False).print(f"[bold red]error:[/] {message}", markup=True,
                                                soft_wrap=True)
    raise SystemExit(code)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command; a MeddxError becomes one line on stderr and exit code 2, no traceback,
    and so does a file that is not UTF-8 where no reader named it (never the bytes)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MeddxError as exc:
            fail(_escape(str(exc)), exc.exit_code)
        except UnicodeDecodeError as exc:  # a file read without a DataError of its own
            where = _undecodable_file(exc)
            what = (f"{where}: not valid UTF-8 ({exc.reason})" if where else
                    f"an input file is not valid UTF-8 (byte {exc.start}: {exc.reason})")
            fail(_escape(f"{what}; re-save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)"))
        except KeyboardInterrupt as exc:
            how, code = ("terminated (SIGTERM)", 143) if isinstance(exc, Terminated) else (
                "interrupted", 130)
            fail(f"{how}; an interrupted training run continues with --resume", code)

    return wrapper


def _undecodable_file(exc: UnicodeDecodeError) -> str | None:
    """'FILE, line N' of the file whose bytes failed to decode, or None when it is not found.

    The file is looked for among the paths and open files held by the frames the error passed
    through, innermost first; a candidate counts only if one of its lines holds the bytes that
    failed (with up to 8 bytes before them on the same line), and that line is named. It is
    re-read in binary, line by line, on this error path only.
    """
    needle = _failed_bytes(exc)
    if not needle:
        return None
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    seen: set[Path] = set()
    for frame in reversed(frames):
        for value in list(frame.f_locals.values()):
            path = _file_of(value)
            if path is None or path in seen:
                continue
            seen.add(path)
            line = _line_holding(path, needle)
            if line is not None:
                return f"{path}, line {line}"
    return None


def _failed_bytes(exc: UnicodeDecodeError) -> bytes:
    """The bytes that failed to decode, with up to 8 bytes before them on their line."""
    data = bytes(exc.object)
    start = max(0, exc.start - 8)
    newline = data.rfind(b"\n", start, exc.start)
    return data[newline + 1 if newline >= 0 else start:exc.end]


def _file_of(value: Any) -> Path | None:
    if isinstance(value, io.IOBase):
        value = getattr(value, "name", None)
        if not isinstance(value, str):
            return None
    elif not isinstance(value, PurePath):
        return None
    path = Path(value)
    return path if path.is_file() else None


def _line_holding(path: Path, needle: bytes) -> int | None:
    """The 1-based line of ``path`` that holds ``needle`` (which holds no newline), or None."""
    try:
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if needle in raw:
                    return number
    except OSError:
        return None
    return None


class OneLineErrors(TyperCommand):
    """A command whose bad option value (out of range, not a number, not a choice) is one
    ``error:`` line naming the option, exit code 2, as meddx's own errors are, instead of
    typer's boxed usage message. A missing option keeps typer's message, with the usage."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.MissingParameter:
            raise
        except click.BadParameter as exc:
            name = exc.param.opts[0] if exc.param is not None and exc.param.opts else (
                exc.param_hint or "option")
            fail(_escape(f"{name}: {exc.message.rstrip('.')}"))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def split_list(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def model_path(value: str, tracking_uri: str | None = None):
    """A run directory given as a path or as a registry URI (``models:/NAME@champion``)."""
    if value.startswith("models:/"):
        from meddx.registry import resolve_model_uri

        return resolve_model_uri(value, tracking_uri=tracking_uri)
    return Path(value)
