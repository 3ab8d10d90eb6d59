"""Choose a saved NER model's decision rule again on annotated validation notes.

    python bench/ner_retune.py /work/wt/deidner11_model bench/data/deid_round3/*/fresh.jsonl

Runs what ``meddx deid-train --validation-notes`` runs at its end
(:func:`meddx.deid._ner_train.tune_saved_ner`: the PHI threshold and minimum span score, chosen
on the notes given, never on test notes) and writes them into ``meddx_ner.json``; for a model
trained before a change to the precision guard or the span trimming, which the choice reads.
"""

from __future__ import annotations

import json
import sys

from meddx.deid._ner_train import read_annotated, tune_saved_ner


def main() -> None:
    folder, files = sys.argv[1], sys.argv[2:]
    if not files:
        raise SystemExit("usage: ner_retune.py MODEL_DIR VALIDATION.jsonl [...]")
    meta = tune_saved_ner(folder, read_annotated(files))
    print(json.dumps(meta["validation"]["span_filter_choice"], indent=1))


if __name__ == "__main__":
    main()
