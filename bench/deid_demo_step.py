"""The de-identification step of ``meddx demo`` / ``meddx train`` on the bundled abstracts CSV,
without and with the ``crf`` detector: CPU-seconds and spans by type (figures only).

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 python bench/deid_demo_step.py
"""

from __future__ import annotations

import time


def main() -> None:
    from meddx.config import load_config
    from meddx.data import demo_path, load_corpus
    from meddx.deid import DEFAULT_DETECTORS, deidentify_corpus

    cfg = load_config(demo_path().with_name("demo.yaml"), {"data": {"path": str(demo_path())}})
    for detectors in (["rules", "names", "places"], list(DEFAULT_DETECTORS)):
        corpus = load_corpus(cfg.data)
        c0 = time.process_time()
        summary = deidentify_corpus(corpus, cfg.deid.model_copy(update={"detectors": detectors}))
        print(f"{','.join(detectors)}: {len(corpus.texts)} texts, "
              f"{time.process_time() - c0:.1f} CPU-s, {summary['n_spans']} spans "
              f"{summary['counts_by_type']}")


if __name__ == "__main__":
    main()
