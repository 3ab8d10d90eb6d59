"""The clinician review page over HTTP (TestClient) on a cheap TF-IDF run: login and session
cookie, CSRF, feedback rows, 4xx answers; and the top attributed tokens of /v1/predict."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi.testclient import TestClient

from meddx.errors import ConfigError
from meddx.monitor._log import read_feedback
from meddx.serve import FeedbackStore, ServeSettings, create_app
from tests._support.helpers import make_tfidf_run, synthetic_notes

KEY = "k-review-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}"}
NOTES = ["patient presents with chest pain and troponin elevated",
         "new seizure with aphasia, mri brain lesion",
         "melena and epigastric tenderness, colonoscopy polyp"]
SECRET_COMMENT = "Patient John Smith MRN 1234567 seen 03/14/2024, Dr Whitfield says recheck"
STORED_COMMENT = "Patient [NAME] MRN [MRN] seen [DATE], Dr [NAME] says recheck"  # de-identified


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return make_tfidf_run(tmp_path_factory.mktemp("review"), synthetic_notes(600, seed=2), name="rev")


def _app(run_dir, tmp_path, **settings):
    values = {"api_keys": [KEY], "store_text": True, "review": True, "min_confidence": 0.4,
              "store_url": f"sqlite:///{tmp_path / 'predictions.db'}"}
    values.update(settings)
    return create_app(run_dir, settings=ServeSettings.build(**values))


@pytest.fixture
def client(run_dir, tmp_path):
    c = TestClient(_app(run_dir, tmp_path), raise_server_exceptions=False, base_url="http://127.0.0.1")
    assert c.post("/v1/predict", json={"texts": NOTES}, headers=AUTH).status_code == 200
    return c


def _login(client, name="Dr Review") -> str:
    r = client.post("/review/login", data={"reviewer": name, "api_key": KEY}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/review" in cookie
    page = client.get("/review")
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', page.text).group(1)


def _ids(client) -> list[int]:
    return [row["id"] for row in client.app.state.service.store.rows()]


def test_unauthenticated_is_redirected_or_401(client):
    r = client.get("/review", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review/login"
    assert client.get("/review/login").status_code == 200
    ident = _ids(client)[0]
    assert client.get(f"/review/explain/{ident}").status_code == 401
    r = client.post("/review/feedback", data={"prediction_id": ident, "action": "agree"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    client.cookies.set("meddx_review", "9999999999.RHI.0123456789abcdef.00.deadbeef")
    assert client.get("/review", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("form, status", [
    ({"reviewer": "Dr Review", "api_key": "wrong"}, 401),
    ({"reviewer": "", "api_key": KEY}, 401),
    ({"reviewer": "x" * 101, "api_key": KEY}, 401),
])
def test_bad_login_is_401_without_cookie(client, form, status):
    r = client.post("/review/login", data=form, follow_redirects=False)
    assert r.status_code == status and "set-cookie" not in r.headers
    assert 'role="alert"' in r.text


def test_queue_shows_deidentified_text_labels_and_shortcuts(client):
    _login(client)
    page = client.get("/review")
    for note in NOTES:
        assert note in page.text.replace("&#39;", "'")
    assert "Content-Security-Policy" in page.headers and page.headers["cache-control"] == "no-store"
    assert "<script nonce=" in page.text and "http" not in re.sub(r'action="[^"]*"', "", page.text)
    ids = _ids(client)
    tokens = client.get(f"/review/explain/{ids[0]}").json()["tokens"]
    assert tokens and tokens[0]["token"] in ("chest", "pain", "troponin", "elevated")


def test_feedback_agree_label_comment_are_stored(client, caplog):
    csrf = _login(client)
    ids = _ids(client)
    caplog.set_level(logging.DEBUG, logger="meddx")
    actions = [({"action": "agree"}, "cardiac", True, None),
               ({"action": "label", "label": "gi"}, "gi", False, None),
               ({"action": "comment", "comment": SECRET_COMMENT}, None, None, STORED_COMMENT)]
    for (form, *_), ident in zip(actions, ids, strict=True):
        r = client.post("/review/feedback", data={"csrf": csrf, "prediction_id": ident, **form},
                        headers={"Accept": "application/json"})
        assert r.status_code == 200, r.text
    rows = FeedbackStore(client.app.state.service.store).rows()
    version = client.app.state.service.model_version
    got = [(r["prediction_id"], r["label"], r["agree"], r["comment"], r["reviewer"], r["model_version"])
           for r in rows]
    assert got == [(ident, label, agree, comment, "Dr Review", version)
                   for (_, label, agree, comment), ident in zip(actions, ids, strict=True)]
    assert all(r["created_at"] is not None for r in rows)
    assert not any(s in caplog.text for s in ("Whitfield", "Smith", "1234567", "troponin"))
    assert STORED_COMMENT in client.get("/review").text  # shown after a reload
    feedback = read_feedback(client.app.state.service.store.url)  # what monitor report reads
    assert feedback.to_dict("records") == [{"prediction_id": ids[0], "label": "cardiac"},
                                           {"prediction_id": ids[1], "label": "gi"}]
    assert "relabelled: gi" in client.get("/review").text


@pytest.mark.parametrize("form, status, field", [
    ({"csrf": "bad"}, 403, "CSRF"),
    ({"csrf": None}, 403, "CSRF"),
    ({"action": "maybe"}, 422, "'action'"),
    ({"action": "label", "label": "ortho"}, 422, "'label'"),
    ({"action": "comment", "comment": "  "}, 422, "'comment'"),
    ({"action": "comment", "comment": "x" * 2001}, 422, "'comment'"),
    ({"prediction_id": "abc"}, 422, "'prediction_id'"),
    ({"prediction_id": "99999"}, 404, "99999"),
    ({"John Smith MRN 1234567": "1"}, 422, "unknown form field (field 4 of the form)"),
])
def test_feedback_errors(client, form, status, field):
    csrf = _login(client)
    data = {"csrf": csrf, "prediction_id": str(_ids(client)[0]), "action": "agree", **form}
    data = {k: v for k, v in data.items() if v is not None}
    r = client.post("/review/feedback", data=data)
    assert r.status_code == status and field in r.json()["error"], r.text
    body = {k: v for k, v in r.json().items() if k != "request_id"}  # a random hex id may hold "abc"
    assert not any(value in str(body) for value in ("John Smith", "1234567", "maybe", "ortho", "abc"))
    assert FeedbackStore(client.app.state.service.store).rows() == []


def test_bearer_key_needs_no_csrf_and_json_body_is_415(client):
    ident = _ids(client)[1]
    r = client.post("/review/feedback", data={"prediction_id": ident, "action": "agree"},
                    headers=AUTH, follow_redirects=False)
    assert r.status_code == 303
    assert FeedbackStore(client.app.state.service.store).rows()[0]["reviewer"].startswith("key:")
    r = client.post("/review/feedback", json={"prediction_id": ident}, headers=AUTH)
    assert r.status_code == 415


def test_logout_ends_the_session(client):
    csrf = _login(client)
    r = client.post("/review/logout", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    client.cookies.clear()
    assert client.get("/review", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("settings, message", [
    ({"store_text": False}, "needs store_text=True"),
    ({"api_keys": [], "insecure_no_auth": True}, "needs API keys"),
    ({"session_secret": "short"}, "at least 32 characters"),
    ({"explain_method": "ig"}, "explain_method 'ig' cannot explain this run's model"),
])
def test_review_settings_are_checked(run_dir, tmp_path, settings, message):
    with pytest.raises(ConfigError, match=message):
        _app(run_dir, tmp_path, **settings)


def test_review_page_is_off_by_default(run_dir, tmp_path):
    c = TestClient(_app(run_dir, tmp_path, review=False))
    assert c.get("/review", follow_redirects=False).status_code == 404


def test_predict_returns_top_tokens_on_request(client, run_dir):
    r = client.post("/v1/predict", json={"texts": NOTES, "top_tokens": 3}, headers=AUTH).json()
    expected = {"cardiac": {"chest", "pain", "troponin", "elevated"},
                "neuro": {"seizure", "aphasia", "mri", "brain", "lesion"},
                "gi": {"melena", "epigastric", "tenderness", "colonoscopy", "polyp"}}
    for p in r["predictions"]:
        words = [t["token"] for t in p["top_tokens"]]
        assert 1 <= len(words) <= 3 and words[0] in expected[p["label"]], p
        scores = [t["score"] for t in p["top_tokens"]]
        assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    plain = client.post("/v1/predict", json={"text": NOTES[0]}, headers=AUTH).json()
    assert plain["predictions"][0]["top_tokens"] is None
    default = client.post("/v1/predict", json={"text": NOTES[0], "explain": True}, headers=AUTH).json()
    assert 1 <= len(default["predictions"][0]["top_tokens"]) <= 10
    assert client.post("/v1/predict", json={"text": NOTES[0], "top_tokens": 0},
                       headers=AUTH).status_code == 422
    note = NOTES[0]
    for t in r["predictions"][0]["top_tokens"]:  # offsets into the (here unchanged) note
        assert note[t["start"]:t["end"]] == t["token"]


def test_top_tokens_point_into_the_text_the_client_sent(client):
    # PHI that de-identification shortens ("[NAME]", "[DATE]") and lengthens ("Al" -> "[NAME]")
    note = ("Seen by Dr. Harriet Quillfeather on 03/14/2024 with Al. Chest pain radiating, "
            "troponin elevated; chest pain again at rest.")
    r = client.post("/v1/predict", json={"text": note, "top_tokens": 20}, headers=AUTH).json()
    tokens = r["predictions"][0]["top_tokens"]
    assert {"chest", "pain", "troponin"} & {t["token"].lower() for t in tokens}, tokens
    for t in tokens:
        assert note[t["start"]:t["end"]] == t["token"], t
    assert not {"NAME", "DATE"} & {t["token"] for t in tokens}  # not in the client's text
    late = [t for t in tokens if t["token"] == "troponin"]
    assert late and late[0]["start"] == note.index("troponin")


@pytest.mark.parametrize(("original", "deidentified", "tokens", "expected"), [
    ("Dr Quillfeather: chest pain", "Dr [NAME]: chest pain", [(11, 16), (17, 21), (4, 8)],
     [(17, 22), (23, 27)]),
    ("on 1/2/24 x", "on [DATE] x", [(10, 11)], [(10, 11)]),
    ("Al has pain", "[NAME] has pain", [(7, 10), (11, 15)], [(3, 6), (7, 11)]),
    ("Al has pain", "Al has pain", [(7, 11)], [(7, 11)]),
])
def test_offsets_map_through_the_replaced_spans(original, deidentified, tokens, expected):
    from meddx.serve._offsets import to_client_offsets

    got = to_client_offsets(original, deidentified, [{"token": deidentified[a:b], "start": a, "end": b}
                                                     for a, b in tokens])
    assert [(t["start"], t["end"]) for t in got] == expected
    assert all(original[t["start"]:t["end"]] == t["token"] for t in got)


def test_occlusion_cap_groups_words(run_dir, tmp_path):
    """With explain_max_evals=1 every word is deleted at once: all share one score."""
    c = TestClient(_app(run_dir, tmp_path, explain_max_evals=1))
    r = c.post("/v1/predict", json={"text": NOTES[0], "top_tokens": 20}, headers=AUTH).json()
    tokens = r["predictions"][0]["top_tokens"]
    assert len(tokens) == len(NOTES[0].replace(",", "").split())
    assert len({t["score"] for t in tokens}) == 1


@pytest.mark.parametrize(("text", "tokens", "kept"), [
    ("chest pain of the heart", [("of", 0.4, 11, 13), ("chest", 0.3, 0, 5), ("the", 0.2, 14, 17)],
     ["chest"]),
    ("seen on [DATE] with [NAME]", [("DATE", 0.5, 9, 13), ("NAME", 0.4, 21, 25), ("seen", 0.1, 0, 4)],
     ["seen"]),
    ("troponin 5 up", [("5", 0.5, 9, 10), ("troponin", 0.0004, 0, 8), ("up", 0.2, 11, 13)], []),
    ("pain and pain", [("pain", 0.3, 9, 13)], [(9, 13)]),  # the occurrence scored, not the first
])
def test_highlights_are_content_words_that_the_explainer_scored(text, tokens, kept):
    from meddx.serve._highlight import highlight_words

    got = highlight_words(text, [{"token": w, "score": s, "start": a, "end": b}
                                 for w, s, a, b in tokens])
    if kept and isinstance(kept[0], tuple):
        assert [(t["start"], t["end"]) for t in got] == kept
    else:
        assert [t["token"] for t in got] == kept
