"""Rebuild the bundled CRF model of the ``crf`` detector from invented notes in this repository.

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 python bench/deid_crf_train.py

Trains on every hand-written round-3 note (``bench/data/deid_round3/*/``: the dev, check, blind,
final, last and fresh sets of every folder but the validation-only ``notes11``, ``notes12v`` and
``notes13v``; a new folder is picked up as it lands), ``bench/data/deid_realstyle/dev.jsonl`` and
the first ``--abstracts`` even rows of the bundled Medical Abstracts as PHI-free text, each text
also once in another letter case (ALL CAPS or lower case, ``case_copies``; session 12), with the settings
``bench/deid_crf_eval.py`` chose (``CRF_DEFAULTS``, ``CRF_TYPES``), and writes
``src/meddx/deid/resources/deid_crf.crfsuite``. L-BFGS on the same notes gives the same file.
Never reads the held-out sets, the real-style test split or the odd abstract rows (the check).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_crf_data as data  # noqa: E402

OUT = data.ROOT / "src" / "meddx" / "deid" / "resources" / "deid_crf.crfsuite"
#: PHI-free abstracts trained on (even rows; chosen by bench/deid_crf_eval.py)
N_ABSTRACTS = 1444


def main() -> None:
    from meddx.deid import train_crf

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--abstracts", type=int, default=N_ABSTRACTS)
    ap.add_argument("--no-fresh", action="store_true", help="leave out the fresh notes (validation)")
    args = ap.parse_args()
    notes = data.training_notes(with_fresh=not args.no_fresh, n_abstracts=args.abstracts)
    info = train_crf(notes, args.out)
    info["sha256"] = hashlib.sha256(args.out.read_bytes()).hexdigest()[:16]
    print(json.dumps(info))


if __name__ == "__main__":
    main()
