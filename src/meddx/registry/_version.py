"""The model version the service reports and logs: a short hash of the model files' content,
the same for the same weights wherever they lie (a run folder, its copy, the registry's)."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["model_version"]


def model_version(run_dir: str | Path, *, length: int = 12) -> str:
    """``model-HASH``: the first ``length`` hex digits of a SHA-256 over every file under
    ``model/`` (relative path and bytes, in sorted order), so a changed weight, head or
    calibration gives a new version, and the folder's name or place does not."""
    run_dir = Path(run_dir)
    h = hashlib.sha256()
    folder = run_dir / "model"
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        h.update(b"\0")
    return f"model-{h.hexdigest()[:length]}"
