"""Validation figures of a finished demo run's fine-tuned model with other prediction windows
(no retraining): head against pooled chunks (docs/benchmarks.md, "Tried and not kept").

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/demo_windows_val.py runs/DEMO_RUN
"""

from __future__ import annotations

import sys
import time

VARIANTS = [
    ("head", {}),
    ("3 windows, 32-token overlap", {"long_text": "chunks", "chunk_stride": 32, "max_chunks": 3}),
    ("4 windows, 64-token overlap", {"long_text": "chunks", "chunk_stride": 64, "max_chunks": 4}),
    ("3 windows, no overlap", {"long_text": "chunks", "chunk_stride": 0, "max_chunks": 3}),
]


def main(run_dir: str) -> None:
    import torch
    from sklearn.metrics import f1_score, log_loss, roc_auc_score

    from meddx.data import make_splits
    from meddx.runs import load_run

    torch.set_num_threads(1)
    run = load_run(run_dir, with_baseline=False)
    corpus = run.corpus()
    val = corpus.subset(make_splits(corpus, run.config.data.split)["validation"])
    clf, base = run.model, run.model.prep
    for name, update in VARIANTS:
        clf.prep = base.model_copy(update=update)
        start = time.perf_counter()
        p = clf.predict_proba(val.texts)
        print(f"{name}: macro-F1 {f1_score(val.y, p.argmax(1), average='macro'):.3f} "
              f"accuracy {(val.y == p.argmax(1)).mean():.3f} "
              f"macro-AUROC {roc_auc_score(val.y, p, multi_class='ovr'):.4f} "
              f"NLL {log_loss(val.y, p):.4f} ({time.perf_counter() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
