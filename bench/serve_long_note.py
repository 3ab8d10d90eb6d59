"""Seconds one long note takes in the prediction service, in process: ``predict`` alone and with
``top_tokens=10`` (occlusion: up to 65 model calls on the whole note), and the output, so runs
of two checkouts can be compared (same probabilities and tokens, different seconds).

    for src in /path/to/main/src /path/to/branch/src; do
      PYTHONPATH=$src OMP_NUM_THREADS=1 .venv/bin/python bench/serve_long_note.py runs/NAME 200000
    done

The note repeats one invented sentence to the length asked for; it holds no real text. The
service logs the two predictions to the run's prediction log, as it would in use.
"""

from __future__ import annotations

import json
import sys
import time

import meddx
from meddx.serve import PredictionService, ServeSettings

SENTENCE = "Patient presents with chest pain radiating to left arm. troponin elevated. "


def main(run_dir: str, chars: int) -> dict:
    service = PredictionService(run_dir, settings=ServeSettings())
    note = (SENTENCE * (chars // len(SENTENCE) + 1))[:chars]
    service.predict(["warm up: chest pain"], top_tokens=3)
    t0 = time.perf_counter()
    plain = service.predict([note])
    t1 = time.perf_counter()
    explained = service.predict([note], top_tokens=10)
    t2 = time.perf_counter()
    service.close()
    return {"meddx": meddx.__file__, "chars": chars, "predict_s": round(t1 - t0, 2),
            "top_tokens_s": round(t2 - t1, 2),
            "output": [plain[0]["probabilities"], explained[0]["top_tokens"]]}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]))))
