"""End to end, as a user would from a fresh clone, on a tiny BERT: train (registered in MLflow
as a candidate), promote it to champion, serve ``models:/e2e@champion`` (``meddx serve`` in its
own process), send predictions, review them in Chromium, run ``meddx monitor report``, retrain
from the feedback and promote the new candidate.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from browser import chromium_page, free_port, review_in_browser
from helpers import make_tiny_model, synthetic_notes
from typer.testing import CliRunner

from meddx.cli import app
from meddx.monitor._log import read_feedback

KEY = "k-e2e-0123456789abcdef"
NOTES = ["patient presents with chest pain and troponin elevated",
         "new seizure with aphasia, mri brain lesion",
         "melena and epigastric tenderness, colonoscopy polyp",
         "atrial fibrillation and chest pain on exertion"]
runner = CliRunner()


def _cli(*args: str, codes=(0,)):
    result = runner.invoke(app, list(args))
    assert result.exit_code in codes, result.output
    return result


def _train(tmp: Path) -> Path:
    data = tmp / "notes.csv"
    synthetic_notes(240, seed=5).to_csv(data, index=False)
    model = make_tiny_model(tmp / "tiny")
    result = runner.invoke(app, [
        "train", "--data", str(data), "--text-column", "note", "--label-column", "dx",
        "--id-column", "note_id", "--patient-column", "patient", "--group-columns", "sex",
        "--model", str(model), "--mode", "full", "--max-steps", "30", "--max-length", "64", "--name", "e2e",
        "--out", str(tmp / "runs"), "--quiet"])
    assert result.exit_code == 0, result.output
    return tmp / "runs" / "e2e"


def _serve(model: str, store: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "MEDDX_API_KEYS": KEY, "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "meddx", "serve", model, "--port", str(port), "--store", store,
           "--store-text",
           "--review", "--log-level", "warning", "--min-confidence", "0", "--explain-method", "ig"]
    proc = subprocess.Popen(cmd, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError("meddx serve did not answer /healthz in 120 s")


@pytest.mark.slow
@pytest.mark.registry
def test_train_register_serve_review_monitor_retrain_promote(tmp_path, monkeypatch):
    tracking = f"sqlite:///{tmp_path / 'runs' / 'mlflow.db'}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking)  # train, serve and retrain use it
    run = _train(tmp_path)
    assert json.loads((run / "registry.json").read_text())["version"] == 1
    _cli("registry", "promote", "e2e", "--version", "1")
    assert "champion" in _cli("registry", "show", "e2e").output
    store = f"sqlite:///{run / 'predictions.db'}"
    proc, url = _serve("models:/e2e@champion", store, tmp_path / "serve.log")
    try:
        auth = {"Authorization": f"Bearer {KEY}"}
        for _ in range(10):
            r = httpx.post(f"{url}/v1/predict", json={"texts": NOTES, "groups": {"sex": "F"}},
                           headers=auth, timeout=60)
            assert r.status_code == 200, r.text
        version = r.json()["model_version"]
        one = httpx.post(f"{url}/v1/predict", json={"text": NOTES[0], "top_tokens": 3}, headers=auth,
                         timeout=60).json()["predictions"][0]
        assert one["top_tokens"] is not None and len(one["top_tokens"]) <= 3
        assert httpx.post(f"{url}/v1/predict", json={"text": NOTES[0]}, timeout=10).status_code == 401
        with chromium_page() as page:
            review_in_browser(page, url, api_key=KEY, reviewer="Dr E2E",
                              actions=["a", "1", "2", "c:looks right", "j", "a"])
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    feedback = read_feedback(store)
    assert len(feedback) == 4  # agree, label 1, label 2, agree; the comment carries no label
    _cli("monitor", "report", str(run), "--min-group-size", "5", codes=(0, 3))  # 3: drift alerts
    report = json.loads((run / "monitor" / "monitor.json").read_text())
    assert report["window"]["n"] == 41
    daily = report["performance"]["daily"]
    assert report["performance"]["status"] == "ok" and sum(d["n_labelled"] for d in daily) == 4
    import sqlalchemy as sa

    engine = sa.create_engine(store)
    with engine.connect() as conn:
        versions = {v for (v,) in conn.execute(sa.text("select model_version from feedback"))}
    engine.dispose()
    assert versions == {version}

    out = _cli("retrain", "models:/e2e@champion", "--feedback", store, "--name", "e2e-retrain",
               "--holdout", "0.25", "--quiet").output
    assert "3 feedback rows trained on, 1 held out" in out and "version 2" in out, out
    assert (tmp_path / "runs" / "e2e-retrain" / "comparison.json").is_file()
    gate = _cli("registry", "promote", "e2e", "--version", "2", codes=(0, 2))
    if gate.exit_code == 2:  # the gate refused a worse candidate: the message says why
        assert "worse" in gate.output, gate.output
        _cli("registry", "promote", "e2e", "--version", "2", "--force")
    shown = json.loads(_cli("registry", "show", "e2e", "--json").stdout)
    assert shown["aliases"]["champion"] == 2
