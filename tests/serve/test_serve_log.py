"""The prediction log's batched writer: every answered request ends up in the database, after
a failed write, at the app's shutdown and at a real server's SIGTERM; a store that cannot be
written refuses predictions (503); memory stays bounded."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from fastapi.testclient import TestClient

from meddx.errors import RunError
from meddx.serve import PredictionStore, ServeSettings, create_app
from meddx.serve._writer import BatchWriter
from tests._support.helpers import make_tfidf_run, synthetic_notes

KEY = "k-log-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}"}
NOTE = "patient presents with chest pain and troponin elevated"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return make_tfidf_run(tmp_path_factory.mktemp("log"), synthetic_notes(300, seed=3), name="log")


def _record(i: int) -> dict:
    return {"text": f"note {i}", "features": {"n_chars": 6, "n_tokens_approx": 2}, "label": "a",
            "probabilities": {"a": 1.0}, "abstain": False, "reasons": []}


def _count(db) -> int:
    """Rows in the table, read by another connection (not through the store, which flushes)."""
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from predictions").fetchone()[0]


@pytest.mark.parametrize("commit", ["batched", "per_request"])
def test_rows_from_many_threads_are_all_written(tmp_path, commit):
    db = tmp_path / "p.db"
    store = PredictionStore(f"sqlite:///{db}", commit=commit)

    def worker(t: int) -> None:
        for i in range(40):
            store.log([_record(i), _record(i + 1000)], request_id=f"t{t}-{i}", model_version="v1")

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if commit == "per_request":  # committed before log() returned
        assert _count(db) == 480
    store.close()
    assert _count(db) == 480
    assert {r["request_id"] for r in store.rows()} == {f"t{t}-{i}" for t in range(6) for i in range(40)}


def test_a_failed_write_is_retried_and_refuses_requests_meanwhile(tmp_path):
    db = tmp_path / "p.db"
    store = PredictionStore(f"sqlite:///{db}")
    real, broken = store._writer._write, threading.Event()
    broken.set()

    def write(rows):
        if broken.is_set():
            raise OSError("disk full")
        real(rows)

    store._writer._write = write
    store.log([_record(1)], request_id="r1", model_version="v1")  # queued
    deadline = time.monotonic() + 10
    while store.stats()["write_failures"] == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert store.stats()["write_failures"] >= 1 and _count(db) == 0
    with pytest.raises(RunError, match="cannot be written"):
        store.log([_record(2)], request_id="r2", model_version="v1")
    broken.clear()  # the disk is back: the kept row is written on the next retry
    store.flush(timeout=10)
    assert [r["request_id"] for r in store.rows()] == ["r1"]
    store.log([_record(3)], request_id="r3", model_version="v1")  # accepted again
    store.close()
    assert _count(db) == 2


def test_a_full_queue_makes_the_caller_wait():
    seen: list[int] = []

    def slow(rows):
        time.sleep(0.02)
        seen.append(len(rows))

    writer = BatchWriter(slow, max_pending=5)
    for i in range(40):
        writer.put([{"i": i}])
    writer.close()
    assert sum(seen) == 40 and max(seen) <= 5


def test_the_app_reports_the_writer_and_writes_every_row_at_shutdown(run_dir, tmp_path):
    db = tmp_path / "p.db"
    app = create_app(run_dir, settings=ServeSettings.build(api_keys=[KEY], store_url=f"sqlite:///{db}"))
    writer = app.state.service.store._writer
    with TestClient(app) as client:
        for _ in range(5):
            assert client.post("/v1/predict", json={"texts": [NOTE, NOTE]}, headers=AUTH).status_code == 200
        app.state.service.store.flush()
        metrics = client.get("/metrics", headers=AUTH).text
        assert "meddx_prediction_log_written_total 10" in metrics
        assert "meddx_prediction_log_pending 0" in metrics
        real = writer._write
        writer._write = lambda rows: (time.sleep(0.3), real(rows))  # a slow disk: rows wait
        for _ in range(20):
            assert client.post("/v1/predict", json={"text": NOTE}, headers=AUTH).status_code == 200
        assert _count(db) < 30
    assert _count(db) == 30  # the lifespan's shutdown wrote the queued rows


def test_a_store_that_cannot_be_written_answers_503(run_dir, tmp_path):
    app = create_app(run_dir, settings=ServeSettings.build(
        api_keys=[KEY], store_url=f"sqlite:///{tmp_path / 'p.db'}"))
    client = TestClient(app, raise_server_exceptions=False)
    app.state.service.store._writer._failing = True
    r = client.post("/v1/predict", json={"text": NOTE}, headers=AUTH)
    assert r.status_code == 503 and NOTE not in r.text
    app.state.service.store._writer._failing = False
    assert client.post("/v1/predict", json={"text": NOTE}, headers=AUTH).status_code == 200
    app.state.service.close()


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_sigterm_to_a_real_server_loses_no_row(run_dir, tmp_path):
    import httpx

    db, port = tmp_path / "p.db", _port()
    env = {**os.environ, "MEDDX_API_KEYS": KEY}
    # `meddx serve` with a slow disk: each write of the prediction log waits 1 s first, so
    # rows are still queued when SIGTERM arrives
    wrapper = ("import sys, time; from meddx.serve import _store; real = _store.PredictionStore._insert; "
               "_store.PredictionStore._insert = lambda self, rows: (time.sleep(1.0), real(self, rows)); "
               "from meddx.cli import main; sys.argv[0] = 'meddx'; main()")
    proc = subprocess.Popen([sys.executable, "-c", wrapper, "serve", str(run_dir), "--host", "127.0.0.1",
                             "--port", str(port), "--store", f"sqlite:///{db}", "--log-level", "warning"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stdout.read().decode()
            try:
                if httpx.get(f"{url}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        with httpx.Client(base_url=url, headers=AUTH) as client:
            for _ in range(60):
                assert client.post("/v1/predict", json={"text": NOTE}).status_code == 200
        assert _count(db) < 60
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) in (0, -signal.SIGTERM)  # uvicorn re-raises it after shutdown
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _count(db) == 60
