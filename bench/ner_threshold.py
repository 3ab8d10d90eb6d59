"""Choose the decision rule of an NER model trained before ``meddx deid-train`` chose it.

    python bench/ner_threshold.py /tmp/deid2/ner

Re-creates the model's validation split from its manifest (same notes, seed and note types;
never the held-out test notes) and runs what training now runs at its end:
:func:`meddx.deid._ner_train.choose_threshold` (token F1, recorded for reference) and
:func:`meddx.deid._ner_train.tune_saved_ner` (the PHI threshold and minimum span score the
detector uses, chosen on the validation notes), written into ``meddx_ner.json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from meddx.deid._ner import NER_META, load_ner
from meddx.deid._ner_train import _windows, choose_threshold, split_notes, tune_saved_ner


def main() -> None:
    folder = Path(sys.argv[1])
    tok, model, meta = load_ner(str(folder))
    t = meta["train"]
    _, val = split_notes(t["n_notes"], t["seed"], tuple(t["note_types"]), 0.1)
    rows = _windows(tok, val, meta["max_length"], meta["stride"])
    if len(rows) != t["n_validation_windows"]:
        raise SystemExit(f"validation split differs: {len(rows)} windows, manifest says "
                         f"{t['n_validation_windows']}")
    chosen = choose_threshold(model, rows, tok.pad_token_id or 0)
    meta["validation"]["threshold_choice"] = chosen
    (folder / NER_META).write_text(json.dumps(meta, indent=2) + "\n")
    meta = tune_saved_ner(folder, val)
    print(json.dumps({"token_f1_choice": chosen,
                      "span_filter_choice": meta["validation"]["span_filter_choice"]}, indent=1))


if __name__ == "__main__":
    main()
