"""The worked examples of docs/architecture.md ("How to add ...") are the files under
examples/extend/; this runs each one. In a subprocess: registering a part is global, and the
rest of the suite must not see these extra parts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import numpy as np
sys.path.insert(0, "examples/extend")
import mean_shift_drift, pager_detector, shrink_calibrator  # noqa: F401  (they register)

from meddx.audit import calibrator_from_dict
from meddx.config import load_config
from meddx.deid import deidentify_texts
from meddx.monitor import DRIFT_TESTS, drift_test

cfg = load_config(overrides={"deid": {"detectors": ["rules", "pager"]}})
(text,), summary = deidentify_texts(["call pager 1234 about the troponin"], cfg.deid)
assert text == "call pager [PHONE] about the troponin", text
assert summary["counts_by_type"] == {"PHONE": 1}, summary

p = np.array([[0.99, 0.01], [0.98, 0.02], [0.03, 0.97], [0.9, 0.1]])
y = np.array([0, 0, 1, 1])
cal = shrink_calibrator.ShrinkCalibrator().fit(p, y)
assert cal.alpha_ < 1.0, cal.alpha_  # the confident mistake pulls the fit towards uniform
again = calibrator_from_dict(cal.to_dict())
assert np.allclose(again.transform(p), cal.transform(p))
assert load_config(overrides={"eval": {"calibration": "shrink"}}).eval.calibration == "shrink"

assert "mean_shift" in DRIFT_TESTS
out = drift_test("mean_shift")(np.arange(10.0), np.arange(10.0) + 5, feature="n_chars")
assert out["alert"] and out["statistic"] > 1.7, out
same = drift_test("mean_shift")(np.arange(10.0), np.arange(10.0), feature="n_chars")
assert not same["alert"], same
print("ok")
"""


def test_the_worked_examples_run():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "ok"
