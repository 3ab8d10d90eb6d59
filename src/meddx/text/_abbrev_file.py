"""``meddx abbrev`` and ``meddx abbrev-eval``: files in, JSONL out; metrics beside a baseline.

Input files follow ``meddx deid`` and are read by its streaming reader (``meddx.deid.iter_notes``):
JSONL or CSV, a text column and an id column. Output lines:
``{"id", "text", "abbreviations": [{"start", "end", "short", "sense", "score"[, "cues"]}]}``
with offsets into the INPUT text (also in expand mode, where ``text`` is the expanded text).
The output grows in ``<output>.partial`` and is renamed at the end (a stopped run resumes); the
input is never overwritten. Where the output is a symlink, the link is kept and the file it
points to is replaced (its ``.partial`` grows beside that file).
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from meddx._io import (
    output_target,
    publish_temp,
    resume_point,
    same_file,
    stamp_path,
    start_partial,
)
from meddx.data import iter_notes
from meddx.errors import DataError
from meddx.text._abbrev_inventory import Inventory
from meddx.text._abbrev_keys import _sense_key, short_key
from meddx.text._abbrev_model import AbbreviationModel, Resolved, balanced_accuracy

__all__ = ["abbreviate_file", "evaluate_abbreviations", "expand_text"]


def expand_text(text: str, resolved: list[Resolved]) -> str:
    """``text`` with each resolved short form replaced by its sense (abstentions kept)."""
    parts, last = [], 0
    for r in sorted(resolved, key=lambda r: r.start):
        if r.sense is None or r.start < last:
            continue
        parts += [text[last:r.start], r.sense]
        last = r.end
    parts.append(text[last:])
    return "".join(parts)


def abbreviate_file(model: AbbreviationModel, input_path: str | Path, output_path: str | Path,
                    *, text_column: str = "text", id_column: str = "id",
                    mode: str = "annotate", batch: int = 256) -> dict[str, Any]:
    """Annotate (or expand) every note of ``input_path`` into JSONL at ``output_path``.

    The input is read as a stream and the output written batch by batch to
    ``<output>.partial`` (flushed to disk after each batch), renamed at the end. A run that
    stops half-way resumes where it stopped when started again with the same input and mode:
    the notes already in the partial file are skipped, not redone.
    """
    src, dst = Path(input_path), Path(output_path)
    if mode not in ("annotate", "expand"):
        raise DataError(f"--mode must be annotate or expand, got {mode!r}", file=str(dst))
    if same_file(src, dst):
        raise DataError("--output must differ from --input (the input is never overwritten)",
                        file=str(dst))
    target = output_target(dst)  # a symlink is kept and the file it points to replaced
    partial, stamp = _partial(target), _stamp(src, mode, text_column, id_column)
    done = resume_point(partial, stamp)  # a torn last line is cut off
    if done == 0:
        start_partial(partial, stamp)
    try:
        counts, abstained, rows = Counter(), 0, 0
        chunk: list[tuple[str, str]] = []
        with partial.open("a", encoding="utf-8") as out:
            def flush() -> None:
                nonlocal abstained
                found_all = model.resolve([t for _, t in chunk])
                for (rid, text), found in zip(chunk, found_all, strict=True):
                    out_text = expand_text(text, found) if mode == "expand" else text
                    out.write(json.dumps({"id": rid, "text": out_text,
                                          "abbreviations": [r.as_dict() for r in found]},
                                         ensure_ascii=False) + "\n")
                    counts.update(short_key(r.short) for r in found)
                    abstained += sum(r.sense is None for r in found)
                out.flush()
                os.fsync(out.fileno())
                chunk.clear()

            for rid, text, _ in iter_notes(src, text_column, id_column, unique_ids=True):
                rows += 1
                if rows <= done:
                    continue
                chunk.append((rid, text))
                if len(chunk) >= batch:
                    flush()
            if chunk:
                flush()
    except BaseException:
        if partial.is_file() and partial.stat().st_size == 0:  # nothing written to resume
            partial.unlink()
            stamp_path(partial).unlink(missing_ok=True)
        raise
    if rows < done:
        raise DataError(f"the partial output has {done} notes but the input only {rows}; "
                        f"delete {partial.name} to start again", file=str(dst))
    publish_temp(partial, target)
    stamp_path(partial).unlink(missing_ok=True)
    return {"rows": rows, "resumed_after": done, "mentions": sum(counts.values()),
            "abstained": abstained, "output": str(dst), "mode": mode}


def _partial(dst: Path) -> Path:
    return dst.with_name(dst.name + ".partial")


def _stamp(src: Path, mode: str, text_column: str, id_column: str) -> dict:
    st = src.stat()
    return {"input": str(src.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            "mode": mode, "text_column": text_column, "id_column": id_column}


def evaluate_abbreviations(inventory: Inventory, gold_path: str | Path,
                           predicted: dict[str, list[dict]] | None = None, *,
                           model: AbbreviationModel | None = None, text_column: str = "text",
                           id_column: str = "id") -> dict[str, Any]:
    """Accuracy, balanced accuracy over senses and coverage on gold mentions, per short form,
    beside the baseline that always gives the inventory's most frequent clinical sense."""
    # predictions are matched by id: a repeated id would mix two notes (refused)
    rows = list(iter_notes(gold_path, text_column, id_column, unique_ids=True))
    golds: list[tuple[str, int, int, str, str]] = []  # id, start, end, key, sense
    for row_no, (rid, text, rec) in enumerate(rows, start=1):
        items = rec.get("abbreviations")
        if not isinstance(items, list):
            raise DataError("'abbreviations' must be a list of {start, end, short, sense}",
                            file=str(gold_path), row=row_no, column="abbreviations")
        for item in items:
            if not isinstance(item, dict) or not {"start", "end", "sense"} <= set(item):
                raise DataError("each abbreviation needs start, end and sense",
                                file=str(gold_path), row=row_no, column="abbreviations")
            start, end = _gold_span(item, len(text), str(gold_path), row_no)
            short = item.get("short") or text[start:end]
            if item["sense"] is not None:
                golds.append((rid, start, end, short_key(short), str(item["sense"])))
    if not golds:
        raise DataError("the gold file has no labelled abbreviations", file=str(gold_path))
    if predicted is None:
        if model is None:
            raise DataError("give predictions or a model", file=str(gold_path))
        resolved = model.resolve([t for _, t, _ in rows])
        predicted = {rid: [r.as_dict() for r in res]
                     for (rid, _, _), res in zip(rows, resolved, strict=True)}
    return _score(inventory, golds, predicted)


def _gold_span(item: dict, length: int, path: str, row: int) -> tuple[int, int]:
    """A gold mention's (start, end), checked: whole numbers, 0 <= start < end <= length."""
    start, end = item["start"], item["end"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise DataError("start and end must be whole numbers (character offsets)", file=path,
                        row=row, column="abbreviations")
    if not 0 <= start < end <= length:
        raise DataError(f"span {start}-{end} lies outside the text (length {length})",
                        file=path, row=row, column="abbreviations")
    return start, end


def _score(inventory: Inventory, golds: list, predicted: dict[str, list[dict]]) -> dict:
    keys, gold_s, pred_s, base_s, found = [], [], [], [], []
    for rid, start, end, key, sense in golds:
        gold = _sense_key(sense)
        pred, hit = None, False
        for p in predicted.get(rid, []):
            if p["start"] < end and start < p["end"]:
                pred, hit = p.get("sense"), True
                break
        found.append(hit)
        keys.append(key)
        gold_s.append(gold)
        pred_s.append(None if pred is None else _canonical(inventory, key, pred, gold))
        base_s.append(_canonical(inventory, key, _majority(inventory, key), gold)
                      if key in inventory else None)
    overall = _metrics(keys, gold_s, pred_s, base_s)
    overall["detected"] = float(np.mean(found))  # gold spans the detector found at all
    by_key = {}
    groups: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        groups[k].append(i)
    for k in sorted(groups):
        idx = groups[k]
        by_key[k] = _metrics([keys[i] for i in idx], [gold_s[i] for i in idx],
                             [pred_s[i] for i in idx], [base_s[i] for i in idx])
    return {"overall": overall, "by_abbreviation": by_key}


def _metrics(keys, gold, pred, base) -> dict:
    right = [p == g for p, g in zip(pred, gold, strict=True)]
    return {"n": len(gold), "senses": len(set(zip(keys, gold, strict=True))),
            "accuracy": float(np.mean(right)),
            "balanced_accuracy": balanced_accuracy(keys, gold, pred),
            "coverage": float(np.mean([p is not None for p in pred])),
            "majority_accuracy": float(np.mean([b == g for b, g in zip(base, gold, strict=True)])),
            "majority_balanced_accuracy": balanced_accuracy(keys, gold, base)}


def _majority(inventory: Inventory, key: str) -> str:
    prior = inventory.prior(key)
    return inventory.senses[key][int(np.argmax(prior))].name


def _canonical(inventory: Inventory, key: str, pred: str, gold: str) -> str:
    """``gold`` when ``pred`` names the same inventory sense (an alias), else ``pred``."""
    if _sense_key(pred) == gold:
        return gold
    sense = inventory.sense(key, pred)
    if sense is not None and gold in sense.aliases:
        return gold
    return _sense_key(pred)
