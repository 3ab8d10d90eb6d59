"""The run directory: created once, resumable, marked complete only at the end."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from meddx._io import atomic_write_json
from meddx.config import RunConfig
from meddx.errors import DataError, RunError, Terminated

__all__ = ["LoadedRun", "RunDir", "check_resume", "load_run", "open_run_dir", "sigterm_interrupts"]

STATUS = "run.json"


@dataclass
class RunDir:
    path: Path

    @property
    def checkpoints(self) -> Path:
        return self.path / "checkpoints"

    @property
    def cache(self) -> Path:
        return self.path / "cache"

    def attach_log(self) -> logging.Handler:
        handler = logging.FileHandler(self.path / "train.log", encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger = logging.getLogger("meddx")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        return handler

    def detach_log(self, handler: logging.Handler) -> None:
        logging.getLogger("meddx").removeHandler(handler)
        handler.close()

    def status(self) -> dict:
        """``run.json`` as a dict; ``{"status": "unreadable"}`` when it is empty, cut short or
        not a JSON object (a disk that filled up), so that callers give their own clear error."""
        path = self.path / STATUS
        if not path.is_file():
            return {}
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"status": "unreadable"}
        return info if isinstance(info, dict) else {"status": "unreadable"}

    def mark(self, status: str, reason: str | None = None) -> None:
        """Set ``run.json`` status (with the reason of a failure; never note text). "running"
        also records the process id and host, so that a run whose process is gone (SIGKILL,
        which cannot be caught) is recognised: :meth:`state`."""
        info = self.status()
        info.pop("reason", None)
        info.update(status=status, updated=_now())
        if reason:
            info["reason"] = reason
        if status == "running":
            info.update(_process_identity())
        info.setdefault("started", _now())
        atomic_write_json(self.path / STATUS, info)

    def state(self) -> str:
        """The run's status as a user should read it: ``run.json``'s status ("unknown" without
        one), except "failed (process gone)" for a "running" run recorded by a process of this
        host that is no longer alive (killed with SIGKILL, or out of memory). A run recorded on
        another host keeps "running": its process cannot be checked from here."""
        info = self.status()
        state = info.get("status", "unknown")
        if state != "running" or not isinstance(info.get("pid"), int):
            return state
        here = _process_identity()
        # the pid means something only on this host, in this PID namespace (a container may
        # share the host name but not its pids) and since this boot; where any differs, or was
        # not recorded, the process cannot be checked from here and the run stays "running"
        if all(info.get(key) is not None and info.get(key) == here.get(key)
               for key in ("host", "pid_ns", "boot_id")) and not _alive(info["pid"]):
            return "failed (process gone)"
        return state

    def prune_checkpoints(self, keep: str) -> list[str]:
        """Remove the checkpoints of a finished run that ``train.keep_checkpoints`` does not
        keep: "best" keeps the best (the Trainer's ``best_model_checkpoint``; the last one
        without a validation split), "last" the last, "all" every one. Returns the names
        removed."""
        import shutil

        found = sorted((d for d in self.checkpoints.glob("checkpoint-*")
                        if d.is_dir() and d.name.removeprefix("checkpoint-").isdigit()),
                       key=lambda d: int(d.name.removeprefix("checkpoint-")))
        if keep == "all" or not found:
            return []
        kept = found[-1]
        if keep == "best":
            state = found[-1] / "trainer_state.json"
            best = json.loads(state.read_text(encoding="utf-8")).get("best_model_checkpoint") \
                if state.is_file() else None
            kept = next((d for d in found if best and d.name == Path(best).name), found[-1])
        removed = [d.name for d in found if d != kept]
        for name in removed:
            shutil.rmtree(self.checkpoints / name)
        return removed

    def mark_complete(self) -> None:
        self.mark("complete")

    def mark_failed(self, reason: str) -> None:
        """Status "failed" with the one-line ``reason`` (which must hold no note text)."""
        info = self.status()
        info.update(status="failed", reason=" ".join(reason.split()), updated=_now())
        info.setdefault("started", _now())
        atomic_write_json(self.path / STATUS, info)


def _process_identity() -> dict:
    """This process's pid, host name, PID namespace and boot id (the last two where /proc
    has them), recorded in run.json while a run is "running"."""
    ident: dict = {"pid": os.getpid(), "host": socket.gethostname()}
    try:
        ident["pid_ns"] = os.readlink("/proc/self/ns/pid")
    except OSError:
        pass
    try:
        ident["boot_id"] = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        pass
    return ident


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: alive, owned by another user
        return True
    return True


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """While in the block, SIGTERM raises :class:`meddx.errors.Terminated` (a
    KeyboardInterrupt) instead of ending the process at once, so that a run killed with
    ``kill`` or by a job scheduler is recorded as failed, as Ctrl-C is. Outside the main
    thread (where Python cannot set handlers) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum, frame):
        # one shot: the handler is gone before the exception starts, so a SIGTERM arriving
        # while the block is left (before the restore below) can never leave it installed
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        raise Terminated("terminated (SIGTERM)")

    previous = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _default_name() -> str:
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        run_id = os.environ.get("TORCHELASTIC_RUN_ID", "none")
        if run_id in ("", "none"):
            raise RunError("a distributed run needs a name shared by all processes: pass --name")
        return f"ddp-{run_id}"
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _latest_incomplete(out_dir: Path) -> Path | None:
    candidates = []
    for d in out_dir.iterdir() if out_dir.is_dir() else []:
        if (d / "config.yaml").is_file() and RunDir(d).status().get("status") != "complete":
            candidates.append(d)
    return max(candidates, key=lambda d: d.stat().st_mtime) if candidates else None


def check_resume(cfg: RunConfig) -> None:
    """With ``--resume --name NAME``, the run ``out_dir/NAME`` must exist: a RunError naming
    the runs folder, the name, the unfinished runs there and how to start a new run. (Without
    a name, :func:`open_run_dir` picks the latest unfinished run.) Cheap: called before the
    data is read, and again when the run folder is opened."""
    if cfg.name is None:
        return
    out_dir = Path(cfg.out_dir)
    if (out_dir / cfg.name).is_dir():
        return
    unfinished = sorted(d.name for d in (out_dir.iterdir() if out_dir.is_dir() else [])
                        if (d / "config.yaml").is_file()
                        and RunDir(d).status().get("status") != "complete")
    there = (f"unfinished runs there: {', '.join(unfinished[:5])}"
             f"{' ...' if len(unfinished) > 5 else ''}" if unfinished else
             "no unfinished run there")
    raise RunError(f"--resume: no run named '{cfg.name}' in the runs folder '{out_dir}' "
                   f"({there}); to start a new run, leave out --resume")


def _first_difference(a: dict, b: dict, prefix: str = "") -> str | None:
    for key in sorted(set(a) | set(b)):
        va, vb = a.get(key), b.get(key)
        if isinstance(va, dict) and isinstance(vb, dict):
            found = _first_difference(va, vb, f"{prefix}{key}.")
            if found:
                return found
        elif va != vb:
            return f"{prefix}{key}"
    return None


def open_run_dir(cfg: RunConfig, *, resume: bool, create: bool) -> RunDir:
    """Find or create ``out_dir/name``; on resume, check the config is the same."""
    out_dir = Path(cfg.out_dir)
    if cfg.name is None and resume:
        found = _latest_incomplete(out_dir)
        if found is None:
            raise RunError(f"--resume: no unfinished run under '{out_dir}'; pass --name")
        cfg.name = found.name
    if resume:
        check_resume(cfg)
    if cfg.name is None:
        cfg.name = _default_name()
    run = RunDir(out_dir / cfg.name)
    if not create:  # another process of a distributed run owns the directory
        return run
    exists = (run.path / "config.yaml").is_file()
    if exists and not resume:
        state = run.state()
        hint = "choose another --name" if state == "complete" else "add --resume to continue it"
        raise RunError(f"run '{run.path}' already exists ({state}); {hint}")
    if resume and exists and run.status().get("status") == "complete":
        raise RunError(f"run '{run.path}' is already complete; nothing to resume")
    if resume and exists:
        saved = yaml.safe_load((run.path / "config.yaml").read_text(encoding="utf-8"))
        diff = _first_difference(saved, cfg.model_dump(mode="json"))
        if diff:
            raise RunError(
                f"--resume: config field '{diff}' differs from the saved run '{run.path}'; "
                "resume with the same settings or start a new run"
            )
    run.path.mkdir(parents=True, exist_ok=True)
    run.mark("running")
    return run


@dataclass
class LoadedRun:
    """A finished run: its directory, resolved config, model and (optional) baseline."""

    path: Path
    config: RunConfig
    model: object
    baseline: object | None

    def card(self) -> dict[str, Any]:
        """The run's data card (``data_card.json``), or ``{}`` when it has none."""
        path = Path(self.path) / "data_card.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def corpus(self, data: str | Path | None = None, *, overrides: dict[str, Any] | None = None,
               groups: list[str] | None = None, quiet: bool = True):
        """The run's corpus de-identified exactly as training saw it: the run's own data file,
        or ``data`` read with the run's data settings (changed by ``overrides``; labels the
        model's; no split column; with ``groups`` as its group columns, when given).

        The texts go through the run's ``deid`` settings unless the run's data card shows that
        training did not de-identify (runs made before meddx.deid). ``corpus.deid`` holds the
        de-identification summary (``None`` when it was skipped)."""
        from meddx.data import OPTIONAL_COLUMNS, load_corpus
        from meddx.deid import deidentify_corpus

        settings = self.config.data
        optional: set[str] = set()
        if data is not None:  # another file: row-describing columns only where it has them
            optional = set(OPTIONAL_COLUMNS) - set(overrides or {})
            if groups is not None:
                optional.discard("group_columns")
        if data is not None or overrides or groups is not None:
            fields = settings.model_dump()
            fields.update(overrides or {})
            if data is not None:
                fields.update(path=str(data), labels=self.model.labels, max_rows=None)
                fields["split"] = dict(fields["split"], column=None)
            if groups is not None:
                fields["group_columns"] = list(groups)
            settings = type(settings).model_validate(fields)
        corpus = load_corpus(settings, optional=optional)
        card = self.card()
        if not card or "deid" in card:
            corpus.deid = deidentify_corpus(corpus, self.config.deid, quiet=quiet)
        return corpus

    def deidentify(self, texts: Sequence[str], *, quiet: bool = True) -> list[str]:
        """New input notes de-identified with the run's ``deid`` settings, so that the model
        sees the kind of text it was trained on and no log keeps the raw note (always applied,
        also to runs made before meddx.deid)."""
        from meddx.deid import deidentify_texts

        return deidentify_texts(list(texts), self.config.deid, quiet=quiet)[0]

    def input_notes(self, path: str | Path, *, text_column: str | None = None,
                    id_column: str | None = None, limit: int | None = None
                    ) -> tuple[list[str], list[str]]:
        """(ids, texts) of a table of new notes (``meddx predict``, ``meddx explain``), read with
        the run's text and id columns unless others are named: the first ``limit`` rows (all
        when None), ids the row numbers from 1 when there is no id column, else as written. A
        missing column, a file without rows, an empty or non-string text and a missing or
        repeated id are DataErrors naming the file, row and column (never the text or id)."""
        from meddx.data import column_not_found, load_table

        if limit is not None and limit < 1:
            raise ValueError(f"limit must be at least 1 (or None for every row); got {limit}")
        path = Path(path)
        column = text_column or self.config.data.text_column
        id_col = id_column or self.config.data.id_column
        frame = load_table(path, as_written=[c for c in (column, id_col) if c])
        for role, col in [("text", column)] + ([("id", id_col)] if id_col else []):
            if col not in frame.columns:
                raise column_not_found(col, frame.columns, path, role=role,
                                       hint=f" (set --{role}-column)")
        if frame.empty:
            raise DataError("no notes in the file (a header but no rows)", file=str(path))
        if limit is not None:
            frame = frame.head(limit)
        texts = [_note_text(t, path, i + 1, column) for i, t in enumerate(frame[column])]
        if not id_col:
            return [str(i + 1) for i in range(len(texts))], texts
        return _note_ids(frame[id_col], path, id_col), texts


def _note_text(value: Any, path: Path, row: int, column: str) -> str:
    from meddx.data import is_missing

    if isinstance(value, (list, dict, bool, int, float)) and not is_missing(value):
        raise DataError(f"text must be a string, got {type(value).__name__}", file=str(path),
                        row=row, column=column)
    if is_missing(value) or not str(value).strip():
        raise DataError("text is empty", file=str(path), row=row, column=column)
    return str(value)


def _note_ids(values, path: Path, column: str) -> list[str]:
    """Each id as written, refusing a missing, non-scalar or repeated one (the message names
    rows only: an id may be a record number)."""
    from meddx.data import UniqueIds

    ids: list[str] = []
    seen = UniqueIds(path, column)
    for row, value in enumerate(values, start=1):
        if value is None or (isinstance(value, float) and value != value) or (
                type(value).__name__ in ("NAType", "NaTType")) or (  # pandas' pd.NA, pd.NaT
                isinstance(value, str) and not value.strip()):
            raise DataError("id is missing", file=str(path), row=row, column=column)
        if isinstance(value, (list, dict, bool)):
            raise DataError(f"id must be a string or number, got {type(value).__name__}",
                            file=str(path), row=row, column=column)
        rid = str(value)
        seen.add(rid, row)
        ids.append(rid)
    return ids


def load_run(path: str | Path, *, with_baseline: bool = True) -> LoadedRun:
    """Reload a finished run's config, model and (optionally) baseline, offline. ``path`` is a
    run directory or a registry URI (``models:/NAME@champion``, ``models:/NAME/3``), resolved
    with ``$MLFLOW_TRACKING_URI`` or ``runs/mlflow.db``."""
    from meddx.config import load_config
    from meddx.models import load_classifier

    if str(path).startswith("models:/"):
        from meddx.registry import resolve_model_uri

        path = resolve_model_uri(str(path))
    path = Path(path)
    if not path.is_dir():
        raise RunError(f"run directory '{path}' not found")
    if not (path / "config.yaml").is_file() or not (path / "model").is_dir():
        state = RunDir(path).state() if (path / STATUS).is_file() else None
        status = f"; its run.json says '{state}'" if state and state != "complete" else ""
        raise RunError(f"'{path}' is not a finished meddx run (no config.yaml or model/){status}")
    cfg = load_config(path / "config.yaml")
    model = load_classifier(path / "model")
    baseline = None
    if with_baseline and (path / "baseline").is_dir():
        baseline = load_classifier(path / "baseline")
    return LoadedRun(path, cfg, model, baseline)
