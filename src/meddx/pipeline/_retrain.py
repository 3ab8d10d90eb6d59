"""``retrain``: a candidate trained on the champion's data plus clinicians' corrected labels,
compared with the champion and registered as ``candidate``.

1. Feedback: rows of the ``feedback`` table of a prediction log (the latest label per
   prediction, joined to the de-identified text the log stored with ``--store-text``; rows
   without stored text are skipped and counted), or a CSV with ``text`` and ``label`` columns
   (the run's text and label column names work too; group columns are kept). Rows with an
   empty text and labels the champion does not know are skipped and counted.
2. A share (``holdout``) of the feedback is held out for the comparison; the rest is added to
   the training split. The champion's split is kept: its rows keep their split (written to a
   split column), so the validation and test splits are the same notes as before.
3. The combined table is written to ``OUT_DIR/retrain-data/NAME.csv``: the champion's rows as
   it trained on them (de-identified with its ``deid`` settings, never the raw source text) and
   the de-identified feedback rows. A run ``OUT_DIR/NAME`` with the champion's config (data
   path and split column changed) is trained on it and registered as ``candidate`` of the
   champion's registered model. If training or the comparison fails, the run's ``run.json``
   says "failed" with the reason.
4. :func:`compare_runs` scores both on the fixed validation split and the held-out feedback,
   overall and per subgroup, and writes ``comparison.json`` / ``comparison.md``.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from meddx._io import atomic_write_text
from meddx.errors import DataError, RunError, require

__all__ = ["DATA_FOLDER", "SPLIT_COLUMN", "read_feedback_set", "retrain"]

log = logging.getLogger("meddx")

SPLIT_COLUMN = "meddx_split"
#: Folder of ``out_dir`` where retraining writes each candidate's (de-identified) data file.
DATA_FOLDER = "retrain-data"


def _labels_of(value: Any, delimiter: str | None) -> list[str] | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        try:
            decoded = json.loads(value)
        except json.JSONDecodeError:
            decoded = value
        if decoded is None:
            return None
        value = decoded
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    text = str(value)
    if delimiter:
        return [p.strip() for p in text.split(delimiter) if p.strip()]
    return [text]


def _from_store(url: str) -> tuple[pd.DataFrame, dict[str, int]]:
    sa = require("sqlalchemy", "serve")
    engine = sa.create_engine(url)
    db = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if engine.url.query.get("uri"):  # "file:x.db?mode=ro": sqlite's own URI, not a path
        db = None
    if db is not None and (db in ("", ":memory:") or not Path(db).is_file()):
        engine.dispose()  # reading must not create an empty log (in a run folder, too)
        raise DataError("no prediction log there; serve the run with --store-text and review "
                        "predictions first, or give a CSV of feedback", file=db or url)
    try:
        inspector = sa.inspect(engine)
        if not inspector.has_table("feedback") or not inspector.has_table("predictions"):
            raise DataError("the prediction log has no 'feedback' table yet (reviews from the "
                            "/review page write it)", file=engine.url.render_as_string(True))
        meta = sa.MetaData()
        fb = sa.Table("feedback", meta, autoload_with=engine)
        pr = sa.Table("predictions", meta, autoload_with=engine)
        cols = [fb.c.id, fb.c.prediction_id, fb.c.label, pr.c.text]
        if "groups" in pr.c:
            cols.append(pr.c.groups)
        query = (sa.select(*cols).join(pr, pr.c.id == fb.c.prediction_id)
                 .where(fb.c.label.is_not(None)).order_by(fb.c.id))
        with engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
    finally:
        engine.dispose()
    frame = pd.DataFrame(rows, columns=[c.name for c in cols])
    # a comment-only review has no label (SQL NULL, or JSON null as SQLAlchemy stores None)
    frame = frame[[_labels_of(v, None) is not None for v in frame["label"]]]
    frame = frame.drop_duplicates("prediction_id", keep="last")  # the latest label counts
    no_text = int(frame["text"].isna().sum())
    frame = frame[frame["text"].notna()].reset_index(drop=True)
    groups = frame.pop("groups") if "groups" in frame else None
    out = pd.DataFrame({"text": frame["text"].astype(str), "label": frame["label"]})
    if groups is not None:
        parsed = [g if isinstance(g, dict) else (json.loads(g) if isinstance(g, str) else {})
                  for g in groups]
        for key in sorted({k for g in parsed for k in g}):
            out[key] = [str(g.get(key, "unknown")) for g in parsed]
    return out, {"without_text": no_text}


def read_feedback_set(source: str | Path, cfg, labels: list[str]) -> tuple[pd.DataFrame, dict]:
    """Feedback as a frame: ``text``, ``labels`` (list of names) and group columns; plus counts
    of skipped rows. ``source``: a SQLAlchemy URL of the prediction log or a CSV path."""
    from meddx.data import load_table

    counts: dict[str, int] = {}
    if "://" in str(source):
        frame, counts = _from_store(str(source))
        if counts["without_text"] and frame.empty:
            raise DataError(f"{counts['without_text']} feedback row(s), but the prediction log "
                            "stores no text (serve with --store-text), so they cannot be "
                            "trained on; give a CSV with text and label columns instead")
        which = "feedback table"
    else:
        path = Path(source)
        if not path.is_file():
            raise DataError("feedback file not found; give a CSV of text,label or the "
                            "prediction log's URL (sqlite:///RUN/predictions.db)", file=str(path))
        frame = load_table(path)
        text_col = next((c for c in ("text", cfg.data.text_column) if c in frame.columns), None)
        label_col = next((c for c in ("label", cfg.data.label_column) if c in frame.columns), None)
        if text_col is None or label_col is None:
            role, run_col = (("text", cfg.data.text_column) if text_col is None
                             else ("label", cfg.data.label_column))
            also = f" or the run's '{run_col}'" if run_col and run_col != role else ""
            raise DataError(f"a feedback CSV needs a column '{role}'{also}; columns are: "
                            f"{', '.join(map(str, frame.columns))}", file=str(path))
        keep = [c for c in cfg.data.group_columns if c in frame.columns]
        frame = frame[[text_col, label_col, *keep]].rename(
            columns={text_col: "text", label_col: "label"})
        frame = frame[frame["text"].notna()].reset_index(drop=True)
        frame["text"] = frame["text"].astype(str)
        which = str(path)
    blank = frame["text"].str.strip() == ""  # nothing to train on; the run would stop on it
    counts["empty_text"] = int(blank.sum())
    frame = frame[~blank].reset_index(drop=True)
    names = cfg.data.label_names or {}
    parsed = [_labels_of(v, cfg.data.label_delimiter) for v in frame.pop("label")]
    parsed = [None if p is None else [names.get(x, x) for x in p] for p in parsed]
    known = [p is not None and all(x in labels for x in p) and (len(p) == 1 or
             cfg.data.label_delimiter or cfg.data.label_columns) for p in parsed]
    counts["unknown_label"] = int(len(parsed) - sum(known))
    frame = frame.iloc[[i for i, k in enumerate(known) if k]].reset_index(drop=True)
    frame.insert(1, "labels", [p for p, k in zip(parsed, known, strict=True) if k])
    if frame.empty:
        raise DataError(f"no usable feedback rows (skipped: {counts}); labels must be among "
                        f"{', '.join(labels)}", file=which)
    log.info("retrain: %d feedback rows from %s (skipped: %s)", len(frame), which, counts)
    return frame, counts


def _original_with_splits(champion) -> pd.DataFrame:
    """The champion's rows as it trained on them (texts de-identified, never the raw source
    text), each with the split the champion's run gave it."""
    from meddx.data import make_splits

    cfg = champion.config
    corpus = champion.corpus()  # de-identified as in training
    splits = make_splits(corpus, cfg.data.split)  # after de-identification, as train_run does
    split_of = {int(i): name for name, idx in splits.items() for i in idx}
    keep = sorted(split_of)
    if corpus.multilabel:
        labels = [[corpus.labels[j] for j in np.flatnonzero(corpus.y[i])] for i in keep]
    else:
        labels = [[corpus.labels[int(corpus.y[i])]] for i in keep]
    records = pd.DataFrame({"text": [corpus.texts[i] for i in keep], "labels": labels})
    if corpus.groups is not None:
        for col in corpus.groups.columns:
            records[col] = [None if pd.isna(v) else v for v in corpus.groups[col].iloc[keep]]
    d = cfg.data
    columns = [c for c in (d.id_column, d.patient_column, d.timestamp_column) if c]
    columns += [d.text_column, *(d.label_columns or [d.label_column]), *d.group_columns]
    out = _rows(records, cfg, dict.fromkeys(columns), split=[split_of[i] for i in keep])
    for col, values in ((d.id_column, corpus.ids), (d.patient_column, corpus.patients),
                        (d.timestamp_column, corpus.timestamps)):
        if col and values is not None:
            out[col] = [values[i] for i in keep]
    return out


def _feedback_rows(feedback: pd.DataFrame, cfg, columns) -> pd.DataFrame:
    out = _rows(feedback, cfg, columns, split=["train"] * len(feedback))
    for col in (cfg.data.id_column, cfg.data.patient_column):
        if col:
            out[col] = [f"feedback-{i + 1}" for i in range(len(out))]
    return out


def _rows(feedback: pd.DataFrame, cfg, columns, *, split: list[str]) -> pd.DataFrame:
    """Rows of ``text``/``labels``/group records in the run's column and label format."""
    d = cfg.data
    rows = []
    for i, rec in enumerate(feedback.to_dict("records")):
        row = {c: None for c in columns}
        row[d.text_column] = rec["text"]
        if d.label_columns:  # one 0/1 column per label; a column's label is label_names[col]
            for col in d.label_columns:
                row[col] = int((d.label_names or {}).get(col, col) in rec["labels"])
        else:
            row[d.label_column] = (d.label_delimiter or "|").join(rec["labels"])
        for col in d.group_columns:
            row[col] = rec.get(col, "unknown")
        row[SPLIT_COLUMN] = split[i]
        rows.append(row)
    return pd.DataFrame(rows, columns=[*(c for c in columns if c != SPLIT_COLUMN), SPLIT_COLUMN])


def retrain(model: str | Path, feedback: str | Path, *, tracking_uri: str | None = None,
            name: str | None = None, holdout: float = 0.3, seed: int = 0,
            quiet: bool = True) -> dict[str, Any]:
    """Train, register and compare a candidate (see the module docstring). ``model``: the
    champion's run directory or ``models:/NAME@champion``. Returns the comparison and where
    the candidate is."""
    from meddx.config import load_config
    from meddx.pipeline._compare import compare_runs
    from meddx.pipeline._train import train_run
    from meddx.registry import (
        default_model_name,
        is_model_uri,
        parse_model_uri,
        resolve_model_uri,
    )
    from meddx.runs import load_run

    if not 0 <= holdout < 1:
        raise DataError(f"--holdout must be in [0, 1); got {holdout}")
    uri = str(model)
    champ_dir = resolve_model_uri(uri, tracking_uri=tracking_uri) if is_model_uri(uri) else Path(uri)
    champion = load_run(champ_dir, with_baseline=False)
    cfg, labels = champion.config, list(champion.model.labels)
    if cfg.data.path is None:
        raise RunError(f"run '{champ_dir}' has no data.path in its config to retrain from")
    reg_info = _registry_info(champ_dir)
    model_name = (parse_model_uri(uri)[0] if is_model_uri(uri) else reg_info.get("model_name")
                  or cfg.registry.model_name or default_model_name(champ_dir.name))
    fb, skipped = read_feedback_set(feedback, cfg, labels)
    fb["text"] = champion.deidentify(fb["text"].tolist())
    order = np.random.default_rng(seed).permutation(len(fb))
    n_hold = int(round(holdout * len(fb))) if len(fb) > 1 else 0
    held, used = fb.iloc[np.sort(order[:n_hold])], fb.iloc[np.sort(order[n_hold:])]

    original = _original_with_splits(champion)
    combined = pd.concat([original, _feedback_rows(used, cfg, original.columns)], ignore_index=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    run_name = name or f"{model_name}-retrain-{stamp}"
    run_dir = Path(cfg.out_dir) / run_name
    data_path = Path(cfg.out_dir) / DATA_FOLDER / f"{run_name}.csv"
    if (run_dir / "config.yaml").exists():
        raise RunError(f"run '{run_dir}' already exists; choose another --name")
    # de-identified text only, beside the run (not in it: the run's de-identification runs
    # again on this file, and its leakage scan covers the run folder)
    atomic_write_text(data_path, combined.to_csv(index=False))
    tree = cfg.model_dump(mode="json")
    tree["name"] = run_name
    tree["data"].update(path=str(data_path.resolve()), format="csv", max_rows=None, labels=labels)
    tree["data"]["split"]["column"] = SPLIT_COLUMN
    tree["registry"].update(model_name=model_name, enabled=True, register_model=True)
    if tracking_uri:
        tree["registry"]["tracking_uri"] = tracking_uri
    new_cfg = load_config(overrides=tree)
    log.info("retrain: %d original rows + %d feedback rows (%d held out) -> run %s",
             len(original), len(used), len(held), run_name)
    try:
        result = train_run(new_cfg, quiet=quiet)
        cand_info = _registry_info(result.run_dir)
        comparison = compare_runs(
            result.run_dir, champ_dir, feedback=held if len(held) else None,
            versions={"candidate": cand_info.get("version"), "champion": reg_info.get("version")})
    except BaseException as exc:
        _mark_failed(run_dir, exc)
        raise
    _log_comparison(new_cfg, cand_info, result.run_dir, comparison)
    return {"run_dir": str(result.run_dir), "model_name": model_name, "data": str(data_path),
            "version": cand_info.get("version"), "feedback": {
                "used_for_training": int(len(used)), "held_out": int(len(held)), "skipped": skipped},
            "verdict": comparison["verdict"], "failures": comparison["failures"],
            "comparison": str(result.run_dir / "comparison.json")}


def _mark_failed(run_dir: Path, exc: BaseException) -> None:
    """``run.json`` status "failed" with the reason (a meddx error's message names files and
    counts, never note text; of any other error only its type is kept). An interrupted run
    (Ctrl-C, SIGTERM) is left as training recorded it ("interrupted (SIGINT)" / "terminated
    (SIGTERM)", to be resumed)."""
    from meddx.errors import MeddxError
    from meddx.runs import RunDir

    if isinstance(exc, KeyboardInterrupt) or not (run_dir / "run.json").is_file():
        return
    run = RunDir(run_dir)
    if run.status().get("status") == "complete":
        reason = "the candidate is trained, but its comparison with the champion failed: "
    else:
        reason = ""
    first = str(exc).splitlines()[0] if isinstance(exc, MeddxError) and str(exc) else ""
    reason += f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    run.mark("failed", reason=reason)
    log.error("retrain: run %s failed (%s)", run_dir.name, reason)


def _registry_info(run_dir: Path) -> dict[str, Any]:
    from meddx.registry import REGISTRY_FILE

    path = Path(run_dir) / REGISTRY_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _log_comparison(cfg, info: dict, run_dir: Path, comparison: dict) -> None:
    """Attach the comparison to the candidate's MLflow run and version (best effort)."""
    if not info.get("run_id"):
        log.warning("retrain: the candidate was not logged to MLflow (see train.log); it is "
                    "not registered")
        return
    try:
        from meddx.registry import mlflow_client, resolve_tracking_uri

        client = mlflow_client(resolve_tracking_uri(cfg.registry.tracking_uri, out_dir=cfg.out_dir))
        for name in ("comparison.json", "comparison.md"):
            client.log_artifact(info["run_id"], str(run_dir / name))
        if info.get("version"):
            client.set_model_version_tag(info["model_name"], str(info["version"]),
                                         "meddx.comparison", comparison["verdict"])
    except Exception as exc:  # noqa: BLE001 - the comparison files are written already
        log.warning("retrain: could not attach the comparison to MLflow: %s", type(exc).__name__)
