"""The review page in a real browser: Debian's chromium (headless, driven by Playwright) against
the app served by uvicorn on loopback. Log in, see the predictions with highlighted words, and
agree, relabel and comment, with the keyboard, with the buttons, and with JavaScript off; the
feedback rows must be in the database, comments de-identified."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from meddx.serve import FeedbackStore, ServeSettings, create_app
from meddx.serve._highlight import FUNCTION_WORDS
from tests._support.browser import chromium_page, login, review_in_browser, serve_in_thread
from tests._support.helpers import make_tfidf_run, synthetic_notes

KEY = "k-browser-0123456789abcdef"
NOTES = ["melena and epigastric tenderness, colonoscopy polyp",
         "new seizure with aphasia, mri brain lesion",
         "patient presents with chest pain and troponin elevated on 03/14/2024 for the chest"]
PHI_COMMENT = "Called Dr Harriet Quillfeather on 03/15/2024 about it"
STORED_COMMENT = "Called Dr [NAME] on [DATE] about it"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return make_tfidf_run(tmp_path_factory.mktemp("web"), synthetic_notes(600, seed=3), name="web")


@pytest.fixture
def app(run, tmp_path):
    settings = ServeSettings.build(api_keys=[KEY], store_text=True, review=True, min_confidence=0.4,
                                   store_url=f"sqlite:///{tmp_path / 'predictions.db'}")
    app = create_app(run, settings=settings)
    r = TestClient(app).post("/v1/predict", json={"texts": NOTES},
                             headers={"Authorization": f"Bearer {KEY}"})
    assert r.status_code == 200
    return app


def _ids(app) -> list[int]:
    return [row["id"] for row in app.state.service.store.rows()]


def _predicted(app, ident: int) -> str:
    return next(row["label"] for row in app.state.service.store.rows() if row["id"] == ident)


def _rows(app) -> list[tuple]:
    return [(r["prediction_id"], r["label"], r["agree"], r["comment"], r["reviewer"])
            for r in FeedbackStore(app.state.service.store).rows()]


def _login(page, url: str, reviewer: str) -> None:
    login(page, url, api_key=KEY, reviewer=reviewer)


def test_review_with_the_keyboard_in_chromium(app):
    labels = list(app.state.service.labels)  # the queue is newest first: NOTES[2] on top
    ids = _ids(app)
    with serve_in_thread(app) as url, chromium_page() as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        review_in_browser(page, url, api_key=KEY, reviewer="Dr Chromium",
                          actions=["a", str(labels.index("gi") + 1), "c:" + PHI_COMMENT])
        assert page.locator(".item.done").count() == 3
        assert page.locator(f"#item-{ids[1]} .status").text_content() == "relabelled: gi"
        assert page.locator(f"#item-{ids[0]} .status").text_content() == f"comment: {STORED_COMMENT}"
        page.reload()  # the statuses come back from the database, comments with their text
        assert "agreed" in page.locator(f"#item-{ids[2]} .status").text_content()
        assert page.locator(f"#item-{ids[0]} .status").text_content() == f"comment: {STORED_COMMENT}"
        assert not errors, errors
    assert _rows(app) == [(ids[2], "cardiac", True, None, "Dr Chromium"),
                          (ids[1], "gi", False, None, "Dr Chromium"),
                          (ids[0], None, None, STORED_COMMENT, "Dr Chromium")]


def test_highlights_mark_the_scored_content_words_only(app):
    top = _ids(app)[2]
    with serve_in_thread(app) as url, chromium_page() as page:
        _login(page, url, "Dr Marks")
        page.wait_for_selector(f"#item-{top} mark")
        text = page.locator(f"#item-{top} .text").text_content()
        assert "[DATE]" in text and text.count("chest") == 2
        tokens = page.request.get(f"{url}/review/explain/{top}").json()["tokens"]
        marks = page.locator(f"#item-{top} mark")
        got = marks.all_text_contents()
        # exactly the occurrences the explainer scored, by offset, in text order
        assert got == [t["token"] for t in sorted(tokens, key=lambda t: t["start"])]
        assert all(text[t["start"]:t["end"]] == t["token"] for t in tokens)
        assert got and {"chest", "pain", "troponin", "elevated"} & {m.lower() for m in got}, got
        assert not {m.lower() for m in got} & FUNCTION_WORDS and "DATE" not in got
        assert all(round(t["score"], 3) > 0 for t in tokens)
        assert "0.000" not in " ".join(marks.nth(i).get_attribute("title") for i in range(len(got)))


def test_review_with_the_buttons_in_chromium(app):
    ids = _ids(app)
    with serve_in_thread(app) as url, chromium_page() as page:
        _login(page, url, "Dr Buttons")
        item = page.locator(f"#item-{ids[1]}")
        select, set_label = item.locator("select"), item.locator("button.set-label")
        assert select.input_value() == "" and set_label.is_disabled()  # no preselected label
        item.locator("button[value=agree]").click()
        page.wait_for_function("s => document.querySelector(s).textContent === 'agreed'",
                               arg=f"#item-{ids[1]} .status")
        select.select_option("gi")
        assert set_label.is_enabled()
        set_label.click()
        page.wait_for_function("s => document.querySelector(s).textContent.includes('relabelled')",
                               arg=f"#item-{ids[1]} .status")
        item.locator("textarea").fill(PHI_COMMENT)  # visible: no key needed
        item.locator("button[value=comment]").click()
        page.wait_for_function("s => document.querySelector(s).textContent.includes('comment:')",
                               arg=f"#item-{ids[1]} .status")
        page.reload()
        assert item.locator(".status").text_content() == \
            f"agreed; relabelled: gi; comment: {STORED_COMMENT}"
    assert _rows(app) == [(ids[1], _predicted(app, ids[1]), True, None, "Dr Buttons"),
                          (ids[1], "gi", False, None, "Dr Buttons"),
                          (ids[1], None, None, STORED_COMMENT, "Dr Buttons")]


def test_review_without_javascript(app):
    ids = _ids(app)
    with serve_in_thread(app) as url, chromium_page(javascript=False) as page:
        _login(page, url, "Dr NoScript")
        item = page.locator(f"#item-{ids[0]}")
        assert item.locator("select").input_value() == ""
        # "Set label" without a choice: the browser refuses the empty required select
        item.locator("button.set-label").focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
        assert _rows(app) == []
        item.locator("button[value=agree]").click()
        page.wait_for_url(f"{url}/review")
        item.locator("select").select_option("neuro")
        item.locator("button.set-label").click()
        page.wait_for_url(f"{url}/review")
        item.locator("textarea").fill(PHI_COMMENT)
        item.locator("button[value=comment]").click()
        page.wait_for_url(f"{url}/review")
        assert item.locator(".status").text_content() == \
            f"agreed; relabelled: neuro; comment: {STORED_COMMENT}"
        assert "Quillfeather" not in page.content()
    assert _rows(app) == [(ids[0], _predicted(app, ids[0]), True, None, "Dr NoScript"),
                          (ids[0], "neuro", False, None, "Dr NoScript"),
                          (ids[0], None, None, STORED_COMMENT, "Dr NoScript")]


def test_docs_render_in_chromium_with_the_network_blocked(app):
    """Every request that does not go to the service is refused: /docs must render anyway."""
    with serve_in_thread(app) as url, chromium_page() as page:
        outside, errors = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        def only_the_service(route):
            if route.request.url.startswith(url):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_the_service)
        response = page.goto(f"{url}/docs")
        assert "default-src 'none'" in response.headers["content-security-policy"]
        page.wait_for_selector(".swagger-ui .info .title")
        assert "meddx prediction service" in page.locator(".swagger-ui .info .title").text_content()
        page.wait_for_selector(".opblock-summary-path")  # the operations, from /openapi.json
        assert "/v1/predict" in page.locator(".swagger-ui").text_content()
        assert outside == [] and not errors, (outside, errors)
