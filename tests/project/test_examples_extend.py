"""The worked examples of docs/architecture.md ("How to add ...") are the files under
examples/extend/; this runs each one. In a subprocess: registering a part is global, and the
rest of the suite must not see these extra parts (a detector, a calibrator, a drift test, a
fairness mitigation and a training mode)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import numpy as np
sys.path.insert(0, "examples/extend")
import group_balance_mitigation, mean_shift_drift, pager_detector, shrink_calibrator  # noqa: F401

from meddx.audit import calibrator_from_dict
from meddx.config import load_config
from meddx.deid import deidentify_texts
from meddx.errors import ConfigError
from meddx.monitor import DRIFT_TESTS, drift_test
from meddx.train import MITIGATION_FITS

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
cfg = load_config(overrides={"data": {"group_columns": ["site"]}, "fairness": {
    "mitigation": "group_balance", "group_column": "site"}})
fit = MITIGATION_FITS.get(cfg.fairness.mitigation)
w = fit.head_weights(cfg, None, ["a", "a", "a", "b"])
assert np.allclose(w, [2 / 3, 2 / 3, 2 / 3, 2.0]) and fit.sampler is fit.head_weights, w
try:  # in training: the config refuses it with DP, as it does the built-in ones
    load_config(overrides={"data": {"group_columns": ["site"]}, "privacy": {"epsilon": 3},
                           "fairness": {"mitigation": "group_balance", "group_column": "site"}})
    raise SystemExit("group_balance was accepted with DP")
except ConfigError as exc:
    assert "'group_balance': it changes how much one note can move the model" in str(exc), exc
print("ok")
"""


def test_the_worked_examples_run():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "ok"


MODE_SCRIPT = """
import sys
from pathlib import Path
import numpy as np
sys.path.insert(0, "examples/extend")
import centroid_mode  # noqa: F401  (it registers the mode and its fit)
from tests._support.helpers import make_tiny_model, synthetic_notes, tiny_run_config

from meddx.errors import ConfigError
from meddx.models import mode_names
from meddx.pipeline import train_run
from meddx.runs import load_run

out = Path(sys.argv[1])
assert "centroid" in mode_names("encoder") and "centroid" not in mode_names("causal_lm")
encoder = make_tiny_model(out / "bert")
cfg = tiny_run_config(out, synthetic_notes(60, seed=3), encoder, name="centroid",
                      model={"name": str(encoder), "mode": "centroid"}, baseline=False,
                      registry={"enabled": False})
result = train_run(cfg, quiet=True)
run = load_run(result.run_dir)
assert run.config.model.mode == "centroid" and run.model.kind == "frozen_encoder"
p = run.model.predict_proba(["chest pain radiating to the left arm", "new seizure"])
assert p.shape == (2, 3) and np.allclose(p.sum(axis=1), 1.0), p
try:  # the fit's checks hold: SMOTE needs a mode with frozen_embeddings
    tiny_run_config(out, synthetic_notes(9), encoder, name="x",
                    model={"name": str(encoder), "mode": "centroid"},
                    train={"imbalance": {"strategy": "smote"}})
    raise SystemExit("smote was accepted")
except ConfigError as exc:
    assert "'smote'" in str(exc), exc
print("ok")
"""


@pytest.mark.slow
def test_a_registered_training_mode_trains_a_run(tmp_path):
    """examples/extend/centroid_mode.py: one module adds a mode; `model.mode: centroid` is then
    accepted by the config and trained, saved and reloaded by the unchanged pipeline."""
    proc = subprocess.run([sys.executable, "-c", MODE_SCRIPT, str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == "ok"
