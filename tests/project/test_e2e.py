"""End to end, as a user would from a fresh clone, on a tiny BERT (frozen encoder + head): train
on notes that hold PHI (registered in MLflow as a candidate), promote it to champion, serve
``models:/e2e@champion`` (``meddx serve`` in its own process), send predictions, review them in
Chromium with and without JavaScript (agree, relabel, comment), run ``meddx monitor report``,
retrain from the feedback and promote the new candidate through the subgroup gate.

PHI in a note, in a reviewer's comment and in a request's field name must never reach the
prediction log, a run folder, a log or a response.
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
from typer.testing import CliRunner

from meddx.cli import app
from tests._support.browser import chromium_page, free_port, login, review_in_browser
from tests._support.helpers import (
    PHI_SENTENCE,
    PHI_STRINGS,
    files_holding,
    make_tiny_model,
    synthetic_notes,
    with_phi,
)

KEY = "k-e2e-0123456789abcdef"
NOTES = ["patient presents with chest pain and troponin elevated",
         "new seizure with aphasia, mri brain lesion",
         "melena and epigastric tenderness, colonoscopy polyp",
         "atrial fibrillation and chest pain on exertion"]
PHI_NOTE = f"Chest pain radiating to the left arm. {PHI_SENTENCE} Troponin elevated."
PHI_COMMENT = "Discussed with Dr Harriet Quillfeather, MRN 8812345, on 03/14/2024"
PHI_FIELD = "Harriet Quillfeather MRN 8812345"
runner = CliRunner()


def _cli(*args: str, codes=(0,)):
    result = runner.invoke(app, list(args))
    assert result.exit_code in codes, result.output
    return result


def _train(tmp: Path) -> Path:
    data = tmp / "notes.csv"  # the raw source, outside the runs folder
    with_phi(synthetic_notes(240, seed=5)).to_csv(data, index=False)
    model = make_tiny_model(tmp / "tiny")
    result = runner.invoke(app, [
        "train", "--data", str(data), "--text-column", "note", "--label-column", "dx",
        "--id-column", "note_id", "--patient-column", "patient", "--group-columns", "sex",
        "--model", str(model), "--mode", "frozen", "--max-length", "64", "--name", "e2e",
        "--out", str(tmp / "runs"), "--quiet"])
    assert result.exit_code == 0, result.output
    return tmp / "runs" / "e2e"


def _serve(model: str, store: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "MEDDX_API_KEYS": KEY, "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "meddx", "serve", model, "--port", str(port), "--store", store,
           "--store-text", "--review", "--log-level", "info", "--min-confidence", "0"]
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


def _predict_and_review(url: str) -> tuple[str, list[str]]:
    """Predictions (one note with PHI, one body with PHI in a field name), then reviews in
    Chromium: with the keyboard (JavaScript) and with the plain forms (JavaScript off)."""
    auth = {"Authorization": f"Bearer {KEY}"}
    responses = []
    for _ in range(10):
        r = httpx.post(f"{url}/v1/predict", json={"texts": NOTES, "groups": {"sex": "F"}},
                       headers=auth, timeout=60)
        assert r.status_code == 200, r.text
    version = r.json()["model_version"]
    r = httpx.post(f"{url}/v1/predict", json={"text": PHI_NOTE, "top_tokens": 5}, headers=auth,
                   timeout=60)
    assert r.status_code == 200, r.text
    responses.append(r.text)
    for t in r.json()["predictions"][0]["top_tokens"]:  # offsets into the note as sent
        assert PHI_NOTE[t["start"]:t["end"]] == t["token"]
    r = httpx.post(f"{url}/v1/predict", json={"text": NOTES[0], PHI_FIELD: 1}, headers=auth)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "unknown field #2"]
    responses.append(r.text)
    responses.append(httpx.get(f"{url}/healthz", params={"patient": PHI_FIELD}).text)
    assert httpx.post(f"{url}/v1/predict", json={"text": NOTES[0]}, timeout=10).status_code == 401
    with chromium_page() as page:  # the queue is newest first: the PHI note on top
        review_in_browser(page, url, api_key=KEY, reviewer="Dr E2E",
                          actions=["a", "1", "2", "c:" + PHI_COMMENT, "j", "a"])
        top = page.locator(".item").first.get_attribute("data-id")
        responses.append(page.request.get(f"{url}/review/explain/{top}").text())
        page.reload()
        responses.append(page.content())
        assert "comment: Discussed with Dr [NAME]" in responses[-1]
    with chromium_page(javascript=False) as page:
        login(page, url, api_key=KEY, reviewer="Dr NoScript")
        item = page.locator(".item").nth(6)
        item.locator("button[value=agree]").click()
        page.wait_for_url(f"{url}/review")
        other = next(lab for lab in ("cardiac", "gi", "neuro")
                     if lab != item.locator(".predicted").text_content())
        item.locator("select").select_option(other)
        item.locator("button.set-label").click()
        page.wait_for_url(f"{url}/review")
        item.locator("textarea").fill(PHI_COMMENT)
        item.locator("button[value=comment]").click()
        page.wait_for_url(f"{url}/review")
        assert item.locator(".status").text_content().startswith(f"agreed; relabelled: {other}; "
                                                                 "comment: Discussed with Dr [NAME]")
        responses.append(page.content())
    return version, responses


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
    serve_log = tmp_path / "serve.log"
    proc, url = _serve("models:/e2e@champion", store, serve_log)
    try:
        version, responses = _predict_and_review(url)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    import sqlalchemy as sa

    engine = sa.create_engine(store)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.text("select * from feedback"))]
    engine.dispose()
    # keyboard: agree, label 1, label 2, comment, agree; forms: agree, label gi, comment
    assert len(rows) == 8 and {r["model_version"] for r in rows} == {version}
    comments = [r["comment"] for r in rows if r["comment"]]
    assert len(comments) == 2 and all("[NAME]" in c and "[MRN]" in c for c in comments), comments
    _cli("monitor", "report", str(run), "--min-group-size", "5", codes=(0, 3))  # 3: drift alerts
    report = json.loads((run / "monitor" / "monitor.json").read_text())
    assert report["window"]["n"] == 41 and report["performance"]["status"] == "ok"

    out = _cli("retrain", "models:/e2e@champion", "--feedback", store, "--name", "e2e-retrain",
               "--holdout", "0.25", "--quiet").output
    # 5 predictions labelled (the latest label of each counts): 4 trained on, 1 held out
    assert "4 feedback rows trained on, 1 held out" in out and "version 2" in out, out
    assert json.loads((tmp_path / "runs" / "e2e-retrain" / "run.json").read_text())["status"] \
        == "complete"
    assert (tmp_path / "runs" / "e2e-retrain" / "comparison.json").is_file()
    gate = _cli("registry", "promote", "e2e", "--version", "2", codes=(0, 2))
    if gate.exit_code == 2:  # the gate refused a candidate worse overall or for a subgroup
        assert "worse" in gate.output, gate.output
        _cli("registry", "promote", "e2e", "--version", "2", "--force")
    shown = json.loads(_cli("registry", "show", "e2e", "--json").stdout)
    assert shown["aliases"]["champion"] == 2

    # PHI of the notes, the comments and the field name: nowhere but in the source file
    log = serve_log.read_text()
    assert "serve: model-" in log and "GET /healthz HTTP" in log  # meddx's and uvicorn's lines
    assert files_holding(tmp_path / "runs") == []  # run folders, prediction log, MLflow store
    assert not any(s in log for s in (*PHI_STRINGS, "Harriet", "patient="))
    assert not any(s in text for text in responses for s in (*PHI_STRINGS, "Harriet"))
    assert files_holding(tmp_path, ("Quillfeather",)) == ["notes.csv"]
