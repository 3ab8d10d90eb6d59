"""A tiny monitoring window (docs/benchmarks.md, "Mends from the walk", session 17, branch mend17).

A TF-IDF run on synthetic notes, a prediction log of 3 shifted notes (the test helpers'), then
``meddx monitor report --min-group-size 2`` with the default ``--min-window`` (30) and with
``--min-window 3``: the exit code, the number of alert lines and the summary line.

    PYTHONPATH=$PWD/src:$PWD .venv/bin/python bench/monitor_min_window.py
"""
import subprocess
import sys
import tempfile
from pathlib import Path

from tests._support.helpers import make_tfidf_run, synthetic_notes
from tests._support.monitor import fill_store

tmp = Path(tempfile.mkdtemp(prefix="mend17-"))
run = make_tfidf_run(tmp, synthetic_notes(900, seed=1), name="demo")
url = fill_store(run, tmp / "p.db", shifted=True, n=2)
for extra in ([], ["--min-window", "3"]):
    cmd = [sys.executable, "-m", "meddx", "monitor", "report", str(run), "--store", url,
           "--min-group-size", "2", "--out", str(tmp / "out"), *extra]
    r = subprocess.run(cmd, capture_output=True, text=True)
    print("args:", " ".join(["--min-group-size", "2", *extra]), "exit", r.returncode,
          "alert lines", len(r.stdout.splitlines()))
    print("  stderr:", r.stderr.strip().splitlines()[-1].replace(str(tmp), "TMP"))
