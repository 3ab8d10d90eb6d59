"""How long ``auto`` and the blend take to fit on a run's validation split, with numpy/scipy's
default OpenBLAS threads (``--threads default``: the one-thread limit of
``meddx.evaluate._calibrators.one_blas_thread`` turned off) or as committed (``--threads one``).
Validation arrays as ``bench/blend_choice.py`` loads them (same cache). One warm-up fit first.

    PYTHONPATH=src nice -n 5 .venv/bin/python bench/calibration_threads.py RUN \
        --cache /tmp/blend15/cache --threads default
"""

from __future__ import annotations

import argparse
import time
from contextlib import contextmanager
from pathlib import Path


def main() -> None:
    import meddx.evaluate._blend as blend_module
    import meddx.evaluate._calibrators as calibrators_module
    from meddx.evaluate import AutoCalibrator, BaselineBlend

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run")
    ap.add_argument("--cache", required=True)
    ap.add_argument("--threads", choices=["default", "one"], default="one")
    args = ap.parse_args()
    import sys

    sys.path.append(str(Path(__file__).resolve().parent))
    from blend_choice import load

    y, p, b = load(args.run, args.cache)
    if args.threads == "default":
        @contextmanager
        def off():
            yield

        calibrators_module.one_blas_thread = blend_module.one_blas_thread = off
    AutoCalibrator().fit(p, y)  # warm-up: imports
    for name, fit in (("auto", lambda: AutoCalibrator().fit(p, y)),
                      ("blend", lambda: BaselineBlend().fit(p, b, y))):
        wall, cpu = time.time(), time.process_time()
        fit()
        print(f"BLAS threads {args.threads}, {name}: wall {time.time() - wall:.1f} s, "
              f"CPU {time.process_time() - cpu:.1f} s", flush=True)


if __name__ == "__main__":
    main()
