"""Re-score a finished demo run's fine-tuned model with pooled windows (3 windows, 32-token
overlap) or its own windows, as the demo would: the calibrator refitted on validation (auto),
test scored, paired bootstrap against the run's TF-IDF baseline (docs/benchmarks.md).

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/demo_rescore.py runs/DEMO_RUN chunks
"""

from __future__ import annotations

import sys
from types import SimpleNamespace


def main(run_dir: str, windows: str) -> None:
    import torch

    from meddx.audit import CALIBRATORS, calibration_summary
    from meddx.data import make_splits
    from meddx.evaluate import evaluate, paired_comparison
    from meddx.runs import load_run

    torch.set_num_threads(1)
    run = load_run(run_dir)
    cfg = run.config
    corpus = run.corpus()
    splits = make_splits(corpus, cfg.data.split)
    val, test = corpus.subset(splits["validation"]), corpus.subset(splits["test"])
    clf = run.model
    if windows == "chunks":
        clf.prep = clf.prep.model_copy(
            update={"long_text": "chunks", "chunk_stride": 32, "max_chunks": 3})
    pv, pt = clf.predict_proba(val.texts), clf.predict_proba(test.texts)
    pb = run.baseline.predict_proba(test.texts)
    cal = CALIBRATORS.get("auto")().fit(pv, val.y)
    summary = calibration_summary(cal, SimpleNamespace(y=val.y, proba=pv, task=val.task),
                                  SimpleNamespace(y=test.y, proba=pt, task=val.task),
                                  n_bins=cfg.eval.ece_bins)
    served = cal.transform(pt)
    kw = {"task": test.task, "labels": test.labels, "threshold": cfg.eval.threshold,
          "ece_bins": cfg.eval.ece_bins, "n_boot": cfg.eval.bootstrap, "ci": cfg.eval.ci,
          "seed": cfg.train.seed, "quiet": True}
    for name, p in [("served", served), ("uncalibrated", pt), ("baseline", pb)]:
        m = evaluate(test.y, p, **kw)
        print(f"{name}: macro-F1 {m['macro_f1']:.3f} accuracy {m['accuracy']:.3f} "
              f"macro-AUROC {m['macro_auroc']:.4f} ECE {m['ece']:.4f}")
    print("calibrator", summary["method"])
    cmp = paired_comparison(test.y, served, pb, names=("model", "TF-IDF baseline"), **kw)
    print(cmp["sentence"])
    for k, v in cmp["metrics"].items():
        print(f"  {k}: {v['difference']:+.4f} [{v['ci'][0]:+.4f}, {v['ci'][1]:+.4f}] "
              f"{v['verdict']}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "chunks")
