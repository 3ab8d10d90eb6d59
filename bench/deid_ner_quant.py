"""``bench/deid_ner_fresh.py`` with the ``ner`` model quantized to int8 (session 12, deidlora).

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 python bench/deid_ner_quant.py \
        --label deidlora-int8 --ner-model src/meddx/deid/resources/deid_ner_lora

The detector's (merged) model is loaded once, its ``Linear`` layers replaced in place by
``torch.ao.quantization.quantize_dynamic`` (int8 weights, activations quantized per batch),
and every configuration of ``deid_ner_fresh.py`` then runs on it (the model is cached per
path). Same sets, scoring and output as that script (``bench/results/deid_ner_fresh-<label>.json``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_ner_fresh  # noqa: E402


def main() -> None:
    import torch

    from meddx.deid import NerDetector

    path = Path(sys.argv[sys.argv.index("--ner-model") + 1])
    det = NerDetector(path)  # fills the per-path cache that every later detector reads
    torch.ao.quantization.quantize_dynamic(det.model, {torch.nn.Linear}, dtype=torch.qint8,
                                           inplace=True)
    print(f"{path}: Linear layers quantized to int8 (dynamic)", flush=True)
    deid_ner_fresh.main()


if __name__ == "__main__":
    main()
