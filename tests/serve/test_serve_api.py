"""The prediction service over HTTP (FastAPI's TestClient) on a cheap TF-IDF run: auth, limits,
validation without echoing text, calibrated predictions, abstaining, metrics, the prediction
log and the bare 500."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from fastapi.testclient import TestClient

from meddx.deid import deidentify_texts
from meddx.errors import ConfigError, DataError, LimitError, MeddxError, ModelError, RunError
from meddx.runs import load_run
from meddx.serve import (
    PredictionService,
    PredictionStore,
    ServeSettings,
    create_app,
    predict_texts,
)
from tests._support.helpers import make_tfidf_run, synthetic_notes

KEY = "k-test-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}"}
NAME = "Hannah Whitfield"
PHI_NOTE = (f"Chest pain since yesterday. Spoke with daughter {NAME}, call 617-555-0199 on "
            "03/14/2024. Troponin elevated, st elevation.")
NOTES = ["patient presents with chest pain and troponin elevated",
         "new seizure with aphasia, mri brain lesion",
         "melena and epigastric tenderness, colonoscopy polyp"]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return make_tfidf_run(tmp_path_factory.mktemp("serve"), synthetic_notes(600, seed=1), name="svc")


def _client(run_dir, tmp_path, **settings):
    values = {"api_keys": [KEY], "max_body_bytes": 65_536, "max_batch": 8, "min_confidence": 0.4,
              "store_url": f"sqlite:///{tmp_path / 'predictions.db'}"}
    values.update(settings)
    app = create_app(run_dir, settings=ServeSettings.build(**values))
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(run_dir, tmp_path_factory):
    return _client(run_dir, tmp_path_factory.mktemp("store"))


def _metric(client, series: str) -> float:
    text = client.get("/metrics", headers=AUTH).text
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_healthz_is_open(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and re.fullmatch(r"model-[0-9a-f]{12}", r.json()["model_version"])


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-key"},
                                     {"Authorization": f"Basic {KEY}"}, {"Authorization": KEY}])
def test_predict_and_metrics_need_a_valid_key(client, headers):
    for method, path, body in (("post", "/v1/predict", {"text": NOTES[0]}), ("get", "/metrics", None)):
        r = client.request(method, path, json=body, headers=headers)
        assert r.status_code == 401, (path, headers)
        assert r.headers["www-authenticate"] == "Bearer"
        assert r.json()["error"] == "missing or invalid API key"


def test_single_text_and_batch_give_the_calibrated_probabilities_of_predict_texts(client, run_dir):
    one = client.post("/v1/predict", json={"text": NOTES[0]}, headers=AUTH)
    assert one.status_code == 200, one.text
    batch = client.post("/v1/predict", json={"texts": NOTES}, headers=AUTH)
    assert batch.status_code == 200
    body = batch.json()
    assert re.fullmatch(r"[0-9a-f]{32}", body["request_id"])
    assert batch.headers["x-request-id"] == body["request_id"]
    expected = predict_texts(load_run(run_dir), NOTES)
    assert [p["probabilities"] for p in body["predictions"]] == [e["probabilities"] for e in expected]
    assert [p["label"] for p in body["predictions"]] == ["cardiac", "neuro", "gi"]
    assert one.json()["predictions"][0] == body["predictions"][0]
    for p in body["predictions"]:
        assert p["model_version"] == body["model_version"] and p["abstain"] is False
        assert p["reasons"] == [] and abs(sum(p["probabilities"].values()) - 1) < 1e-5


def test_body_over_the_limit_is_413(client):
    big = {"text": "chest pain " * 7000}  # ~77 kB > 64 KiB
    r = client.post("/v1/predict", json=big, headers=AUTH)
    assert r.status_code == 413 and "max_body_bytes" in r.json()["error"]
    assert 'path="/v1/predict",status="413"' in client.get("/metrics", headers=AUTH).text

    def chunks():  # no Content-Length: the limit holds while streaming
        for _ in range(20):
            yield b"x" * 4096

    r = client.post("/v1/predict", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413


def test_batch_over_the_limit_is_413(client):
    r = client.post("/v1/predict", json={"texts": NOTES * 3}, headers=AUTH)  # 9 > max_batch 8
    assert r.status_code == 413
    assert r.json()["error"] == "a request may hold at most 8 texts (max_batch); got 9"


@pytest.mark.parametrize("body, loc", [
    ({"texts": [PHI_NOTE, 5]}, ["body", "texts", 1]),
    ({"texts": [PHI_NOTE, "   "]}, ["body", "texts", 1]),
    ({"text": PHI_NOTE, "txt": PHI_NOTE}, ["body", "unknown field #2"]),
    ({"text": "chest pain", f"{NAME} MRN 1234567": 1}, ["body", "unknown field #2"]),
    ({"text": "chest pain", "groups": {"sex": "F", NAME: "x"}}, ["body", "groups", "field #2", "[key]"]),
    ({"text": PHI_NOTE, "texts": [PHI_NOTE]}, ["body"]),
    ({"texts": []}, ["body", "texts"]),
    ({"text": PHI_NOTE, "groups": {"sex": NAME * 10}}, ["body", "groups", "field #1"]),
])
def test_validation_errors_are_422_name_the_field_and_never_echo_the_text(client, body, loc):
    r = client.post("/v1/predict", json=body, headers=AUTH)
    assert r.status_code == 422
    assert r.json()["error"] == "invalid request"
    assert any(d["loc"] == loc for d in r.json()["detail"]), r.json()
    assert "Whitfield" not in r.text and "617-555" not in r.text and "1234567" not in r.text


def test_malformed_json_is_422_without_echo(client):
    r = client.post("/v1/predict", content=b'{"text": "' + NAME.encode() + b'", ',
                    headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422 and "Whitfield" not in r.text


def test_abstains_on_gibberish_and_on_overlong_notes(client):
    r = client.post("/v1/predict", headers=AUTH,
                    json={"texts": ["zzqx vbnmq plorf wexly", "chest pain troponin elevated " * 40]})
    gibberish, long_note = r.json()["predictions"]
    assert gibberish["abstain"] and "no_known_tokens" in gibberish["reasons"]
    assert long_note["abstain"] and long_note["reasons"] == ["too_long"]


def test_abstains_on_low_confidence(client, run_dir, tmp_path):
    vague = {"text": "follow up plan stable"}  # filler words only: top probability about 0.5
    top = max(predict_texts(load_run(run_dir), [vague["text"]])[0]["probabilities"].values())
    assert 0.4 < top < 0.6
    lenient = client.post("/v1/predict", json=vague, headers=AUTH).json()["predictions"][0]
    assert not lenient["abstain"]  # min_confidence 0.4
    strict = _client(run_dir, tmp_path, min_confidence=0.6)
    p = strict.post("/v1/predict", json=vague, headers=AUTH).json()["predictions"][0]
    assert p["abstain"] and p["reasons"] == ["low_confidence"] and p["label"] in ("cardiac", "gi", "neuro")


def test_metrics_count_requests_labels_and_abstentions(client):
    ok = 'meddx_http_requests_total{method="POST",path="/v1/predict",status="200"}'
    denied = 'meddx_http_requests_total{method="POST",path="/v1/predict",status="401"}'
    cardiac = 'meddx_predictions_total{label="cardiac"}'
    abstained = 'meddx_abstentions_total{reason="no_known_tokens"}'
    before = {s: _metric(client, s) for s in (ok, denied, cardiac, abstained)}
    client.post("/v1/predict", json={"texts": [NOTES[0], "qwzx plmok"]}, headers=AUTH)
    client.post("/v1/predict", json={"text": NOTES[0]})
    after = {s: _metric(client, s) for s in (ok, denied, cardiac, abstained)}
    assert after[ok] == before[ok] + 1 and after[denied] == before[denied] + 1
    assert after[cardiac] >= before[cardiac] + 1 and after[abstained] == before[abstained] + 1
    text = client.get("/metrics", headers=AUTH)
    assert text.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert 'meddx_http_request_duration_seconds_bucket{path="/v1/predict",le="+Inf"}' in text.text
    assert "# TYPE meddx_http_request_duration_seconds histogram" in text.text


@pytest.mark.parametrize("store_text", [False, True])
def test_the_log_holds_the_hash_and_no_raw_text(run_dir, tmp_path, store_text):
    db = tmp_path / "log.db"
    client = _client(run_dir, tmp_path, store_url=f"sqlite:///{db}", store_text=store_text)
    r = client.post("/v1/predict", json={"texts": [PHI_NOTE, NOTES[1]], "groups": {"sex": "F"}},
                    headers=AUTH)
    assert r.status_code == 200
    rows = client.app.state.service.store.rows()
    assert len(rows) == 2
    clean, _ = deidentify_texts([PHI_NOTE, NOTES[1]], load_run(run_dir).config.deid)
    assert NAME not in clean[0]
    assert [row["text_sha256"] for row in rows] == [hashlib.sha256(t.encode()).hexdigest() for t in clean]
    row = rows[0]
    assert row["groups"] == {"sex": "F"} and row["request_id"] == r.json()["request_id"]
    assert row["model_version"] == r.json()["model_version"] and row["label"] == "cardiac"
    assert row["probabilities"] == r.json()["predictions"][0]["probabilities"]
    assert row["n_chars"] == len(clean[0]) and 0 <= row["oov_rate"] <= 1
    assert row["created_at"] is not None and row["abstain"] is False
    assert row["text"] == (clean[0] if store_text else None)
    client.app.state.service.close()
    raw = db.read_bytes()
    for secret in (NAME, "Whitfield", "617-555-0199", "03/14/2024"):
        assert secret.encode() not in raw
    assert (b"Spoke with daughter" in raw) is store_text


def test_an_unexpected_error_is_a_bare_500(client, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError(f"secret detail {NAME} at /srv/internal/path.py")

    monkeypatch.setattr(client.app.state.service, "predict", boom)
    r = client.post("/v1/predict", json={"text": PHI_NOTE}, headers=AUTH)
    assert r.status_code == 500
    assert r.json() == {"error": "internal error", "request_id": r.headers["x-request-id"]}
    assert 'status="500"' in client.get("/metrics", headers=AUTH).text


@pytest.mark.parametrize("error, status, message", [
    (LimitError("too many"), 413, "too many"),
    (DataError("bad input", column="text"), 422, "column 'text': bad input"),
    (ConfigError("bad setting"), 400, "bad setting"),
    (ModelError("weights at /srv/x missing"), 503, "model unavailable"),
    (MeddxError("anything"), 500, "internal error"),
])
def test_meddx_errors_map_to_status_codes_in_one_place(client, monkeypatch, error, status, message):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(client.app.state.service, "predict", fail)
    r = client.post("/v1/predict", json={"text": NOTES[0]}, headers=AUTH)
    assert (r.status_code, r.json()["error"]) == (status, message)


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "/v1/predict" in spec["paths"] and "/healthz" in spec["paths"]
    assert any(s.get("scheme") == "bearer" for s in spec["components"]["securitySchemes"].values())


def test_refuses_to_build_without_keys_unless_insecure(run_dir, tmp_path):
    with pytest.raises(ConfigError, match="MEDDX_API_KEYS"):
        create_app(run_dir, settings=ServeSettings())
    open_client = _client(run_dir, tmp_path, api_keys=[], insecure_no_auth=True)
    assert open_client.post("/v1/predict", json={"text": NOTES[0]}).status_code == 200


def test_service_without_http(run_dir, tmp_path, monkeypatch):
    store = PredictionStore(f"sqlite:///{tmp_path / 'p.db'}")
    service = PredictionService(run_dir, ServeSettings(), store=store)
    out = service.predict([NOTES[2]], request_id="r1")
    assert out[0]["label"] == "gi" and store.rows()[0]["request_id"] == "r1"
    with pytest.raises(ConfigError, match="fine-tuned encoder"):
        PredictionService(run_dir, ServeSettings(quantize="int8"), store=store)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{tmp_path / 'none.db'}")
    with pytest.raises(RunError, match="no model registry at"):  # URIs resolve via the registry
        PredictionService("models:/svc@champion", ServeSettings(), store=store)
    service.close()
    assert json.loads(json.dumps(out))  # JSON-ready


@pytest.mark.slow
@pytest.mark.parametrize("megabytes", [2, 20])
def test_an_oversize_body_is_a_413_that_urllib_and_httpx_receive(run_dir, tmp_path, megabytes):
    """Over a real socket: clients that send the whole body before reading used to get a
    connection reset instead of the 413 (the service answered without reading the body)."""
    import urllib.error
    import urllib.request

    import httpx

    from tests._support.browser import serve_in_thread

    app = create_app(run_dir, settings=ServeSettings.build(
        api_keys=[KEY], max_body_bytes=1_048_576, store_url=f"sqlite:///{tmp_path / 'p.db'}"))
    body = b'{"text": "' + b"x" * (megabytes * 1_000_000) + b'"}'
    headers = {**AUTH, "Content-Type": "application/json"}
    with serve_in_thread(app) as url:
        request = urllib.request.Request(f"{url}/v1/predict", data=body, headers=headers)
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=60)
        assert caught.value.code == 413 and b"max_body_bytes" in caught.value.read()
        r = httpx.post(f"{url}/v1/predict", content=body, headers=headers, timeout=60)
        assert r.status_code == 413 and r.headers["connection"] == "close"
        assert "max_body_bytes" in r.json()["error"]
        with httpx.Client(timeout=60) as client:  # streamed, without Content-Length
            r = client.post(f"{url}/v1/predict", headers=headers,
                            content=(body[i:i + 65536] for i in range(0, len(body), 65536)))
            assert r.status_code == 413
            assert client.get(f"{url}/healthz").status_code == 200  # a new connection
        # a client that waits for "100 Continue" gets the 413 at once, without sending the body
        import socket

        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(f"POST /v1/predict HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer "
                         f"{KEY}\r\nContent-Type: application/json\r\nContent-Length: "
                         f"{len(body)}\r\nExpect: 100-continue\r\n\r\n".encode())
            assert sock.recv(4096).startswith(b"HTTP/1.1 413")


def test_docs_are_served_from_local_files_under_a_csp(client, run_dir, tmp_path):
    page = client.get("/docs")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self' 'nonce-" in csp
    assert "http" not in page.text.replace("http-equiv", "")  # no CDN, no other origin
    assert '<script nonce="' in page.text
    for name, kind in (("swagger-ui-bundle.js", "javascript"), ("swagger-ui.css", "css")):
        asset = client.get(f"/docs/{name}")
        assert asset.status_code == 200 and kind in asset.headers["content-type"]
        assert len(asset.content) > 10_000
    assert client.get("/openapi.json").status_code == 200
    off = _client(run_dir, tmp_path, docs=False)
    assert off.get("/docs").status_code == 404 and off.get("/openapi.json").status_code == 200


def test_the_model_version_is_the_content_hash_wherever_the_run_lies(run_dir, tmp_path):
    import shutil

    from meddx.registry import model_version

    copy = tmp_path / "another-name"
    shutil.copytree(run_dir, copy)
    assert model_version(copy) == model_version(run_dir)
    (copy / "model" / "calibration.json").write_text("{}")
    assert model_version(copy) != model_version(run_dir)
