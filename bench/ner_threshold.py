"""Choose the PHI threshold of an NER model trained before ``meddx deid-train`` chose it.

    python bench/ner_threshold.py /tmp/deid_work/ner

Re-creates the model's validation split from its manifest (same notes, seed and note types),
runs the same :func:`meddx.deid._ner_train.choose_threshold` that training now runs, and
writes the threshold into ``meddx_ner.json``. Used once for the model in docs/benchmarks.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from meddx.deid._ner import NER_META, load_ner
from meddx.deid._ner_train import _windows, choose_threshold, split_notes


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
    meta["threshold"] = chosen["threshold"]
    meta["validation"]["threshold_choice"] = chosen
    (folder / NER_META).write_text(json.dumps(meta, indent=2) + "\n")
    print(chosen)


if __name__ == "__main__":
    main()
