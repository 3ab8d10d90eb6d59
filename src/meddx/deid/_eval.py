"""De-identification metrics (``meddx deid-eval``): recall, precision, F1 against gold spans.

Matching ignores the label, since what matters is that PHI is removed (a date tagged as a
phone is still removed); rows are reported per PHI type all the same:

* **entity, any overlap**: a gold span is found when any predicted span overlaps it; a
  predicted span is correct when it overlaps any gold span.
* **entity, exact**: the same with identical start and end.
* **token**: words (``\\w+``) overlapping a gold span are PHI tokens; a token is predicted
  when it overlaps a predicted span.

Per type, recall counts the gold spans (tokens) of that type and precision the predicted
spans (tokens) of that label.

Label-aware figures (the label matters for ``--mode surrogate``, which puts a fake value of
the predicted kind into the note, and for evaluations that match types):

* **typed_found / typed_recall** (per row): a gold span counts when a predicted span of the
  *same type* overlaps it. Labels are compared after :data:`TYPE_MAP` (meddx's MRN, ACCOUNT,
  SSN ... are ID; FAX is PHONE; ZIP and ADDRESS are LOCATION; IP is URL), so HOSPITAL and
  LOCATION stay different types.
* **confusion** (top level): gold type -> predicted type -> count of gold spans, where the
  predicted type is that of the prediction overlapping the gold span the most (``"none"`` when
  none overlaps). Counts only, never text.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from meddx.data import UniqueIds
from meddx.errors import DataError

__all__ = ["evaluate_deid", "evaluate_deid_files", "missed_phi"]

_TOKEN = re.compile(r"\w+")
Spans = list[tuple[int, int, str]]

#: meddx label -> gold type, for the label-aware figures (as bench/deid_realstyle.py maps them).
TYPE_MAP = {"MRN": "ID", "ACCOUNT": "ID", "SSN": "ID", "HEALTHPLAN": "ID", "DEVICE": "ID",
            "PLATE": "ID", "FAX": "PHONE", "ZIP": "LOCATION", "ADDRESS": "LOCATION", "IP": "URL"}


def _typed(label: str) -> str:
    return TYPE_MAP.get(label, label)


def _best_type(span: tuple[int, int, str], others: Spans) -> str:
    """Mapped type of the span of ``others`` that overlaps ``span`` the most, or ``"none"``."""
    best, best_n = "none", 0
    for o in others:
        n = min(span[1], o[1]) - max(span[0], o[0])
        if n > best_n:
            best, best_n = _typed(o[2]), n
    return best


def _prf(tp_r: int, n_gold: int, tp_p: int, n_pred: int) -> dict[str, float | None]:
    recall = tp_r / n_gold if n_gold else None
    precision = tp_p / n_pred if n_pred else None
    f1 = None
    if recall is not None and precision is not None:
        f1 = 0.0 if recall + precision == 0 else 2 * recall * precision / (recall + precision)
    return {"recall": recall, "precision": precision, "f1": f1}


def _overlaps(span: tuple[int, int, str], others: Spans, starts: list[int]) -> bool:
    """Whether ``span`` overlaps any of ``others`` (sorted by start)."""
    s, e = span[0], span[1]
    i = bisect.bisect_left(starts, e)  # others starting before e
    for j in range(i - 1, -1, -1):
        if others[j][1] > s:
            return True
    return False


def _tokens(text: str, spans: Spans) -> dict[int, str]:
    """Token index -> label of the span it overlaps."""
    out: dict[int, str] = {}
    if not spans:
        return out
    ordered = sorted(spans)
    for i, m in enumerate(_TOKEN.finditer(text)):
        for s, e, lab in ordered:
            if s < m.end() and m.start() < e:
                out[i] = lab
                break
            if s >= m.end():
                break
    return out


class _Counts:
    def __init__(self) -> None:
        self.c: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, label: str, key: str, n: int = 1) -> None:
        self.c[label][key] += n
        self.c["ALL"][key] += n

    def row(self, label: str) -> dict[str, Any]:
        c = self.c.get(label, {})
        return {
            "n_gold": c.get("gold", 0), "n_pred": c.get("pred", 0),
            "overlap": _prf(c.get("gold_hit", 0), c.get("gold", 0), c.get("pred_hit", 0),
                            c.get("pred", 0)),
            "exact": _prf(c.get("gold_exact", 0), c.get("gold", 0), c.get("pred_exact", 0),
                          c.get("pred", 0)),
            "token": _prf(c.get("tok_gold_hit", 0), c.get("tok_gold", 0),
                          c.get("tok_pred_hit", 0), c.get("tok_pred", 0)),
            "typed_found": c.get("gold_typed", 0),
            "typed_recall": c["gold_typed"] / c["gold"] if c.get("gold") else None,
        }


def evaluate_deid(docs: Iterable[tuple[str, Spans, Spans]]) -> dict[str, Any]:
    """Metrics over ``(text, gold, pred)`` triples; spans are ``(start, end, label)``.

    Returns ``{"n_docs", "overall": row, "by_type": {label: row}}`` where a row holds
    ``n_gold``, ``n_pred``, ``overlap``/``exact``/``token`` recall, precision and F1, and
    ``typed_found``/``typed_recall``; plus ``"confusion"`` (gold type -> predicted type -> n).
    """
    counts = _Counts()
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    n_docs = 0
    for text, gold, pred in docs:
        n_docs += 1
        gold, pred = sorted(gold), sorted(pred)
        gs, ps = [g[0] for g in gold], [p[0] for p in pred]
        pred_set = {(p[0], p[1]) for p in pred}
        gold_set = {(g[0], g[1]) for g in gold}
        for g in gold:
            counts.add(g[2], "gold")
            counts.add(g[2], "gold_hit", _overlaps(g, pred, ps))
            counts.add(g[2], "gold_exact", (g[0], g[1]) in pred_set)
            same = [p for p in pred if _typed(p[2]) == _typed(g[2])]
            counts.add(g[2], "gold_typed", _overlaps(g, same, [p[0] for p in same]))
            confusion[_typed(g[2])][_best_type(g, pred)] += 1
        for p in pred:
            counts.add(p[2], "pred")
            counts.add(p[2], "pred_hit", _overlaps(p, gold, gs))
            counts.add(p[2], "pred_exact", (p[0], p[1]) in gold_set)
        tg, tp = _tokens(text, gold), _tokens(text, pred)
        for i, lab in tg.items():
            counts.add(lab, "tok_gold")
            counts.add(lab, "tok_gold_hit", i in tp)
        for i, lab in tp.items():
            counts.add(lab, "tok_pred")
            counts.add(lab, "tok_pred_hit", i in tg)
    labels = sorted(k for k in counts.c if k != "ALL")
    return {"n_docs": n_docs, "overall": counts.row("ALL"),
            "by_type": {lab: counts.row(lab) for lab in labels},
            "confusion": {g: dict(sorted(row.items())) for g, row in sorted(confusion.items())}}


def missed_phi(text: str, gold: Spans, pred: Spans) -> list[tuple[str, str]]:
    """(type, text) of every gold span no prediction overlaps. This IS PHI: show it only
    when the user asked (``--show-phi``)."""
    pred = sorted(pred)
    ps = [p[0] for p in pred]
    return [(g[2], text[g[0]:g[1]]) for g in sorted(gold) if not _overlaps(g, pred, ps)]


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    if not path.is_file():
        raise DataError("file not found", file=str(path))
    if path.suffix.lower() in (".csv", ".tsv"):
        raise DataError("deid-eval reads JSON Lines (one {\"text\", \"phi\"} object per line; "
                        "for --pred, the output of meddx deid), not CSV", file=str(path))
    with path.open("rb") as fh:
        for row, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise DataError("not a valid UTF-8 JSON line", file=str(path), row=row) from None
            if not isinstance(obj, dict):
                raise DataError("each line must be a JSON object", file=str(path), row=row)
            yield row, obj


def _spans(obj: dict, key: str, label_key: str, path: Path, row: int, n: int) -> Spans:
    raw = obj.get(key)
    if not isinstance(raw, list):
        raise DataError(f"'{key}' must be a list of {{start, end, {label_key}}}", file=str(path),
                        row=row, column=key)
    out = []
    for s in raw:
        try:
            start, end, label = int(s["start"]), int(s["end"]), str(s[label_key])
        except (KeyError, TypeError, ValueError):
            raise DataError(f"each span needs integer start, end and a {label_key}",
                            file=str(path), row=row, column=key) from None
        if not 0 <= start < end <= n:
            raise DataError(f"span {start}-{end} lies outside the text (length {n})",
                            file=str(path), row=row, column=key)
        out.append((start, end, label))
    return out


def evaluate_deid_files(
    gold: str | Path, pred: str | Path | None = None, *, text_column: str = "text",
    id_column: str = "id", show_phi: bool = False, **deid_options: Any,
) -> dict[str, Any]:
    """Score ``pred`` (``meddx deid`` output) against ``gold`` (``text`` + ``phi`` spans).

    Without ``pred``, the de-identifier (``deid_options``) runs on the gold texts. With
    ``show_phi``, the result also lists every missed PHI string under ``missed``.
    """
    gold_p = Path(gold)
    if not gold_p.is_file():
        raise DataError("file not found", file=str(gold_p))
    preds: dict[str, Spans] = {}
    pred_rows: list[Spans] = []
    if pred is not None:
        pred_p = Path(pred)
        pred_ids = UniqueIds(pred_p, "id")  # predictions are matched by id: one note each
        for row, obj in _read_jsonl(pred_p):
            spans = _spans(obj, "spans", "label", pred_p, row, 1 << 62)
            pred_rows.append(spans)
            if obj.get("id") is not None:
                pred_ids.add(str(obj["id"]), row)
                preds[str(obj["id"])] = spans
        deid = None
    else:
        from meddx.deid._deidentifier import Deidentifier

        deid = Deidentifier(**deid_options)
    docs: list[tuple[str, Spans, Spans]] = []
    missed: list[dict[str, str]] = []
    gold_ids = UniqueIds(gold_p, id_column)
    for i, (row, obj) in enumerate(_read_jsonl(gold_p)):
        text = obj.get(text_column)
        if not isinstance(text, str):
            raise DataError(f"text column '{text_column}' missing or not a string",
                            file=str(gold_p), row=row, column=text_column)
        g = _spans(obj, "phi", "type", gold_p, row, len(text))
        rid = str(obj.get(id_column, row))
        gold_ids.add(rid, row)
        if deid is not None:
            p = [(s.start, s.end, s.label) for s in deid.detect(text)]
        elif rid in preds:
            p = preds[rid]
        elif i < len(pred_rows) and not preds:
            p = pred_rows[i]
        else:
            raise DataError(f"{pred} has no prediction with this row's id (ids are matched "
                            "as written)", file=str(gold_p), row=row, column=id_column)
        docs.append((text, g, p))
        if show_phi:
            missed += [{"id": rid, "type": t, "text": v} for t, v in missed_phi(text, g, p)]
    if not docs:
        raise DataError("no gold records (the file is empty)", file=str(gold_p))
    result = evaluate_deid(docs)
    result["gold"] = str(gold_p)
    result["pred"] = str(pred) if pred is not None else "meddx deid (run on the gold texts)"
    if show_phi:
        result["missed"] = missed
    return result
