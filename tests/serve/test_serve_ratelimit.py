"""Failed API keys and review-page logins are rate limited: after ``auth_max_failures`` within
``auth_failure_window_s`` the client (or the reviewer name) gets 429 with ``Retry-After`` until
the oldest failure leaves the window, even with the right key; a good login clears its count."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from meddx.errors import ConfigError
from meddx.serve import ServeSettings, create_app
from meddx.serve._ratelimit import FailureLimiter
from tests._support.helpers import make_tfidf_run, synthetic_notes

KEY = "k-limit-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}"}
WRONG = {"Authorization": "Bearer guess"}
NOTE = {"text": "patient presents with chest pain and troponin elevated"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return make_tfidf_run(tmp_path_factory.mktemp("limit"), synthetic_notes(300, seed=4), name="lim")


@pytest.fixture
def app(run_dir, tmp_path):
    app = create_app(run_dir, settings=ServeSettings.build(
        api_keys=[KEY], store_text=True, review=True, auth_max_failures=3, auth_failure_window_s=60,
        store_url=f"sqlite:///{tmp_path / 'p.db'}"))
    app.state.limiter.clock = Clock()
    yield app
    app.state.service.close()


def _client(app, host="10.0.0.1"):
    return TestClient(app, raise_server_exceptions=False, client=(host, 40000),
                      base_url="http://127.0.0.1", follow_redirects=False)


def _login(client, name, key):
    return client.post("/review/login", data={"reviewer": name, "api_key": key})


@pytest.mark.parametrize(("method", "path", "body", "ok"), [
    ("post", "/v1/predict", NOTE, 200), ("get", "/metrics", None, 200),
    ("get", "/review/explain/999", None, 404),  # authenticated: no such prediction
])
def test_wrong_api_keys_lead_to_429_with_retry_after_for_that_client_only(app, method, path, body, ok):
    client, other = _client(app), _client(app, "10.0.0.2")
    clock = app.state.limiter.clock
    for _ in range(3):
        assert client.request(method, path, json=body, headers=WRONG).status_code == 401
        clock.now += 10
    blocked = client.request(method, path, json=body, headers=AUTH)  # the right key: still refused
    assert blocked.status_code == 429 and blocked.headers["retry-after"] == "30"
    assert blocked.json()["error"] == "too many failed attempts; try again in 30 s"
    assert client.get("/healthz").status_code == 200  # stays open
    assert other.request(method, path, json=body, headers=AUTH).status_code == ok
    clock.now += 30  # the first failure leaves the window
    assert client.request(method, path, json=body, headers=AUTH).status_code == ok


def test_missing_keys_count_too(app):
    client = _client(app)
    for _ in range(3):
        assert client.post("/v1/predict", json=NOTE).status_code == 401
    assert client.post("/v1/predict", json=NOTE, headers=AUTH).status_code == 429


def test_failed_logins_block_the_client_and_the_reviewer_name(app):
    client, other = _client(app), _client(app, "10.0.0.2")
    for _ in range(3):
        r = _login(client, "Dr Lee", "guess")
        assert r.status_code == 401 and "Wrong API key." in r.text
    r = _login(client, "Dr Lee", KEY)
    assert r.status_code == 429 and r.headers["retry-after"] == "60"
    assert "Too many failed logins. Try again in 60 seconds." in r.text and "set-cookie" not in r.headers
    assert _login(client, "Dr Park", KEY).status_code == 429  # same address, another name
    assert _login(other, "dr  LEE", KEY).status_code == 429  # same name (case, spaces), another address
    assert _login(other, "Dr Park", KEY).status_code == 303
    app.state.limiter.clock.now += 61
    assert _login(client, "Dr Lee", KEY).status_code == 303


def test_a_good_login_clears_the_count(app):
    client = _client(app)
    for _ in range(2):
        assert _login(client, "Dr Lee", "guess").status_code == 401
    assert _login(client, "Dr Lee", KEY).status_code == 303
    for _ in range(2):
        assert _login(client, "Dr Lee", "guess").status_code == 401
    assert _login(client, "Dr Lee", KEY).status_code == 303


def test_a_bad_name_is_not_a_failed_attempt(app):
    client = _client(app)
    for _ in range(5):
        assert _login(client, "", "guess").status_code == 401
    assert _login(client, "Dr Lee", KEY).status_code == 303


def test_the_limiter_can_be_turned_off_and_bounds_its_memory():
    off = FailureLimiter(max_failures=0, window_s=60)
    for _ in range(100):
        off.failure("client:a")
    assert off.retry_after("client:a") is None
    small = FailureLimiter(max_failures=1, window_s=60, max_keys=3)
    for i in range(10):
        small.failure(f"client:{i}")
    assert len(small._failures) == 3 and small.retry_after("client:9") == 60
    assert small.retry_after("client:0") is None  # the stalest key was dropped


@pytest.mark.parametrize(("values", "message"), [
    ({"auth_max_failures": -1},
     "serve setting 'auth_max_failures': Input should be greater than or equal to 0; got -1"),
    ({"auth_failure_window_s": 0},
     "serve setting 'auth_failure_window_s': Input should be greater than 0; got 0"),
])
def test_settings_are_checked(values, message):
    with pytest.raises(ConfigError) as err:
        ServeSettings.build(**values)
    assert str(err.value) == message
