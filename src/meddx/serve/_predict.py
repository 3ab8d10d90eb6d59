"""Batch prediction with a finished run (``meddx predict``): offline, atomic, no text by default."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from meddx._io import atomic_write_text, same_file
from meddx.errors import DataError

__all__ = ["predict_deidentified", "predict_file", "predict_texts"]


def predict_texts(run, texts: list[str], *, quiet: bool = True) -> list[dict]:
    """Label and per-class probabilities for each text, from a loaded run.

    The texts are de-identified first as the run's config says (``deid``), so the model sees
    the same kind of text it was trained on.
    """
    texts = run.deidentify(texts, quiet=quiet)
    return predict_deidentified(run, texts, quiet=quiet)


def predict_deidentified(run, texts: list[str], *, quiet: bool = True) -> list[dict]:
    """:func:`predict_texts` for texts that are already de-identified as the run's config says
    (the prediction service de-identifies once, then logs and predicts on the same text)."""
    from meddx.audit import served_proba

    clf = run.model
    proba = served_proba(run, texts, quiet=quiet)
    out = []
    for p in proba:
        if clf.task == "multilabel":
            label = [lab for lab, v in zip(clf.labels, p, strict=True)
                     if v >= run.config.eval.threshold]
        else:
            label = clf.labels[int(np.argmax(p))]
        out.append({"label": label,
                    "probabilities": {lab: round(float(v), 6)
                                      for lab, v in zip(clf.labels, p, strict=True)}})
    return out


def predict_file(run_dir, input_path, output_path, *, text_column: str | None = None,
                 id_column: str | None = None, include_text: bool = False,
                 quiet: bool = False) -> int:
    from meddx.runs import load_run

    input_path, output_path = Path(input_path), Path(output_path)
    if not input_path.is_file():  # before the model is loaded (seconds, for nothing)
        raise DataError("not a file" if input_path.exists() else "file not found",
                        file=str(input_path))
    if same_file(input_path, output_path):
        raise DataError("--output must differ from --input (the input is never overwritten)",
                        file=str(output_path))
    suffix = output_path.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise DataError("--output must end in .csv or .jsonl", file=str(output_path))
    run = load_run(run_dir, with_baseline=False)
    ids, texts = run.input_notes(input_path, text_column=text_column, id_column=id_column)
    results = predict_texts(run, texts, quiet=quiet)
    rows = []
    for i, r in enumerate(results):
        row = {"id": ids[i], "label": r["label"], "probabilities": r["probabilities"]}
        if include_text:
            row["text"] = str(texts[i])
        rows.append(row)
    if suffix == ".jsonl":
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    else:
        import pandas as pd

        # several labels joined as the training file joined them (data.label_delimiter), so
        # that the file reads back with the run's settings; "|" for a run with label_columns
        delimiter = run.config.data.label_delimiter or "|"
        flat = []
        for r in rows:
            item = {"id": r["id"], "label": r["label"] if isinstance(r["label"], str)
                    else delimiter.join(r["label"])}
            item.update({f"p[{k}]": v for k, v in r["probabilities"].items()})
            if include_text:
                item["text"] = r["text"]
            flat.append(item)
        body = pd.DataFrame(flat).to_csv(index=False)
    atomic_write_text(output_path, body)
    return len(rows)
