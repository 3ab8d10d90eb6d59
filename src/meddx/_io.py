"""Small file helpers: atomic writes, so a crash never leaves a half-written file."""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["atomic_write_bytes", "atomic_write_json", "atomic_write_text", "output_target",
           "publish_temp", "resume_point", "same_file", "stamp_path", "start_partial"]


def same_file(input_path: str | Path, output_path: str | Path) -> bool:
    """Whether writing ``output_path`` would overwrite ``input_path``: the same path, a symbolic
    link to it (writes follow links, :func:`output_target`) or a hard link to it."""
    src, dst = Path(input_path), Path(output_path)
    if src.resolve() == dst.resolve():
        return True
    try:
        return src.exists() and dst.exists() and os.path.samefile(src, dst)
    except OSError:
        return False


def output_target(path: str | Path) -> Path:
    """The file that writing ``path`` should replace: ``path`` itself or, where ``path`` is a
    symbolic link (a chain of them followed), the file it points to, which may not exist yet.
    The link is kept; make the temporary file in this target's folder, so that the rename is
    atomic there. A loop of links raises OSError (ELOOP)."""
    path = Path(path)
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    if target.is_symlink():  # realpath gives up on a loop and hands back a link
        raise OSError(errno.ELOOP, "the output is a loop of symbolic links", str(path))
    return target


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename (a symlink
    at ``path`` is kept and the file it points to replaced)."""
    path = output_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        publish_temp(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def publish_temp(tmp: str | Path, path: str | Path) -> None:
    """Rename the finished temporary file ``tmp`` over ``path`` atomically, giving it the mode
    of the file it replaces (a file the user made private stays private) or, for a new file,
    the mode a plain open() would give (0o666 less the umask; mkstemp makes it 0o600).
    Where ``path`` is a symlink, the link is kept and the file it points to is replaced.

    ``tmp`` must be on the filesystem of ``output_target(path)`` (make it in that file's
    directory): the rename is only atomic there."""
    path = output_target(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode) & 0o777  # never setuid/setgid/sticky
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def _umask() -> int:
    """The process umask, read from /proc where it can be (setting it to read it, the
    fallback, races with threads creating files meanwhile)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: Path, obj: Any) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, sort_keys=False, default=_default) + "\n")


def stamp_path(partial: Path) -> Path:
    """The file beside a ``.partial`` output that says what made it (input, options)."""
    return partial.with_name(partial.name + ".json")


def resume_point(partial: Path, stamp: dict, every: int = 1) -> int:
    """Complete lines of a partial output made with the same ``stamp`` (else 0), cut down to a
    multiple of ``every`` lines: what lies past it (a torn last line, a crash mid-write, or the
    first lines of a batch that did not finish) is truncated away."""
    stamp_file = stamp_path(partial)
    if not partial.is_file() or not stamp_file.is_file():
        return 0
    try:
        if json.loads(stamp_file.read_text(encoding="utf-8")) != stamp:
            return 0
    except (OSError, ValueError):
        return 0
    lines = pos = keep = kept = 0
    with partial.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            lines, pos = lines + 1, pos + len(raw)
            if lines % every == 0:
                kept, keep = lines, pos
    if keep != partial.stat().st_size:
        with partial.open("r+b") as fh:
            fh.truncate(keep)
    return kept


def start_partial(partial: Path, stamp: dict) -> None:
    """Begin a new partial output: its stamp, then an empty ``partial``. A file of that name
    with no stamp beside it is not one of ours (a stamp is written first): it is never
    truncated."""
    if partial.exists() and not stamp_path(partial).is_file():
        from meddx.errors import DataError

        raise DataError("exists and is not a partial output of meddx; move it away or name "
                        "another --output", file=str(partial))
    partial.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_json(stamp_path(partial), stamp)
    partial.write_bytes(b"")


def _default(obj: Any) -> Any:
    import numpy as np

    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")
